"""Clock arithmetic: working and calendar days, roll, pauses, estimated years."""

from __future__ import annotations

from datetime import date

import pytest

from approvals.domain.calendars import build_calendar
from approvals.domain.clocks import (
    Pause,
    clock_status,
    compute_deadline,
    describe,
    parse_pause,
)
from approvals.domain.dates import date_refusal
from approvals.domain.errors import InputError

CN = build_calendar("CN")
US = build_calendar("US")
D = date.fromisoformat


def test_contract_example_working_days_across_national_day() -> None:
    d = compute_deadline(CN, D("2026-09-24"), 15, "working")
    assert d.due == D("2026-10-22")
    assert (d.counted_days, d.paused_days, d.estimated, d.warnings) == (15, 0, False, [])


def test_start_day_not_counted_and_make_up_saturday_counts() -> None:
    # Friday 13 Feb: day 1 is the make-up Saturday 14 Feb, day 2 the first day after the
    # Spring Festival holiday (15-23 Feb).
    assert compute_deadline(CN, D("2026-02-13"), 1, "working").due == D("2026-02-14")
    assert compute_deadline(CN, D("2026-02-13"), 2, "working").due == D("2026-02-24")
    # Starting on a holiday: the first working day after it is day 1.
    assert compute_deadline(CN, D("2026-10-03"), 1, "working").due == D("2026-10-08")
    assert compute_deadline(CN, D("2026-10-09"), 1, "working").due == D("2026-10-10")
    assert compute_deadline(CN, D("2026-09-18"), 1, "working").due == D("2026-09-20")  # Sun


def test_calendar_days_roll_past_a_holiday_only_when_asked() -> None:
    plain = compute_deadline(CN, D("2026-09-01"), 30, "calendar")
    assert plain.due == D("2026-10-01") and plain.unrolled_due is None
    rolled = compute_deadline(CN, D("2026-09-01"), 30, "calendar", roll=True)
    assert rolled.due == D("2026-10-08") and rolled.unrolled_due == D("2026-10-01")
    # Ending on a make-up Saturday: that is a working day, so nothing moves.
    assert compute_deadline(CN, D("2026-09-10"), 30, "calendar", roll=True).due == D("2026-10-10")
    # US: 30 days after 4 June is Saturday 4 July (holiday), then Monday 6 July.
    assert compute_deadline(US, D("2026-06-04"), 30, "calendar", roll=True).due == D("2026-07-06")


def test_a_stop_spanning_the_october_holidays() -> None:
    pause = Pause(D("2026-09-28"), D("2026-10-09"))
    d = compute_deadline(CN, D("2026-09-24"), 15, "working", pauses=[pause])
    # Counted: 28 Sep, then make-up Sat 10 Oct onwards; 29-30 Sep and 8-9 Oct were paused.
    assert d.due == D("2026-10-28")
    assert d.paused_days == 4
    # The same stop on a calendar-day clock keeps 11 calendar days from counting.
    c = compute_deadline(CN, D("2026-09-24"), 30, "calendar", pauses=[pause])
    assert c.paused_days == 11 and c.due == D("2026-11-04")


def test_pause_boundaries_stop_day_counts_resume_day_does_not() -> None:
    # 1 calendar day after 1 Mar with the clock stopped on 1 Mar and resumed on 3 Mar:
    # 2 and 3 Mar are not counted, 4 Mar is day 1.
    d = compute_deadline(CN, D("2026-03-01"), 1, "calendar", pauses=[Pause(D("2026-03-01"), D("2026-03-03"))])
    assert d.due == D("2026-03-04") and d.paused_days == 2


def test_period_running_into_a_year_without_an_official_schedule_is_estimated() -> None:
    d = compute_deadline(CN, D("2026-12-20"), 30, "working")
    assert d.estimated
    assert d.due is not None and d.due.year == 2027
    assert len(d.warnings) == 1 and "2027" in d.warnings[0]
    # Entirely inside 2026: not estimated.
    assert not compute_deadline(CN, D("2026-11-02"), 20, "working").estimated


def test_open_pause_has_no_due_date_and_status_says_stopped() -> None:
    pauses = [Pause(D("2026-10-12"), None)]
    d = compute_deadline(CN, D("2026-09-24"), 15, "working", pauses=pauses)
    assert d.due is None
    status = clock_status(CN, D("2026-09-24"), 15, "working", D("2026-10-20"), pauses=pauses)
    assert status.stopped and not status.overdue
    assert status.elapsed == 7  # 28, 29, 30 Sep, 8, 9, 10, 12 Oct
    assert status.remaining == 8
    assert describe(status).startswith("clock stopped on day 7 of 15 working days")


def test_a_stop_recorded_for_a_later_day_runs_until_then() -> None:
    """Materials requested with an effective date after today: the clock still runs, and
    the status says when it stops (it has no due date yet) instead of failing."""
    pauses = [Pause(D("2026-10-12"), None)]
    status = clock_status(CN, D("2026-09-24"), 15, "working", D("2026-09-30"), pauses=pauses)
    assert not status.stopped and not status.overdue and status.deadline.due is None
    # What is left is counted at the stop, which itself counts (STOP < d <= RESUME is not):
    # 28, 29, 30 Sep, 8, 9, 10 (make-up), 12 Oct are days 1-7, so 8 remain.
    assert (status.elapsed, status.remaining, status.stops_on) == (3, 12, D("2026-10-12"))
    assert status.left_at_stop == 8
    assert describe(status) == "day 3 of 15 working days, clock stops on 12 Oct 2026 with 8 remaining"
    # Once the stop day comes, the stopped clock says the same.
    on_stop = clock_status(CN, D("2026-09-24"), 15, "working", D("2026-10-12"), pauses=pauses)
    assert on_stop.stopped and on_stop.remaining == 8
    # A period that runs out before the stop day keeps its due date.
    short = clock_status(CN, D("2026-09-24"), 2, "working", D("2026-09-28"), pauses=pauses)
    assert short.deadline.due == D("2026-09-29") and describe(short) == (
        "day 1 of 2 working days, due 29 Sep 2026; a stop recorded for 12 Oct 2026 leaves no "
        "day of the period to stop, so the clock will not stop and the due date stands")


def test_status_elapsed_remaining_and_overdue() -> None:
    s = clock_status(CN, D("2026-09-24"), 15, "working", D("2026-10-12"))
    assert (s.elapsed, s.remaining, s.overdue) == (7, 8, False)
    assert describe(s) == "day 7 of 15 working days, due 22 Oct 2026"
    late = clock_status(CN, D("2026-09-24"), 15, "working", D("2026-10-23"))
    assert late.overdue and late.remaining == 0
    assert "overdue" in describe(late)
    on_due = clock_status(CN, D("2026-09-24"), 15, "working", D("2026-10-22"))
    assert not on_due.overdue and on_due.remaining == 0


def test_parse_pause_and_bad_input() -> None:
    assert parse_pause("2026-10-01:2026-10-05") == Pause(D("2026-10-01"), D("2026-10-05"))
    assert parse_pause("2026-10-01:2026-10-01") == Pause(D("2026-10-01"), D("2026-10-01"))
    for bad in ("2026-10-01", "2026-10-05:2026-10-01", "a:b"):
        with pytest.raises(InputError) as err:
            parse_pause(bad)
        assert err.value.problems[0].path == "--pause"
    with pytest.raises(InputError) as err:  # two bad dates: both named, one problem each
        parse_pause("2026-13-01:2026-02-30")
    assert [p.message for p in err.value.problems] == [date_refusal("2026-13-01"), date_refusal("2026-02-30")]
    with pytest.raises(InputError):
        compute_deadline(CN, D("2026-01-01"), -1, "working")
    with pytest.raises(InputError):
        compute_deadline(CN, D("2026-01-01"), 5, "weeks")


def test_working_days_before_and_add_years() -> None:
    from approvals.domain.clocks import add_years, working_days_before

    # 15 working days before 22 Oct 2026 is the start of the contract example.
    assert working_days_before(CN, D("2026-10-22"), 15) == D("2026-09-24")
    assert working_days_before(CN, D("2026-10-12"), 1) == D("2026-10-10")  # make-up Saturday
    assert add_years(D("2028-02-29"), 1) == D("2029-02-28")
    assert add_years(D("2026-06-01"), 3) == D("2029-06-01")


def test_a_period_ending_after_9999_12_31_is_input_error_not_overflow() -> None:
    with pytest.raises(InputError) as err:
        compute_deadline(CN, D("9999-12-31"), 1, "working")
    assert err.value.problems[0].path == "from"
    assert compute_deadline(CN, D("9999-12-30"), 1, "calendar").due == D("9999-12-31")


@pytest.mark.parametrize("typed", ["2026-W48-2", "20261124", "24/11/2026", "2026-11-2"])
def test_only_yyyy_mm_dd_is_a_date(typed: str) -> None:
    # date.fromisoformat would read the first two as 24 Nov 2026: a day nobody wrote; the
    # last two are read only as YYYY-MM-DD, the refusal saying how to write them.
    with pytest.raises(InputError) as err:
        parse_pause(f"{typed}:2026-12-01")
    assert err.value.problems[0].message == date_refusal(typed)
