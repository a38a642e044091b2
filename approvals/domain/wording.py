"""Small pieces of sentence-making shared by the domain's texts (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from approvals.resources import label_data


def mid_sentence(name: str) -> str:
    """A name as it reads inside a sentence: the first letter lower-case unless the first
    word is an abbreviation ("AI model development" stays, "Joint venture" → "joint venture")."""
    first = name.split(" ", 1)[0]
    if len(first) > 1 and not first[1:].islower():
        return name
    return name[:1].lower() + name[1:]


def and_joined(items: Iterable[str]) -> str:
    """Items as a sentence lists them: "A", "A and B", "A, B and C" ("" for none; empty
    items left out)."""
    said = [item for item in items if item]
    if len(said) < 2:
        return "".join(said)
    return f"{', '.join(said[:-1])} and {said[-1]}"



# What the rules attach to a plain clearance (a data-export renewal, counted back from its
# expiry), named apart from the authority's conditions wherever obligations are listed.
FOLLOW_UP_PREFIX = "Follow-up: "


def follow_up_tip(text: str, regime: str = "") -> str:
    """A follow-up's cell on hover: what it is, and its text whole."""
    clearance = f"the {regime} clearance" if regime else "the clearance"
    return (f"A follow-up the rules attach to {clearance} (not a condition the authority "
            f"set):\n{text}")


def as_written(text: str) -> str:
    """Free text (a comment) as the officer wrote it, less the blank lines and spaces
    around it: the first line's indent and the spaces and tabs inside stay (a pasted
    table kept its columns only in the database)."""
    return re.sub(r"\A(?:[ \t\r]*\n)+", "", text).rstrip()


def shortened_name(name: str, limit: int = 72) -> str:
    """A file's name cut in the middle to `limit` characters ("Data room export – 2026 …
    signed.pdf"), its start and its end (the version, the extension) kept: a 240-character
    name made a dialog three screens wide, its buttons off the screen. Callers show the
    whole name where there is room for it (a tooltip)."""
    if len(name) <= limit:
        return name
    tail = min(24, limit // 3)
    return f"{name[: limit - tail - 1].rstrip()}…{name[-tail:].lstrip()}"


def kept_backups(keep: int) -> str:
    """The automatic backups the rotation keeps: "the newest automatic backup", "the
    newest 7 automatic backups" (not "the newest 1 automatic backups")."""
    return "the newest automatic backup" if keep == 1 else f"the newest {keep} automatic backups"


def backups_kept(keep: int) -> str:
    """The rotation's rule as a clause: "the newest automatic backup is kept", "the
    newest 7 automatic backups are kept" (the trail's and the rotation's words)."""
    return f"{kept_backups(keep)} {'is' if keep == 1 else 'are'} kept"


SENTENCE_ENDS = (".", "?", "!", "…")


def ended(text: str) -> str:
    """`text` with its full stop, unless it ends a sentence already: a sentence ending in
    a menu item or a button ("File → Back up…") ends with the item's own "…", which a stop
    after it turned into "Back up….", read as a typo."""
    return text if text.endswith(SENTENCE_ENDS) else f"{text}."


# The distillation flag's name, (English, Chinese): the case window bolds the English.
DISTILLATION_FLAG = ("Distillation risk flag", "蒸馏风险提示")


def distillation_flag_sentence(state_en: str, state_zh: str) -> tuple[str, str]:
    """(English, Chinese) sentence of the distillation risk flag, as the filings print it
    and the case window shows it: "risk flag" said once, the second half naming the source
    the flag is assessed under (labels.json `sources.distillation`), not the flag again."""
    source = label_data().get("sources", {}).get("distillation") or ["", ""]
    return (f"{DISTILLATION_FLAG[0]}: {state_en}. It is assessed under {source[0]}, and is not "
            "a legal determination.",
            f"{DISTILLATION_FLAG[1]}：{state_zh}。该提示依据{source[1]}作出，并非法律结论。")


def filed_against_due(filed: date, due: date, due_text: str) -> str:
    """How a filing on `filed` stood against its due date (`due`, written `due_text`):
    "1 day after the due date 8 Nov 2026", "due 8 Nov 2026: in time". The Tracks tab and
    the filings' clock column say it alike."""
    late = (filed - due).days
    if late > 0:
        return f"{late} day{'s' if late != 1 else ''} after the due date {due_text}"
    return f"due {due_text}: in time"

