"""The fast counts of domain.clocks (whole stretches, the calendar's table of working days)
give exactly what counting day by day gives: the due date, the days counted and stopped,
whether an open stop stopped the clock, the estimated flag, the rolled-from day, and the
same OverflowError/InputError at the ends of the calendar. The day-by-day counts below are
the ones the clocks used before (the reference), asked only Calendar.is_working_day."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from approvals.domain.calendars import Calendar, DayOverride, build_calendar
from approvals.domain.clocks import (
    DayCount,
    Pause,
    _walk,
    clock_status,
    compute_deadline,
    count_due,
    counted_between,
    working_days_before,
)
from approvals.domain.errors import InputError

CN = build_calendar("CN")
US = build_calendar("US")
D = date.fromisoformat


# -- the reference: day by day ----------------------------------------------------------
def walk_by_day(start: date, days: int, unit: str, pauses: Sequence[Pause],
                calendar: Calendar | None) -> tuple[date, int, int, bool]:
    open_stops = [p.stop for p in pauses if p.resume is None]
    open_from = min(open_stops) if open_stops else None
    day, counted, paused = start, 0, 0
    while counted < days:
        day += timedelta(days=1)
        if open_from is not None and day > open_from:
            return day, counted, paused, True
        working = unit == "calendar" or (calendar is not None and calendar.is_working_day(day))
        if any(p.covers(day) for p in pauses):
            paused += int(working)
            continue
        counted += int(working)
    return day, counted, paused, False


def between_by_day(calendar: Calendar, start: date, end: date, unit: str,
                   pauses: Sequence[Pause] = ()) -> int:
    n, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if any(p.covers(day) for p in pauses):
            continue
        if unit == "calendar" or calendar.is_working_day(day):
            n += 1
    return n


def before_by_day(calendar: Calendar, day: date, days: int) -> date:
    counted = 0
    while counted < days:
        day -= timedelta(days=1)
        counted += int(calendar.is_working_day(day))
    return day


def outcome(fn: Callable[..., object], *args: object) -> object:
    """What a call gives, or the kind of error it raises (both must agree)."""
    try:
        return fn(*args)
    except (OverflowError, InputError) as exc:
        return type(exc).__name__


# -- strategies -------------------------------------------------------------------------
# The shipped schedules (CN 2016-2026, US 2020-2030) and estimated years after them.
starts = st.dates(date(2015, 6, 1), date(2034, 12, 31))
units = st.sampled_from(["working", "calendar"])
periods = st.integers(0, 800)


@st.composite
def pause_lists(draw: st.DrawFn, around: date) -> list[Pause]:
    """Up to four stops near `around`: overlapping, touching, same-day, one left open."""
    out = []
    for _ in range(draw(st.integers(0, 4))):
        stop = around + timedelta(days=draw(st.integers(-60, 400)))
        if draw(st.integers(0, 5)) == 0:
            out.append(Pause(stop, None))
        else:
            out.append(Pause(stop, stop + timedelta(days=draw(st.integers(0, 120)))))
    return out


@st.composite
def calendars(draw: st.DrawFn) -> Calendar:
    """The shipped calendars, or CN with officer corrections: weekend working days
    (make-up days), weekday holidays, in official and estimated years."""
    choice = draw(st.sampled_from(["CN", "US", "CN+"]))
    if choice != "CN+":
        return CN if choice == "CN" else US
    days = draw(st.lists(st.dates(date(2024, 1, 1), date(2029, 12, 31)), max_size=12))
    overrides = [DayOverride(d, "workday" if d.weekday() >= 5 else "holiday", "officer")
                 for d in days]
    return build_calendar("CN", day_overrides=overrides)


# -- properties -------------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(calendars(), starts, periods, units, st.data())
@example(CN, D("2024-02-02"), 10, "working", None)  # across Spring Festival 2024
@example(CN, D("2025-09-26"), 5, "working", None)  # make-up day 28 Sep, National Day
@example(CN, D("2025-09-30"), 8, "calendar", None)  # 8 Oct, a holiday: rolled
@example(CN, D("2031-12-20"), 30, "working", None)  # into 2032: no official schedule
@example(US, D("2026-12-20"), 10, "working", None)
def test_the_walk_equals_counting_day_by_day(calendar: Calendar, start: date, days: int,
                                             unit: str, data: st.DataObject | None) -> None:
    pauses = data.draw(pause_lists(start)) if data is not None else []
    assert _walk(start, days, unit, pauses, calendar) == \
        walk_by_day(start, days, unit, pauses, calendar)
    if unit == "calendar":  # as unrolled_due asks it: no calendar at all
        assert _walk(start, days, unit, pauses, None) == walk_by_day(start, days, unit, pauses, None)


@settings(max_examples=200, deadline=None)
@given(calendars(), starts, st.integers(-30, 900), units, st.data())
def test_counted_between_equals_counting_day_by_day(calendar: Calendar, start: date, span: int,
                                                    unit: str, data: st.DataObject) -> None:
    end = start + timedelta(days=span)
    pauses = data.draw(pause_lists(start))
    assert counted_between(calendar, start, end, unit, pauses) == \
        between_by_day(calendar, start, end, unit, pauses)
    assert calendar.working_days_in(start, end) == between_by_day(calendar, start, end, "working")


@settings(max_examples=200, deadline=None)
@given(calendars(), starts, st.integers(0, 800))
def test_working_days_before_equals_counting_back_day_by_day(calendar: Calendar, day: date,
                                                             days: int) -> None:
    assert working_days_before(calendar, day, days) == before_by_day(calendar, day, days)


@settings(max_examples=200, deadline=None)
@given(calendars(), starts, periods, units, st.booleans(), st.data())
def test_deadlines_and_counted_dues_are_unchanged(calendar: Calendar, start: date, days: int,
                                                  unit: str, roll: bool,
                                                  data: st.DataObject) -> None:
    """The whole Deadline (due, counts, estimated flag and warnings, rolled-from day and
    why) and a condition's counted due date, from the reference walk's due date."""
    pauses = data.draw(pause_lists(start))
    deadline = compute_deadline(calendar, start, days, unit, roll=roll, pauses=pauses)
    day, counted, paused, stopped = walk_by_day(start, days, unit, pauses, calendar)
    due = None if stopped else day
    if due is not None and roll and unit == "calendar":
        due = calendar.next_working_day(due)
    assert (deadline.due, deadline.counted_days, deadline.paused_days) == (due, counted, paused)
    end = due or day
    estimated = [y for y in range(min(start, end).year, max(start, end).year + 1)
                 if not calendar.is_official_year(y)]
    assert deadline.estimated == bool(estimated)
    assert len(deadline.warnings) == len(estimated)
    if deadline.unrolled_due is not None:
        assert deadline.unrolled_due == day < deadline.due  # type: ignore[operator]
        assert not calendar.is_working_day(day)
        assert deadline.unrolled_why == calendar.day_info(day)[1]
    elif due is not None and roll and unit == "calendar":
        assert due == day
    if not pauses:
        forward = count_due(calendar, DayCount(days, unit, start, calendar.code))
        assert forward.due == (calendar.next_working_day(day) if unit == "calendar" else day)
        back = count_due(calendar, DayCount(min(days, 400), "working", start, calendar.code,
                                            back=True))
        assert back.due == before_by_day(calendar, start, 1)
        assert back.opens == (before_by_day(calendar, start, min(days, 400)) if days
                              else back.due)


@settings(max_examples=100, deadline=None)
@given(calendars(), starts, st.integers(0, 300), units, starts, st.data())
def test_clock_status_equals_counting_day_by_day(calendar: Calendar, start: date, days: int,
                                                 unit: str, today: date,
                                                 data: st.DataObject) -> None:
    pauses = data.draw(pause_lists(start))
    status = clock_status(calendar, start, days, unit, today, pauses=pauses)
    elapsed = min(between_by_day(calendar, start, today, unit, pauses), days) \
        if today > start else 0
    assert (status.elapsed, status.remaining) == (elapsed, max(days - elapsed, 0))


# -- tables: the holidays officers count across, and the ends of the calendar ------------
@pytest.mark.parametrize(("start", "days", "due"), [
    # Spring Festival 2024: 10-17 Feb off, Sunday 4 Feb and Sunday 18 Feb worked.
    ("2024-02-02", 1, "2024-02-04"),
    ("2024-02-08", 2, "2024-02-18"),
    ("2024-02-08", 3, "2024-02-19"),
    # National Day 2025: 1-8 Oct off, Sunday 28 Sep and Saturday 11 Oct worked.
    ("2025-09-26", 1, "2025-09-28"),
    ("2025-09-30", 1, "2025-10-09"),
    ("2025-10-09", 2, "2025-10-11"),
])
def test_working_days_across_chinese_holidays(start: str, days: int, due: str) -> None:
    deadline = compute_deadline(CN, D(start), days, "working")
    assert deadline.due == D(due)
    assert deadline.due == walk_by_day(D(start), days, "working", (), CN)[0]
    assert not deadline.estimated


def test_a_year_without_an_official_schedule_stays_estimated() -> None:
    assert not CN.is_official_year(2032)
    deadline = compute_deadline(CN, D("2031-12-01"), 60, "working")
    assert deadline.due == walk_by_day(D("2031-12-01"), 60, "working", (), CN)[0]
    assert deadline.estimated and "2032" in deadline.warnings[-1]
    counted = count_due(CN, DayCount(180, "calendar", D("2031-10-01"), "CN"))
    assert counted.estimated_years == (2031, 2032)


@pytest.mark.parametrize(("start", "days", "unit", "pauses"), [
    ("9999-12-20", 30, "working", []),
    ("9999-12-20", 30, "calendar", []),
    ("9999-12-20", 30, "calendar", [Pause(D("9999-12-25"), None)]),
    ("9999-12-20", 30, "working", [Pause(D("9999-12-31"), None)]),
    ("9999-12-01", 5, "working", [Pause(D("9999-12-02"), D("9999-12-31"))]),
])
def test_the_end_of_the_calendar_gives_the_same_answer(start: str, days: int, unit: str,
                                                       pauses: list[Pause]) -> None:
    assert outcome(_walk, D(start), days, unit, pauses, US) == \
        outcome(walk_by_day, D(start), days, unit, pauses, US)
    assert outcome(compute_deadline, US, D(start), days, unit) in ("InputError",) or \
        compute_deadline(US, D(start), days, unit).due == walk_by_day(D(start), days, unit, (), US)[0]


def test_counting_back_past_the_first_day_is_an_overflow_as_before() -> None:
    assert outcome(working_days_before, US, D("0001-01-05"), 10) == \
        outcome(before_by_day, US, D("0001-01-05"), 10) == "OverflowError"
