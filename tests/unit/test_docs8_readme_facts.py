"""Numbers the user guide states are the app's: the idle-lock default, how many automatic
backups are kept, the sign-in lock-out, the thresholds it quotes (from the rulebook's data)
and the filing content format it names as this version's."""

from __future__ import annotations

import json
import re

from approvals.filings.content import FILING_CONTENT_VERSION
from approvals.services import auth, backup
from approvals.ui.help import user_part
from tests.conftest import REPO_ROOT

README = REPO_ROOT / "README.md"
RULEBOOK = REPO_ROOT / "resources" / "rulebook"


def guide() -> str:
    return re.sub(r"\s+", " ", user_part(README.read_text(encoding="utf-8")))


def parameters() -> list[float]:
    values = []
    for path in RULEBOOK.glob("*.json"):
        for rule in json.loads(path.read_text(encoding="utf-8")).get("rules", []):
            values += [v for v in (rule.get("parameters") or {}).values()
                       if isinstance(v, int | float) and not isinstance(v, bool)]
    return values


def test_defaults_the_guide_states_are_the_apps() -> None:
    text = guide()
    idle = re.findall(r"\(default \*\*(\d+) minutes\*\*\)", text)
    assert idle == [str(auth.DEFAULT_IDLE_TIMEOUT_MINUTES)]
    assert re.findall(r"It keeps the newest (\d+)\b", text) == [str(backup.DEFAULT_KEEP)]
    lockout = re.findall(r"(\d+) failed attempts in a row lock an account for (\d+) minutes",
                         text)
    assert lockout and set(lockout) == {(str(auth.MAX_FAILED_ATTEMPTS),
                                         str(int(auth.LOCKOUT.total_seconds() // 60)))}


SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def test_thresholds_the_guide_quotes_are_the_rulebooks() -> None:
    """"more than 10²³ operations", "more than RMB 12,000,000,000", "at least 1,000,000
    individuals", "more than 1e25": each is a parameter of a rule."""
    text, values = guide(), parameters()
    quoted = [float("1e" + p.translate(SUPERSCRIPT))
              for p in re.findall(r"more than 10([⁰¹²³⁴⁵⁶⁷⁸⁹]+) operations", text)]
    quoted += [float(n) for n in re.findall(r"operations is more than (\d+e\d+)", text)]
    quoted += [float(n.replace(",", "")) for n in re.findall(r"more than RMB ([\d,]{9,})", text)]
    quoted += [float(n.replace(",", "")) for n in re.findall(r"at least ([\d,]{7,}) individuals",
                                                            text)]
    assert len(quoted) >= 4
    assert [q for q in quoted if q not in values] == []


def test_the_content_format_the_guide_names_as_this_versions_is_the_apps() -> None:
    text = guide()
    named = re.findall(r"this version words filings as format (\d+)", text)
    assert named and set(named) == {str(FILING_CONTENT_VERSION)}
    # Not said as a fact of "now" that the next format makes untrue.
    assert re.findall(r"(?:now (?:worded|made) in|are worded in) \**content format \d", text) == []
