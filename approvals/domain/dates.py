"""Dates as people type them and as the facts contract writes them: YYYY-MM-DD only.

`date.fromisoformat` also takes `20261124` and the week date `2026-W48-2` (Python 3.11),
so a typo could silently become another day; everything a user or a file gives goes
through here instead.
"""

from __future__ import annotations

import re
from datetime import date

from approvals.domain.errors import InputError, Problem

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_date(value: str) -> date:
    """The date `value` names, if written YYYY-MM-DD; ValueError otherwise."""
    if not ISO_DATE.fullmatch(value):
        raise ValueError(f"{value!r} is not written YYYY-MM-DD")
    return date.fromisoformat(value)


def parse_date(value: str, where: str) -> date:
    """A typed date (YYYY-MM-DD), or bad input at `where` saying why it is refused
    (date_refusal): the same words in every dialog, form and command-line option."""
    try:
        return iso_date(value.strip())
    except (ValueError, AttributeError):
        raise InputError(Problem(where, date_refusal(value))) from None


def date_refusal(value: str) -> str:
    """Why `value` is refused as a date, in the words of the wizard's date fields and of a
    facts file: `2026-02-30` has no such day, `10/12/2026` could be either day, `2026/1/2`
    is 2026-01-02 written another way ("write 2026-01-02": it is read only as YYYY-MM-DD,
    the form the contract and the stored history write)."""
    # Here, not at the top: typed_input imports ISO_DATE from this module.
    from approvals.domain.typed_input import Unreadable, quoted, read_date

    if not isinstance(value, str):
        return f"{value!r} is not a date: use YYYY-MM-DD, e.g. 2026-10-22"
    try:
        meant = read_date(value)
    except Unreadable as exc:
        return str(exc)
    if meant is None:
        return "is empty; give a date, YYYY-MM-DD"
    return f"{quoted(value.strip())} is not written YYYY-MM-DD: write {meant}"


def utc_text(stamp: str) -> str:
    """A stored UTC stamp as the app writes times: "2026-11-29T05:48:30Z" as
    "2026-11-29 05:48 UTC"; anything else as it is."""
    text = stamp.replace("T", " ").removesuffix("Z")
    return f"{text[:16]} UTC" if len(text) >= 16 and text[10:11] == " " else stamp
