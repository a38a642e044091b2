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
    """A typed date, or bad input at `where` saying how to write one."""
    try:
        return iso_date(value.strip())
    except (ValueError, AttributeError):
        raise InputError(Problem(where, f"{value!r} is not a date (YYYY-MM-DD)")) from None


def utc_text(stamp: str) -> str:
    """A stored UTC stamp as the app writes times: "2026-11-29T05:48:30Z" as
    "2026-11-29 05:48 UTC"; anything else as it is."""
    text = stamp.replace("T", " ").removesuffix("Z")
    return f"{text[:16]} UTC" if len(text) >= 16 and text[10:11] == " " else stamp
