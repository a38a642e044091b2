"""The estimated-year warning (`approvals deadline`'s "estimated:" lines, its --json
warnings) says where the official schedule is entered, not only that it should be."""

from __future__ import annotations

from datetime import date

from approvals.domain.calendars import build_calendar
from approvals.domain.clocks import compute_deadline


def test_the_warning_names_the_year_and_where_to_enter_it() -> None:
    deadline = compute_deadline(build_calendar("CN"), date(2026, 12, 1), 45, "working")
    assert deadline.estimated
    assert deadline.warnings == [
        "2027: no official CN holiday schedule is held; days in 2027 are estimated (once it "
        "is published, an approver or administrator enters it under View → Holiday "
        "calendars… → Add published year…)"]
