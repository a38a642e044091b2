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
