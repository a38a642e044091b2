"""The clock line says "(estimated)" beside the due date it qualifies: at the end of the
line, after "5 working days not counted while the clock was stopped", it read as said of
the days not counted."""

from __future__ import annotations

from datetime import date

from approvals.domain.calendars import build_calendar
from approvals.domain.clocks import Pause, clock_status, describe

CN = build_calendar("CN")


def test_estimated_stands_beside_the_due_date_before_the_days_not_counted() -> None:
    # 60 working days from 30 Nov 2026 end in 2027, a year without an official schedule;
    # a week of materials stopped the clock in December.
    pauses = [Pause(date(2026, 12, 7), date(2026, 12, 14))]
    status = clock_status(CN, date(2026, 11, 30), 60, "working", date(2026, 12, 16), pauses=pauses)
    text = describe(status)
    assert status.deadline.estimated and status.deadline.paused_days
    assert ", due " in text and " (estimated); " in text, text
    assert text.endswith("not counted while the clock was stopped"), text
    assert text.count("(estimated)") == 1


def test_a_due_date_past_says_estimated_before_overdue() -> None:
    status = clock_status(CN, date(2026, 11, 30), 60, "working", date(2027, 6, 1))
    assert describe(status).endswith(" (estimated) (overdue)")
