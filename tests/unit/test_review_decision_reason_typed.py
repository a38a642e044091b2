"""The reason typed with a decision on a proposed change is kept as data in the decision
event's details (review.DECISION_REASON_KEY), and Proposed changes reads it from there: it
was read back out of the event's worded reason ("proposed by reviewer R in <response>:
<typed>"), which any change of that wording broke. Events written before the key existed
still show their reason, read from the wording as before, and the chain still verifies."""

from __future__ import annotations

import json

import pytest
from sqlmodel import col, select

from approvals.services import review
from approvals.store.audit import append_event, verify_chain
from approvals.store.db import Database
from approvals.store.models import Case, Event, ReviewProposal, utc_now
from tests.unit.test_backup import ROOT
from tests.unit.test_loose6_proposal_listing import _case, _propose

WHY = "Clause 4.2 of the agreement: two seats, not five."


def _two_proposals(db: Database) -> tuple[str, int, int]:
    case_id, reference = _case(db, board_seats=2)
    _propose(db, case_id, "deal.board_seats", [("pending", 2, 5, None)])
    _propose(db, case_id, "deal.stake_after_pct", [("pending", 51, 12, None)])
    with db.session() as s:
        seats, stake = s.exec(select(ReviewProposal.id).order_by(col(ReviewProposal.id))).all()
    assert seats is not None and stake is not None
    return reference, seats, stake


def _listed(db: Database, reference: str) -> dict[int, str]:
    with db.session() as s:
        return {p.id: p.decision_reason for p in review.list_proposals(s, reference=reference)}


def _decision_details(db: Database) -> list[dict[str, object]]:
    with db.session() as s:
        return [json.loads(d) for d in s.exec(
            select(Event.details).where(col(Event.action).in_(
                ("review.proposal_accepted", "review.proposal_rejected")))
            .order_by(col(Event.id))).all()]


def test_a_decision_keeps_its_typed_reason_as_data(db: Database) -> None:
    reference, seats, stake = _two_proposals(db)
    with db.session() as s:
        review.decide_proposal(s, proposal_id=seats, accept=False, actor=ROOT, reason=f"  {WHY} ")
        review.decide_proposal(s, proposal_id=stake, accept=True, actor=ROOT)
    first, second = _decision_details(db)
    assert first[review.DECISION_REASON_KEY] == WHY
    assert second[review.DECISION_REASON_KEY] == ""  # none typed: said so, not left out
    assert _listed(db, reference) == {seats: WHY, stake: ""}
    with db.session() as s:
        assert verify_chain(s)[1] is None


def test_the_reason_is_read_whatever_the_event_says_around_it(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another wording of the event's reason (here a response named with a colon in it, which
    the reading of the wording took for the start of the typed part) changes nothing."""
    monkeypatch.setattr(review, "_response_words",
                        lambda _session, _row: "the response: brought on a USB stick")
    reference, seats, _stake = _two_proposals(db)
    with db.session() as s:
        review.decide_proposal(s, proposal_id=seats, accept=True, actor=ROOT, reason=WHY)
    with db.session() as s:
        reason = s.exec(select(Event.reason).where(
            Event.action == "review.proposal_accepted")).one()
    assert reason.endswith(f"the response: brought on a USB stick: {WHY}")
    assert _listed(db, reference)[seats] == WHY


def _decide_as_before(db: Database, proposal_id: int, reason: str) -> None:
    """Reject a proposal and record it as versions before DECISION_REASON_KEY did: the
    typed reason only inside the event's worded reason."""
    with db.session() as s:
        row = s.get(ReviewProposal, proposal_id)
        assert row is not None
        case = s.get(Case, row.case_id)
        assert case is not None
        row.status, row.decided_by, row.decided_at = "rejected", ROOT.username, utc_now()
        s.add(row)
        proposed = json.loads(row.proposed_value or "null")
        because = (f"proposed by reviewer {row.reviewer} in review response "
                   f"{row.pack_id[:8]}" + (f": {reason}" if reason else ""))
        append_event(s, actor=ROOT, action="review.proposal_rejected", entity="case",
                     entity_id=case.reference, case_id=case.id, field=row.field_path,
                     old=None, new=proposed, reason=because,
                     details={"reviewer": row.reviewer, "review_pack": row.pack_id,
                              "proposal_id": row.id, "base_value": None,
                              "proposed_value": proposed})


def test_an_event_written_before_the_key_still_shows_its_reason(db: Database) -> None:
    reference, seats, stake = _two_proposals(db)
    _decide_as_before(db, seats, WHY)
    _decide_as_before(db, stake, "")
    assert all(review.DECISION_REASON_KEY not in d for d in _decision_details(db))
    assert _listed(db, reference) == {seats: WHY, stake: ""}
    with db.session() as s:
        count, broken = verify_chain(s)
    assert broken is None and count > 0


def test_old_and_new_events_side_by_side(db: Database) -> None:
    reference, seats, stake = _two_proposals(db)
    _decide_as_before(db, seats, WHY)
    with db.session() as s:
        review.decide_proposal(s, proposal_id=stake, accept=False, actor=ROOT,
                               reason="Not what the reviewer meant.")
    assert _listed(db, reference) == {seats: WHY, stake: "Not what the reviewer meant."}
    with db.session() as s:
        assert verify_chain(s)[1] is None


def test_a_rejection_records_the_field_unchanged_and_the_proposal_in_details(
        db: Database) -> None:
    """The audit CSV's Old value 2, New value 5 read as a change that never happened."""
    from approvals.domain.event_text import EventFacts, event_sentence

    _reference, seats, _stake = _two_proposals(db)
    with db.session() as s:
        review.decide_proposal(s, proposal_id=seats, accept=False, actor=ROOT, reason=WHY)
    with db.session() as s:
        event = s.exec(select(Event).where(Event.action == "review.proposal_rejected")).one()
        assert (json.loads(event.old_value or "null"), json.loads(event.new_value or "null")) \
            == (2, 2)
        assert json.loads(event.details or "{}")["proposed_value"] == 5
        facts = EventFacts(event.action, event.entity_id, event.field,
                           json.loads(event.old_value or "null"),
                           json.loads(event.new_value or "null"),
                           json.loads(event.details or "{}"))
        assert event_sentence(facts).endswith(
            "rejected: field Board seats (Deal) stays 2 (proposed 5)")
