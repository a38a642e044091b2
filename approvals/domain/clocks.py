"""Statutory clock arithmetic on a working-day calendar (pure functions).

Conventions (regulatory reference, "Counting conventions"):
- The start day is not counted; day 1 is the next (working) day.
- Working days: the due date is the Nth working day after the start.
- Calendar days: the Nth calendar day after the start; with `roll`, a due date that is
  not a working day moves to the next working day (Civil Code arts. 201, 203).
- A pause STOP:RESUME stops the clock: days d with STOP < d <= RESUME are not counted.
  A pause without RESUME is a clock that is stopped now; it has no due date until it
  resumes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from approvals.domain.calendars import Calendar
from approvals.domain.dates import parse_date
from approvals.domain.errors import InputError, Problem

UNITS: tuple[str, ...] = ("working", "calendar")
MAX_DAYS = 3660  # ten years: longer periods are a typing mistake, not a statute


@dataclass(frozen=True)
class Pause:
    stop: date
    resume: date | None = None

    def covers(self, day: date) -> bool:
        return self.stop < day and (self.resume is None or day <= self.resume)

    def as_list(self) -> list[str | None]:
        return [self.stop.isoformat(), self.resume.isoformat() if self.resume else None]


@dataclass(frozen=True)
class Deadline:
    calendar: str
    start: date
    unit: str
    days: int
    due: date | None  # None while the clock is stopped
    counted_days: int
    paused_days: int  # days of the clock's unit that a pause kept from counting
    estimated: bool
    warnings: list[str] = field(default_factory=list)
    roll: bool = False
    unrolled_due: date | None = None  # the Nth day before rolling, when it moved
    unrolled_why: str = ""  # why that day is not a working day ("National Day", "weekend")


@dataclass(frozen=True)
class ClockStatus:
    deadline: Deadline
    today: date
    elapsed: int  # days of the clock's unit counted from the start up to today
    remaining: int  # days of the unit still to run (0 when the period has run out)
    stopped: bool
    overdue: bool
    # A stop recorded for a later day: the clock runs until then, and its due date (when
    # the period does not run out first) is only known once it resumes.
    stops_on: date | None = None
    stopped_since: date | None = None  # the day the clock stopped, while it is stopped
    # With `stops_on` and no due date: what is left when it stops (the stop day counted).
    left_at_stop: int | None = None
    # A stop on or after the period's last day (materials asked for late): nothing was left
    # to stop, so the due date stands and the clock reads as running out, overdue after it.
    stopped_too_late: date | None = None


def parse_pause(value: str, where: str = "--pause") -> Pause:
    """`STOP:RESUME` (both ISO dates), as `approvals deadline --pause` takes it."""
    parts = value.split(":")
    if len(parts) != 2:
        raise InputError(Problem(where, f"{value!r} is not STOP:RESUME (two dates, YYYY-MM-DD)"))
    # Both dates are read before refusing, so a pair with two bad dates names both.
    problems: list[Problem] = []
    dates: list[date] = []
    for part in parts:
        try:
            dates.append(parse_date(part, where))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    stop, resume = dates
    # Resuming on the stop day is a pause of no days (STOP < d <= RESUME is empty), as a
    # track's materials request answered the same day is; only a reversed pair is wrong.
    if resume < stop:
        raise InputError(Problem(where, f"{value!r}: the resume date must not be before the stop date"))
    # As for the period itself: a stop of more than ten years is a typing mistake, and
    # counting through millennia of estimated calendars would take the command seconds.
    if (resume - stop).days > MAX_DAYS:
        raise InputError(Problem(where, f"{value!r}: a stop of {(resume - stop).days:,} days is "
                                        f"more than {MAX_DAYS:,} (ten years)"))
    return Pause(stop, resume)


def pauses_from_json(items: Iterable[Sequence[str | None]]) -> list[Pause]:
    out = []
    for item in items:
        stop, resume = item[0], item[1] if len(item) > 1 else None
        out.append(Pause(date.fromisoformat(str(stop)), date.fromisoformat(resume) if resume else None))
    return out


def _check(unit: str, days: int) -> None:
    if unit not in UNITS:
        raise InputError(Problem("unit", f"{unit!r} is not one of {', '.join(UNITS)}"))
    if days < 0:
        raise InputError(Problem("days", f"{days} must be 0 or more"))
    if days > MAX_DAYS:
        raise InputError(Problem("days", f"{days} is more than {MAX_DAYS} days"))


def _open_pause_start(pauses: Sequence[Pause]) -> date | None:
    open_stops = [p.stop for p in pauses if p.resume is None]
    return min(open_stops) if open_stops else None


def compute_deadline(
    calendar: Calendar,
    start: date,
    days: int,
    unit: str,
    *,
    roll: bool = False,
    pauses: Sequence[Pause] = (),
) -> Deadline:
    """The due date of a period of `days` (working or calendar) days after `start`."""
    _check(unit, days)
    try:
        day, counted, paused, stopped = _walk(start, days, unit, pauses, calendar)
        due: date | None = None if stopped else day
        unrolled: date | None = None
        if due is not None and roll and unit == "calendar":
            due = calendar.next_working_day(due)
            unrolled = unrolled_due(start, days, due, pauses)
        why = calendar.day_info(unrolled)[1] if unrolled is not None else ""
    except OverflowError:  # a start date near 9999-12-31: bad input, not a crash
        raise InputError(
            Problem("from", f"{start}: a period of {unit_words(unit, days)} from this date would end "
                    f"after {date.max}, the last day of the calendar")
        ) from None
    end = due or day
    warnings = calendar.warnings_for(start, end)
    return Deadline(
        calendar=calendar.code,
        start=start,
        unit=unit,
        days=days,
        due=due,
        counted_days=counted,
        paused_days=paused,
        estimated=bool(warnings),
        warnings=warnings,
        roll=roll,
        unrolled_due=unrolled,
        unrolled_why=why,
    )


def _walk(start: date, days: int, unit: str, pauses: Sequence[Pause],
          calendar: Calendar | None) -> tuple[date, int, int, bool]:
    """Count `days` days of `unit` after `start`: (the day reached, the days counted, the
    days of the unit a pause kept from counting, whether a pause without resume stopped
    the count first). `calendar` is only asked for working days. Raises OverflowError
    past 9999-12-31.

    The answer is the day-by-day count's (the start not counted; a day STOP < d <= RESUME
    not counted; stopped on the first day after an open stop), got by counting whole
    stretches: calendar days by subtraction, working days by the calendar's table of
    working days (Calendar.working_day_after), so a long period costs no more than a short
    one (the dashboard recounts thousands of conditions)."""
    if days <= 0:
        return start, 0, 0, False
    units = _Units(unit, calendar)
    open_from = _open_pause_start(pauses)
    stops = _merged(p for p in pauses if p.resume is not None)
    if open_from is not None:
        # The day-by-day count stops on the first day after the open stop unless the
        # period has run out by then.
        counted, paused = _tally(units, start, open_from, stops)
        if counted < days:
            return max(start, open_from) + timedelta(days=1), counted, paused, True
    counted = paused = 0
    pos = start  # counted up to and including pos
    for stop, resume in stops:
        if resume <= pos:
            continue
        if stop > pos:  # the running stretch (pos, stop]
            free = units.between(pos, stop)
            if counted + free >= days:
                break
            counted += free
            pos = stop
        paused += units.between(pos, resume)  # the stopped stretch (pos, resume]
        pos = resume
    return units.after(pos, days - counted), days, paused, False


class _Units:
    """Days of one unit: how many lie in (a, b], and the Nth after a day."""

    def __init__(self, unit: str, calendar: Calendar | None) -> None:
        self.working = unit == "working"
        self.calendar = calendar

    def between(self, a: date, b: date) -> int:
        if b <= a:
            return 0
        if not self.working:
            return (b - a).days
        if self.calendar is None:  # no calendar: no day is a working day
            return 0
        return self.calendar.working_days_in(a, b)

    def after(self, day: date, n: int) -> date:
        if not self.working:
            return day + timedelta(days=n)
        if self.calendar is None:  # never reached: counting would run past date.max
            raise OverflowError("date value out of range")
        return self.calendar.working_day_after(day, n)


def _merged(pauses: Iterable[Pause]) -> list[tuple[date, date]]:
    """The stretches (stop, resume] that the pauses (all with a resume) cover, in order,
    overlapping and touching ones merged: a day is counted once however many cover it."""
    out: list[tuple[date, date]] = []
    for p in sorted(pauses, key=lambda p: p.stop):
        assert p.resume is not None
        if p.resume <= p.stop:
            continue  # resumed the day it stopped: covers no day
        if out and p.stop <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], p.resume))
        else:
            out.append((p.stop, p.resume))
    return out


def _tally(units: _Units, start: date, end: date,
           stops: list[tuple[date, date]]) -> tuple[int, int]:
    """(days counted, days kept from counting by `stops`) of the unit in (start, end]."""
    if end <= start:
        return 0, 0
    paused = sum(units.between(max(stop, start), min(resume, end)) for stop, resume in stops)
    return units.between(start, end) - paused, paused


def unrolled_due(start: date, days: int, due: date | None,
                 pauses: Sequence[Pause] = ()) -> date | None:
    """The Nth day of a period of `days` calendar days after `start` (days of stop,
    STOP < d <= RESUME, not counted) when the period's due date `due` lies after it: that
    day was not a working day, so the period ended on the next one (Civil Code arts. 201,
    203). None when `due` is the Nth day itself, when there is no due date, or while the
    clock is stopped. compute_deadline and the filings' clock statements both ask this,
    so a filing names the same day that the due date was rolled from."""
    if due is None:
        return None
    try:
        last, _counted, _paused, stopped = _walk(start, days, "calendar", pauses, None)
    except OverflowError:  # a period ending after 9999-12-31 has no such day
        return None
    return last if not stopped and due > last else None


def counted_between(
    calendar: Calendar, start: date, end: date, unit: str, pauses: Sequence[Pause] = ()
) -> int:
    """Days of `unit` counted in (start, end], pauses excluded (a pause without resume
    covers every day after its stop)."""
    if end <= start:
        return 0
    stops = _merged(Pause(p.stop, p.resume or max(p.stop, end)) for p in pauses)
    return _tally(_Units(unit, calendar), start, end, stops)[0]


def clock_status(
    calendar: Calendar,
    start: date,
    days: int,
    unit: str,
    today: date,
    *,
    roll: bool = False,
    pauses: Sequence[Pause] = (),
) -> ClockStatus:
    """Where a running (or stopped) clock stands on `today`."""
    deadline = compute_deadline(calendar, start, days, unit, roll=roll, pauses=pauses)
    open_from = _open_pause_start(pauses)
    # The walk ends at an open stop only while days were left; when it found a due date,
    # the period had run out by the stop day (that day counted).
    too_late = open_from if open_from is not None and deadline.due is not None else None
    if too_late is not None:
        open_from = None
    stopped = open_from is not None and open_from <= today
    elapsed = min(counted_between(calendar, start, today, unit, pauses), days) if today > start else 0
    remaining = max(days - elapsed, 0)
    overdue = deadline.due is not None and today > deadline.due and not stopped
    later_stop = open_from if open_from is not None and not stopped else None
    left_at_stop = None
    if later_stop is not None and deadline.due is None:
        # "clock stops on 12 Oct with N remaining": N as of the stop, not of today.
        left_at_stop = max(days - counted_between(calendar, start, later_stop, unit, pauses), 0)
    return ClockStatus(deadline, today, elapsed, remaining, stopped, overdue, later_stop,
                       open_from if stopped else None, left_at_stop, too_late)


def unit_words(unit: str, days: int) -> str:
    noun = "day" if days == 1 else "days"
    return f"{days} working {noun}" if unit == "working" else f"{days} calendar {noun}"


def fmt_date(day: date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


def describe(status: ClockStatus) -> str:
    """One line for the UI and the PDFs: 'day 7 of 30 working days, due 22 Oct 2026'."""
    d = status.deadline
    period = unit_words(d.unit, d.days)
    # "(estimated)" beside the date it qualifies: at the end of the line it read as said
    # of the days not counted, or of the roll to the next working day.
    due = f"{fmt_date(d.due)} (estimated)" if d.due is not None and d.estimated else (
        fmt_date(d.due) if d.due is not None else "")
    if status.stopped:
        # Since when: the officer chasing the materials counts the weeks from it.
        since = f" (since {fmt_date(status.stopped_since)})" if status.stopped_since else ""
        text = f"clock stopped on day {status.elapsed} of {period}{since}, " \
            f"{status.remaining} remaining"
    elif d.due is None and status.stops_on is not None:
        left = status.remaining if status.left_at_stop is None else status.left_at_stop
        text = (f"day {status.elapsed} of {period}, clock stops on {fmt_date(status.stops_on)} "
                f"with {left} remaining")
    elif status.overdue:
        assert d.due is not None
        text = f"{period} ran out; was due {due} (overdue)"
    else:
        assert d.due is not None
        day_no = min(status.elapsed, d.days)
        text = f"day {day_no} of {period}, due {due}"
    if d.due is not None and d.unrolled_due is not None:
        # Civil Code arts. 201, 203: said, or the officer counting by hand finds another day.
        why = f" ({d.unrolled_why})" if d.unrolled_why else ""
        text += (f"; day {d.days} is {fmt_date(d.unrolled_due)}, not a working day{why}, "
                 "so the period ends on the next working day")
    if status.stopped_too_late is not None:
        # Else the state "Materials requested" beside a due date reads as a clock stopped.
        when = fmt_date(status.stopped_too_late)
        text += (f"; materials requested on {when} with no day of the period left, so the "
                 "clock did not stop and the due date stands"
                 if status.stopped_too_late <= status.today else
                 f"; a stop recorded for {when} leaves no day of the period to stop, so the "
                 "clock will not stop and the due date stands")
    if d.paused_days and not status.stopped:
        # The days a materials request kept out of the count: why the due date moved.
        text += f"; {unit_words(d.unit, d.paused_days)} not counted while the clock was stopped"
    if d.estimated and (d.due is None or status.stopped):
        text += " (estimated)"
    return text


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later (29 February becomes 28 February). A day past
    year 9999 is bad input at `on` (the step's date it is counted from), not a ValueError."""
    if not 1 <= day.year + years <= date.max.year:
        raise InputError(Problem("on", f"{day}: {years} years later is outside the calendar "
                                       f"(years 1 to {date.max.year})"))
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def working_days_before(calendar: Calendar, day: date, days: int) -> date:
    """The working day that lies `days` working days before `day` (`day` not counted)."""
    _check("working", days)
    return calendar.working_day_before(day, days)


# -- due dates counted in days (conditions and follow-ups of a decision) ----------------
@dataclass(frozen=True)
class DayCount:
    """A due date counted in days on a calendar, kept with what it was counted from, so a
    corrected calendar (an official schedule entered for an estimated year) recounts it.

    After `start` (a condition due N days after the decision): working days end on the
    Nth working day; calendar days on the Nth day, moved to the next working day when it
    is not one (Civil Code arts. 201, 203). Back from `start` (`back`; a renewal window
    before an expiry): due on the last working day before `start`, the window opening
    N working days before it (none: due by that day only)."""

    days: int
    unit: str  # working | calendar
    start: date  # the day counted from (not counted)
    calendar: str  # CN | US
    back: bool = False

    def __post_init__(self) -> None:
        _check(self.unit, self.days)
        if self.back and self.unit != "working":
            raise InputError(Problem("unit", "a window before a day is counted in working days"))

    def words(self) -> str:
        """'20 working days after 1 Dec 2026', as the Tracks tab explains a counted date."""
        if self.back:
            return f"{unit_words(self.unit, self.days)} before {fmt_date(self.start)}"
        return f"{unit_words(self.unit, self.days)} after {fmt_date(self.start)}"


@dataclass(frozen=True)
class CountedDue:
    due: date
    opens: date  # the window's first day (`due` itself for a count after a day)
    estimated_years: tuple[int, ...]  # years counted through without an official schedule


def count_due(calendar: Calendar, count: DayCount) -> CountedDue:
    """The due date `count` gives on `calendar` and the estimated years it depends on."""
    if count.back:
        due = working_days_before(calendar, count.start, 1)
        opens = working_days_before(calendar, count.start, count.days) if count.days else due
        return CountedDue(due, opens, tuple(calendar.estimated_years(opens, count.start)))
    deadline = compute_deadline(calendar, count.start, count.days, count.unit,
                                roll=count.unit == "calendar")
    assert deadline.due is not None  # no pauses: never stopped
    return CountedDue(deadline.due, deadline.due,
                      tuple(calendar.estimated_years(count.start, deadline.due)))


def escape_template(text: str) -> str:
    """`text` as a literal part of a due text template (render_due_text)."""
    return text.replace("{", "{{").replace("}", "}}")


def render_due_text(template: str, counted: CountedDue, note: str) -> str:
    """A stored obligation text from its template and the date counted now: the keys
    {due} and {opens} (dates), {due_note} (" (due date <note>)") and {note} ("; <note>"),
    the note being calendars.estimated_note, empty when no year was estimated."""
    return template.format(due=fmt_date(counted.due), opens=fmt_date(counted.opens),
                           due_note=f" (due date {note})" if note else "",
                           note=f"; {note}" if note else "")
