"""read_day: a field that must hold a date gives the day, or says why not (the rulebook
window's and the open-cases check's In force on)."""

from __future__ import annotations

from datetime import date

import pytest

from approvals.domain.typed_input import Unreadable, read_day


def test_read_day_reads_or_says_why() -> None:
    assert read_day("2027年1月1日", "give a date") == date(2027, 1, 1)
    with pytest.raises(Unreadable, match=r"^give a date$"):
        read_day("  ", "give a date")
    with pytest.raises(Unreadable):
        read_day("31 February 2027", "give a date")
