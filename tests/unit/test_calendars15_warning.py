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
        "2027: no official CN holiday schedule is held; days in 2027 are estimated (an "
        "approver or administrator enters its published schedule in the app, under View → Holiday "
        "calendars… → Add published year…)"]


def test_a_past_year_is_not_said_to_await_publication() -> None:
    """2019's schedule was published long ago: "once it is published" said otherwise."""
    deadline = compute_deadline(build_calendar("US"), date(2019, 12, 20), 3, "working")
    assert deadline.estimated and len(deadline.warnings) == 1
    assert deadline.warnings[0].startswith("2019: no official US holiday schedule is held")
    assert "once it is published" not in deadline.warnings[0]
