"""A due date is estimated only where a missing holiday schedule can move it: the years
named are those of the days whose working or holiday status the count read. Calendar days
without a roll read none (every day counts); with a roll, the Nth day and the days it
rolled over; working days, every day after the start (not counted) up to the due date.

The calendar here holds 2027 as an entered (official) year, weekends and New Year's Day,
and no other year, so 2026 and 2028 are estimated on purpose (weekends only)."""

from __future__ import annotations

from datetime import date

from approvals.domain.calendars import DayOverride, YearOverride, build_calendar
from approvals.domain.clocks import (
    DayCount,
    Pause,
    clock_status,
    compute_deadline,
    count_due,
    describe,
)

D = date.fromisoformat
SOURCE = "State Council General Office notice on the 2027 holidays (test)"


def _calendar():
    cal = build_calendar(
        "CN", data={"name": "CN (2027 only)", "weekend": [5, 6], "years": {}},
        year_overrides=[YearOverride(2027, SOURCE)],
        day_overrides=[DayOverride(D("2027-01-01"), "holiday", "New Year's Day", SOURCE),
                       DayOverride(D("2027-12-31"), "holiday", "Test holiday", SOURCE)],
        estimator=None)
    assert cal.is_official_year(2027)
    assert not cal.is_official_year(2026) and not cal.is_official_year(2028)
    return cal


def _years(warnings: list[str]) -> list[str]:
    return [w.split(":")[0] for w in warnings]


# -- calendar days ------------------------------------------------------------------------
def test_calendar_days_without_roll_into_an_estimated_year_are_not_estimated() -> None:
    d = compute_deadline(_calendar(), D("2027-12-15"), 30, "calendar")
    assert d.due == D("2028-01-14")  # the 30th day, whatever it is
    assert (d.estimated, d.warnings, d.estimated_years) == (False, [], ())


def test_calendar_days_from_an_estimated_year_without_roll_are_not_estimated() -> None:
    d = compute_deadline(_calendar(), D("2026-11-01"), 30, "calendar")
    assert d.due == D("2026-12-01")
    assert not d.estimated


def test_a_roll_whose_due_day_is_in_an_estimated_year_is_estimated() -> None:
    d = compute_deadline(_calendar(), D("2027-12-15"), 30, "calendar", roll=True)
    assert d.due == D("2028-01-14")  # a Friday: the roll looked at it and kept it
    assert d.estimated and d.estimated_years == (2028,) and _years(d.warnings) == ["2028"]
    status = clock_status(_calendar(), D("2027-12-15"), 30, "calendar", D("2027-12-20"),
                          roll=True)
    assert "due 14 Jan 2028 (estimated)" in describe(status)


def test_a_roll_from_an_official_day_over_estimated_days_is_estimated() -> None:
    # The 16th day, Friday 31 Dec 2027, is a holiday: the roll read 1-2 Jan 2028 (2028's
    # weekend, by the estimate) and stopped on Monday 3 Jan.
    d = compute_deadline(_calendar(), D("2027-12-15"), 16, "calendar", roll=True)
    assert (d.unrolled_due, d.due) == (D("2027-12-31"), D("2028-01-03"))
    assert d.estimated_years == (2028,)


def test_a_roll_names_only_the_year_it_looked_at_not_the_start_year() -> None:
    # From Sunday 20 Dec 2026 (estimated year) to Tuesday 19 Jan 2027 (official).
    d = compute_deadline(_calendar(), D("2026-12-20"), 30, "calendar", roll=True)
    assert d.due == D("2027-01-19") and d.unrolled_due is None
    assert (d.estimated, d.warnings) == (False, [])


# -- working days -------------------------------------------------------------------------
def test_working_days_from_the_last_day_of_an_estimated_year_read_none_of_it() -> None:
    # The start, Thursday 31 Dec 2026, is not counted; 1 Jan 2027 is a holiday, then 4-8
    # Jan: every day read is in the official year.
    d = compute_deadline(_calendar(), D("2026-12-31"), 5, "working")
    assert d.due == D("2027-01-08")
    assert (d.estimated, d.warnings, d.estimated_years) == (False, [], ())


def test_working_days_that_count_a_day_of_the_estimated_year_name_it() -> None:
    # From Wednesday 30 Dec 2026: day 1 is 31 Dec 2026, a day of the estimated year.
    d = compute_deadline(_calendar(), D("2026-12-30"), 5, "working")
    assert d.due == D("2027-01-07")
    assert d.estimated and d.estimated_years == (2026,) and _years(d.warnings) == ["2026"]


def test_a_day_skipped_as_not_working_is_read_too() -> None:
    # From Friday 25 Dec 2026: Saturday 26 and Sunday 27 Dec are skipped as the weekend
    # by the estimate (the published schedule might make one a make-up working day).
    d = compute_deadline(_calendar(), D("2026-12-25"), 1, "working")
    assert d.due == D("2026-12-28")
    assert d.estimated_years == (2026,)


def test_a_clock_stopped_names_only_the_days_counted_before_its_stop() -> None:
    # Counted 21-31 Dec 2027 (official; the stop day counts), stopped after 31 Dec: the
    # remaining days have no date yet, so no day of 2028 has been read.
    pauses = [Pause(D("2027-12-31"), None)]
    d = compute_deadline(_calendar(), D("2027-12-20"), 30, "working", pauses=pauses)
    assert d.due is None and d.counted_days == 8
    assert (d.estimated, d.warnings) == (False, [])
    # Stopped in the estimated year after days of it were counted: estimated.
    d = compute_deadline(_calendar(), D("2027-12-20"), 30, "working",
                         pauses=[Pause(D("2028-01-05"), None)])
    assert d.due is None and d.estimated_years == (2028,)


# -- conditions counted in days (count_due): the same rule -------------------------------
def test_counted_conditions_follow_the_same_rule() -> None:
    cal = _calendar()
    assert count_due(cal, DayCount(5, "working", D("2026-12-31"), "CN")).estimated_years == ()
    assert count_due(cal, DayCount(5, "working", D("2026-12-30"), "CN")).estimated_years == (2026,)
    # Calendar days are rolled: only the due day's year.
    assert count_due(cal, DayCount(30, "calendar", D("2026-12-20"), "CN")).estimated_years == ()
    assert count_due(cal, DayCount(30, "calendar", D("2027-12-15"), "CN")).estimated_years == (2028,)


def test_a_window_counted_back_reads_the_days_before_its_day_only() -> None:
    cal = _calendar()
    # Back from Saturday 1 Jan 2028 (estimated, not counted): due Thursday 30 Dec 2027
    # (31 Dec a holiday), read 30-31 Dec 2027, official.
    back = count_due(cal, DayCount(1, "working", D("2028-01-01"), "CN", back=True))
    assert (back.due, back.opens, back.estimated_years) == (D("2027-12-30"), D("2027-12-30"), ())
    # Back from Monday 4 Jan 2027 over New Year's Day into 2026: due 31 Dec 2026.
    back = count_due(cal, DayCount(0, "working", D("2027-01-04"), "CN", back=True))
    assert (back.due, back.estimated_years) == (D("2026-12-31"), (2026,))
