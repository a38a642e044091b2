"""Numbers the user guide states are the app's: the idle-lock default, how many automatic
backups are kept, the sign-in lock-out, the thresholds it quotes (from the rulebook's data)
and the filing content format it names as this version's."""

from __future__ import annotations

import json
import re

from approvals.domain import permissions
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


# How the guide's roles table words each permission that not every role holds.
PERMISSION_WORDS = {
    "case.create": "create", "case.edit": "edit cases", "case.close": "close and reopen",
    "case.assign": "hand any case to another owner",
    "case.accept_rescreen": "accept re-screenings", "document.attach": "attach",
    "document.restrict": "restrict documents", "filing.finalise": "final filings",
    "review.export": "export", "review.import": "import", "review.respond": "answer",
    "review.decide": "proposed changes", "calendar.edit": "holiday calendars",
    "particulars.defaults": "organisation-wide filing particulars", "user.manage": "users",
    "settings.manage": "security settings", "rulebook.install": "rulebook updates",
    "backup.create": "make backups", "backup.restore": "restoring backups",
}


def test_the_roles_table_gives_each_role_what_the_permissions_give_it() -> None:
    text = user_part(README.read_text(encoding="utf-8"))
    table = text.split("### Roles and what they may do\n", 1)[1].split("\n\n", 1)[0]
    rows = {cells[0].strip(): cells[1].strip() for line in table.splitlines()[2:]
            if (cells := line.strip("|").split("|"))}
    assert set(rows) == set(permissions.ROLES)
    everyone = {p for p, roles in permissions.PERMISSIONS.items() if roles == set(permissions.ROLES)}
    assert set(PERMISSION_WORDS) == set(permissions.PERMISSIONS) - everyone
    wrong = []
    for permission, words in PERMISSION_WORDS.items():
        for role in ("preparer", "reviewer", "approver"):
            said = words in rows[role]
            if said != (role in permissions.PERMISSIONS[permission]):
                wrong.append(f"{role}: '{words}' "
                             f"{'said, but not allowed' if said else 'allowed, but not said'}")
        if not any(words in row for row in rows.values()):
            wrong.append(f"admin: {words} not said")
    assert wrong == [], "\n".join(wrong)


# Words that tell the story of a change instead of how the app works ("it used to wrap",
# "as before", "until now"): a new officer cannot know what "before" was.
CHANGELOG_WORDS = re.compile(r"\bas before\b|\bUntil now\b|\b(?:it|the app|they|that) used to\b"
                             r"|before this (?:change|version)|\bis now recorded\b"
                             r"|\bnow (?:has|have) a\b")


def test_the_users_part_describes_the_app_not_its_changes() -> None:
    text = guide()
    assert [m.group(0) for m in CHANGELOG_WORDS.finditer(text)] == []


def ui_texts() -> str:
    """Every string of the app's source, mnemonic ampersands dropped ("Mark co&mpleted…")."""
    source = "\n".join(p.read_text(encoding="utf-8")
                       for p in (REPO_ROOT / "approvals").rglob("*.py"))
    return source.replace("&&", "\0").replace("&", "").replace("\0", "&")


def test_buttons_and_items_the_guide_names_in_bold_exist() -> None:
    """**Attach new version…**, **Mark completed…**: a control the guide tells the officer
    to press is one the app has (a renamed button left the guide naming "Complete case")."""
    text, app = user_part(README.read_text(encoding="utf-8")), ui_texts()
    named = {part.strip() for bold in re.findall(r"\*\*([^*\n]{2,60}…)\*\*", text)
             for part in bold.split(" / ")}
    named = {n.split(" → ")[-1].split(" ▸ ")[-1] for n in named if n != "On …"}
    assert len(named) > 40
    assert sorted(n for n in named if n not in app) == []
    assert "Complete case**" not in text


def test_alt_letters_written_beside_a_control_are_its_underlined_letter() -> None:
    """"**Mark completed…** (Alt+M)", "**Years**, **Days** and **Month view** (Alt+Y,
    Alt+D, Alt+M)": the control's text in the code has "&" before that letter."""
    text = re.sub(r"\s+", " ", user_part(README.read_text(encoding="utf-8")))
    literals = {m.group(1) for p in (REPO_ROOT / "approvals" / "ui").rglob("*.py")
                for m in re.finditer(r'"((?:[^"\\]|\\.)*&(?:[^"\\]|\\.)*)"',
                                     p.read_text(encoding="utf-8"))}
    pairs = []
    for labels, keys in re.findall(r"((?:\*\*[^*]{2,50}\*\*(?:, | and ))*\*\*[^*]{2,50}\*\*) "
                                   r"\(((?:Alt\+[A-Z0-9])(?:, Alt\+[A-Z0-9])*)[,)]", text):
        names = re.findall(r"\*\*([^*]+)\*\*", labels)
        written = keys.split(", ")
        pairs += list(zip(names, written, strict=True)) if len(names) == len(written) \
            else [(names[-1], written[0])]
    pairs = [(n, k) for n, k in pairs if "→" not in n]  # menu paths: tested on the menus
    assert len(pairs) >= 10
    wrong = []
    for name, key in pairs:
        texts = [t for t in literals if t.replace("&&", "\0").replace("&", "")
                 .replace("\0", "&") == name]
        letters = {m.group(1).upper() for t in texts
                   if (m := re.search(r"&([^&\s])", t.replace("&&", "")))}
        if key.removeprefix("Alt+") not in letters:
            wrong.append(f"{name} ({key}): the app underlines {sorted(letters) or 'nothing'}")
    assert wrong == [], "\n".join(wrong)


def test_the_six_lists_are_named_as_the_wizards_form_names_them() -> None:
    """"Six facts are lists: the target's **Activities** and …": the form's labels (read
    from labels.json); "Which US models" stayed in the guide after the form's changed."""
    from approvals.domain.field_labels import form_label
    lists = ("target.activities", "target.security_sectors", "target.ai.end_uses",
             "target.ai.us_models_used", "deal.technology_transfer.restricted_catalogue_items",
             "deal.technology_transfer.prohibited_catalogue_items")
    text = guide().split("Six facts are lists: ", 1)[1].split(". Each has", 1)[0]
    named = re.findall(r"\*\*([^*]+)\*\*", text)
    labels = [form_label(path) for path in lists]
    # "the **Restricted** and **Prohibited catalogue items**": one label shared by two.
    named = [n if n != "Restricted" else "Restricted catalogue items" for n in named]
    # The form writes a note on how to type it beside the name: "… (FISR Art. 4)".
    named = [re.sub(r" \([^)]*\)$", "", n) for n in named]
    assert [n for n in named if not any(label.startswith(n) for label in labels)] == []
    assert len(named) == len(lists)
