"""Filing tracks: transitions, clocks, obligations and the holiday-calendar overrides.

Every function takes the session as a keyword argument and runs inside the caller's unit
of work; a refused transition raises before anything is written, so the transaction
rolls back with nothing changed. The transition tables in `domain.workflow` decide what
is possible; this module checks who asks, applies the clock and records the event.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from sqlalchemy import bindparam, or_
from sqlmodel import Session, col, select

from approvals.domain import workflow as wf
from approvals.domain.approval_changes import (
    ChangedAfterApproval,
    awaiting_filing_states,
    changed_words,
    changes_after,
)
from approvals.domain.audit import CONTENT_ACTIONS, action_label
from approvals.domain.calendars import (
    CALENDAR_CODES,
    DAY_KINDS,
    Calendar,
    DayOverride,
    YearOverride,
    build_calendar,
    estimated_note,
)
from approvals.domain.clocks import (
    MAX_DAYS,
    UNITS,
    DayCount,
    add_years,
    clock_status,
    compute_deadline,
    count_due,
    describe,
    escape_template,
    fmt_date,
    pauses_from_json,
    render_due_text,
    unit_words,
)
from approvals.domain.dates import iso_date, parse_date, utc_text
from approvals.domain.document_types import evidence_type
from approvals.domain.errors import ConflictError, InputError, NotFound, Problem, TransitionRefused
from approvals.domain.event_text import condition_words
from approvals.domain.field_labels import fact_label
from approvals.domain.filing_kinds import kind_name
from approvals.domain.numbers import counted
from approvals.domain.typed_input import (
    NAME_CHARS,
    REASON_CHARS,
    has_visible_text,
    one_line_problem,
    refuse_unprintable,
)
from approvals.domain.wording import and_joined, filed_against_due, mid_sentence
from approvals.services.access import current_actor, require
from approvals.services.approval_changes import track_changes_after_approval
from approvals.services.audit_view import person_named, user_names
from approvals.services.case_lifecycle import _check_version as check_case_version
from approvals.services.case_lifecycle import read_only_message, writable_case
from approvals.services.screening import current_screening, unscreened_of
from approvals.store.audit import Actor, append_event
from approvals.store.cases import rows_of_case
from approvals.store.models import (
    CalendarDay,
    CalendarYear,
    Case,
    Document,
    Event,
    FilingTrack,
    Obligation,
    utc_now,
)
from approvals.store.settings import get_setting

OBLIGATION_STATUSES = ("open", "fulfilled", "waived")


# -- calendars --------------------------------------------------------------------------
# A calendar's officer entries, built once (the calendar is a bound parameter): read for
# every deadline computed, and a prebuilt statement skips building it each time.
_YEARS_OF_CALENDAR = select(CalendarYear).where(CalendarYear.calendar == bindparam("code"))
_DAYS_OF_CALENDAR = select(CalendarDay).where(CalendarDay.calendar == bindparam("code"))


def calendar_for(session: Session, code: str) -> Calendar:
    """The domain calendar for `code`: shipped schedules plus the officer's overrides."""
    if code not in CALENDAR_CODES:
        raise InputError(Problem("calendar", f"{code!r} is not one of {', '.join(CALENDAR_CODES)}"))
    years = session.exec(_YEARS_OF_CALENDAR, params={"code": code}).all()
    days = session.exec(_DAYS_OF_CALENDAR, params={"code": code}).all()
    return build_calendar(
        code,
        year_overrides=[YearOverride(y.year, y.source, y.official) for y in years],
        day_overrides=[
            DayOverride(date.fromisoformat(d.day), d.kind, d.name, d.source) for d in days
        ],
    )


@dataclass(frozen=True)
class CalendarYearView:
    calendar: str
    year: int
    official: bool
    source: str
    origin: str  # shipped | officer
    holidays: list[tuple[str, str]]
    workdays: list[tuple[str, str]]
    corrections: list[tuple[str, str, str]]  # (day, kind, name) officer corrections
    entered_by: str = ""  # an officer-entered year: who entered it last, and when (UTC)
    entered_at: str = ""


def calendar_years(session: Session, code: str) -> list[CalendarYearView]:
    """The years the calendar holds (shipped and officer-entered), for the calendar screen."""
    cal = calendar_for(session, code)
    days = session.exec(select(CalendarDay).where(CalendarDay.calendar == code)).all()
    entered = {y.year: (y.entered_by, y.entered_at) for y in session.exec(
        select(CalendarYear).where(CalendarYear.calendar == code))}
    out = []
    for sched in cal.held_years():
        by, at = entered.get(sched.year, ("", "")) if sched.origin == "officer" else ("", "")
        out.append(
            CalendarYearView(
                calendar=code,
                year=sched.year,
                official=sched.official,
                source=sched.source,
                origin=sched.origin,
                holidays=sorted((d.isoformat(), n) for d, n in sched.holidays.items()),
                workdays=sorted((d.isoformat(), n) for d, n in sched.workdays.items()),
                corrections=sorted(
                    (d.day, d.kind, d.name) for d in days if d.day.startswith(f"{sched.year}-")
                ),
                entered_by=by,
                entered_at=at,
            )
        )
    return out


def _day_rows(code: str, days: list[dict[str, Any]], source: str, year: int | None) -> list[CalendarDay]:
    problems: list[Problem] = []
    rows: list[CalendarDay] = []
    seen: dict[date, int] = {}  # a day listed twice (or as holiday and workday) is ambiguous
    for i, item in enumerate(days):
        where = f"days[{i}]"
        try:
            day = iso_date(str(item.get("day") or item.get("date")))
        except ValueError:
            problems.append(Problem(f"{where}.day", f"{item.get('day')!r} is not a date (YYYY-MM-DD)"))
            continue
        kind = item.get("kind")
        if kind not in DAY_KINDS:
            problems.append(Problem(f"{where}.kind", f"{kind!r} is not one of {', '.join(DAY_KINDS)}"))
            continue
        if year is not None and day.year != year:
            problems.append(Problem(f"{where}.day", f"{day} is not in {year}"))
            continue
        if day in seen:
            problems.append(Problem(f"{where}.day", f"{day} is already listed as days[{seen[day]}]"))
            continue
        seen[day] = i
        name = str(item.get("name", ""))
        if issue := one_line_problem(name, NAME_CHARS, "a name"):
            problems.append(Problem(f"{where}.name", issue))
            continue
        rows.append(CalendarDay(calendar=code, day=day.isoformat(), kind=kind,
                                name=name.strip(), source=source))
    if problems:
        raise InputError(problems)
    return rows


def add_calendar_year(
    *,
    session: Session,
    actor: Actor,
    calendar: str,
    year: int,
    source: str,
    days: list[dict[str, Any]],
    official: bool = True,
    reason: str = "",
) -> CalendarYearView:
    """Enter a newly published schedule: its holidays and make-up working days, with source.

    `days` items: {"day": "YYYY-MM-DD", "kind": "holiday"|"workday", "name": "..."}.
    """
    actor = require(session, actor, "calendar.edit")
    if calendar not in CALENDAR_CODES:
        raise InputError(Problem("calendar", f"{calendar!r} is not one of {', '.join(CALENDAR_CODES)}"))
    if not source.strip():
        raise InputError(Problem("source", "say where the schedule was published"))
    if issue := one_line_problem(source, REASON_CHARS, "a source"):
        raise InputError(Problem("source", issue))
    source = source.strip()
    if not 1990 <= year <= 2200:
        raise InputError(Problem("year", f"{year} is not a plausible year"))
    rows = _day_rows(calendar, days, source, year)
    # The dialog refuses it too: a weekday is worked anyway, so a "make-up" one is a
    # mistyped date (the notice's make-up days fall on weekends).
    weekend = calendar_for(session, calendar).weekend
    weekday_problems = [
        Problem(f"days[{i}].day", f"{row.day} is a {date.fromisoformat(row.day).strftime('%A')}, "
                "a working day anyway; make-up working days are the weekend days the notice "
                "says are worked")
        for i, row in enumerate(rows)
        if row.kind == "workday" and date.fromisoformat(row.day).weekday() not in weekend]
    if weekday_problems:
        raise InputError(weekday_problems)
    existing = session.exec(
        select(CalendarYear).where(CalendarYear.calendar == calendar, CalendarYear.year == year)
    ).first()
    if existing is not None and (existing.source, existing.official) == (source, official):
        held = session.exec(select(CalendarDay).where(
            CalendarDay.calendar == calendar, col(CalendarDay.day).like(f"{year}-%"))).all()
        if ({(r.day, r.kind, r.name, r.source) for r in held}
                == {(r.day, r.kind, r.name, r.source) for r in rows}):
            # The same schedule entered again: nothing to record, no deadline moves.
            return next(v for v in calendar_years(session, calendar) if v.year == year)
    old = None
    if existing is not None:
        old = {"source": existing.source, "official": existing.official}
        existing.source, existing.official = source, official
        existing.entered_by, existing.entered_at = actor.username, utc_now()
        session.add(existing)
    else:
        session.add(CalendarYear(calendar=calendar, year=year, source=source, official=official,
                                 entered_by=actor.username))
    # The entered year replaces earlier officer entries for its days; the trail keeps them.
    replaced = session.exec(
        select(CalendarDay).where(CalendarDay.calendar == calendar,
                                  col(CalendarDay.day).like(f"{year}-%"))
        .order_by(col(CalendarDay.day))
    ).all()
    if replaced:
        old = {**(old or {}), "days": [[r.day, r.kind, r.name] for r in replaced]}
    for row in replaced:
        session.delete(row)
    session.add_all(rows)
    session.flush()
    append_event(
        session, actor=actor, action="calendar.year_set", entity="calendar",
        entity_id=f"{calendar}-{year}", old=old,
        new={"source": source, "official": official,
             "days": [[r.day, r.kind, r.name] for r in rows]},
        reason=reason,
    )
    _recompute_running_clocks(session, actor, calendar, f"{calendar} schedule for {year} entered",
                              date(year, 12, 31))
    _recount_obligations(session, actor, calendar, f"{calendar} schedule for {year} entered",
                         date(year, 12, 31), {"year": year})
    return next(v for v in calendar_years(session, calendar) if v.year == year)


CORRECTION_SOURCE_NEEDED = ("say where the correction comes from: the notice that says so "
                            "(e.g. State Council notice of 2026-11-05)")


def correct_calendar_day(
    *,
    session: Session,
    actor: Actor,
    calendar: str,
    day: date,
    kind: str,
    name: str = "",
    source: str = "",
    reason: str,
) -> None:
    """Correct one day: make it a holiday (not worked) or a working day."""
    actor = require(session, actor, "calendar.edit")
    if calendar not in CALENDAR_CODES:
        raise InputError(Problem("calendar", f"{calendar!r} is not one of {', '.join(CALENDAR_CODES)}"))
    if kind not in DAY_KINDS:
        raise InputError(Problem("kind", f"{kind!r} is not one of {', '.join(DAY_KINDS)}"))
    # Where the correction comes from, as each entered year carries its notice: an auditor
    # must see which notice made a day a holiday (a renamed day cites the notice naming it).
    source = source.strip()
    missing = ([] if source else [Problem("source", CORRECTION_SOURCE_NEEDED)]) + (
        [] if reason.strip() else [Problem("reason", "say why the day is corrected")]) + [
        Problem(field, issue) for field, text, most, what in (
            ("name", name, NAME_CHARS, "a name"), ("source", source, REASON_CHARS, "a source"))
        if (issue := one_line_problem(text, most, what))]
    if missing:
        raise InputError(missing)
    name = name.strip()
    before_working, before_name = calendar_for(session, calendar).day_info(day, period=False)
    existing = session.exec(
        select(CalendarDay).where(CalendarDay.calendar == calendar, CalendarDay.day == day.isoformat())
    ).first()
    if existing is not None:
        session.delete(existing)
        session.flush()
    session.add(CalendarDay(calendar=calendar, day=day.isoformat(), kind=kind, name=name, source=source))
    session.flush()
    append_event(
        session, actor=actor, action="calendar.day_corrected", entity="calendar",
        entity_id=f"{calendar}-{day.year}", field=day.isoformat(),
        old={"working": before_working, "name": before_name},
        new={"working": kind == "workday", "name": name},
        reason=reason, details={"source": source},
    )
    _recompute_running_clocks(session, actor, calendar, f"{calendar} day {day} corrected", day)
    _recount_obligations(session, actor, calendar, f"{calendar} day {day} corrected", day,
                         {"day": day.isoformat()})


def _recompute_running_clocks(session: Session, actor: Actor, code: str, why: str,
                              last_changed: date) -> None:
    """A calendar edit moves the stored due dates (the case list, dashboard and PDFs read
    them) of every running clock counted on that calendar; each move is audited. A clock
    starting after the last changed day cannot be affected."""
    tracks = session.exec(
        select(FilingTrack).where(FilingTrack.clock_calendar == code,
                                  col(FilingTrack.clock_start) <= last_changed.isoformat(),
                                  col(FilingTrack.clock_days).is_not(None))
    ).all()
    calendar = calendar_for(session, code)  # once: the edit is already flushed
    for track in tracks:
        before = (track.due_date, track.due_estimated)
        _recompute_due(session, track, calendar)
        if (track.due_date, track.due_estimated) == before:
            continue
        session.add(track)
        session.flush()
        append_event(
            session, actor=actor, action="track.due_recomputed", entity="track",
            entity_id=str(track.id), case_id=track.case_id, track_id=track.id,
            field="due_date", old=before[0], new=track.due_date, reason=why,
            details={"estimated": [before[1], track.due_estimated]},
        )


# -- tracks -----------------------------------------------------------------------------
def _get_track(session: Session, track_id: int) -> FilingTrack:
    track = session.get(FilingTrack, track_id)
    if track is None:
        raise NotFound(f"There is no filing track {track_id}.")
    return track


def solo_mode(session: Session) -> bool:
    return get_setting(session, "solo_mode", False) is True


def solo_mode_kept(details: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """What a self-approval's event kept of the solo mode that let it through (when, by
    whom and why it was switched on; _solo_mode_record), as (name, value) pairs."""
    solo = details.get("solo_mode")
    return tuple((key, str(solo[key])) for key in ("since", "by", "reason")
                 if isinstance(solo, dict) and solo.get(key))


def _solo_mode_record(session: Session) -> dict[str, Any]:
    """What let a self-approval through, kept in its event: solo mode on, and when, by whom
    and why it was switched on (its settings event: a later re-save while on keeps the
    first). Only {"on": true} when the trail does not say (a setting stored otherwise)."""
    record: dict[str, Any] = {"on": True}
    for e in session.exec(select(Event).where(
            Event.action == "settings.changed", Event.field == "solo_mode")
            .order_by(col(Event.id).desc())).all():
        if json.loads(e.new_value or "null") is not True:
            break  # switched off last: not what allowed this step
        if json.loads(e.old_value or "null") is not True:
            record.update(since=e.occurred_at, by=e.actor,
                          **({"reason": e.reason} if e.reason else {}))
            break
    return record


# A track's evidence: its case's documents for it or for the whole case. Built once (as
# the statements below): every guard context reads it.
_EVIDENCE_OF_TRACK = select(Document.doc_type, Document.is_rendering).where(
    Document.case_id == bindparam("case_id"),
    or_(col(Document.track_id) == bindparam("track_id"), col(Document.track_id).is_(None)),
    col(Document.withdrawn_at).is_(None),  # a withdrawn document is no evidence
)


def _documents(session: Session, track: FilingTrack) -> frozenset[str]:
    rows = session.exec(_EVIDENCE_OF_TRACK,
                        params={"case_id": track.case_id, "track_id": track.id}).all()
    # A filing kind's type counts for the stored final only, not a file attached under it.
    return frozenset(t for doc_type, rendering in rows if (t := evidence_type(doc_type, rendering)))


def _facts(session: Session, track: FilingTrack) -> dict[str, Any]:
    case = session.get(Case, track.case_id)
    return json.loads(case.facts) if case else {}


def _last_step_into(session: Session, track: FilingTrack, state: str) -> Event | None:
    """The latest step that took the track into `state` (its audit event's new value)."""
    return session.exec(
        select(Event).where(Event.track_id == track.id, Event.action == "track.transition",
                            Event.new_value == json.dumps(state))
        .order_by(col(Event.id).desc())
    ).first()


def _changed_since_submission(session: Session, track: FilingTrack) -> tuple[str, ...]:
    """Who changed the case's content (domain.audit.CONTENT_ACTIONS: what an internal
    review covers) in the round the review decides: since the track's last review decision
    (returned to the preparer, or approved before it came back) taken by someone who made
    none of the changes it settled, else since the case was created, and after the
    submission too. Only after the submission, an approver who
    rewrote the facts and had a colleague press Submit approved their own work unmarked."""
    if track.state != "internal_review" or track.id is None:
        return ()
    submitted = _last_step_into(session, track, "internal_review")
    if submitted is None:
        return ()
    # The review decisions before this submission, in order: steps out of the review (a
    # step that stays in it, recording the completion date, decides nothing).
    decisions = session.exec(select(Event.id, Event.actor).where(
        Event.track_id == track.id, Event.action == "track.transition",
        Event.old_value == json.dumps("internal_review"),
        Event.new_value != json.dumps("internal_review"), col(Event.id) < submitted.id)
        .order_by(col(Event.id))).all()
    changes = session.exec(select(Event.id, Event.actor).where(
        Event.case_id == track.case_id, col(Event.action).in_(sorted(CONTENT_ACTIONS)))).all()
    # The first round: from the case's beginning. Creating and screening a case come before
    # its tracks open, so from the opening the one who entered every fact could approve.
    # A decision settles the changes not yet settled, unless its taker made one of them:
    # a return of one's own changes decides nothing of them (refused the approval of his
    # edits, an approver returned the track himself, the preparer submitted it again
    # unchanged, and his approval went through unmarked).
    unsettled: set[str] = set()
    after = 0
    for decided_at, decided_by in decisions:
        unsettled |= {who for at, who in changes if after < (at or 0) <= (decided_at or 0)}
        if decided_by not in unsettled:
            unsettled = set()
        after = decided_at or 0
    unsettled |= {who for at, who in changes if (at or 0) > after}
    return tuple(sorted(unsettled))


# The case's filing data as a filing reads it (services.filings.FilingData), read once
# for all the tracks one listing shows: each track's context read the whole case again.
FilingRead = Callable[[], Any]


def _context(session: Session, track: FilingTrack, actor: Actor | None, reason: str,
             params: dict[str, Any], inputs_known: bool,
             filing_data: FilingRead | None = None) -> wf.GuardContext:
    return wf.GuardContext(
        actor=actor.username if actor else "",
        roles=tuple(actor.roles) if actor else (*wf.ANYONE_RESPONSIBLE, "reviewer"),
        facts=_facts(session, track),
        documents=_documents(session, track),
        outcome=track.outcome,
        submitted_by=track.submitted_by,
        changed_since_submission=_changed_since_submission(session, track),
        solo_mode=solo_mode(session),
        reason=reason or "",
        params=params,
        inputs_known=inputs_known,
        filing_missing=_filing_missing(session, track, filing_data),
        changed_since_screening=_changed_since_screening(session, track),
        clock_set=bool(track.clock_start or track.due_date),
    )


def _changed_since_screening(session: Session, track: FilingTrack) -> tuple[str, ...]:
    """The facts paths changed since the case was screened, if they change the track's
    regime's determination (services.screening.unscreened_changes). Read only where a step
    from the track's state has the screening_current guard: it reads the case's events."""
    if not any(g.kind == "screening_current"
               for t in wf.transitions_from(track.kind, track.state) for g in t.guards):
        return ()
    case = session.get(Case, track.case_id)
    return unscreened_of(session, case).paths_for(track.regime) if case else ()


# What a filing's missing list names that is no entry of the officer's: a screening and a
# track of the filing's regimes, which the track itself stands for (a screening opened it).
NOT_ENTERED = ("screening", "tracks")


def _filing_missing(session: Session, track: FilingTrack,
                    filing_data: FilingRead | None = None, *,
                    state: str | None = None) -> tuple[str, ...]:
    """What the track's filing lacks for its final (filing_complete guard), each named as
    a draft's page 1 names it, by the rule the final rendering refuses with. Read only
    where a step from the track's state (or `state`, looking ahead) has that guard: the
    case window and dashboards build contexts often, and reading the whole case for the
    filing is not free. `filing_data`: the case's filing data read once for several
    tracks (case_tracks)."""
    if not any(g.kind == "filing_complete"
               for t in wf.transitions_from(track.kind, state or track.state) for g in t.guards):
        return ()
    # Not at the top: services.filings imports this module.
    from approvals.domain.field_labels import with_path
    from approvals.filings.common import missing_fields
    from approvals.services.filings import load_filing_data

    if filing_data is not None:
        data = filing_data()
    else:
        case = session.get(Case, track.case_id)
        if case is None:
            return ()
        data = load_filing_data(session, case.reference, with_timeline=False)
    own = tuple(t for t in data.tracks if t.id == track.id)
    names: list[str] = []
    for kind in wf.workflow(track.kind).filing_documents:
        for path, label in missing_fields(kind, data, own, english=True):
            if path in NOT_ENTERED:
                continue
            named = with_path(path, label or path)
            if named not in names:  # a fact both filings need is said once
                names.append(named)
    return tuple(names)


# Dates a step records of something that has happened: one after today is a typo for the
# year (a completion date "2027" started the notification clock months on).
NOT_COMPLETED_YET = ("{day} is after today: record the completion date once the "
                     "transaction has completed; until then the due date is projected from "
                     "the expected completion date (Edit facts…)")
_NOT_YET = {
    "completion_date": NOT_COMPLETED_YET,
    "knowledge_date": "{day} is after today: the knowledge date is the day the US person "
                      "learned of the transaction, so it has already happened",
}


def _as_date(value: Any, name: str) -> date:
    if isinstance(value, date):
        return value
    return parse_date(str(value), name)


def condition_due(calendar: Calendar, on: date, days: int,
                  unit: str = "calendar") -> tuple[date, list[int]]:
    """The due date of a condition `days` (calendar or working) days after the decision
    `on`, and the years without an official schedule it was counted in (its due date is
    then estimated).

    The rule `transition` stores, shared so the step dialog shows the same date before."""
    counted = count_due(calendar, DayCount(days, unit, on, calendar.code))
    return counted.due, list(counted.estimated_years)


def conditions_calendar(*, session: Session, track_id: int) -> Calendar:
    """The calendar a conditional clearance of the track counts its conditions' days on."""
    return calendar_for(session, _get_track(session, track_id).clock_calendar or "CN")


@dataclass(frozen=True)
class _NewObligation:
    text: str
    due: date | None
    count: DayCount | None = None  # a due date counted in days: recounted with the calendar
    template: str | None = None


def _counted_obligation(calendar: Calendar, count: DayCount, template: str) -> _NewObligation:
    counted = count_due(calendar, count)
    note = estimated_note(count.calendar, counted.estimated_years)
    return _NewObligation(render_due_text(template, counted, note), counted.due, count, template)


def _conditions(value: Any, on: date, calendar: Calendar) -> list[_NewObligation]:
    """The conditions from [{"text": ..., "due_date": ... | "due_days": N [, "due_unit":
    "calendar" | "working"]}] or strings.

    A period in days is counted in calendar days unless `due_unit` says working days; in
    calendar days a last day that is not a working day moves to the next working day, as
    for the statutory periods (Civil Code arts. 201, 203). A due date counted through a
    year without an official schedule says it is estimated, and is recounted when the
    schedule is entered; a typed due date stays as typed."""
    if not isinstance(value, list) or not value:
        raise InputError(Problem("conditions", "expected a non-empty list of conditions"))
    out: list[_NewObligation] = []
    problems: list[Problem] = []
    for i, item in enumerate(value):
        item = {"text": item} if isinstance(item, str) else item
        text = condition_words(str(item.get("text", ""))) if isinstance(item, dict) else ""
        if not text:
            problems.append(Problem(f"conditions[{i}].text", "required field is missing"))
            continue
        unit = item.get("due_unit") or "calendar"
        if unit not in UNITS:
            problems.append(Problem(f"conditions[{i}].due_unit",
                                    f"{unit!r} is not one of {', '.join(UNITS)}"))
            continue
        try:
            if item.get("due_date") and item.get("due_days") is not None:
                # As the step dialog refuses it: the days were dropped without a word.
                problems.append(Problem(f"conditions[{i}].due_days",
                                        "give a due date or a number of days, not both"))
                continue
            if item.get("due_date"):
                due = _as_date(item["due_date"], f"conditions[{i}].due_date")
                if due < on:  # as the step dialog refuses it, for every caller
                    problems.append(Problem(
                        f"conditions[{i}].due_date",
                        f"{fmt_date(due)} is before the decision date, {fmt_date(on)}"))
                    continue
                out.append(_NewObligation(text, due))
            elif item.get("due_days") is not None:
                days = _whole_number(item["due_days"])
                if days < 0:
                    raise ValueError(days)
                out.append(_counted_obligation(calendar, DayCount(days, unit, on, calendar.code),
                                               escape_template(text) + "{due_note}"))
            else:
                out.append(_NewObligation(text, None))
        except InputError as exc:  # a bad date, or more days than any period runs
            problems += [Problem(f"conditions[{i}].due_days", p.message)
                         if p.path in ("days", "unit", "from") else p for p in exc.problems]
            continue
        except (TypeError, ValueError):
            problems.append(Problem(f"conditions[{i}].due_days", "expected a whole number of days"))
            continue
    if problems:
        raise InputError(problems)
    return out


def _whole_number(value: Any) -> int:
    """A count of days given to a service: True is not a day, nor 2.7 two of them
    (ValueError; TypeError for what is no number at all)."""
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(value)
    return int(value)


def _track_spec(track: FilingTrack, start: date) -> wf.ClockSpec:
    """The clock parameters a running clock was started with; for a phase the data no
    longer (or never) named, the track's own stored fields, without roll or citation."""
    try:
        return wf.clock_spec(track.kind, track.clock_phase or "", start)
    except NotFound:
        return wf.ClockSpec(track.kind, track.clock_phase or "", start, track.clock_days,
                            track.clock_unit or "working", track.clock_calendar or "CN",
                            False, None, "", False)


def _extension_left(track: FilingTrack, spec: wf.ClockSpec) -> int | None:
    """Days of the statutory extension not yet granted on the running clock (None: the
    rules set no length; the authority's notice does)."""
    if spec.extension_days is None:
        return None
    granted = (track.clock_days or 0) - spec.days if spec.days is not None else 0
    return max(spec.extension_days - granted, 0)


def _extension_hint(track: FilingTrack, step: wf.Transition) -> tuple[str, bool, str | None]:
    """For an extension step: what its Days field takes, whether it must be given (the
    rules set no length), and why the step cannot be taken (the extension is used up)."""
    assert step.clock is not None and step.clock.phase is not None
    if not track.clock_start:
        return "", False, None
    try:
        spec = wf.clock_spec(track.kind, step.clock.phase, date.fromisoformat(track.clock_start))
    except NotFound:
        return "", False, None
    left = _extension_left(track, spec)
    if left is None:
        return f"{spec.unit} days, as the authority's notice says", True, None
    if left == 0:
        return "", False, (f"the extension is at most "
                           f"{unit_words(spec.unit, spec.extension_days or 0)} in all, and all "
                           "of it has been granted")
    whole = f" of {spec.extension_days}" if left != spec.extension_days else ""
    return f"{spec.unit} days; empty: {left}, what is left{whole} of the extension", False, None


def _recompute_due(session: Session, track: FilingTrack, calendar: Calendar | None = None) -> None:
    if not track.clock_start or track.clock_days is None or not track.clock_calendar:
        track.due_date, track.due_estimated = None, False
        return
    start = date.fromisoformat(track.clock_start)
    spec = _track_spec(track, start)
    deadline = compute_deadline(
        calendar or calendar_for(session, track.clock_calendar), start, track.clock_days,
        track.clock_unit or "working", roll=spec.roll,
        pauses=pauses_from_json(json.loads(track.clock_pauses or "[]")),
    )
    track.due_date = deadline.due.isoformat() if deadline.due else None
    track.due_estimated = deadline.estimated


def _clear_clock(track: FilingTrack) -> None:
    track.clock_phase = track.clock_calendar = track.clock_unit = None
    track.clock_days = None
    track.clock_start = track.clock_stopped_on = None
    track.clock_pauses = "[]"
    track.due_date, track.due_estimated = None, False


def _apply_clock(session: Session, track: FilingTrack, op: wf.ClockOp, on: date,
                 params: dict[str, Any]) -> dict[str, Any]:
    """Change the clock fields for `op`; returns what to record in the event."""
    if op.op == "start":
        assert op.phase is not None
        start = _as_date(params["completion_date"], "completion_date") if params.get(
            "completion_date") else on
        phase = op.phase
        if op.from_acceptance and (accepted := _accepted_on(session, track)) is not None:
            if (track.clock_phase, track.clock_start) == (phase, accepted.isoformat()):
                return {}  # running since the acceptance: the review carries it on
            start = accepted  # a track accepted before acceptance started its clock
        if op.knowledge_phase and params.get("knowledge_date"):
            # The completion itself must fall where the program applies: one completed
            # before its first notification period was accepted through the knowledge date.
            wf.clock_spec(track.kind, phase, start)
            known = _as_date(params["knowledge_date"], "knowledge_date")
            if known <= start:
                raise InputError(Problem(
                    "knowledge_date", f"{known} is not after the completion date {start}: "
                    "knowledge acquired by completion does not move the deadline (it runs "
                    "from the completion date); leave the knowledge date empty"))
            phase, start = op.knowledge_phase, known  # the period runs from the knowledge
        # The version in force when the period starts (the completion date, for US-OISP),
        # as _recompute_due reads it: not the day the step happens to be recorded.
        spec = wf.clock_spec(track.kind, phase, start)
        _clear_clock(track)
        track.clock_phase, track.clock_calendar, track.clock_unit = phase, spec.calendar, spec.unit
        track.clock_days = spec.days
        track.clock_start = start.isoformat()
        _recompute_due(session, track)
        return {"clock": "started", "phase": phase, "start": start.isoformat(),
                "days": spec.days, "unit": spec.unit, "calendar": spec.calendar,
                "citation": spec.citation}
    if op.op == "stop":
        pauses = json.loads(track.clock_pauses or "[]")
        # A stop before the period began, or inside an earlier pause, would count the same
        # days twice or stop a clock that was not running.
        if track.clock_start and on < date.fromisoformat(track.clock_start):
            # Dates as the clock line says them, not as stored.
            raise InputError(Problem("on", "the clock started on "
                                     f"{fmt_date(date.fromisoformat(track.clock_start))}; it "
                                     f"cannot be stopped on {fmt_date(on)}"))
        if pauses and pauses[-1][1] and on < date.fromisoformat(pauses[-1][1]):
            raise InputError(Problem("on", "the clock last resumed on "
                                     f"{fmt_date(date.fromisoformat(pauses[-1][1]))}; it "
                                     f"cannot be stopped again on {fmt_date(on)}"))
        pauses.append([on.isoformat(), None])
        track.clock_pauses = json.dumps(pauses)
        track.clock_stopped_on = on.isoformat()
        # No due date while stopped, unless the period ran out by the stop day: materials
        # asked for late stop nothing, and the track stays due (overdue) on the dashboard.
        _recompute_due(session, track)
        return {"clock": "stopped", "stopped_on": on.isoformat(),
                **({"stopped_nothing": True} if track.due_date else {})}
    if op.op == "resume":
        pauses = json.loads(track.clock_pauses or "[]")
        if not pauses or pauses[-1][1] is not None:
            raise TransitionRefused("The clock is not stopped, so it cannot resume.")
        stop = date.fromisoformat(pauses[-1][0])
        if on < stop:
            raise InputError(Problem("on", f"the clock stopped on {fmt_date(stop)}; it cannot "
                                     f"resume on {fmt_date(on)}"))
        # A due date while stopped: the stop came when the period had run out, and kept no
        # day from counting ("clock stopped for 6 working days" read as the due date moved).
        stopped_nothing = track.due_date is not None
        pauses[-1][1] = on.isoformat()
        track.clock_pauses = json.dumps(pauses)
        track.clock_stopped_on = None
        calendar = calendar_for(session, track.clock_calendar) if track.clock_calendar else None
        _recompute_due(session, track, calendar)
        # The days the stop kept from counting, in the clock's own unit and named by it
        # (events before held "stopped_days": calendar days, whatever the clock's unit).
        stopped: dict[str, Any]
        if (track.clock_unit or "working") == "working" and calendar is not None:
            stopped = {"stopped_working_days": 0 if stopped_nothing
                       else calendar.working_days_in(stop, on)}
        else:
            stopped = {"stopped_calendar_days": 0 if stopped_nothing else (on - stop).days}
        if stopped_nothing:
            stopped["stopped_nothing"] = True
        return {"clock": "resumed", "resumed_on": on.isoformat(), **stopped}
    if op.op == "extend":
        assert op.phase is not None
        spec = wf.clock_spec(track.kind, op.phase, date.fromisoformat(track.clock_start or on.isoformat()))
        # Without a number, what is left of the statutory extension (all of it the first time).
        days = params.get("days", _extension_left(track, spec))
        if days is None:
            raise InputError(Problem("days", "give the length of the extension in "
                                             f"{spec.unit} days, as the authority's notice says"))
        if days == 0 and params.get("days") is None:  # nothing given, nothing left
            raise InputError(Problem("days", f"the extension of {spec.extension_days} {spec.unit} "
                                             "days has been granted in full: none is left"))
        try:
            days = _whole_number(days)
        except (TypeError, ValueError):
            raise InputError(Problem("days", f"{days!r} is not a whole number")) from None
        if days <= 0:
            raise InputError(Problem("days", f"{days} must be more than 0"))
        if spec.extension_days is not None and days > spec.extension_days:
            raise InputError(Problem("days", f"the extension is at most {spec.extension_days} days"))
        if track.clock_days is None:
            raise TransitionRefused("There is no running clock to extend.")
        # The statutory cap is on the extension as a whole, not on each notice of it.
        granted = track.clock_days - spec.days if spec.days is not None else 0
        if spec.extension_days is not None and granted + days > spec.extension_days:
            raise InputError(Problem(
                "days", f"the extension is at most {spec.extension_days} days in all; "
                f"{granted} already granted, so at most {max(spec.extension_days - granted, 0)} more"))
        if track.clock_days + days > MAX_DAYS:
            # Said of the number typed: "6721 is more than 3660 days" named the running total.
            raise InputError(Problem("days", (
                f"{days:,} more {spec.unit} days would make the period {track.clock_days + days:,} "
                f"days, more than the {MAX_DAYS:,} a clock counts (ten years): check the number "
                "in the authority's notice")))
        track.clock_days += days
        _recompute_due(session, track)
        return {"clock": "extended", "extension_days": days, "days": track.clock_days}
    if op.op == "end":  # the due date it ran to stays in the step's `due_date` [old, None]
        _clear_clock(track)
        return {"clock": "ended"}
    raise ValueError(f"unknown clock op {op.op!r}")


def _changes_since(session: Session, track: FilingTrack, version: int) -> list[str]:
    """What was done to the track after `version`, as a person reads it: "Amy Archer (amy)
    took the step Approve for filing (Internal review → Approved for filing) at 2026-12-01
    09:15 UTC", not "amy at 2026-12-01T09:15:00Z: internal_review → approved_for_filing"."""
    events = session.exec(
        select(Event).where(Event.track_id == track.id).order_by(col(Event.id))
    ).all()
    names = user_names(session)
    out = []
    for e in events:
        details = json.loads(e.details or "{}")
        if int(details.get("version", 0)) > version:
            if e.action == "track.transition":
                step = next((t.label for t in wf.workflow(track.kind).transitions
                             if t.name == details.get("transition")), "")
                moved = f"{_state_words(track.kind, details.get('from'))} → " \
                        f"{_state_words(track.kind, details.get('to'))}"
                what = f"took the step {step} ({moved})" if step else f"moved it {moved}"
            else:
                what = action_label(e.action).lower()
            out.append(f"{person_named(e.actor, names)} {what} at {utc_text(e.occurred_at)}")
    return out


def _state_words(kind: str, state: Any) -> str:
    try:
        return wf.state_label(kind, str(state))
    except NotFound:  # a state no longer in the workflow
        return str(state)


def check_version(session: Session, track: FilingTrack, expected_version: int) -> None:
    if track.version == expected_version:
        return
    changes = _changes_since(session, track, expected_version)
    raise ConflictError(
        f"The {track.regime} track was changed by someone else since you loaded it"
        + (f": {'; '.join(changes)}" if changes else "") + ".",
        changes, reload="Reload it and try again; nothing was saved.",
    )


def transition(
    *,
    session: Session,
    track_id: int,
    transition_name: str,
    actor: Actor,
    reason: str = "",
    expected_version: int,
    today: date | None = None,
    **params: Any,
) -> FilingTrackView:
    """Take one step of the track's workflow, or raise and change nothing.

    `params`: `on` (the date the step took effect; default today) and the step's own
    inputs named in the table (conditions, days, completion_date, filing_reference ...).
    A step dated before the track's latest step is recorded (catching up, the earlier
    step may be the wrongly dated one, and steps are never edited; the app asks first),
    and its audit event names the later step it precedes.
    """
    today = today or date.today()
    track = _get_track(session, track_id)
    writable_case(session, track.case_id)  # a closed case's tracks take no step
    check_version(session, track, expected_version)
    step = wf.get_transition(track.kind, track.state, transition_name)
    # The roles the user holds now, not at sign-in: the step's role check and four-eyes use them.
    actor = current_actor(session, actor, needs=step.roles, what=f"take the step '{step.label}'")
    unknown = sorted(set(params) - set(step.params) - {"on"})
    if unknown:
        raise InputError([Problem(name, f"not an input of '{step.label}'") for name in unknown])
    # Typed into the step dialog: refused there, at the field, rather than recorded with
    # its code point showing (append_event).
    refuse_unprintable("reason", reason)
    # A filing reference of spaces is no reference: typed inputs count as the reason does.
    params = {name: value.strip() if isinstance(value, str) else value for name, value in params.items()}
    for name, refusal in _NOT_YET.items():
        day = _as_date(params[name], name) if params.get(name) else None
        if day is not None and day > today:
            raise InputError(Problem(name, refusal.format(day=day.isoformat())))
    if params.get("on"):
        on = _as_date(params["on"], "on")
    elif step.on_param and params.get(step.on_param):  # e.g. the completion date recorded
        on = _as_date(params[step.on_param], step.on_param)
    else:
        on = _default_on(session, track, step) or today
    # The role first, as wf.check would: a step the actor may not take is refused without
    # reading what its guards need (the case's filing data, among others).
    wf.check_role(step, actor.roles)
    ctx = _context(session, track, actor, reason, params, inputs_known=True)
    wf.check(step, ctx)  # raises PermissionDenied / TransitionRefused
    last = latest_step(track_history(session, track.id or 0), track.kind)

    old_state = track.state
    new_state = step.target_for(track.state, track.return_state)
    details: dict[str, Any] = {"from": old_state, "to": new_state, "transition": step.name,
                               "on": on.isoformat()}
    if any(g.kind == "four_eyes" for g in step.guards) and ctx.own_work:
        details["self_approval"] = True  # allowed only because solo mode is on
        details["solo_mode"] = _solo_mode_record(session)  # an auditor asks since when, who
    if last is not None and on < last[0]:  # out of date order: the auditor sees it
        details["before_last_step"] = {"step": last[1], "on": last[0].isoformat()}
    conditions = _conditions(params["conditions"], on,
                             conditions_calendar(session=session, track_id=track.id or 0)) \
        if "conditions" in step.params and params.get("conditions") is not None else []
    for name in PARTICULARS:
        if params.get(name):
            details[name] = str(params[name])
    due_before = track.due_date
    if step.clock is not None:
        if step.clock.op == "stop":
            track.return_state = old_state
        details.update(_apply_clock(session, track, step.clock, on, params))
        if step.clock.op == "resume":
            track.return_state = None
    if step.records_submitter:
        track.submitted_by = actor.username
    if wf.workflow(track.kind).state(new_state).final or wf.is_decided(track.kind, new_state):
        track.completed_on = track.completed_on or on.isoformat()
        track.return_state = None
        if track.clock_days is not None or track.due_date:
            _clear_clock(track)
    track.state = new_state
    track.version += 1
    track.updated_at = utc_now()
    details["version"] = track.version
    if track.due_date != due_before:  # the deadline the step set, moved or cleared: old → new
        details["due_date"] = [due_before, track.due_date]
        if track.due_date and track.due_estimated:  # the trail says so, as the Tracks tab
            details["due_estimated"] = True
    session.add(track)
    session.flush()
    # The roles that authorised the step (those of the actor's the step allows), not all held.
    role = ",".join(r for r in actor.roles if r in step.roles) or actor.role
    append_event(
        session, actor=actor, role=role, action="track.transition", entity="track",
        entity_id=str(track.id), case_id=track.case_id, track_id=track.id, field="state",
        old=old_state, new=new_state, reason=reason, details=details,
    )
    for follow_up in wf.follow_ups_for(track.kind, step.name, on):
        expiry = add_years(on, follow_up.valid_years)
        # A window, not a deadline (Order 16 art. 9): the application may be made within
        # the N working days before expiry, so it is due by the last working day before it.
        # Working days counted in a year without an official schedule say so, as every
        # deadline that depends on an estimated year does.
        when = "between {opens} and {due}" if follow_up.working_days_before_expiry \
            else "by {due}"
        template = (f"{escape_template(follow_up.text)} {when} (the result is valid until "
                    f"{fmt_date(expiry)}; {escape_template(follow_up.citation)}{{note}})")
        window = DayCount(follow_up.working_days_before_expiry, "working", expiry,
                          follow_up.calendar, back=True)
        conditions.append(_counted_obligation(calendar_for(session, follow_up.calendar),
                                              window, template))
    for new in conditions:
        _store_obligation(session, track, new, actor, reason, role=role)
    return track_view(session=session, track_id=track.id or 0, today=today, actor=actor)


def _store_obligation(session: Session, track: FilingTrack, new: _NewObligation, actor: Actor,
                      reason: str, role: str | None = None) -> None:
    """A new condition (or follow-up) stored, with its `obligation.created` event."""
    count = new.count
    obligation = Obligation(
        track_id=track.id or 0, text=new.text, due_date=new.due.isoformat() if new.due else None,
        due_days=count.days if count else None, due_unit=count.unit if count else None,
        due_from=count.start.isoformat() if count else None,
        due_calendar=count.calendar if count else None, due_back=bool(count and count.back),
        text_template=new.template)
    session.add(obligation)
    session.flush()
    created: dict[str, Any] = {"text": new.text, "due_date": obligation.due_date}
    if count:  # how it was counted: what a later recount starts from
        created["counted"] = {"days": count.days, "unit": count.unit,
                              "from": count.start.isoformat(), "calendar": count.calendar,
                              "back": count.back}
    append_event(
        session, actor=actor, role=role, action="obligation.created", entity="obligation",
        entity_id=str(obligation.id), case_id=track.case_id, track_id=track.id,
        new=created, reason=reason,
    )


def _default_on(session: Session, track: FilingTrack, step: wf.Transition) -> date | None:
    """The date a review phase is recorded on when the officer gives none: the
    acceptance date, from which its clock runs (ClockOp.from_acceptance)."""
    if step.clock is None or not step.clock.from_acceptance or track.state != "accepted":
        return None
    return _accepted_on(session, track)


def _accepted_on(session: Session, track: FilingTrack) -> date | None:
    """The day the authority accepted the filing (the `accept` step's date), or None."""
    accepted = _last_step_into(session, track, "accepted")
    if accepted is None:
        return None
    on = json.loads(accepted.details or "{}").get("on")
    return date.fromisoformat(on) if on else None


# -- views ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ActionView:
    name: str
    label: str
    label_zh: str
    allowed: bool
    why_not: str | None
    needs_reason: bool
    params: tuple[str, ...]
    # The effective date the step takes when none is given, when it is not today.
    default_on: str | None = None
    # The input that is the step's effective date (domain.workflow.Transition.on_param).
    on_param: str | None = None
    # What an input takes, said in its empty field ("working days, as the authority's
    # notice says"), and the inputs the step cannot be taken without: (name, text) pairs.
    param_hints: tuple[tuple[str, str], ...] = ()
    param_required: tuple[tuple[str, str], ...] = ()
    # A word before taking the step, which does not hold it back: recording a filing
    # whose final is not stored with the case (it stayed "missing" on the checklist).
    note: str = ""
    # What the reason is asked for, where one is needed ("say why the track is withdrawn").
    reason_asks: str = ""


@dataclass(frozen=True)
class ClockView:
    phase: str
    text: str
    start: str
    days: int
    unit: str
    calendar: str
    elapsed: int
    remaining: int
    due: str | None
    stopped: bool
    overdue: bool
    estimated: bool
    warnings: list[str]
    citation: str
    verified: bool
    # The period's last counted day (day N; before a roll to the next working day): a
    # stop dated from it on stops nothing (domain.clocks.clock_status). None without one.
    last_day: str | None = None


@dataclass(frozen=True)
class ObligationView:
    id: int
    text: str
    due_date: str | None
    status: str
    overdue: bool
    # How a due date counted in days was counted ("20 working days after 1 Dec 2026");
    # None for a typed date.
    counted: str | None = None
    # The count itself (days, unit) of a condition counted after its decision, which Edit
    # condition… offers again; None for a typed date or a window counted back from an expiry.
    due_days: int | None = None
    due_unit: str | None = None
    # A window the rules counted back from an expiry (a renewal): the rules', not the
    # authority's words, so not corrected by hand.
    rule_made: bool = False


@dataclass(frozen=True)
class HistoryEntry:
    at: str
    actor: str
    role: str
    transition: str
    label: str
    from_state: str
    to_state: str
    to_label: str
    reason: str
    on: str | None
    # What the step recorded besides the reason: filing reference, registration or licence
    # number, completion date, days an extension added (name, value), in PARTICULARS order.
    particulars: tuple[tuple[str, str], ...] = ()
    # Approved by a person four-eyes would have refused, let through by solo mode.
    self_approval: bool = False
    # Then what let it through (solo_mode_kept): since when, by whom and why solo mode
    # was on, as (name, value) pairs; () for a step recorded before that was kept.
    solo_mode: tuple[tuple[str, str], ...] = ()


PARTICULARS = ("filing_reference", "registration_number", "licence_number", "completion_date",
               "knowledge_date", "extension_days")


@dataclass(frozen=True)
class FilingTrackView:
    id: int
    case_id: int
    regime: str
    kind: str
    kind_label: str
    outcome: str
    state: str
    label: str
    label_zh: str
    final: bool
    decided: bool
    version: int
    clock: ClockView | None
    clock_text: str
    stopped: bool
    estimated: bool
    due: str | None
    overdue: bool
    warnings: list[str]
    actions: list[ActionView]
    obligations: list[ObligationView] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    # Facts edited after the approval for filing that still stands (None: none, or the
    # track is not awaiting filing): the approver signed off on other facts.
    changed_after_approval: ChangedAfterApproval | None = None
    # What its obligations are: "condition" (of a conditional clearance) or "follow-up"
    # (made by a rule, e.g. the renewal of a data-export assessment after a clearance).
    obligation_word: str = "condition"


# The phases counted from the day the US person learned of a completed transaction (a
# step's clock knowledge_phase: US-OISP, 31 CFR 850.402).
KNOWLEDGE_PHASES = frozenset(t.clock.knowledge_phase for w in wf.WORKFLOWS.values()
                             for t in w.transitions if t.clock and t.clock.knowledge_phase)


def _clock_view(session: Session, track: FilingTrack, today: date) -> ClockView | None:
    if not track.clock_phase or not track.clock_start:
        return None
    start = date.fromisoformat(track.clock_start)
    spec = _track_spec(track, start)
    if track.clock_days is None:
        return ClockView(track.clock_phase, "no statutory time limit is configured",
                         track.clock_start, 0, spec.unit, spec.calendar, 0, 0, None, False,
                         False, False, [], spec.citation, spec.verified)
    status = clock_status(
        calendar_for(session, track.clock_calendar or spec.calendar), start, track.clock_days,
        track.clock_unit or spec.unit, today, roll=spec.roll,
        pauses=pauses_from_json(json.loads(track.clock_pauses or "[]")),
    )
    d = status.deadline
    text = describe(status)
    if track.clock_phase in KNOWLEDGE_PHASES:
        # "day 17 of 30 calendar days, due 20 Dec" read as counted from the completion
        # date, and so as a wrong date: the status report names the knowledge date.
        text += f"; counted from the date of actual knowledge, {fmt_date(start)} (31 CFR 850.402)"
    return ClockView(
        phase=track.clock_phase, text=text, start=track.clock_start,
        days=track.clock_days, unit=d.unit, calendar=d.calendar, elapsed=status.elapsed,
        remaining=status.remaining, due=d.due.isoformat() if d.due else None,
        stopped=status.stopped, overdue=status.overdue, estimated=d.estimated,
        warnings=d.warnings, citation=spec.citation, verified=spec.verified,
        last_day=(d.unrolled_due or d.due).isoformat() if d.due else None,
    )


@dataclass(frozen=True)
class ProjectedDue:
    """A US notification's due date projected from the deal's expected completion date,
    before the completion date is recorded and the clock starts."""

    expected_completion: date | None  # None: the facts do not say when
    due: date | None  # None with no expected completion date
    days: int
    unit: str
    citation: str
    warnings: list[str]

    @property
    def estimated(self) -> bool:
        return bool(self.warnings)

    @property
    def rule_text(self) -> str:
        return f"due {unit_words(self.unit, self.days)} after the completion date"


class TrackFields(Protocol):
    """What `awaits_completion` reads: a FilingTrack, or a row of just these columns."""

    @property
    def kind(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def outcome(self) -> str: ...
    @property
    def clock_start(self) -> str | None: ...


def awaits_completion(track: TrackFields) -> bool:
    """A US notification that can only be projected: open, not prohibited, not filed, and
    no completion date recorded yet (recording it starts the clock)."""
    if track.kind != "US-OISP" or track.clock_start or track.outcome == "prohibited" \
            or track.state == "filed":
        return False
    try:
        return wf.is_open(track.kind, track.state)
    except NotFound:  # a state the workflow does not know: nothing to project
        return False


def projected_notification_due(session: Session, expected: str | None, today: date,
                               calendars: dict[str, Calendar] | None = None) -> ProjectedDue:
    """When a US notification will be due if the deal completes on `expected` (ISO date).
    `calendars` caches the calendars across many tracks (the dashboard)."""
    spec = wf.clock_spec("US-OISP", "notification", today)
    if expected:
        # The period will follow the version in force on the completion date (a rule
        # announced with a future date, e.g. under the COINS Act, applies from then).
        # Expected before the program began: today's version still says it.
        with suppress(NotFound):
            spec = wf.clock_spec("US-OISP", "notification", date.fromisoformat(expected))
    days = spec.days or 0
    if not expected:
        return ProjectedDue(None, None, days, spec.unit, spec.citation, [])
    cache = {} if calendars is None else calendars
    if spec.calendar not in cache:
        cache[spec.calendar] = calendar_for(session, spec.calendar)
    completion = date.fromisoformat(expected)
    d = compute_deadline(cache[spec.calendar], completion, days, spec.unit, roll=spec.roll)
    return ProjectedDue(completion, d.due, days, spec.unit, spec.citation, d.warnings)


def _pending_clock_text(session: Session, track: FilingTrack, today: date) -> tuple[str, list[str]]:
    """For US-OISP before completion is recorded: when the notification will be due."""
    if track.kind != "US-OISP" or not wf.is_open(track.kind, track.state):
        return "", []
    if track.outcome == "prohibited":
        return "prohibited (31 CFR 850.224): the transaction may not be completed", []
    if track.state == "filed":
        return _filed_text(session, track), []
    expected = (_facts(session, track).get("deal") or {}).get("expected_completion_date")
    p = projected_notification_due(session, expected, today)
    if p.expected_completion is None:
        return p.rule_text + " (completion date not known yet)", []
    assert p.due is not None
    return (f"{p.rule_text}; expected completion {fmt_date(p.expected_completion)} → due "
            f"{fmt_date(p.due)} (record the completion date to start the clock)", p.warnings)


def _filed_text(session: Session, track: FilingTrack) -> str:
    """A filed notification: when it was filed, against the due date it met (or missed)."""
    event = _last_step_into(session, track, "filed")
    details = json.loads(event.details or "{}") if event else {}
    if not details.get("on"):
        return "notification filed"
    filed = date.fromisoformat(details["on"])
    text = f"notification filed on {fmt_date(filed)}"
    if was_due := wf.due_when_ended(details):
        due = date.fromisoformat(was_due)
        text += f" ({filed_against_due(filed, due, fmt_date(due))})"
    return text


def effective_on(entry: HistoryEntry, kind: str) -> str:
    """The date a step took effect: a recorded completion's completion date (steps stored
    before the service took it as the step's date carry the day it was typed in as `on`),
    else its `on`, else the day it was recorded."""
    on_param = next((t.on_param for t in wf.workflow(kind).transitions
                     if t.name == entry.transition), None)
    own = dict(entry.particulars).get(on_param) if on_param else None
    return own or entry.on or entry.at[:10]


def latest_step(history: Sequence[HistoryEntry], kind: str) -> tuple[date, str] | None:
    """The effective date and name of the track's latest step: of steps on the same date,
    the one recorded last (`history` is in the order recorded)."""
    latest: tuple[date, str] | None = None
    for entry in history:
        try:
            on = date.fromisoformat(effective_on(entry, kind))
        except ValueError:
            continue
        if latest is None or on >= latest[0]:
            latest = (on, entry.label)
    return latest


_STEPS_OF_TRACK = select(Event).where(
    Event.track_id == bindparam("track_id"), Event.action == "track.transition",
).order_by(col(Event.id))


def track_history(session: Session, track_id: int) -> list[HistoryEntry]:
    """The track's status history, from the audit trail (for the PDFs and the UI)."""
    track = _get_track(session, track_id)
    events = session.exec(_STEPS_OF_TRACK, params={"track_id": track_id}).all()
    out = []
    for e in events:
        d = json.loads(e.details or "{}")
        name = d.get("transition", "")
        step = next((t for t in wf.workflow(track.kind).transitions if t.name == name), None)
        label = name if step is None else (
            wf.unclocked_words(step)[0] if d.get("stopped_nothing") else step.label)
        to_state = d.get("to", "")
        try:
            to_label = wf.state_label(track.kind, to_state)
        except NotFound:
            to_label = to_state
        particulars = tuple((key, str(d[key])) for key in PARTICULARS if d.get(key))
        out.append(HistoryEntry(e.occurred_at, e.actor, e.role, name, label, d.get("from", ""),
                                to_state, to_label, e.reason, d.get("on"), particulars,
                                bool(d.get("self_approval")), solo_mode_kept(d)))
    return out


def _count_of(row: Obligation) -> DayCount | None:
    """How a stored obligation's due date was counted; None: typed (or stored before
    counts were kept), so it stays as stored."""
    if row.due_days is None or not row.due_unit or not row.due_from or not row.due_calendar \
            or row.text_template is None:
        return None
    return DayCount(row.due_days, row.due_unit, date.fromisoformat(row.due_from),
                    row.due_calendar, back=bool(row.due_back))


def obligation_as_shown(row: Obligation, calendars: dict[str, Calendar] | None = None,
                        *, session: Session) -> tuple[str, str | None]:
    """(text, due date) of a stored obligation on the current calendar: a due date counted
    in days is counted again (an entered schedule removes "estimated" and may move it);
    a typed one is as stored. `calendars` caches the calendars across rows."""
    count = _count_of(row)
    if count is None:
        return row.text, row.due_date
    cache = {} if calendars is None else calendars
    if count.calendar not in cache:
        cache[count.calendar] = calendar_for(session, count.calendar)
    counted = count_due(cache[count.calendar], count)
    note = estimated_note(count.calendar, counted.estimated_years)
    return render_due_text(row.text_template or "", counted, note), counted.due.isoformat()


_OBLIGATIONS_OF_TRACK = select(Obligation).where(
    Obligation.track_id == bindparam("track_id")).order_by(col(Obligation.id))


def list_obligations(*, session: Session, track_id: int, today: date | None = None) -> list[ObligationView]:
    """The track's conditions (or follow-ups), each due date counted in days counted on the
    current calendar (`obligation_as_shown`), as the Tracks tab and the status report show
    them."""
    today = today or date.today()
    rows = session.exec(_OBLIGATIONS_OF_TRACK, params={"track_id": track_id}).all()
    calendars: dict[str, Calendar] = {}
    out = []
    for o in rows:
        text, due = obligation_as_shown(o, calendars, session=session)
        count = _count_of(o)
        out.append(ObligationView(
            o.id or 0, text, due, o.status,
            bool(o.status == "open" and due and date.fromisoformat(due) < today),
            counted=count.words() if count else None,
            due_days=count.days if count and not count.back else None,
            due_unit=count.unit if count and not count.back else None,
            rule_made=bool(count and count.back)))
    return out


def _recount_obligations(session: Session, actor: Actor, code: str, why: str,
                         last_changed: date, cause: dict[str, Any] | None = None) -> None:
    """A calendar edit recounts the stored due date and text (the dashboard and case list
    read them) of every obligation counted in days on that calendar; each change is an
    `obligation.due_recounted` event (old and new date; both texts in its details), so
    the trail says why a date moved or stopped being estimated. A count after a day later than the last
    changed day cannot be affected; a window counted back from an expiry may be. `cause`
    (in the details): {"year": 2027} entered, {"day": "2026-10-08"} corrected, with
    "removed" its correction taken back; the sentence names which."""
    rows = session.exec(
        select(Obligation).where(Obligation.due_calendar == code,
                                 col(Obligation.due_days).is_not(None),
                                 or_(col(Obligation.due_back).is_(True),
                                     col(Obligation.due_from) <= last_changed.isoformat()))
        .order_by(col(Obligation.id))
    ).all()
    calendars = {code: calendar_for(session, code)}  # once: the edit is already flushed
    for row in rows:
        text, due = obligation_as_shown(row, calendars, session=session)
        if (text, due) == (row.text, row.due_date):
            continue
        before = (row.text, row.due_date)
        row.text, row.due_date = text, due
        session.add(row)
        session.flush()
        track = session.get(FilingTrack, row.track_id)
        count = _count_of(row)
        append_event(
            session, actor=actor, action="obligation.due_recounted", entity="obligation",
            entity_id=str(row.id), case_id=track.case_id if track else None,
            track_id=row.track_id, field="due_date", old=before[1], new=due, reason=why,
            details={"text": [before[0], text], "counted": count.words() if count else "",
                     **({"cause": cause} if cause else {})},
        )


def set_obligation_status(*, session: Session, obligation_id: int, status: str, actor: Actor,
                          reason: str = "", expected: str | None = None) -> None:
    """Mark a condition fulfilled or waived (or re-open it), with an audit event and its
    `reason` (required to waive or re-open one, optional for a fulfilment).

    `expected`: the status the officer saw; when someone else changed it since, refused
    (ConflictError), nothing changed. A second window's Mark fulfilled turned a colleague's
    waiver into a fulfilment, unseen, its reason left behind."""
    actor = require(session, actor, "case.edit")
    if status not in OBLIGATION_STATUSES:
        raise InputError(Problem("status", f"{status!r} is not one of {', '.join(OBLIGATION_STATUSES)}"))
    obligation = session.get(Obligation, obligation_id)
    if obligation is None:
        raise NotFound(f"There is no obligation {obligation_id}.")
    if status == "waived" and not has_visible_text(reason):
        raise InputError(Problem("reason", "say why the condition is waived"))
    track = session.get(FilingTrack, obligation.track_id)
    if track is not None:
        writable_case(session, track.case_id)
    old = obligation.status
    if expected is not None and old != expected:
        raise ConflictError(
            f"The condition “{condition_words(obligation.text)}” is {old} now: someone "
            f"else changed it since you saw it {expected}. Nothing was changed; it is shown "
            "as it is now.")
    if old == status:
        return
    # Re-opening undoes a fulfilment or a waiver that was recorded: the trail says why, as
    # for the waiver (checked here, after the closed case and the stale view were said).
    if status == "open" and not has_visible_text(reason):
        raise InputError(Problem("reason", "say why the condition is re-opened"))
    obligation.status = status
    session.add(obligation)
    append_event(
        session, actor=actor, action="obligation.status", entity="obligation",
        entity_id=str(obligation_id), case_id=track.case_id if track else None,
        track_id=obligation.track_id, field="status", old=old, new=status, reason=reason,
    )


def _decision_date(session: Session, track: FilingTrack, stored: str) -> date:
    """The day the decision that set the track's conditions took effect (a condition's
    due date cannot be before it, nor its days counted from another day); for a track
    whose step was stored without one, `stored` (the day the condition was stored)."""
    event = _last_step_into(session, track, _decided_state(session, track))
    on = json.loads(event.details or "{}").get("on") if event else None
    return date.fromisoformat(on or stored[:10])


def _one_condition(session: Session, track: FilingTrack, stored: str, text: str,
                   due_date: str | date | None, due_days: int | None,
                   due_unit: str) -> tuple[_NewObligation | None, list[Problem]]:
    """A condition as the step dialog gives it, checked as `transition` checks one (its
    problems named by field: "due_date", not "conditions[0].due_date")."""
    item: dict[str, Any] = {"text": text}
    if due_date:
        item["due_date"] = due_date
    if due_days is not None:
        item["due_days"], item["due_unit"] = due_days, due_unit
    try:
        (new,) = _conditions([item], _decision_date(session, track, stored),
                             calendar_for(session, track.clock_calendar or "CN"))
    except InputError as exc:
        return None, [Problem(p.path.removeprefix("conditions[0]."), p.message)
                      for p in exc.problems]
    return new, []


def _counted_words(row: Obligation) -> str | None:
    count = _count_of(row)
    return count.words() if count else None


def edit_condition(*, session: Session, obligation_id: int, actor: Actor, reason: str,
                   text: str, due_date: str | date | None = None, due_days: int | None = None,
                   due_unit: str = "calendar", expected: ObligationView | None = None,
                   today: date | None = None) -> FilingTrackView:
    """Correct a condition as the authority worded it: its text and/or its due date (a
    date, or `due_days` calendar or working days after the decision on the track's
    calendar, as the step dialog counts them; neither: no due date). `reason` is
    required; each field changed is an `obligation.edited` event (old → new, the reason).

    The permission is the one to record the decision (the decision steps' roles are
    `case.edit`'s). `expected`: the condition as the officer saw it (`list_obligations`);
    changed since (another window, a calendar recount), refused (ConflictError), nothing
    changed. Refused too: a closed case, a waived condition (re-open it first), a
    window the rules counted, a due date before the decision."""
    actor = require(session, actor, "case.edit")
    row = session.get(Obligation, obligation_id)
    if row is None:
        raise NotFound(f"There is no condition {obligation_id}.")
    track = _get_track(session, row.track_id)
    writable_case(session, track.case_id)
    problems = []
    if not has_visible_text(reason):
        problems.append(Problem("reason", "say why the condition is corrected"))
    shown_text, shown_due = obligation_as_shown(row, session=session)
    if expected is not None and (expected.text, expected.due_date, expected.status) != (
            shown_text, shown_due, row.status):
        raise ConflictError(
            f"The condition “{condition_words(expected.text)}” was changed since you saw it "
            f"(it reads “{condition_words(shown_text)}”, due "
            f"{fmt_date(date.fromisoformat(shown_due)) if shown_due else 'no date'}, "
            f"{row.status}). Nothing was changed; it is shown as it is now.")
    if row.status == "waived":
        raise TransitionRefused(
            f"The condition “{condition_words(shown_text)}” is waived: it no longer applies. "
            "Re-open it first to correct it.")
    if _count_of(row) is not None and row.due_back:
        raise TransitionRefused(
            f"“{condition_words(shown_text)}” is counted by the rules from an expiry date, "
            "not worded by the authority: it follows the holiday calendar and cannot be "
            "corrected by hand.")
    new, wrong = _one_condition(session, track, row.created_at, text, due_date, due_days,
                                due_unit)
    problems += wrong
    if problems or new is None:
        raise InputError(problems)
    count = new.count
    new_due = new.due.isoformat() if new.due else None
    old_count = _counted_words(row)
    new_count = count.words() if count else None
    changes: list[tuple[str, Any, Any, dict[str, Any] | None]] = []
    if new.text != shown_text:
        changes.append(("text", shown_text, new.text, None))
    if new_due != shown_due or new_count != old_count:
        counted = {"counted": [old_count, new_count]} if old_count or new_count else None
        changes.append(("due_date", shown_due, new_due, counted))
    if not changes:
        raise InputError(Problem("text", "nothing to correct: the condition and its due "
                                         "date are as they were"))
    row.text, row.due_date, row.text_template = new.text, new_due, new.template
    row.due_days = count.days if count else None
    row.due_unit = count.unit if count else None
    row.due_from = count.start.isoformat() if count else None
    row.due_calendar = count.calendar if count else None
    row.due_back = False
    session.add(row)
    session.flush()
    for name, old, value, details in changes:
        append_event(
            session, actor=actor, action="obligation.edited", entity="obligation",
            entity_id=str(row.id), case_id=track.case_id, track_id=track.id, field=name,
            old=old, new=value, reason=reason.strip(), details=details)
    return track_view(session=session, track_id=track.id or 0, today=today, actor=actor)


def add_condition(*, session: Session, track_id: int, actor: Actor, reason: str, text: str,
                  due_date: str | date | None = None, due_days: int | None = None,
                  due_unit: str = "calendar", expected_version: int,
                  today: date | None = None) -> FilingTrackView:
    """Add a condition the authority set after its conditional clearance was recorded
    (its due date a date, or days after the decision, as `edit_condition` takes it), with
    an `obligation.created` event carrying the reason, which is required. Refused: a
    track not cleared with conditions, a closed case, a track changed since
    `expected_version`, the roles that may not record the decision."""
    today = today or date.today()
    actor = require(session, actor, "case.edit")
    track = _get_track(session, track_id)
    writable_case(session, track.case_id)
    check_version(session, track, expected_version)
    if _decided_state(session, track) != "cleared_with_conditions":
        raise TransitionRefused(
            f"{track.regime} was not cleared with conditions: only the conditions of a "
            "conditional clearance are added here.")
    new, problems = _one_condition(session, track, utc_now(), text, due_date, due_days,
                                   due_unit)
    if not has_visible_text(reason):
        problems.append(Problem("reason", "say why the condition is added (e.g. the "
                                          "authority's letter)"))
    if problems or new is None:
        raise InputError(problems)
    _store_obligation(session, track, new, actor, reason.strip())
    return track_view(session=session, track_id=track.id or 0, today=today, actor=actor)


def track_view(*, session: Session, track_id: int, today: date | None = None,
               actor: Actor | None = None) -> FilingTrackView:
    """Everything the UI and the PDFs show about one track, as plain data."""
    return _track_view(session, track_id, today, actor)


def _track_view(session: Session, track_id: int, today: date | None, actor: Actor | None,
                filing_data: FilingRead | None = None) -> FilingTrackView:
    today = today or date.today()
    track = _get_track(session, track_id)
    w = wf.workflow(track.kind)
    try:
        s = w.state(track.state)
    except KeyError:
        raise NotFound(f"Track {track_id} is in state {track.state!r}, which the {track.kind} "
                       "workflow does not know.") from None
    clock = _clock_view(session, track, today)
    warnings = list(clock.warnings) if clock else []
    if clock:
        text = clock.text
    else:
        text, pending_warnings = _pending_clock_text(session, track, today)
        warnings += pending_warnings
    obligations = list_obligations(session=session, track_id=track_id, today=today)
    owed = _obligation_word(session, track)
    if not text and (s.decided or s.final) and track.completed_on:
        text = _ended_text(session, track, s.label)
        open_count = sum(o.status == "open" for o in obligations)
        if open_count:
            text += f"; {counted(open_count, 'open ' + owed)}"
            # Said on the line read first: the red row was further down, past the table.
            if overdue := sum(o.status == "open" and o.overdue for o in obligations):
                text += f", {overdue} overdue"
    ctx = _context(session, track, actor, "", {}, inputs_known=False, filing_data=filing_data)
    # A closed case's tracks take no step (transition refuses): offered greyed out, saying so.
    case = session.get(Case, track.case_id)
    read_only = read_only_message(session, case) if case is not None else ""
    actions = []
    for t, ok, why in wf.available_actions(track.kind, track.state, ctx):
        if read_only:
            ok, why = False, read_only
        default_on = _default_on(session, track, t)
        hints: tuple[tuple[str, str], ...] = ()
        required: tuple[tuple[str, str], ...] = ()
        if t.clock is not None and t.clock.op == "extend":
            hint, needed, full = _extension_hint(track, t)
            if full:  # offered greyed out, with the reason, not refused after the dialog
                ok, why = False, " ".join(filter(None, [why, f"{full[:1].upper()}{full[1:]}."]))
            hints = (("days", hint),) if hint else ()
            if needed:
                required = (("days", "give the length of the extension in the authority's "
                                     "notice"),)
        if t.clock is not None and t.clock.knowledge_phase and track.clock_start \
                and track.clock_phase in KNOWLEDGE_PHASES:
            # Recorded again, the completion is counted from unless the knowledge date is
            # given again: its empty field said nothing, and the clock moved silently.
            hints = (("knowledge_date", f"recorded before: {track.clock_start}; enter it "
                                        "again to keep it"),)
        label, label_zh = t.label, t.label_zh
        if track.clock_stopped_on and track.due_date:  # stopped late: no clock to resume
            label, label_zh = wf.unclocked_words(t)
        actions.append(ActionView(t.name, label, label_zh, ok, why,
                                  bool(wf.asks_reason(t, ctx)), t.params,
                                  default_on.isoformat() if default_on else None,
                                  t.on_param, hints, required,
                                  _step_note(session, track, t, ctx.documents, filing_data)
                                  if ok else "", wf.asks_reason(t, ctx)))
    return FilingTrackView(
        id=track.id or 0, case_id=track.case_id, regime=track.regime, kind=track.kind,
        kind_label=w.label, outcome=track.outcome, state=track.state, label=s.label,
        label_zh=s.label_zh, final=s.final, decided=s.decided, version=track.version,
        clock=clock, clock_text=text, stopped=bool(clock and clock.stopped),
        estimated=bool(clock and clock.estimated) or bool(warnings),
        due=clock.due if clock else None, overdue=bool(clock and clock.overdue),
        warnings=warnings, actions=actions,
        obligations=obligations,
        history=track_history(session, track_id),
        changed_after_approval=track_changes_after_approval(session=session, track_id=track_id),
        obligation_word=owed,
    )


def _step_note(session: Session, track: FilingTrack, step: wf.Transition,
               documents: frozenset[str], filing_data: FilingRead | None) -> str:
    """A word before an allowed step, which does not hold it back: submitting a track whose
    approval will wait for the filing to be complete (the approver found out only when the
    track reached them), or recording a filing whose final is not stored."""
    if step.records_submitter and step.target not in (wf.RETURN, wf.SAME):
        waits = _filing_missing(session, track, filing_data, state=step.target)
        if waits:
            return ("Approve for filing will wait until the filing is complete: it lacks "
                    f"{'; '.join(mid_sentence(w) for w in waits)} — now or during the review.")
        return ""
    if step.target in awaiting_filing_states(track.kind):
        return _changed_since_submitted_note(session, track)
    return _unstored_final_note(track, step, documents)


def _changed_since_submitted_note(session: Session, track: FilingTrack) -> str:
    """For the approval: what changed of the case after it was submitted for review, by
    others than the approver (who may not approve their own changes at all). The approver
    signs off on the case as it is now, which the one who submitted it never saw."""
    submitted = _last_step_into(session, track, "internal_review")
    if submitted is None or submitted.id is None or track.id is None:
        return ""
    changes = changes_after(submitted.id, track.id, rows_of_case(session, Event, track.case_id))
    if not changes:
        return ""
    names = user_names(session)
    who = and_joined(list(dict.fromkeys(person_named(c.actor, names) for c in changes)))
    return (f"Changed since it was submitted for review: {changed_words(changes, fact_label)} "
            f"— by {who}. {person_named(track.submitted_by or '', names) or 'It'} submitted "
            "it before these changes: look at them before approving.")


def _unstored_final_note(track: FilingTrack, step: wf.Transition,
                         documents: frozenset[str]) -> str:
    """For the step that records the filing, when the final it sends is not stored with
    the case: the case would keep no copy of what was filed."""
    if step.target != "filed":
        return ""
    unstored = [kind_name(k) for k in wf.workflow(track.kind).filing_documents
                if k not in documents]
    if not unstored:
        return ""
    return (f"No final {and_joined(unstored)} is stored with the case: generate it with "
            "Final ticked first (Generate filing…), so the case keeps the copy that is "
            "filed; recorded without it, the Documents tab goes on listing it as missing.")


def case_tracks(*, session: Session, case_id: int, today: date | None = None,
                actor: Actor | None = None) -> list[FilingTrackView]:
    ids = session.exec(
        select(FilingTrack.id).where(FilingTrack.case_id == case_id).order_by(col(FilingTrack.id))
    ).all()
    read: list[Any] = []  # the case's filing data, once a track's buttons need it

    def filing_data() -> Any:
        # Not at the top: services.filings imports this module.
        from approvals.services.filings import load_filing_data

        if not read:
            case = session.get(Case, case_id)
            read.append(load_filing_data(session, case.reference if case else "",
                                         with_timeline=False))
        return read[0]

    return [_track_view(session, i, today, actor, filing_data) for i in ids if i]


def _ended_text(session: Session, track: FilingTrack, label: str) -> str:
    """When a decided or ended track got there. `completed_on` is the decision's date, so a
    track closed after it names both: "Closed on 15 Sep 2026 (Cleared on 10 Sep 2026)",
    not "Closed on 10 Sep 2026"."""
    decided_on = fmt_date(date.fromisoformat(track.completed_on or ""))
    decided = _decided_state(session, track)
    if decided == track.state:  # the decision itself, or withdrawn
        return f"{label} on {decided_on}"
    closing = _last_step_into(session, track, track.state)
    on = json.loads(closing.details or "{}").get("on") if closing is not None else None
    decision = wf.workflow(track.kind).state(decided).label
    closed_on = f" on {fmt_date(date.fromisoformat(on))}" if isinstance(on, str) else ""
    return f"{label}{closed_on} ({decision} on {decided_on})"


def _obligation_word(session: Session, track: FilingTrack) -> str:
    """What the track owes since its decision: "condition" (the authority's, of a
    conditional clearance) or "follow-up" (what the rules make follow from a plain
    clearance, e.g. renewing a data-export assessment)."""
    return "condition" if _decided_state(session, track) == "cleared_with_conditions" \
        else "follow-up"


def _decided_state(session: Session, track: FilingTrack) -> str:
    """The state a closed track was closed from (its decision), from the audit trail."""
    if track.state != "closed":
        return track.state
    event = _last_step_into(session, track, "closed")
    return str(json.loads(event.details or "{}").get("from", "closed")) if event else "closed"


def completion_blockers(*, session: Session, case_id: int) -> list[str]:
    """Why the deal may not complete yet: prohibitions and clearances still outstanding."""
    out: list[str] = []
    tracks = session.exec(select(FilingTrack).where(FilingTrack.case_id == case_id)).all()
    running = {t.regime for t in tracks if t.state != "withdrawn"}
    # A withdrawn track's own outcome is the one it was opened for: what the case needs now
    # is its current screening's (a re-screening updates running tracks only).
    stored = current_screening(session, case_id)
    current = stored.result.outcomes() if stored else {}
    for t in tracks:
        outcome = current.get(t.regime, t.outcome) if t.state == "withdrawn" else t.outcome
        now = current.get(t.regime)
        if outcome == "prohibited" and now not in (None, "prohibited"):
            # Opened as prohibited, re-screened since (the facts corrected): the track is
            # kept as it was opened (services.screening._update_track_outcomes), for the
            # officer to withdraw; "found prohibited" contradicted the accepted screening.
            out.append(f"{t.regime}: the accepted screening no longer finds the transaction "
                       f"prohibited (now: {now.replace('_', ' ')}), but its track opened as "
                       f"prohibited is still open (now: {wf.state_label(t.kind, t.state)}): "
                       "withdraw it on the Tracks tab.")
            continue
        # Withdrawing a track does not lift a prohibition; only a new screening can.
        if outcome == "prohibited":
            out.append(f"{t.regime}: the screening found the transaction prohibited.")
            continue
        if t.state == "withdrawn":
            # Nor does it lift the need for a clearance, unless a track opened beside it
            # (after a re-screening) is there to obtain it.
            if outcome == "approval_required" and t.regime not in running:
                out.append(f"{t.regime}: clearance is needed before completion and its filing "
                           "was withdrawn: re-screen the case (Screening tab) to open a new "
                           "filing track, or close the case if the deal will not go ahead.")
            continue
        decided = _decided_state(session, t)
        if decided == "prohibited":
            out.append(f"{t.regime}: the transaction is prohibited.")
        elif t.outcome == "approval_required" and decided not in (
            "cleared", "cleared_with_conditions", "licensed"
        ):
            if current.get(t.regime) in wf.NO_FILING_OUTCOMES:
                # Re-screened since (the facts changed): "clearance is needed" was said of
                # a regime the current screening finds needs no filing.
                out.append(f"{t.regime}: the current screening finds no filing needed, but "
                           f"its track is still open (now: {wf.state_label(t.kind, t.state)})"
                           ": withdraw it on the Tracks tab.")
            else:
                out.append(f"{t.regime}: clearance is needed before completion "
                           f"(now: {wf.state_label(t.kind, t.state)}).")
    # What the screening found that no track carries: a prohibition of the negative list
    # (which opens none), and a regime it could not decide, which opens none either, so
    # that a needed approval would go unnoticed. Only measures in force bind.
    tracked = {t.regime for t in tracks}
    for regime, outcome in (stored.result.binding_blocks() if stored else ()):
        if regime in tracked:
            continue
        if outcome == "prohibited":
            out.append(f"{regime}: the screening found the transaction prohibited.")
        else:
            det = stored.result.determination(regime) if stored else None
            missing = ", ".join(det.missing) if det else ""
            out.append(f"{regime}: the screening could not decide whether an approval or "
                       f"filing is needed (facts missing: {missing or 'see the Screening tab'}"
                       "): complete the facts and screen the case again.")
    return list(dict.fromkeys(out))  # several withdrawn tracks of one regime: said once


# The reason a notification track's completion step gives when the case's completion
# recorded it (complete_case).
COMPLETION_WITH_CASE = "Completion recorded with the case"


def complete_case(*, session: Session, case_id: int, actor: Actor, expected_version: int,
                  completed_on: date | None = None, reason: str = "") -> None:
    """Mark the deal completed, unless a prohibition or an outstanding clearance blocks it
    (see `completion_blockers`); a blocked completion raises and changes nothing, as does
    a `completed_on` after today (InputError at `completed_on`)."""
    actor = require(session, actor, "case.edit")
    case = writable_case(session, case_id)
    # The case as the officer saw it: a facts edit or a status change since is named.
    check_case_version(session, case, expected_version)
    blockers = completion_blockers(session=session, case_id=case_id)
    if blockers:
        raise TransitionRefused(f"Case {case.reference} cannot be completed: " + " ".join(blockers))
    if case.status == "completed":
        return
    # A completion is recorded once it happened: a later day (a typo for the year) marked
    # the case completed months early, with a completion day still to come.
    if completed_on is not None and completed_on > date.today():
        raise InputError(Problem("completed_on", f"{completed_on.isoformat()} is after today: "
                                 "mark the deal completed once it has completed (the day it "
                                 "is expected to is a fact of the deal: Edit facts…)"))
    old = case.status
    case.status = "completed"
    case.version += 1
    case.updated_at = utc_now()
    session.add(case)
    on = completed_on or date.today()
    append_event(
        session, actor=actor, action="case.completed", entity="case", entity_id=case.reference,
        case_id=case_id, field="status", old=old, new="completed", reason=reason,
        details={"completed_on": on.isoformat(), "version": case.version},
    )
    _start_notification_clocks(session, case_id, actor, on, reason)


def _start_notification_clocks(session: Session, case_id: int, actor: Actor, on: date,
                               reason: str) -> None:
    """The completion date recorded on each notification track whose clock waits for it
    (US-OISP: due 30 days after completion), as its own step in the trail: the case marked
    completed left the track counting from the expected date, due months late on every
    screen and filing."""
    for track in session.exec(select(FilingTrack).where(FilingTrack.case_id == case_id)
                              .order_by(col(FilingTrack.id))).all():
        if track.clock_start is not None or track.id is None:
            continue  # counting already (its completion recorded), or no clock
        step = next((t for t in wf.workflow(track.kind).transitions
                     if t.clock is not None and t.clock.op == "start"
                     and t.on_param == "completion_date" and track.state in t.sources), None)
        if step is None:
            continue
        transition(session=session, track_id=track.id, transition_name=step.name, actor=actor,
                   reason=COMPLETION_WITH_CASE + (f": {reason}" if reason else ""),
                   expected_version=track.version,
                   completion_date=on.isoformat())

