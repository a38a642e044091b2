"""One review pack sent to two reviewers at once (a law firm's desk and two outside
laptops): each reviewer's input stays theirs — visible, decidable and named separately —
whatever order the responses come back in and whatever the desk decides first."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import ConflictError
from approvals.paths import DataDir
from approvals.services import review
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Comment, Event
from tests.review_multi_support import Desk, open_review_desk
from tests.review_support import PAT, RITA, ROOT


@pytest.fixture
def desk(tmp_path: Path, data_dir: DataDir, db: Database) -> Iterator[Desk]:
    made = open_review_desk(tmp_path, data_dir, db)
    yield made
    made.close()


def _propose(desk: Desk, who: str, field: str, value) -> None:
    desk.propose(who, field, value)


def _respond(desk: Desk, who: str, out: Path) -> Path:
    return desk.respond(who, out)


def _import(desk: Desk, path: Path) -> review.ImportResult:
    return desk.import_(path)


def _proposals(desk: Desk) -> dict[tuple[str, str], review.ProposalView]:
    with desk.a_db.read_session() as s:
        rows = review.list_proposals(s, reference=desk.reference)
    return {(p.reviewer.split(" ")[0], p.field_path): p for p in rows}


def _two_responses(desk: Desk, tmp_path: Path) -> tuple[Path, Path]:
    _propose(desk, "B", "deal.board_seats", 1)
    _propose(desk, "C", "deal.board_seats", 2)
    _propose(desk, "B", "deal.stake_after_pct", 9.5)
    _propose(desk, "C", "deal.stake_after_pct", 9.5)
    return _respond(desk, "B", tmp_path / "rita.zip"), _respond(desk, "C", tmp_path / "ben.zip")


@pytest.mark.parametrize("order", ["rita first", "ben first"])
def test_two_reviewers_disagreeing_on_a_field_are_both_pending_and_named(desk, tmp_path, order):
    rita, ben = _two_responses(desk, tmp_path)
    first, second = (rita, ben) if order == "rita first" else (ben, rita)
    _import(desk, first)
    result = _import(desk, second)
    rows = _proposals(desk)
    assert {k: (p.proposed_value, p.status) for k, p in rows.items()} == {
        ("rita", "deal.board_seats"): (1, "pending"),
        ("ben", "deal.board_seats"): (2, "pending"),
        ("rita", "deal.stake_after_pct"): (9.5, "pending"),
        ("ben", "deal.stake_after_pct"): (9.5, "pending"),
    }
    # Each row names the other reviewer's proposal for the same field.
    seats_rita, seats_ben = rows["rita", "deal.board_seats"], rows["ben", "deal.board_seats"]
    assert [(o.id, o.proposed_value, o.status) for o in seats_rita.others] == [(seats_ben.id, 2, "pending")]
    assert [o.reviewer for o in seats_ben.others] == [seats_rita.reviewer]
    # The import that brought the second opinion says the two differ, naming the other.
    other = ("rita (Reviewer laptop)", 1) if order == "rita first" else ("ben (Ben's laptop)", 2)
    assert [(r, f, o.reviewer, o.proposed_value) for r, f, o in result.disagreements] == [
        (desk.reference, "deal.board_seats", *other)]


def test_accepting_one_reviewers_value_marks_the_others_conflict_naming_both(desk, tmp_path):
    rita, ben = _two_responses(desk, tmp_path)
    _import(desk, rita)
    _import(desk, ben)
    rows = _proposals(desk)
    with desk.a_db.session() as s:
        review.decide_proposal(s, proposal_id=rows["rita", "deal.board_seats"].id, accept=True, actor=PAT)
        review.decide_proposal(s, proposal_id=rows["rita", "deal.stake_after_pct"].id, accept=True,
                               actor=PAT)
    rows = _proposals(desk)
    ben_seats, ben_stake = rows["ben", "deal.board_seats"], rows["ben", "deal.stake_after_pct"]
    # Ben's proposals are still his, still waiting: not shown as accepted.
    assert (ben_seats.status, ben_stake.status) == ("pending", "pending")
    assert ben_seats.conflict and not ben_stake.conflict
    # The current value is named as Rita's accepted proposal, on both rows.
    assert ben_seats.current_from is not None
    assert (ben_seats.current_from.reviewer, ben_seats.current_from.status,
            ben_seats.current_from.decided_by) == ("rita (Reviewer laptop)", "accepted", "pat")
    assert ben_stake.current_from is not None and ben_stake.current_from.reviewer.startswith("rita")
    # Accepting Ben's over it is refused with both reviewers named.
    with desk.a_db.session() as s, pytest.raises(ConflictError) as refused:
        review.decide_proposal(s, proposal_id=ben_seats.id, accept=True, actor=PAT)
    text = str(refused.value)
    assert "ben (Ben's laptop) proposes 2" in text
    assert "rita (Reviewer laptop)" in text and "accepted by pat" in text
    # Ben's same value accepted separately is recorded as his, naming him.
    with desk.a_db.session() as s:
        review.decide_proposal(s, proposal_id=ben_stake.id, accept=True, actor=PAT)
    with desk.a_db.read_session() as s:
        reasons = s.exec(select(Event.reason).where(Event.action == "review.proposal_accepted")
                         .order_by(Event.id)).all()
    # The pack the preparer exported, as the import named it (not the response's own id).
    answered = f"the response to review pack {desk.pack_id[:8]}"
    assert reasons == [
        f"proposed by reviewer rita (Reviewer laptop) in {answered}",
        f"proposed by reviewer rita (Reviewer laptop) in {answered}",
        f"proposed by reviewer ben (Ben's laptop) in {answered}",
    ]


def test_two_reviewers_with_the_same_name_and_key_label_do_not_replace_each_other(
        desk, tmp_path):
    """Two laptops labelled alike here and answered by the same login (`cli:root`): one
    reviewer's proposal is never taken for the other's earlier one and withdrawn."""
    with desk.a_db.session() as s:
        review.trust_key(s, key_text=review.installation_identity(
            desk.reviewers["C"][0]).public_key_text, label="Reviewer laptop", actor=ROOT)
    desk.reviewers["C"] = (*desk.reviewers["C"][:2], RITA)
    _propose(desk, "B", "deal.board_seats", 1)
    _propose(desk, "C", "deal.board_seats", 2)
    _import(desk, _respond(desk, "B", tmp_path / "b.zip"))
    result = _import(desk, _respond(desk, "C", tmp_path / "c.zip"))
    assert result.proposals_added == 1 and result.withdrawn == ()
    with desk.a_db.read_session() as s:
        rows = review.list_proposals(s, reference=desk.reference)
    assert sorted((p.proposed_value, p.status) for p in rows) == [(1, "pending"), (2, "pending")]


def test_a_reviewers_second_response_after_the_desk_decided_the_other_reviewers_value(
        desk, tmp_path):
    rita, ben = _two_responses(desk, tmp_path)
    _import(desk, rita)
    _import(desk, ben)
    rows = _proposals(desk)
    with desk.a_db.session() as s:
        review.decide_proposal(s, proposal_id=rows["rita", "deal.board_seats"].id, accept=True,
                               actor=PAT)
        review.decide_proposal(s, proposal_id=rows["ben", "deal.board_seats"].id, accept=False,
                               actor=PAT, reason="Rita's figure matches the SPA")
    # Ben sends everything again: his rejected value is not asked again, his other one
    # still waits; Rita's accepted value stays.
    again = _import(desk, _respond(desk, "C", tmp_path / "ben2.zip"))
    assert (again.proposals_added, again.proposals_skipped, again.withdrawn) == (0, 2, ())
    # Ben then revises to Rita's value: a new proposal of his, and no conflict (the value
    # is already the current one).
    _propose(desk, "C", "deal.board_seats", 1)
    third = _import(desk, _respond(desk, "C", tmp_path / "ben3.zip"))
    assert third.proposals_added == 1 and third.conflicts == () and third.disagreements == ()
    rows = _proposals(desk)
    assert rows["rita", "deal.board_seats"].status == "accepted"
    with desk.a_db.read_session() as s:
        bens = [p for p in review.list_proposals(s, reference=desk.reference)
                if p.reviewer.startswith("ben") and p.field_path == "deal.board_seats"]
    assert [(p.proposed_value, p.status) for p in bens] == [(2, "rejected"), (1, "pending")]


def test_recommendations_of_both_reviewers_are_recorded_with_names(desk, tmp_path):
    for who, rec in (("B", "approve"), ("C", "return")):
        folder, _db, actor = desk.reviewers[who]
        review.set_recommendation(data_dir=folder, pack_id=desk.pack_id, reference=desk.reference,
                                  recommendation=rec, reasons=f"{actor.username}'s reasons",
                                  actor=actor)
    _import(desk, _respond(desk, "C", tmp_path / "ben.zip"))
    second = _import(desk, _respond(desk, "B", tmp_path / "rita.zip"))
    assert second.recommendations == ((desk.reference, "approve"),)
    # The import names the other reviewer's differing recommendation.
    assert [(r, o.reviewer, o.recommendation) for r, o in second.other_recommendations] == [
        (desk.reference, "ben (Ben's laptop)", "return")]
    with desk.a_db.read_session() as s:
        recs = review.list_recommendations(s, reference=desk.reference)
    assert [(r.reviewer, r.recommendation, r.reasons) for r in recs] == [
        ("ben (Ben's laptop)", "return", "ben's reasons"),
        ("rita (Reviewer laptop)", "approve", "rita's reasons"),
    ]


def test_a_value_accepted_over_another_reviewers_accepted_one_names_which_stands(desk, tmp_path):
    rita, ben = _two_responses(desk, tmp_path)
    _import(desk, rita)
    _import(desk, ben)
    rows = _proposals(desk)
    rita_seats, ben_seats = rows["rita", "deal.board_seats"], rows["ben", "deal.board_seats"]
    with desk.a_db.session() as s:
        review.decide_proposal(s, proposal_id=rita_seats.id, accept=True, actor=PAT)
        review.decide_proposal(s, proposal_id=ben_seats.id, accept=True, actor=PAT,
                               override_conflict=True, reason="the board minutes say 2")
    rows = _proposals(desk)
    # Both stay accepted (each decision happened), and Rita's row says Ben's value replaced it.
    assert rows["rita", "deal.board_seats"].status == rows["ben", "deal.board_seats"].status == "accepted"
    assert rows["rita", "deal.board_seats"].current_value == 2
    replaced_by = rows["rita", "deal.board_seats"].current_from
    assert replaced_by is not None and replaced_by.id == ben_seats.id
    assert rows["ben", "deal.board_seats"].current_from is None  # its own value stands
    with desk.a_db.read_session() as s:
        (event,) = s.exec(select(Event).where(Event.action == "review.proposal_accepted",
                                              Event.field == "deal.board_seats",
                                              Event.new_value == "2")).all()
        assert json.loads(event.details)["overrode_proposal"] == rita_seats.id
        assert event.reason.endswith(": the board minutes say 2")


def test_two_users_reviewing_on_one_laptop_keep_their_own_names(desk, tmp_path):
    """Rita and Sam share Rita's laptop (one review input per pack there): what each typed
    comes back under their own name, whoever sends the response, and Sam is told when his
    proposal replaces Rita's."""
    sam = Actor("sam", ("reviewer",))
    folder = desk.reviewers["B"][0]
    ref, pack_id = desk.reference, desk.pack_id
    review.propose_change(data_dir=folder, pack_id=pack_id, reference=ref,
                          field_path="deal.board_seats", value=1, actor=RITA)
    review.propose_change(data_dir=folder, pack_id=pack_id, reference=ref,
                          field_path="deal.stake_after_pct", value=9.5, actor=RITA)
    review.add_review_comment(data_dir=folder, pack_id=pack_id, reference=ref,
                              body="Rita: SPA unsigned", actor=RITA)
    review.add_review_comment(data_dir=folder, pack_id=pack_id, reference=ref,
                              body="Sam: schedule 3 missing", actor=sam)
    draft = review.propose_change(data_dir=folder, pack_id=pack_id, reference=ref,
                                  field_path="deal.board_seats", value=2, actor=sam)
    assert draft is not None and draft.replaced == ("rita", 1)
    again = review.propose_change(data_dir=folder, pack_id=pack_id, reference=ref,
                                  field_path="deal.board_seats", value=3, actor=sam)
    assert again is not None and again.replaced is None  # his own proposal, revised
    review.set_recommendation(data_dir=folder, pack_id=pack_id, reference=ref,
                              recommendation="return", reasons="schedule 3", actor=sam)
    folder, rdb, _actor = desk.reviewers["B"]
    with rdb.session() as s:  # Rita sends everything
        review.export_response_pack(s, data_dir=folder, pack_id=pack_id,
                                    out=tmp_path / "shared.zip", actor=RITA)
    _import(desk, tmp_path / "shared.zip")
    with desk.a_db.read_session() as s:
        authors = dict(s.exec(select(Comment.body, Comment.author)).all())
        proposals = {p.field_path: p.reviewer for p in review.list_proposals(s, reference=ref)}
        recs = [(r.reviewer, r.recommendation) for r in review.list_recommendations(s, reference=ref)]
        said = s.exec(select(Event.details).where(Event.action == "review.recommendation")).one()
    assert authors == {"Rita: SPA unsigned": "rita (Reviewer laptop)",
                       "Sam: schedule 3 missing": "sam (Reviewer laptop)"}
    assert proposals == {"deal.board_seats": "sam (Reviewer laptop)",
                         "deal.stake_after_pct": "rita (Reviewer laptop)"}
    assert recs == [("sam (Reviewer laptop)", "return")]
    assert json.loads(said)["sent_by"] == "rita (Reviewer laptop)"
