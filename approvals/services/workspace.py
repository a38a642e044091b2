"""What the desktop workspace reads in one go: a case with its tracks, screening, audit
events and comments; the open tracks for the deadlines dashboard (and the US notifications
expected to fall due); and adding a comment.

Everything comes back as plain dataclasses read in one session, so a window can be
filled from one worker result without touching the database again.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import func, text
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from approvals.domain.approval_changes import Unscreened
from approvals.domain.audit import stored_value
from approvals.domain.calendars import says_estimated
from approvals.domain.errors import InputError, Problem, TransitionRefused
from approvals.domain.event_text import condition_words
from approvals.domain.identifiers import reference_order
from approvals.domain.screening import blocks_from_text
from approvals.domain.typed_input import has_visible_text, refuse_unprintable
from approvals.domain.wording import as_written
from approvals.services.access import require
from approvals.services.audit_view import user_names
from approvals.services.case_lifecycle import DISCARDED, DRAFT, INACTIVE_STATUSES
from approvals.services.cases import CaseDetail, _detail
from approvals.services.screening import unscreened_changes
from approvals.services.workflow import (
    ProjectedDue,
    awaits_completion,
    obligation_as_shown,
    projected_notification_due,
)
from approvals.store.audit import Actor, append_event
from approvals.store.cases import case_by_reference, rows_of_case
from approvals.store.models import (
    Case,
    Comment,
    Event,
    FilingTrack,
    Obligation,
    Screening,
    utc_now,
)

MAX_COMMENT = 10_000


@dataclass(frozen=True)
class TrackInfo:
    id: int
    regime: str
    kind: str
    outcome: str
    state: str
    due_date: str | None
    due_estimated: bool
    clock_phase: str | None
    clock_calendar: str | None
    clock_unit: str | None
    clock_days: int | None
    clock_start: str | None
    clock_stopped_on: str | None
    submitted_by: str | None
    completed_on: str | None
    version: int


@dataclass(frozen=True)
class ScreeningInfo:
    id: int
    as_of: str
    rulebook_version: str
    include_proposed: bool
    result: dict[str, Any]
    created_at: str
    created_by: str


@dataclass(frozen=True)
class EventInfo:
    id: int
    occurred_at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    track_id: int | None
    field: str | None
    old_value: Any
    new_value: Any
    reason: str
    # What else the event recorded (e.g. the reviewer whose input an import brought).
    details: Any = None
    # The actor's role when it acted, and the event's place in the hash chain: the
    # Timeline's details pane shows them to an auditor.
    role: str = ""
    hash: str = ""
    prev_hash: str = ""


@dataclass(frozen=True)
class CommentInfo:
    id: int
    uid: str
    author: str
    body: str
    field_path: str | None
    created_at: str
    origin: str
    # The document a reviewer's comment from a review pack is on (None: the case or a field).
    document_id: int | None = None


@dataclass(frozen=True)
class CaseStamp:
    """What tells whether a case changed since it was read: its version, its tracks'
    versions and its last audit event. Every write to a case appends an event on it (a
    comment, a document, a step, a review import, a recount), so this is complete."""

    version: int
    tracks: tuple[tuple[int, int], ...]  # (id, version), by id
    last_event: int


@dataclass(frozen=True)
class CaseBundle:
    case: CaseDetail
    facts: dict[str, Any]
    tracks: list[TrackInfo]
    screening: ScreeningInfo | None
    events: list[EventInfo]
    comments: list[CommentInfo]
    # The facts changed since the screening, and the regimes whose determinations they
    # change (its reasons quote the old values): their Approve for filing waits.
    unscreened: Unscreened = field(default_factory=Unscreened)

    def stamp(self) -> CaseStamp:
        """The stamp of the case as this bundle read it (compared with case_stamp's)."""
        return CaseStamp(
            version=self.case.version,
            tracks=tuple(sorted((t.id, t.version) for t in self.tracks)),
            last_event=max((e.id for e in self.events), default=0))


def track_info(track: FilingTrack) -> TrackInfo:
    assert track.id is not None
    return TrackInfo(
        id=track.id, regime=track.regime, kind=track.kind, outcome=track.outcome,
        state=track.state, due_date=track.due_date, due_estimated=track.due_estimated,
        clock_phase=track.clock_phase, clock_calendar=track.clock_calendar,
        clock_unit=track.clock_unit, clock_days=track.clock_days,
        clock_start=track.clock_start, clock_stopped_on=track.clock_stopped_on,
        submitted_by=track.submitted_by, completed_on=track.completed_on,
        version=track.version,
    )


def case_bundle(session: Session, *, reference: str) -> CaseBundle:
    """Everything the case view shows, read in one session."""
    case = case_by_reference(session, reference)
    assert case.id is not None
    if case.status in (DRAFT, DISCARDED):  # its facts may be half entered: no case window
        raise TransitionRefused(
            f"{reference} is {'a discarded' if case.status == DISCARDED else 'an'} intake "
            "draft, not yet a case: "
            + ("it is kept for the audit trail only." if case.status == DISCARDED else
               "open it from the case list (Status: Intake not finished) to go on entering it in the "
               "wizard."))
    tracks = rows_of_case(session, FilingTrack, case.id)
    screening = session.exec(
        select(Screening)
        .where(Screening.case_id == case.id, Screening.current == True)  # noqa: E712
        .order_by(col(Screening.id).desc())
    ).first()
    events = rows_of_case(session, Event, case.id)
    comments = rows_of_case(session, Comment, case.id)
    return CaseBundle(
        case=_detail(case),
        facts=json.loads(case.facts),
        tracks=[track_info(t) for t in tracks],
        screening=ScreeningInfo(
            id=screening.id or 0, as_of=screening.as_of,
            rulebook_version=screening.rulebook_version,
            include_proposed=screening.include_proposed,
            result=stored_value(screening.result) or {},
            created_at=screening.created_at, created_by=screening.created_by,
        ) if screening else None,
        events=[
            EventInfo(
                id=e.id or 0, occurred_at=e.occurred_at, actor=e.actor, action=e.action,
                entity=e.entity, entity_id=e.entity_id, track_id=e.track_id, field=e.field,
                old_value=stored_value(e.old_value), new_value=stored_value(e.new_value),
                reason=e.reason,
                details=stored_value(e.details), role=e.role, hash=e.hash, prev_hash=e.prev_hash,
            )
            for e in events
        ],
        comments=[
            CommentInfo(id=c.id or 0, uid=c.uid, author=c.author, body=c.body,
                        field_path=c.field_path, created_at=c.created_at, origin=c.origin,
                        document_id=c.document_id)
            for c in comments
        ],
        unscreened=unscreened_changes(session, case, events),
    )


def case_stamp(session: Session, *, reference: str) -> CaseStamp:
    """The case's stamp, read cheaply (three indexed reads): a case window compares it with
    the one it shows to re-read the case only when something changed."""
    case = case_by_reference(session, reference)
    tracks = session.exec(
        select(FilingTrack.id, FilingTrack.version)
        .where(FilingTrack.case_id == case.id).order_by(col(FilingTrack.id))).all()
    last = session.exec(select(func.max(Event.id)).where(Event.case_id == case.id)).one()
    return CaseStamp(version=case.version,
                     tracks=tuple((int(i or 0), int(v)) for i, v in tracks),
                     last_event=int(last or 0))


def add_comment(
    session: Session, *, actor: Actor, reference: str, body: str, field_path: str | None = None
) -> CommentInfo:
    """A comment on the case (optionally on one facts field), recorded in the audit trail."""
    actor = require(session, actor, "comment.add")
    body = as_written(body)
    # Named as the officer knows it ("Comment: …"), not by its column ("body: …").
    if not has_visible_text(body):  # a pasted zero-width space alone read as a comment
        raise InputError(Problem("Comment", "cannot be empty"))
    if len(body) > MAX_COMMENT:
        raise InputError(Problem("Comment", f"at most {MAX_COMMENT:,} characters"))
    refuse_unprintable("Comment", body)
    case = case_by_reference(session, reference)
    comment = Comment(uid=str(uuid.uuid4()), case_id=case.id or 0, field_path=field_path,
                      author=actor.username, body=body, created_at=utc_now())
    session.add(comment)
    session.flush()
    append_event(session, actor=actor, action="comment.added", entity="comment",
                 entity_id=comment.uid, case_id=case.id, field=field_path,
                 new={"body": body})
    return CommentInfo(id=comment.id or 0, uid=comment.uid, author=comment.author,
                       body=comment.body, field_path=comment.field_path,
                       created_at=comment.created_at, origin=comment.origin)


@dataclass(frozen=True)
class OpenTrack:
    """One open track on the deadlines dashboard."""

    track_id: int
    reference: str
    target: str
    regime: str
    kind: str
    state: str
    due_date: str | None
    due_estimated: bool
    stopped: bool
    owner: str
    # Set for an open obligation (a condition of the track's clearance) rather than the
    # track's own clock: its text, and its id.
    condition: str | None = None
    obligation_id: int | None = None
    # The screening outcome the track was opened for ("prohibited": it cannot be filed).
    outcome: str = ""
    # The target's Chinese name ("" when the facts give none): officers know it by it.
    target_zh: str = ""
    # The owner's full name ("" without one): the dashboard shows it; the CSV keeps `owner`.
    owner_name: str = ""
    # When a stopped clock stopped (ISO; None while it runs): the dashboard says since when.
    stopped_on: str | None = None
    # The regimes whose prohibition in force (the screening's) blocks the whole deal, other
    # than the track's own: a negative-list prohibition opens no track of its own, and the
    # deal's other tracks were listed as ordinary drafts.
    deal_prohibited_by: tuple[str, ...] = ()
    # An obligation the rules attach to a plain clearance (a data-export assessment's
    # renewal, counted back from its expiry: Obligation.due_back), not a condition the
    # authority set: named a follow-up, as the Tracks tab names it.
    follow_up: bool = False


# Drafts, closed cases and discarded drafts (services.case_lifecycle.INACTIVE_STATUSES)
# have no deadline that counts: each row's case is read by its primary key anyway, so the
# status test costs the plan nothing (tests/bench/bench_dashboard_queries.py).
_OPEN_TRACKS_SQL = text(
    """
    SELECT t.id, c.reference, c.target_name, t.regime, t.kind, t.state, t.due_date,
           t.due_estimated, t.clock_stopped_on, c.owner, t.outcome, c.target_name_zh,
           c.screening_blocks
    FROM filing_tracks t JOIN cases c ON c.id = t.case_id
    WHERE t.completed_on IS NULL AND c.status NOT IN ('draft', 'closed', 'discarded')
    ORDER BY t.due_date IS NULL, t.due_date, c.reference, t.regime, t.id
    """
)


def open_tracks(session: Session) -> list[OpenTrack]:
    """Every track not yet completed, earliest due date first (no due date last); of one
    date, by reference, then regime."""
    # The DB-API cursor of the session's own connection (same transaction), as
    # services.cases.list_cases: plain tuples, not a result-row object for each of the
    # 100,000 and more open tracks of a large installation.
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        rows = cursor.execute(_OPEN_TRACKS_SQL.text).fetchall()
    finally:
        cursor.close()
    name_of = user_names(session).get  # users are few: read once, not once a row
    return [
        OpenTrack(track_id=r[0], reference=r[1], target=r[2], regime=r[3], kind=r[4],
                  state=r[5], due_date=r[6], due_estimated=bool(r[7]),
                  # A stop beside a due date came when the period had run out: the
                  # deadline stands, and the track is not listed as stopped.
                  stopped=(stopped := r[8] is not None and r[6] is None),
                  owner=r[9], outcome=r[10] or "", target_zh=r[11] or "",
                  owner_name=name_of(r[9], ""), stopped_on=r[8] if stopped else None,
                  deal_prohibited_by=_prohibited_regimes(r[12] or "", r[3]))
        for r in rows
    ]


# Open cases the screening blocks (a prohibition, a regime it could not decide) that have
# no open filing track: the dashboard lists tracks, so such a case (a deal the negative
# list prohibits, which opens none) stood on it nowhere.
_BLOCKED_WITHOUT_TRACKS_SQL = text(
    """
    SELECT c.reference, c.screening_blocks FROM cases c
    WHERE c.status NOT IN ('draft', 'closed', 'discarded') AND c.screening_blocks != ''
      AND NOT EXISTS (SELECT 1 FROM filing_tracks t
                      WHERE t.case_id = c.id AND t.completed_on IS NULL)
    ORDER BY c.reference
    """
)


@dataclass(frozen=True)
class BlockedCase:
    """An open case the screening blocks, with no open filing track."""

    reference: str
    blocks: tuple[tuple[str, str], ...]  # (regime, outcome): prohibited or needs_info


def blocked_without_tracks(session: Session) -> list[BlockedCase]:
    """The open cases the screening blocks that have no open filing track, by reference."""
    rows = session.connection().execute(_BLOCKED_WITHOUT_TRACKS_SQL).all()
    return [BlockedCase(reference, blocks_from_text(blocks)) for reference, blocks in rows]


@lru_cache(maxsize=1024)
def _prohibited_regimes(screening_blocks: str, own_regime: str) -> tuple[str, ...]:
    """The regimes of Case.screening_blocks (`regime:outcome` items) found prohibited,
    but the track's own (its outcome says that one)."""
    return tuple(regime for regime, outcome in blocks_from_text(screening_blocks)
                 if outcome == "prohibited" and regime != own_regime)


_OPEN_OBLIGATIONS_SQL = text(
    """
    SELECT t.id, c.reference, c.target_name, t.regime, t.kind, t.state, o.due_date,
           c.owner, o.text, o.id, c.target_name_zh, o.due_back
    FROM obligations o JOIN filing_tracks t ON t.id = o.track_id JOIN cases c ON c.id = t.case_id
    WHERE o.status = 'open' AND c.status NOT IN ('draft', 'closed', 'discarded')
    """
)


def open_deadlines(session: Session) -> list[OpenTrack]:
    """What the deadlines dashboard lists: every open track and every open obligation (a
    condition of a clearance, due after its track has completed), earliest due first. A
    due date counted in days is counted on the current calendar, as the Tracks tab and the
    status report give it (services.workflow.list_obligations), and marked estimated when
    its text carries the estimated note (domain.calendars.says_estimated)."""
    rows = session.connection().execute(_OPEN_OBLIGATIONS_SQL).all()
    # Only the few counted in days are recounted (one read of each calendar for all).
    counted = session.exec(select(Obligation).where(
        Obligation.status == "open", col(Obligation.due_days).is_not(None))).all()
    calendars: dict[str, Any] = {}
    recounted = {o.id: obligation_as_shown(o, calendars, session=session) for o in counted}
    conditions = []
    name_of = user_names(session).get
    for r in rows:
        text_, due = recounted.get(r[9], (r[8], r[6]))
        conditions.append(OpenTrack(
            track_id=r[0], reference=r[1], target=r[2], regime=r[3], kind=r[4], state=r[5],
            due_date=due, due_estimated=bool(due) and says_estimated(text_), stopped=False,
            # In its own words: the estimated note is said by "(estimated)" by the date.
            owner=r[7], condition=condition_words(text_), obligation_id=r[9],
            target_zh=r[10] or "", follow_up=bool(r[11]),
            owner_name=name_of(r[7], "")))
    # Two rows of a case due the same day in one order, every time: by regime (a Chinese
    # one before a US one, the one the case list names), a track before its conditions.
    return sorted(open_tracks(session) + conditions,
                  key=lambda d: (d.due_date is None, d.due_date or "", reference_order(d.reference), d.regime,
                                 d.obligation_id is not None, d.obligation_id or d.track_id))


def track_states(session: Session) -> list[tuple[str, str, int]]:
    """How many tracks of each kind are in each state (all tracks, open and final), as
    (kind, state, count): a state's words depend on the kind ("prohibited" is "Export
    refused" on a technology export), so the chart names each by its own."""
    rows = session.connection().execute(
        text("SELECT kind, state, count(*) FROM filing_tracks GROUP BY kind, state "
             "ORDER BY count(*) DESC, kind, state")
    ).all()
    return [(r[0], r[1], r[2]) for r in rows]


@dataclass(frozen=True)
class ExpectedNotification:
    """An open US notification whose completion date is not recorded yet, so no clock
    runs: its due date projected from the deal's expected completion date."""

    track_id: int
    reference: str
    target: str
    kind: str
    state: str
    owner: str
    expected_completion: str | None  # ISO; None: the facts do not say
    projected_due: str | None  # ISO; None without an expected completion date
    estimated: bool  # counted on a calendar year held only as an estimate
    rule: str  # "due 30 calendar days after the completion date"
    citation: str
    warnings: tuple[str, ...] = ()
    target_zh: str = ""  # the target's Chinese name, "" when the facts give none
    owner_name: str = ""  # the owner's full name, "" without one

    def completion_passed(self, today: str) -> bool:
        """Whether the expected completion date is before `today` (ISO): the deal may have
        completed without its completion date being recorded."""
        return self.expected_completion is not None and "" < self.expected_completion < today


def expected_notifications(session: Session, *, today: date | None = None) -> list[ExpectedNotification]:
    """The US notifications coming up: open US-OISP tracks of non-draft cases whose
    completion date is not recorded, earliest projected due date first, those without an
    expected completion date last. Prohibited tracks are left out (they cannot complete),
    as are filed ones. The projection is the one the track's clock text shows."""
    today = today or date.today()
    # Only the columns used (no ORM objects) and one field of the facts: fast on many cases.
    # SQLAlchemy's select: sqlmodel's is typed for four columns at most.
    rows = session.connection().execute(
        sa_select(col(FilingTrack.id), col(FilingTrack.kind), col(FilingTrack.state),
                  col(FilingTrack.outcome), col(FilingTrack.clock_start), col(Case.reference),
                  col(Case.target_name), col(Case.target_name_zh), col(Case.owner),
                  func.json_extract(Case.facts, "$.deal.expected_completion_date")
                  .label("expected"))
        .join(Case, col(Case.id) == col(FilingTrack.case_id))
        .where(col(FilingTrack.kind) == "US-OISP", col(FilingTrack.completed_on).is_(None),
               col(FilingTrack.clock_start).is_(None),
               col(Case.status).not_in(INACTIVE_STATUSES))
    ).all()
    calendars: dict[str, Any] = {}  # one read of each calendar for all the tracks
    projections: dict[str | None, ProjectedDue] = {}  # deals often share a completion date
    name_of = user_names(session).get
    out = []
    for r in rows:
        if not awaits_completion(r):
            continue
        p = projections.get(r.expected)
        if p is None:
            p = projections[r.expected] = projected_notification_due(
                session, r.expected, today, calendars)
        out.append(ExpectedNotification(
            track_id=r.id, reference=r.reference, target=r.target_name, kind=r.kind,
            state=r.state, owner=r.owner,
            expected_completion=p.expected_completion.isoformat() if p.expected_completion else None,
            projected_due=p.due.isoformat() if p.due else None, estimated=p.estimated,
            rule=p.rule_text, citation=p.citation, warnings=tuple(p.warnings),
            target_zh=r.target_name_zh or "", owner_name=name_of(r.owner, "")))
    return sorted(out, key=lambda e: (e.projected_due is None, e.projected_due or "",
                                      reference_order(e.reference)))
