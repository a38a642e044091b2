"""The life cycle of a case beyond its filings: close it, reopen it, discard an intake draft.

A deal that falls through, or a completed deal whose tracks have all ended, is *closed*
(`cases.status = "closed"`): every still-open filing track is withdrawn through the
workflow's own Withdraw step (each with its own audit event and the reason), in the same
unit of work, then the case itself. A closed case drops out of re-screening, the
rulebook-update review lists and the deadlines dashboard; it stays in the case list
("Closed"), searchable, exportable and printable, and it is read-only in the services
that change a case (`writable_case`): reopen it first. Reopening puts back the status it
had before closing (read from its `case.closed` event); withdrawn tracks stay withdrawn,
and an accepted re-screening can open new ones.

An intake draft that will never become a case is *discarded* (`status = "discarded"`):
its row stays, so the audit chain keeps its events and its reference is never reused,
and the case list hides it unless asked.

Closing refuses, changing nothing, while something must be dealt with first: an open
condition (fulfil or waive it), a track the authority has decided but that is not closed
(its own Close step ends it), or, on a completed deal, a track still running.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from approvals.domain import workflow as wf
from approvals.domain.audit import action_label
from approvals.domain.dates import utc_text
from approvals.domain.errors import (
    ConflictError,
    InputError,
    NotFound,
    Problem,
    TransitionRefused,
)
from approvals.domain.event_text import condition_words
from approvals.domain.field_labels import fact_named
from approvals.domain.typed_input import has_visible_text
from approvals.services.access import require
from approvals.services.audit_view import person_named, user_names
from approvals.store.audit import Actor, append_event
from approvals.store.cases import case_by_id, case_by_reference
from approvals.store.models import Case, Event, FilingTrack, Obligation, utc_now

DRAFT, OPEN, COMPLETED, CLOSED, DISCARDED = "draft", "open", "completed", "closed", "discarded"
# Statuses whose case no service may change (comments aside): see `writable_case`.
READ_ONLY_STATUSES = (CLOSED, DISCARDED)
# Statuses left out of the deadlines dashboard and re-screening besides drafts.
INACTIVE_STATUSES = (DRAFT, CLOSED, DISCARDED)
# The events that end and resume a case's life: their reasons are what the refusals quote.
CLOSED_ACTION = "case.closed"
REOPENED_ACTION = "case.reopened"
DISCARDED_ACTION = "case.discarded"


@dataclass(frozen=True)
class Ending:
    """How a case was closed or a draft discarded: the latest such event."""

    status: str  # closed | discarded
    at: str  # UTC ISO time of the event
    by: str  # user name
    reason: str
    previous: str  # the status it had before (what reopening restores)


@dataclass(frozen=True)
class LifecycleResult:
    reference: str
    status: str  # the case's status now
    previous: str  # the status before this action
    version: int
    # Regimes of the tracks closing withdrew, in track order.
    withdrawn: tuple[str, ...] = ()


# -- reading ----------------------------------------------------------------------------
def ending_of(session: Session, case_id: int) -> Ending | None:
    """The latest `case.closed` or `case.discarded` event of the case (None: none)."""
    event = session.exec(
        select(Event).where(Event.case_id == case_id,
                            col(Event.action).in_((CLOSED_ACTION, DISCARDED_ACTION)))
        .order_by(col(Event.id).desc())
    ).first()
    if event is None:
        return None
    previous = json.loads(event.old_value) if event.old_value else None
    return Ending(status=CLOSED if event.action == CLOSED_ACTION else DISCARDED,
                  at=event.occurred_at, by=event.actor, reason=event.reason,
                  previous=previous if isinstance(previous, str) and previous else OPEN)


def read_only_message(session: Session, case: Case) -> str:
    """Why nothing may change on a closed case or a discarded draft ("" when it may)."""
    if case.status not in READ_ONLY_STATUSES:
        return ""
    ending = ending_of(session, case.id) if case.id is not None else None
    why = f" ({ending.reason})" if ending and ending.reason else ""
    if case.status == CLOSED:
        return f"Case {case.reference} is closed{why}; reopen it first."
    return (f"{case.reference} is a discarded intake draft{why}; it cannot be changed. "
            "Start a new case instead.")


def refuse_if_read_only(session: Session, case: Case) -> None:
    """Raise TransitionRefused, naming the reason it was closed, for a closed case or a
    discarded draft: the one check every service that changes a case makes."""
    message = read_only_message(session, case)
    if message:
        raise TransitionRefused(message)


def writable_case(session: Session, case_id: int) -> Case:
    """The case row for a service about to change it: NotFound for no such case,
    TransitionRefused ("Case AP-… is closed (reason); reopen it first.") while closed."""
    case = case_by_id(session, case_id)
    refuse_if_read_only(session, case)
    return case


def writable_case_by_reference(session: Session, reference: str) -> Case:
    case = case_by_reference(session, reference)
    refuse_if_read_only(session, case)
    return case


def closing_problems(session: Session, case: Case) -> tuple[list[str], list[FilingTrack]]:
    """What stops the case from being closed now (in words), and the tracks closing would
    withdraw. Pure reading: the UI greys Close case… out with the same words."""
    if case.status == CLOSED:
        return [f"case {case.reference} is already closed"], []
    if case.status in (DRAFT, DISCARDED):
        return [f"{case.reference} is an intake draft, not a case: discard it instead"], []
    deal_done = case.status == COMPLETED
    problems: list[str] = []
    to_withdraw: list[FilingTrack] = []
    tracks = session.exec(select(FilingTrack).where(FilingTrack.case_id == case.id)
                          .order_by(col(FilingTrack.id))).all()
    for track in tracks:
        try:
            final, decided = wf.is_final(track.kind, track.state), \
                wf.is_decided(track.kind, track.state)
            label = wf.state_label(track.kind, track.state)
        except NotFound:  # a kind or state this installation's workflows do not know
            problems.append(f"{track.regime} is in a state this version does not know "
                            f"({track.state})")
            continue
        if final:
            continue
        if decided:
            problems.append(f"{track.regime} is {label}: record its Close step first "
                            f"({WHERE})")
        elif deal_done:
            # The deal went ahead: its remaining filings (a notification due after
            # completion) are owed, not withdrawn.
            problems.append(f"{track.regime} is still open ({label}) on a completed deal: "
                            f"take its remaining steps first ({WHERE})")
        elif "withdraw" not in {t.name for t in wf.transitions_from(track.kind, track.state)}:
            problems.append(f"{track.regime} cannot be withdrawn while {label}: take its "
                            f"next step first ({WHERE})")
        else:
            to_withdraw.append(track)
    # Imported here, not at the top: the workflow service imports this module. Private
    # there (a public service function is one the audit matrix classifies), shared here
    # so the refusal names them as the Tracks tab does.
    from approvals.services.workflow import _obligation_word as obligation_word

    open_obligations = session.exec(
        select(Obligation.text, Obligation.track_id)
        .join(FilingTrack, col(FilingTrack.id) == col(Obligation.track_id))
        .where(FilingTrack.case_id == case.id, Obligation.status == "open")
        .order_by(col(Obligation.id))
    ).all()
    by_track: dict[int, list[str]] = {}
    for text, track_id in open_obligations:
        by_track.setdefault(track_id, []).append(text)
    tracks_by_id = {t.id: t for t in tracks}
    for track_id, texts in by_track.items():
        # A plain clearance's obligations are the rules' follow-ups (a renewal), not
        # conditions: named as the Tracks tab names them.
        track = tracks_by_id[track_id]
        problems.append(_open_obligations_problem(track.regime, obligation_word(session, track),
                                                  texts))
    return problems, to_withdraw


# Where the officer deals with what stops closing: said with each problem, since the
# refusal is read in the main window's menu, away from the case window.
WHERE = "case window, Tracks tab"
# Conditions a refusal names by their words; more are counted ("and 4 more"): one line
# per condition made the Close case… tooltip as tall as the screen.
NAMED_CONDITIONS = 3


def _open_obligations_problem(regime: str, word: str, texts: list[str]) -> str:
    """One track's open conditions (or follow-ups: `word`) as one problem: named by their
    own words (the estimated-due-date note the app appends took the 80 characters and cut
    the name short), the first NAMED_CONDITIONS of them, the rest counted."""
    names = []
    for text in texts[:NAMED_CONDITIONS]:
        words = condition_words(text)
        names.append(f"“{words if len(words) <= 80 else words[:79] + '…'}”")
    if len(texts) == 1:
        return (f"the {regime} {word} {names[0]} is open: mark it fulfilled or waived "
                f"({WHERE})")
    more = len(texts) - len(names)
    # Commas inside: the problems themselves are joined with semicolons.
    listed = ", ".join(names) + (f" and {more} more" if more else "")
    return (f"{len(texts)} {regime} {word}s are open ({listed}): mark each fulfilled or "
            f"waived ({WHERE})")


def _case_changes_since(session: Session, case: Case, version: int) -> list[str]:
    """What others did to the case after `version` (each event that moved its version
    records the version it made), as a person reads it: "Alice Wong (alice) changed
    Deal amount [deal.amount.value] at 2026-12-01 09:15 UTC", "… marked the deal completed
    at …"; one save of several facts said once, with all of them."""
    events = session.exec(
        select(Event).where(Event.case_id == case.id, Event.entity == "case")
        .order_by(col(Event.id))
    ).all()
    names: dict[str, str] = {}
    facts_saved: dict[int, list[str]] = {}  # version made: the facts that save changed
    said: list[tuple[int, str, str]] = []  # (version made, who, what), in order
    for e in events:
        made = int(json.loads(e.details or "{}").get("version", 0) or 0)
        if made <= version:
            continue
        names = names or user_names(session)
        at = utc_text(e.occurred_at)
        if e.action == "field.changed" and e.field:
            if made not in facts_saved:
                facts_saved[made] = []
                said.append((made, person_named(e.actor, names), f"at {at}"))
            facts_saved[made].append(fact_named(e.field))
        else:
            said.append((0, person_named(e.actor, names), f"{_did(e, names)} at {at}"))
    return [f"{who} changed {', '.join(facts_saved[made])} {what}" if made else f"{who} {what}"
            for made, who, what in said]


# What a person did to a case, as the conflict message says it after their name.
_DID = {"case.completed": "marked the deal completed", "case.closed": "closed the case",
        "case.reopened": "reopened the case", "case.screened": "screened the case",
        "case.rescreen_accepted": "accepted a new screening",
        "case.particulars_changed": "changed the filing particulars"}


def _did(event: Event, names: dict[str, str]) -> str:
    """ "handed the case to Li Wei (li.wei)", "closed the case"; another action by its
    label ("recorded “Draft started”"): "Root Admin (root) owner changed" read as a
    sentence with its verb missing, and did not say to whom."""
    if event.action == "case.owner_changed":
        try:
            to = json.loads(event.new_value or "null")
        except ValueError:
            to = None
        return f"handed the case to {person_named(str(to), names)}" if to else "changed the owner"
    return _DID.get(event.action) or f"recorded “{action_label(event.action)}”"


def _check_version(session: Session, case: Case, expected_version: int) -> None:
    """Refuse (ConflictError naming what others did since) a change to a case saved by
    someone else after `expected_version` was read: the officer acts on the case seen."""
    if case.version == expected_version:
        return
    changes = _case_changes_since(session, case, expected_version)
    raise ConflictError(
        f"Case {case.reference} was saved by someone else since you opened it "
        f"(version {expected_version}, now {case.version})"
        + (f": {'; '.join(changes)}" if changes else "") + ".",
        changes, reload="Reload it; nothing was saved.")


def _reason(reason: str, why: str) -> str:
    reason = (reason or "").strip()
    if not has_visible_text(reason):  # a pasted zero-width space is no reason
        raise InputError(Problem("reason", why))
    return reason


def saved_change(session: Session, case: Case) -> None:
    """Store a change made to the case row: a new version (what optimistic locking
    compares) and the time, written at once."""
    case.version += 1
    case.updated_at = utc_now()
    session.add(case)
    session.flush()


def _set_status(session: Session, case: Case, status: str) -> str:
    old = case.status
    case.status = status
    saved_change(session, case)
    return old


# -- acting -----------------------------------------------------------------------------
def close_case(*, session: Session, case_id: int, actor: Actor, expected_version: int,
               reason: str, today: date | None = None) -> LifecycleResult:
    """Close the case: withdraw its still-open tracks (the workflow's Withdraw step, each
    audited with `reason`), then set it `closed` (audited old → new with `reason`).

    Refused, with nothing changed, when the case is a draft or already closed, when it
    was saved since `expected_version`, or while `closing_problems` lists something."""
    # The workflow service checks this module's guard before every step: imported here,
    # not at the top, so that each module can import the other.
    from approvals.services.workflow import transition

    actor = require(session, actor, "case.close")
    reason = _reason(reason, "say why the case is closed")
    case = case_by_id(session, case_id)
    _check_version(session, case, expected_version)
    problems, to_withdraw = closing_problems(session, case)
    if problems:
        raise TransitionRefused(f"Case {case.reference} cannot be closed yet: "
                                + "; ".join(problems) + ".")
    withdrawn = []
    for track in to_withdraw:
        assert track.id is not None
        transition(session=session, track_id=track.id, transition_name="withdraw", actor=actor,
                   reason=reason, expected_version=track.version, today=today)
        withdrawn.append(track.regime)
    session.refresh(case)
    old = _set_status(session, case, CLOSED)
    append_event(session, actor=actor, action=CLOSED_ACTION, entity="case",
                 entity_id=case.reference, case_id=case.id, field="status", old=old,
                 new=CLOSED, reason=reason,
                 details={"version": case.version, "withdrawn": withdrawn})
    return LifecycleResult(case.reference, CLOSED, old, case.version, tuple(withdrawn))


def reopen_case(*, session: Session, case_id: int, actor: Actor, expected_version: int,
                reason: str) -> LifecycleResult:
    """Reopen a closed case with the status it had before closing (its `case.closed`
    event's old value); the tracks closing withdrew stay withdrawn."""
    actor = require(session, actor, "case.close")
    reason = _reason(reason, "say why the case is reopened")
    case = case_by_id(session, case_id)
    _check_version(session, case, expected_version)
    if case.status != CLOSED:
        raise TransitionRefused(f"Case {case.reference} is not closed (it is "
                                f"{case.status}), so it cannot be reopened.")
    ending = ending_of(session, case_id)
    back_to = ending.previous if ending and ending.status == CLOSED else OPEN
    old = _set_status(session, case, back_to)
    append_event(session, actor=actor, action=REOPENED_ACTION, entity="case",
                 entity_id=case.reference, case_id=case.id, field="status", old=old,
                 new=back_to, reason=reason, details={"version": case.version})
    return LifecycleResult(case.reference, back_to, old, case.version)


def discard_draft(*, session: Session, reference: str, actor: Actor, reason: str,
                  expected_version: int | None = None) -> LifecycleResult:
    """Discard an intake draft: its row stays (status `discarded`, facts as typed) for the
    audit trail, and its reference is never given out again; it leaves the case list."""
    actor = require(session, actor, "case.create")  # whoever keeps drafts may drop one
    reason = _reason(reason, "say why the draft is discarded")
    case = case_by_reference(session, reference)
    if expected_version is not None:
        _check_version(session, case, expected_version)
    refuse_if_read_only(session, case)
    if case.status != DRAFT:
        raise TransitionRefused(f"{reference} is not an intake draft (it is {case.status}): "
                                "only a draft can be discarded; close a case instead.")
    old = _set_status(session, case, DISCARDED)
    append_event(session, actor=actor, action=DISCARDED_ACTION, entity="case",
                 entity_id=case.reference, case_id=case.id, field="status", old=old,
                 new=DISCARDED, reason=reason, details={"version": case.version})
    return LifecycleResult(case.reference, DISCARDED, old, case.version)


# -- what the windows show ----------------------------------------------------------------
@dataclass(frozen=True)
class Availability:
    """Whether Close case…, Reopen case… and Discard draft… can act on a case now, and if
    not why (the menu items' tooltips), read in one go for the selected case."""

    reference: str
    status: str
    version: int
    close: str  # "" when possible, else why not
    reopen: str
    discard: str
    ending: Ending | None = None
    # What closing would withdraw: "CN-FISR: Internal review" for each still-open track.
    withdraws: tuple[str, ...] = ()


def status_refusal(kind: str, status: str) -> str:
    """Why `kind` ("close", "reopen", "discard") cannot act on a case of `status`, "" when
    the status allows it: the words the menu items grey out with, known from the list row
    at once (closing may still be refused for what must be dealt with first)."""
    if kind == "close":
        if status == CLOSED:
            return "The case is already closed."
        return "An intake draft is not closed: discard it instead." \
            if status in (DRAFT, DISCARDED) else ""
    if kind == "reopen":
        return "" if status == CLOSED else (
            f"Only a closed case can be reopened (this one is {_status_words(status)}).")
    if status == DRAFT:
        return ""
    return "This draft is already discarded." if status == DISCARDED else (
        "Only an intake draft can be discarded; close a case instead.")


def lifecycle_availability(session: Session, *, reference: str) -> Availability:
    """What can be done with the case's life cycle now, for greying menu items out (the
    permission is the UI's to add: it knows the actor)."""
    case = case_by_reference(session, reference)
    assert case.id is not None
    problems, tracks = closing_problems(session, case)
    close = status_refusal("close", case.status) or (
        ("Cannot close yet: " + "; ".join(problems) + ".") if problems else "")
    reopen = status_refusal("reopen", case.status)
    discard = status_refusal("discard", case.status)
    ending = ending_of(session, case.id) if case.status in READ_ONLY_STATUSES else None
    withdraws = tuple(f"{t.regime}: {wf.state_label(t.kind, t.state)}" for t in tracks)
    return Availability(case.reference, case.status, case.version, close, reopen, discard,
                        ending, withdraws)


def _status_words(status: str) -> str:
    return {DRAFT: "an intake draft", OPEN: "open", COMPLETED: "completed",
            CLOSED: "closed", DISCARDED: "a discarded draft"}.get(status, status)
