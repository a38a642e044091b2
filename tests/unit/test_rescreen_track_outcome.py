"""Accepting a re-screening brings a running track's outcome up to date when the same filing
is still needed: a US-OISP track opened as prohibited on a mistyped training compute is a
notification once the facts are corrected, and can then be approved and filed. It stayed
"prohibited" (its guard refusing approval for good) before."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import select

from approvals.domain.errors import TransitionRefused
from approvals.domain.facts import parse_facts
from approvals.services.case_edit import update_case_facts
from approvals.services.cases import get_case
from approvals.services.screening import accept_rescreen
from approvals.services.workflow import (
    awaits_completion,
    complete_case,
    completion_blockers,
    transition,
)
from approvals.store.audit import Actor, verify_chain
from approvals.store.models import Event, FilingTrack
from tests.unit.test_screening import facts_with
from tests.unit.test_screening_service import TODAY, _create, _tracks
from tests.workflow_support import complete_for_filing

APPROVER = Actor("adam", ("approver",))
RATIONALE = {"deal.commercial_rationale": "Growth capital for model training."}


def _us_track(db, case_id: int) -> tuple[int, str, str, int]:
    """(id, outcome, state, version) of the case's US-OISP track."""
    with db.read_session() as s:
        t = _tracks(s, case_id)["US-OISP"]
        return t.id, t.outcome, t.state, t.version


def _step(db, track_id: int, name: str, actor: Actor) -> None:
    with db.session() as s:
        track = s.get(FilingTrack, track_id)
        transition(session=s, track_id=track_id, transition_name=name, actor=actor,
                   reason="", expected_version=track.version, today=TODAY)


def _correct_compute(db, admin, reference: str, ops: float) -> None:
    with db.session() as s:
        case = get_case(s, reference)
        update_case_facts(session=s, case_id=case.id, expected_version=case.version,
                          new_facts=parse_facts(facts_with(
                              {"target.ai.max_training_compute_ops": ops, **RATIONALE})),
                          actor=admin, reason="compute was mistyped")


def test_a_prohibited_track_becomes_a_notification_when_the_corrected_facts_say_so(
        db, admin) -> None:
    case = _create(db, admin, {"target.ai.max_training_compute_ops": 3.1e25, **RATIONALE})
    track_id, outcome, _state, _version = _us_track(db, case.id)
    assert outcome == "prohibited"
    _step(db, track_id, "submit_for_review", admin)
    with pytest.raises(TransitionRefused, match="prohibits"):
        _step(db, track_id, "approve_for_filing", APPROVER)
    version = _us_track(db, case.id)[3]

    _correct_compute(db, admin, case.reference, 5e23)
    with db.session() as s:
        accept_rescreen(session=s, case_id=case.id, actor=admin, as_of=date(2026, 12, 1),
                        reason="facts corrected")
    # the same track, its history kept, its outcome brought up to date
    assert _us_track(db, case.id) == (track_id, "notification_required", "internal_review",
                                      version + 1)
    with db.read_session() as s:
        event = s.exec(select(Event).where(Event.action == "track.outcome_changed")).one()
        assert (json.loads(event.old_value), json.loads(event.new_value)) == (
            "prohibited", "notification_required")
        assert event.track_id == track_id and event.reason == "re-screening accepted: facts corrected"
        assert verify_chain(s)[1] is None
    with db.session() as s:  # what the notification needs, by the one who submitted it
        complete_for_filing(s, case.reference, admin)
    _step(db, track_id, "approve_for_filing", APPROVER)  # no longer refused


def test_a_prohibition_lifted_by_the_corrected_facts_is_said_so_until_the_track_is_withdrawn(
        db, admin) -> None:
    """Below every threshold now: the track opened as prohibited stays as it was opened (no
    notification clock projected or started), and Mark completed says to withdraw it in the
    accepted screening's terms, not that the screening found the deal prohibited."""
    case = _create(db, admin, {"target.ai.max_training_compute_ops": 3.1e25})
    track_id, outcome, state, version = _us_track(db, case.id)
    assert outcome == "prohibited"
    _correct_compute(db, admin, case.reference, 1e21)
    with db.session() as s:
        accept_rescreen(session=s, case_id=case.id, actor=admin, as_of=date(2026, 12, 1),
                        reason="facts corrected")
    assert _us_track(db, case.id) == (track_id, "prohibited", state, version)
    with db.read_session() as s:
        blockers = completion_blockers(session=s, case_id=case.id)
        track = s.get(FilingTrack, track_id)
        assert track is not None and not awaits_completion(track)
    assert blockers == ["US-OISP: the accepted screening no longer finds the transaction "
                        "prohibited (now: not required), but its track opened as prohibited is "
                        "still open (now: Draft): withdraw it on the Tracks tab."]
    with db.session() as s, pytest.raises(TransitionRefused, match="withdraw it on the Tracks tab"):
        complete_case(session=s, case_id=case.id, actor=admin,
                      expected_version=get_case(s, case.reference).version)
    _step_with_reason(db, track_id, "withdraw", admin)
    with db.read_session() as s:
        assert completion_blockers(session=s, case_id=case.id) == []


def _step_with_reason(db, track_id: int, name: str, actor: Actor) -> None:
    with db.session() as s:
        track = s.get(FilingTrack, track_id)
        transition(session=s, track_id=track_id, transition_name=name, actor=actor,
                   reason="not needed after the correction", expected_version=track.version,
                   today=TODAY)


def test_a_regime_that_now_needs_another_filing_or_none_keeps_its_track(db, admin) -> None:
    # CN-FISR's review, needed for a controlling stake, no longer needed below it: the track
    # keeps the outcome it was opened for (the Screening tab shows the difference).
    sectors = {"target.security_sectors": ["key_technologies"]}
    case = _create(db, admin, {**sectors, "deal.stake_after_pct": 60, "deal.acquires_control": True})
    with db.read_session() as s:
        before = _tracks(s, case.id)["CN-FISR"]
        assert before.outcome == "approval_required"
        before_view = (before.id, before.outcome, before.state, before.version)
    with db.session() as s:
        c = get_case(s, case.reference)
        update_case_facts(session=s, case_id=c.id, expected_version=c.version,
                          new_facts=parse_facts(facts_with({**sectors, "deal.stake_after_pct": 5,
                                                            "deal.acquires_control": False})),
                          actor=admin, reason="minority stake after all")
    with db.session() as s:
        accept_rescreen(session=s, case_id=case.id, actor=admin, as_of=date(2026, 12, 1),
                        reason="facts corrected")
    with db.read_session() as s:
        after = _tracks(s, case.id)["CN-FISR"]
        assert (after.id, after.outcome, after.state, after.version) == before_view
        assert s.exec(select(Event).where(Event.action == "track.outcome_changed")).all() == []
