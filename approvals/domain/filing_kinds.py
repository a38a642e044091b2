"""The filing kinds by name: one table for every place that names one to a user.

The code (`cn-application`, `us-notification`, `status-report`) is what the command line,
the JSON and the database say. People read a name, in one of three forms:

- `name`: inside a sentence ("the final US notification needs it");
- `title`: on its own, as a heading or a list entry ("Status report");
- `choice`: in a list to pick a kind from, with what tells the kinds apart
  ("Chinese application (bilingual)").

What a printed filing itself says at the top of page 1 (its title, English and Chinese)
is data the filings print: read from resources/filings/forms.json, never repeated here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from approvals.resources import resource_path


@dataclass(frozen=True)
class KindName:
    code: str
    name: str  # in a sentence
    qualifier: str = ""  # what tells it apart in a list to choose from

    @property
    def title(self) -> str:
        """On its own: a heading, a list entry, a sentence's first word."""
        return self.name[:1].upper() + self.name[1:]

    @property
    def choice(self) -> str:
        return f"{self.title} ({self.qualifier})" if self.qualifier else self.title


# In the order the windows list them: the authorities' filings first, then the internal one.
KIND_NAMES: tuple[KindName, ...] = (
    KindName("cn-application", "Chinese application", "bilingual"),
    KindName("us-notification", "US notification", "31 CFR 850"),
    KindName("status-report", "status report"),
)
_BY_CODE = {k.code: k for k in KIND_NAMES}


def kind_name(code: str | None) -> str:
    """A kind's name in a sentence ("US notification"); an unknown code as it is."""
    known = _BY_CODE.get(code or "")
    return known.name if known else (code or "filing")


def kind_title(code: str | None) -> str:
    """A kind's name on its own ("Status report"); an unknown code as it is."""
    known = _BY_CODE.get(code or "")
    return known.title if known else (code or "Filing")


def kind_choice(code: str) -> str:
    """A kind as a list to choose from offers it ("Chinese application (bilingual)")."""
    known = _BY_CODE.get(code)
    return known.choice if known else code


def kind_titles() -> dict[str, str]:
    """{code: title} of every kind, in the windows' order."""
    return {k.code: k.title for k in KIND_NAMES}


def kind_choices() -> tuple[tuple[str, str], ...]:
    """(code, choice) of every kind, in the windows' order."""
    return tuple((k.code, k.choice) for k in KIND_NAMES)


@lru_cache(maxsize=1)
def _printed_titles() -> dict[str, tuple[str, str]]:
    data = json.loads(resource_path("filings", "forms.json").read_text(encoding="utf-8"))
    return {code: (form["title"][0], form["title"][1] or "")
            for code, form in data.items() if not code.startswith("_")}


def printed_title(code: str) -> tuple[str, str]:
    """(English, Chinese) title a filing of `code` prints at the top of page 1; the
    Chinese is "" for a kind printed in English only."""
    return _printed_titles().get(code, (kind_title(code), ""))
