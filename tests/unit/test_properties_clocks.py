"""Properties of working-day calendars and statutory clocks (domain.calendars,
domain.clocks): counting N working days forward and back agree, due dates fall on working
days by the published schedules (make-up days included), stops only ever push a due date
later and never count a day twice, and any date in a year without an official schedule
marks the deadline estimated."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from approvals.domain.calendars import Calendar, DayOverride, build_calendar
from approvals.domain.clocks import (
    Pause,
    add_years,
    clock_status,
    compute_deadline,
    counted_between,
    describe,
    parse_pause,
    working_days_before,
)
from approvals.domain.errors import InputError
from approvals.resources import resource_path

CN = build_calendar("CN")
US = build_calendar("US")
CALENDARS = {"CN": CN, "US": US}
D = date.fromisoformat

calendars = st.sampled_from(["CN", "US"])
# The shipped schedules (CN 2016-2026, US 2020-2030) and a few estimated years after them.
starts = st.dates(date(2016, 1, 1), date(2031, 12, 31))
periods = st.integers(0, 120)
units = st.sampled_from(["working", "calendar"])


def shipped(code: str) -> dict[int, tuple[set[date], set[date]]]:
    """The schedule file read independently of domain.calendars: per official year, its
    non-working weekdays and its make-up working days."""
    data = json.loads(resource_path("calendars", f"{code}.json").read_text(encoding="utf-8"))
    return {
        int(year): ({D(h["date"]) for h in entry.get("holidays", [])},
                    {D(w["date"]) for w in entry.get("workdays", [])})
        for year, entry in data["years"].items() if entry.get("official", True)
    }


SHIPPED = {code: shipped(code) for code in CALENDARS}


def worked_by_the_book(code: str, day: date) -> bool | None:
    """Is `day` worked according to the shipped file (None: not an official year)?"""
    if day.year not in SHIPPED[code]:
        return None
    holidays, workdays = SHIPPED[code][day.year]
    return day in workdays or (day not in holidays and day.weekday() < 5)


def pauses_after(start: date, raw: list[tuple[int, int]]) -> list[Pause]:
    return [Pause(start + timedelta(days=a), start + timedelta(days=a + b)) for a, b in raw]


pause_offsets = st.lists(st.tuples(st.integers(-10, 150), st.integers(0, 40)), max_size=3)


@given(calendars, starts, periods)
@example("CN", D("2026-09-24"), 15)  # across National Day: due 22 Oct
@example("CN", D("2026-02-13"), 1)  # day 1 is the make-up Saturday 14 Feb
def test_n_working_days_forward_counts_n_and_lands_on_a_working_day(code: str, start: date, n: int) -> None:
    cal = CALENDARS[code]
    due = compute_deadline(cal, start, n, "working").due
    assert due is not None
    assert counted_between(cal, start, due, "working") == n
    if n:
        assert cal.is_working_day(due)
        assert worked_by_the_book(code, due) in (True, None), due  # never a holiday or plain weekend
        # And back again: n working days before the due date is the start, or a day from
        # which the same count reaches the same due date (the start was not a working day).
        back = working_days_before(cal, due, n)
        assert back <= start
        assert compute_deadline(cal, back, n, "working").due == due


@given(calendars, starts, periods, st.integers(0, 60))
def test_working_days_add_up_and_grow_with_n(code: str, start: date, a: int, b: int) -> None:
    cal = CALENDARS[code]
    first = compute_deadline(cal, start, a, "working").due
    assert first is not None
    both = compute_deadline(cal, start, a + b, "working").due
    assert compute_deadline(cal, first, b, "working").due == both
    if b:
        assert both is not None and both > first


@given(calendars, starts, st.integers(0, 30), periods, units)
def test_a_later_start_never_gives_an_earlier_due_date(code: str, start: date, shift: int, n: int, unit: str) -> None:
    cal = CALENDARS[code]
    early = compute_deadline(cal, start, n, unit, roll=True).due
    late = compute_deadline(cal, start + timedelta(days=shift), n, unit, roll=True).due
    assert early is not None and late is not None and early <= late


@given(calendars, starts, periods, st.booleans())
@example("US", D("2026-06-04"), 30, True)  # Saturday 4 July rolls to Monday 6 July
@example("CN", D("2026-09-01"), 30, True)  # 1 October rolls to 8 October
def test_calendar_days_end_on_the_nth_day_rolled_to_the_next_working_day(
    code: str, start: date, n: int, roll: bool,
) -> None:
    cal = CALENDARS[code]
    deadline = compute_deadline(cal, start, n, "calendar", roll=roll)
    assert deadline.due is not None
    nth = deadline.unrolled_due or deadline.due
    assert (nth - start).days == n
    if not roll:
        assert deadline.due == nth and deadline.unrolled_due is None
        return
    assert cal.is_working_day(deadline.due)
    day = nth
    while day < deadline.due:  # every day skipped by the roll is not worked
        assert not cal.is_working_day(day)
        day += timedelta(days=1)
    assert (deadline.unrolled_due is None) == (deadline.due == nth)


@given(calendars, starts, periods, units, st.booleans(), pause_offsets)
def test_estimated_exactly_when_a_year_touched_has_no_official_schedule(
    code: str, start: date, n: int, unit: str, roll: bool, raw: list[tuple[int, int]],
) -> None:
    cal = CALENDARS[code]
    deadline = compute_deadline(cal, start, n, unit, roll=roll, pauses=pauses_after(start, raw))
    assert deadline.due is not None
    touched = range(start.year, deadline.due.year + 1)
    unofficial = [y for y in touched if y not in SHIPPED[code]]
    assert deadline.estimated == bool(unofficial)
    assert all(any(str(y) in w for w in deadline.warnings) for y in unofficial)
    status = clock_status(cal, start, n, unit, deadline.due, roll=roll, pauses=pauses_after(start, raw))
    # Said beside the due date (tracks14), not necessarily at the end of the line.
    assert ("(estimated)" in describe(status)) == bool(unofficial)


@given(calendars, starts, periods, units, pause_offsets)
@example("CN", D("2026-09-24"), 15, "working", [(4, 11)])  # a stop across National Day
@example("CN", D("2026-03-02"), 5, "working", [(3, 0)])  # resumed the day it stopped
def test_a_stop_never_brings_the_due_date_forward_nor_counts_a_day_twice(
    code: str, start: date, n: int, unit: str, raw: list[tuple[int, int]],
) -> None:
    cal = CALENDARS[code]
    pauses = pauses_after(start, raw)
    plain = compute_deadline(cal, start, n, unit)
    stopped = compute_deadline(cal, start, n, unit, pauses=pauses)
    assert plain.due is not None and stopped.due is not None
    assert stopped.due >= plain.due
    assert counted_between(cal, start, stopped.due, unit, pauses) == n == stopped.counted_days
    # Every day of the unit up to the due date was either counted or kept from counting.
    assert counted_between(cal, start, stopped.due, unit) == n + stopped.paused_days
    # A stop that begins on or after the due date changes nothing.
    late = [p for p in pauses if p.stop >= plain.due]
    assert compute_deadline(cal, start, n, unit, pauses=late).due == plain.due


@given(calendars, starts, st.integers(1, 120), units, pause_offsets, st.integers(-5, 400))
def test_a_running_clock_counts_up_to_the_due_date_and_is_overdue_only_after_it(
    code: str, start: date, n: int, unit: str, raw: list[tuple[int, int]], offset: int,
) -> None:
    cal = CALENDARS[code]
    pauses = pauses_after(start, raw)
    today = start + timedelta(days=offset)
    status = clock_status(cal, start, n, unit, today, pauses=pauses)
    due = status.deadline.due
    assert due is not None and not status.stopped
    assert 0 <= status.elapsed <= n and status.elapsed + status.remaining == n
    assert status.overdue == (today > due)
    assert (status.remaining == 0) == (today >= due)  # day N is the due date, not before it
    later = clock_status(cal, start, n, unit, today + timedelta(days=1), pauses=pauses)
    assert status.elapsed <= later.elapsed <= status.elapsed + 1
    assert ("(overdue)" in describe(status)) == status.overdue


@given(calendars, starts, st.integers(1, 120), units, st.integers(0, 200), st.integers(0, 400))
def test_a_stopped_clock_has_no_due_date_and_stands_still(
    code: str, start: date, n: int, unit: str, stop_offset: int, offset: int,
) -> None:
    cal = CALENDARS[code]
    stop = start + timedelta(days=stop_offset)
    today = start + timedelta(days=offset)
    plain = compute_deadline(cal, start, n, unit).due
    assert plain is not None
    status = clock_status(cal, start, n, unit, today, pauses=[Pause(stop)])
    # A period that runs out before the stop keeps its due date; otherwise none until it resumes.
    assert status.deadline.due == (plain if plain <= stop else None)
    # A stop on or after the last day stops nothing: the period ran out, overdue after it.
    ran_out = plain <= stop
    assert status.stopped == (stop <= today and not ran_out)
    assert status.stopped_too_late == (stop if ran_out else None)
    if ran_out:
        assert status.overdue == (today > plain)
        assert describe(status).endswith(("the clock did not stop and the due date stands",
                                          "the clock will not stop and the due date stands"))
    assert not (status.stopped and status.overdue)
    assert status.elapsed + status.remaining == n
    if status.stopped:
        much_later = clock_status(cal, start, n, unit, today + timedelta(days=90), pauses=[Pause(stop)])
        assert much_later.elapsed == status.elapsed
        # Resuming on any later day leaves exactly the remaining days to run after it.
        resume = today + timedelta(days=10)
        resumed = compute_deadline(cal, start, n, unit, pauses=[Pause(stop, resume)])
        if resumed.due is not None and resumed.due > resume:
            assert counted_between(cal, resume, resumed.due, unit) == status.remaining
    describe(status)


@given(
    st.dates(date(2026, 1, 1), date(2027, 12, 31)),
    st.lists(st.tuples(st.dates(date(2026, 1, 1), date(2027, 12, 31)),
                       st.sampled_from(["holiday", "workday"])), max_size=6),
)
def test_an_officers_correction_of_a_day_decides_that_day(day: date, raw: list[tuple[date, str]]) -> None:
    overrides = [DayOverride(d, kind, "officer") for d, kind in raw]
    cal: Calendar = build_calendar("CN", day_overrides=overrides)
    corrected = {o.day: o.kind for o in overrides}  # the last entry for a day wins
    if day in corrected:
        assert cal.is_working_day(day) == (corrected[day] == "workday")
    else:
        assert cal.is_working_day(day) == CN.is_working_day(day)
    # Corrections do not make an official year estimated, nor an estimated one official.
    assert cal.estimated_years(day, day) == ([] if day.year == 2026 else [day.year])


pause_texts = st.text(max_size=24) | st.tuples(st.dates(), st.dates()).map(lambda p: f"{p[0]}:{p[1]}")


@given(calendars, st.dates(), st.integers(0, 400), units, st.booleans(), st.lists(pause_texts, max_size=2))
@example("CN", D("9999-12-01"), 30, "working", False, [])  # runs past the last date there is
@example("US", D("0001-01-01"), 5, "calendar", True, ["0001-01-01:0001-01-03"])
def test_what_approvals_deadline_is_given_gives_a_due_date_or_an_input_error(
    code: str, start: date, n: int, unit: str, roll: bool, typed: list[str],
) -> None:
    """Any start date, period and --pause text: a due date, or bad input naming the
    argument (never an OverflowError from the end of the calendar, nor a ValueError)."""
    try:
        pauses = [parse_pause(text) for text in typed]
        deadline = compute_deadline(CALENDARS[code], start, n, unit, roll=roll, pauses=pauses)
    except InputError as exc:
        assert all(p.path in ("--pause", "from") for p in exc.problems), exc.problems
        return
    assert deadline.due is not None and deadline.due >= start


@given(calendars, starts, periods, units, st.booleans(),
       st.lists(st.integers(0, 200), max_size=4), st.sampled_from(["holiday", "workday"]))
def test_a_corrected_day_moves_a_due_date_only_the_way_it_should(
    code: str, start: date, n: int, unit: str, roll: bool, offsets: list[int], kind: str,
) -> None:
    """An officer marking days as holidays never brings a due date forward; marking them
    worked never pushes one back."""
    corrected = build_calendar(code, day_overrides=[
        DayOverride(start + timedelta(days=k), kind, "officer") for k in offsets])
    before = compute_deadline(CALENDARS[code], start, n, unit, roll=roll).due
    after = compute_deadline(corrected, start, n, unit, roll=roll).due
    assert before is not None and after is not None
    assert after >= before if kind == "holiday" else after <= before


@given(st.dates(), st.integers(-20, 20))
@example(D("9998-06-01"), 3)  # a decision dated 9998 whose renewal falls after 9999: was a ValueError
@example(D("2028-02-29"), 1)
def test_the_same_day_years_later_or_an_input_error(day: date, years: int) -> None:
    try:
        later = add_years(day, years)
    except InputError as exc:
        assert [p.path for p in exc.problems] == ["on"]
        assert not 1 <= day.year + years <= 9999
        return
    assert (later.year, later.month) == (day.year + years, day.month)
    assert later.day == day.day or (day.month, day.day, later.day) == (2, 29, 28)
