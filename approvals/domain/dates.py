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


# A date as it is being typed, part by part: 2027, 2027-1, 2027/10/0, 20270431.
_TYPED_DATE = re.compile(r"(\d{4})[-/.]?(\d{1,2})?([-/.])?(\d{1,2})?")


def typed_date_problem(typed: str) -> str:
    """Why the date typed so far (`2027-02-30`, `2027/13`, `20270431`) is no date: '' while
    it still may be one, or is one. (A date field says it as each key is typed: the
    holiday calendars' Correct a day….)"""
    from approvals.domain.typed_input import Unreadable, quoted, read_date  # see date_refusal

    m = _TYPED_DATE.fullmatch(typed)
    if m is None:
        return ""
    year, month, separator, day = m.groups()
    if month is None or (len(month) < 2 and not separator):
        return ""  # the month is still being typed
    if not 1 <= int(month) <= 12:
        return f"{quoted(typed)} is not a date (there is no month {int(month)})"
    if day is None or day == "0":
        return ""  # the day is still being typed (a first 0 of 01 … 09)
    try:
        read_date(f"{year}-{int(month):02d}-{int(day):02d}")
    except Unreadable as exc:  # "'2027-02-30' is not a date (February 2027 has no day 30)…"
        return str(exc).split(": use ", 1)[0]
    return ""


def typed_whole_date(typed: str) -> date | None:
    """The date typed whole (its day in two digits), or None."""
    m = _TYPED_DATE.fullmatch(typed)
    if m is None or m[2] is None or m[4] is None or len(m[4]) < 2:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[4]))
    except ValueError:
        return None


def utc_text(stamp: str) -> str:
    """A stored UTC stamp as the app writes times: "2026-11-29T05:48:30Z" as
    "2026-11-29 05:48 UTC"; anything else as it is."""
    text = stamp.replace("T", " ").removesuffix("Z")
    return f"{text[:16]} UTC" if len(text) >= 16 and text[10:11] == " " else stamp
