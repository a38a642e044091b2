"""What a holiday-calendar edit did to the deadlines: the due dates it moved, or confirmed
and stopped calling estimated, one sentence per deadline with its case; and taking back
an officer's correction of one day, or a whole year entered by mistake.

`services.workflow` recounts every running clock and every condition counted in days on
the edited calendar, each with an audit event; this reads those events back, so the
calendars window can say after saving which deadlines changed (the officer entering a
year cannot see them otherwise without opening every case's Timeline).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlmodel import Session, col, func, select

from approvals.domain.calendars import CALENDAR_CODES, build_calendar
from approvals.domain.errors import InputError, Problem
from approvals.domain.event_text import EventFacts, event_sentence
from approvals.domain.typed_input import has_visible_text
from approvals.services.access import require
from approvals.services.workflow import (
    _recompute_running_clocks,
    _recount_obligations,
    calendar_for,
)
from approvals.store import anchor
from approvals.store.audit import Actor, append_event
from approvals.store.models import CalendarDay, CalendarYear, Case, Event, FilingTrack, Obligation

# The events a calendar edit appends for a deadline it recounted (services.workflow).
DEADLINE_ACTIONS = ("track.due_recomputed", "obligation.due_recounted")
# A year's schedule entered (Add published year…) and taken back (Remove entered year…).
YEAR_ACTIONS = ("calendar.year_set", "calendar.year_removed")

T = TypeVar("T")


@dataclass(frozen=True)
class DeadlineChange:
    reference: str  # the case's reference, e.g. AP-2026-0004
    sentence: str  # what changed, as the case's Timeline says it
    regime: str | None = None  # the track's regime (its clock or its condition's)

    @property
    def line(self) -> str:
        return f"{self.reference}: {self.sentence}"


def _decoded(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def last_event_id(session: Session) -> int:
    return session.exec(select(func.max(Event.id))).one() or 0


def deadline_changes_since(session: Session, after_event_id: int) -> list[DeadlineChange]:
    """The deadlines recounted by the events after `after_event_id`, in the trail's order."""
    events = session.exec(
        select(Event).where(col(Event.id) > after_event_id,
                            col(Event.action).in_(DEADLINE_ACTIONS))
        .order_by(col(Event.id))).all()
    # One read each for the cases, tracks and conditions named (a year entered can recount
    # thousands of clocks), not three per event.
    references = dict(session.exec(select(Case.id, Case.reference).where(
        col(Case.id).in_({e.case_id for e in events if e.case_id is not None}))).all())
    regimes = dict(session.exec(select(FilingTrack.id, FilingTrack.regime).where(
        col(FilingTrack.id).in_({e.track_id for e in events if e.track_id is not None}))).all())
    conditions = dict(session.exec(select(Obligation.id, Obligation.text).where(
        col(Obligation.id).in_({int(e.entity_id) for e in events
                                if e.action == "obligation.due_recounted"
                                and e.entity_id.isdigit()}))).all())
    changes = []
    for event in events:
        details = _decoded(event.details) or {}
        condition = None
        if event.action == "obligation.due_recounted":
            texts = details.get("text")
            # The condition's words after the recount (they drop "due date estimated…").
            condition = (texts[-1] if isinstance(texts, list) and texts
                         else conditions.get(int(event.entity_id))
                         if event.entity_id.isdigit() else None)
        facts = EventFacts(event.action, event.entity_id, event.field, _decoded(event.old_value),
                           _decoded(event.new_value), details)
        sentence = event_sentence(facts, condition=condition, regime=regimes.get(event.track_id))
        changes.append(DeadlineChange(references.get(event.case_id, "(no case)"), sentence,
                                      regimes.get(event.track_id)))
    return changes


def with_deadline_changes(session: Session,
                          change: Callable[[], T]) -> tuple[T, list[DeadlineChange]]:
    """Run `change` (a calendar edit in this session) and say which deadlines it changed."""
    before = last_event_id(session)
    result = change()
    session.flush()
    return result, deadline_changes_since(session, before)


def preview_deadline_changes(session: Session,
                             change: Callable[[], object]) -> list[DeadlineChange]:
    """What `change` (a calendar edit in this session) would do to the deadlines, without
    keeping it: run in a savepoint that is rolled back, so the officer reads before saving
    the same sentences the calendars window says after. The service's own checks (the
    permission, the input) raise as they would on saving."""
    appended = session.info.get(anchor.APPENDED)
    savepoint = session.begin_nested()
    try:
        before = last_event_id(session)
        change()
        session.flush()
        return deadline_changes_since(session, before)
    finally:
        savepoint.rollback()
        # The events were rolled back: there is no new head for the anchor to record.
        if appended:
            session.info[anchor.APPENDED] = appended
        else:
            session.info.pop(anchor.APPENDED, None)


def corrections_since_entered(session: Session, code: str, year: int) -> set[str] | None:
    """The days of `year` (ISO dates) corrected one by one since its schedule was last
    entered with Add published year…, as the audit trail records them: a correction taken
    back is no longer one. None when the trail records no entered schedule for the year.

    Read from the trail, not from each day's source: an officer correcting a day of 2027
    cites the 2027 notice as readily as the schedule did, and the correction was then taken
    for a day of the schedule (not listed as corrected, refused by Remove correction)."""
    entity = f"{code}-{year}"
    entered = session.exec(select(func.max(Event.id)).where(
        Event.action == "calendar.year_set", Event.entity_id == entity)).one()
    if entered is None:
        return None
    corrected: set[str] = set()
    for day, details in session.exec(
            select(Event.field, Event.details).where(
                Event.action == "calendar.day_corrected", Event.entity_id == entity,
                col(Event.id) > entered).order_by(col(Event.id))).all():
        if day is None:
            continue
        if (_decoded(details) or {}).get("correction_removed"):
            corrected.discard(day)
        else:
            corrected.add(day)
    return corrected


def entered_with_year(session: Session, code: str, day: str, day_source: str,
                      year_source: str) -> bool:
    """Whether the stored entry for `day` came in with its officer-entered year's schedule
    rather than as a correction of the one day. Without the trail's record of the schedule
    (a year entered before it was kept), a day stored with the year's own source is."""
    corrected = corrections_since_entered(session, code, int(day[:4]))
    if corrected is None:
        return bool(year_source) and day_source == year_source
    return day not in corrected


def _entered_with_year(session: Session, code: str, row: CalendarDay) -> CalendarYear | None:
    """The officer-entered year `row` came in with (Add published year… stores each day
    with the year's source), or None when `row` is a correction of one day."""
    year = session.exec(select(CalendarYear).where(
        CalendarYear.calendar == code, CalendarYear.year == int(row.day[:4]))).first()
    if year is None or not year.source:
        return None
    return year if entered_with_year(session, code, row.day, row.source, year.source) else None


def _entered_day(session: Session, code: str, day: date) -> list[Any] | None:
    """[day, kind, name] of `day` in the schedule last entered for its year, if it lists
    it: correcting the day replaced that entry, so taking the correction back restores it."""
    entered = session.exec(
        select(Event.action, Event.new_value).where(
            col(Event.action).in_(YEAR_ACTIONS), Event.entity_id == f"{code}-{day.year}")
        .order_by(col(Event.id).desc())).first()
    if entered is None or entered[0] != "calendar.year_set":
        return None  # never entered, or the entered year was removed since
    days = (_decoded(entered[1]) or {}).get("days") or []
    return next((d for d in days if isinstance(d, list) and d and d[0] == day.isoformat()), None)


def remove_calendar_correction(*, session: Session, actor: Actor, calendar: str, day: date,
                               reason: str) -> tuple[bool, str]:
    """Take back the officer's correction of `day`: the day is again as its year's schedule
    (shipped, entered or estimated) has it, and every deadline counted through it is
    recounted. Returns (is a working day, why) as the day now stands.

    Recorded as `calendar.day_corrected` with `details.correction_removed`: the day's
    working status changes back, as with any correction."""
    actor = require(session, actor, "calendar.edit")
    if calendar not in CALENDAR_CODES:
        raise InputError(Problem("calendar", f"{calendar!r} is not one of {', '.join(CALENDAR_CODES)}"))
    if not has_visible_text(reason):
        raise InputError(Problem("reason", "say why the correction is taken back"))
    row = session.exec(select(CalendarDay).where(CalendarDay.calendar == calendar,
                                                 CalendarDay.day == day.isoformat())).first()
    if row is None:
        raise InputError(Problem("day", f"{day} has no correction to remove"))
    if (year := _entered_with_year(session, calendar, row)) is not None:
        raise InputError(Problem("day", f"{day} is part of the schedule entered for "
                                        f"{year.year}, not a correction: correct it instead"))
    before_working, before_name = calendar_for(session, calendar).day_info(day, period=False)
    session.delete(row)
    session.flush()
    if (entered := _entered_day(session, calendar, day)) is not None:
        held = session.exec(select(CalendarYear).where(
            CalendarYear.calendar == calendar, CalendarYear.year == day.year)).first()
        session.add(CalendarDay(calendar=calendar, day=day.isoformat(), kind=str(entered[1]),
                                name=str(entered[2]) if len(entered) > 2 else "",
                                source=held.source if held else ""))
        session.flush()
    after_working, after_name = calendar_for(session, calendar).day_info(day, period=False)
    append_event(
        session, actor=actor, action="calendar.day_corrected", entity="calendar",
        entity_id=f"{calendar}-{day.year}", field=day.isoformat(),
        old={"working": before_working, "name": before_name},
        new={"working": after_working, "name": after_name},
        reason=reason, details={"correction_removed": True, "source": row.source},
    )
    why = f"{calendar} correction of {day} removed"
    _recompute_running_clocks(session, actor, calendar, why, day)
    _recount_obligations(session, actor, calendar, why, day,
                         {"day": day.isoformat(), "removed": True})
    return after_working, after_name


# -- taking back an entered year ----------------------------------------------------------
@dataclass(frozen=True)
class YearRemoval:
    """What removing the officer-entered `year` does: the schedule it falls back to, the
    corrections made since it was entered (removed with it) and those made before it
    was entered, which the entry replaced (put back)."""

    calendar: str
    year: int
    source: str  # the entered year's source
    official: bool
    days: list[list[str]]  # [day, kind, name] the entry stored
    corrections: list[list[str]]  # [day, kind, name, source] corrected since: removed too
    restored: list[list[str]]  # [day, kind, name, source] corrected before: put back
    falls_back_to: str  # "shipped" | "estimated"
    fallback_source: str  # the shipped file's or the estimate's source

    def words(self) -> str:
        """What the year becomes, as the dialog and the event say it."""
        return ("the schedule shipped with the app" if self.falls_back_to == "shipped"
                else "the estimate from the statutory holiday rules")


def _first_entry(session: Session, entity: str) -> Event | None:
    """The first `calendar.year_set` of the year's present entry (entered again later or
    not), after any earlier removal: what it replaced is what stood before the entry."""
    first = None
    for event in session.exec(
            select(Event).where(Event.entity == "calendar", Event.entity_id == entity,
                                col(Event.action).in_(YEAR_ACTIONS))
            .order_by(col(Event.id).desc())).all():
        if event.action != "calendar.year_set":
            break
        first = event
    return first


def _correction_source(session: Session, entity: str, day: str, before_id: int) -> str:
    """The source the last correction of `day` before event `before_id` cited."""
    details = session.exec(
        select(Event.details).where(Event.action == "calendar.day_corrected",
                                    Event.entity_id == entity, Event.field == day,
                                    col(Event.id) < before_id)
        .order_by(col(Event.id).desc())).first()
    found = _decoded(details) or {}
    return "" if found.get("correction_removed") else str(found.get("source") or "")


def _not_entered(session: Session, code: str, year: int) -> Problem:
    """Why `year` has no entered schedule to remove, in the officer's words."""
    schedule = calendar_for(session, code).schedule(year)
    if schedule.origin == "shipped":
        return Problem("year", f"{code} {year} ships with the app: only a year entered "
                               "with Add published year… can be removed "
                               "(Correct a day… changes one of its days)")
    return Problem("year", f"{code} {year} was not entered: its days are estimated from the "
                           "statutory holiday rules (the holidays library), so there is no "
                           "entered year to remove")


def year_removal(session: Session, code: str, year: int) -> YearRemoval | None:
    """What removing the entered `year` of `code` would do; None when it was not entered
    (shipped or estimated: nothing to remove). Reads only."""
    held = session.exec(select(CalendarYear).where(
        CalendarYear.calendar == code, CalendarYear.year == year)).first()
    if held is None:
        return None
    rows = session.exec(select(CalendarDay).where(
        CalendarDay.calendar == code, col(CalendarDay.day).like(f"{year}-%"))
        .order_by(col(CalendarDay.day))).all()
    days, corrections = [], []
    for row in rows:
        if held.source and entered_with_year(session, code, row.day, row.source, held.source):
            days.append([row.day, row.kind, row.name])
        else:
            corrections.append([row.day, row.kind, row.name, row.source])
    entity = f"{code}-{year}"
    restored = []
    if (first := _first_entry(session, entity)) is not None:
        before = _decoded(first.old_value) or {}
        if "source" not in before:  # else the year was held before the trail kept entries
            for entry in before.get("days") or []:
                if isinstance(entry, list) and len(entry) >= 2:
                    restored.append([str(entry[0]), str(entry[1]),
                                     str(entry[2]) if len(entry) > 2 else "",
                                     _correction_source(session, entity, str(entry[0]),
                                                        first.id or 0)])
    fallback = build_calendar(code).schedule(year)
    return YearRemoval(code, year, held.source, held.official, days, corrections, restored,
                       "shipped" if fallback.origin == "shipped" else "estimated",
                       fallback.source)


def remove_calendar_year(*, session: Session, actor: Actor, calendar: str, year: int,
                         reason: str) -> YearRemoval:
    """Take back a year entered by mistake (a wrong year typed, an estimate entered for
    the wrong calendar): the year is again as the app has it without the entry — the
    shipped schedule, else the estimate — with the corrections made before it was entered
    (which the entry replaced) back, and every deadline counted through it recounted.

    The corrections of its days made after it was entered were corrections of the entered
    schedule: they go with it, each named in the event (the trail keeps them all). A year
    that ships with the app or is estimated has nothing entered and is refused.

    Recorded as `calendar.year_removed`: the entry (source, days, corrections) as the old
    value, the schedule it falls back to and the corrections put back as the new."""
    actor = require(session, actor, "calendar.edit")
    if calendar not in CALENDAR_CODES:
        raise InputError(Problem("calendar", f"{calendar!r} is not one of {', '.join(CALENDAR_CODES)}"))
    if not has_visible_text(reason):
        raise InputError(Problem("reason", "say why the entered year is removed"))
    removal = year_removal(session, calendar, year)
    if removal is None:
        raise InputError(_not_entered(session, calendar, year))
    held = session.exec(select(CalendarYear).where(
        CalendarYear.calendar == calendar, CalendarYear.year == year)).one()
    for row in session.exec(select(CalendarDay).where(
            CalendarDay.calendar == calendar, col(CalendarDay.day).like(f"{year}-%"))).all():
        session.delete(row)
    session.delete(held)
    session.flush()
    session.add_all(CalendarDay(calendar=calendar, day=day, kind=kind, name=name, source=source)
                    for day, kind, name, source in removal.restored)
    session.flush()
    append_event(
        session, actor=actor, action="calendar.year_removed", entity="calendar",
        entity_id=f"{calendar}-{year}",
        old={"source": removal.source, "official": removal.official,
             "entered_by": held.entered_by, "entered_at": held.entered_at,
             "days": removal.days, "corrections": removal.corrections},
        new={"schedule": removal.falls_back_to, "source": removal.fallback_source,
             "restored": removal.restored},
        reason=reason,
    )
    why = f"{calendar} schedule entered for {year} removed"
    _recompute_running_clocks(session, actor, calendar, why, date(year, 12, 31))
    _recount_obligations(session, actor, calendar, why, date(year, 12, 31),
                         {"year": year, "removed": True})
    return removal
