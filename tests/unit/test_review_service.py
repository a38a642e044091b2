"""Review round trip at the service level: merge without duplicates, per-field diff,
conflicts shown side by side, accepted changes audited with the reviewer's name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import ConflictError, InputError, PermissionDenied
from approvals.exchange.pack import PackRefused
from approvals.paths import DataDir
from approvals.services import review
from approvals.services.cases import get_case
from approvals.store.audit import Actor, verify_chain
from approvals.store.db import Database
from approvals.store.migrate import open_database
from approvals.store.models import Case, Comment, Event, ReviewProposal, ReviewResponse
from tests.review_support import PAT, RITA, ROOT, open_review_pair


@pytest.fixture
def setup(tmp_path: Path, data_dir: DataDir, db: Database):
    pair = open_review_pair(tmp_path, data_dir, db)
    yield data_dir, db, pair.b_dir, pair.b_db, pair.reference, pair.pack_id
    pair.b_db.dispose()


def _respond(b_dir, b_db, pack_id, out: Path) -> Path:
    with b_db.session() as s:
        review.export_response_pack(s, data_dir=b_dir, pack_id=pack_id, out=out, actor=RITA)
    return out


def _import(data_dir, db, path) -> review.ImportResult:
    with db.session() as s:
        return review.import_response(s, data_dir=data_dir, path=path, actor=PAT)


def test_round_trip_merges_once_and_applies_accepted_fields(setup, tmp_path):
    data_dir, db, b_dir, b_db, ref, pack_id = setup
    review.add_review_comment(data_dir=b_dir, pack_id=pack_id, reference=ref,
                              body="Amount matches the SPA?", field_path="deal.amount.value",
                              actor=RITA)
    review.propose_change(data_dir=b_dir, pack_id=pack_id, reference=ref,
                          field_path="deal.board_seats", value=2, actor=RITA)
    review.propose_change(data_dir=b_dir, pack_id=pack_id, reference=ref,
                          field_path="target.headquarters", value="HK", actor=RITA)
    review.set_recommendation(data_dir=b_dir, pack_id=pack_id, reference=ref,
                              recommendation="approve", reasons="Complete", actor=RITA)
    response = _respond(b_dir, b_db, pack_id, tmp_path / "response.zip")

    first = _import(data_dir, db, response)
    assert (first.comments_added, first.proposals_added) == (1, 2)
    assert first.recommendations == ((ref, "approve"),) and not first.conflicts
    again = _import(data_dir, db, response)
    assert again.nothing_new and again.comments_skipped == 1 and again.proposals_skipped == 2
    with db.read_session() as s:
        assert len(s.exec(select(Comment)).all()) == 1
        assert len(s.exec(select(ReviewProposal)).all()) == 2
        assert len(s.exec(select(ReviewResponse)).all()) == 1
        diff = {p.field_path: p for p in review.list_proposals(s, reference=ref)}
    seats = diff["deal.board_seats"]
    assert seats.base_value == seats.current_value and seats.proposed_value == 2
    assert not seats.conflict

    with db.session() as s:
        review.decide_proposal(s, proposal_id=seats.id, accept=True, actor=PAT)
        review.decide_proposal(s, proposal_id=diff["target.headquarters"].id, accept=False,
                               actor=PAT)
    with db.read_session() as s:
        case = get_case(s, ref)
        assert case.facts.deal.board_seats == 2
        assert case.facts.target.headquarters != "HK"
        changed = s.exec(select(Event).where(Event.action == "field.changed")).all()
        assert [e.field for e in changed] == ["deal.board_seats"]
        assert "rita (Reviewer laptop)" in changed[0].reason
        accepted = s.exec(select(Event).where(Event.action == "review.proposal_accepted")).one()
        assert "rita" in accepted.details
        assert verify_chain(s)[1] is None
    with db.session() as s, pytest.raises(ConflictError, match="already accepted"):
        review.decide_proposal(s, proposal_id=seats.id, accept=False, actor=PAT)


def test_an_approver_without_edit_rights_can_accept_a_proposal(setup, tmp_path):
    data_dir, db, b_dir, b_db, ref, pack_id = setup
    review.propose_change(data_dir=b_dir, pack_id=pack_id, reference=ref,
                          field_path="deal.board_seats", value=1, actor=RITA)
    _import(data_dir, db, _respond(b_dir, b_db, pack_id, tmp_path / "response.zip"))
    approver = Actor("ann", ("approver",))
    with db.read_session() as s:
        (proposal,) = review.list_proposals(s, reference=ref)
    with db.session() as s:
        review.decide_proposal(s, proposal_id=proposal.id, accept=True, actor=approver)
    with db.read_session() as s:
        assert get_case(s, ref).facts.deal.board_seats == 1
        event = s.exec(select(Event).where(Event.action == "field.changed")).one()
        assert event.actor == "ann" and "rita" in json.loads(event.details)["reviewer"]


def test_case_edited_while_the_pack_is_out_shows_both_values(setup, tmp_path):
    data_dir, db, b_dir, b_db, ref, pack_id = setup
    with db.read_session() as s:
        exported_hq = get_case(s, ref).facts.target.headquarters
    review.propose_change(data_dir=b_dir, pack_id=pack_id, reference=ref,
                          field_path="target.headquarters", value="SG", actor=RITA)
    response = _respond(b_dir, b_db, pack_id, tmp_path / "response.zip")

    # Meanwhile the preparer changes the same field on A.
    with db.session() as s:
        case = s.exec(select(Case).where(Case.reference == ref)).one()
        facts = json.loads(case.facts)
        facts["target"]["headquarters"] = "US"
        case.facts = json.dumps(facts)
        case.version += 1
        s.add(case)

    result = _import(data_dir, db, response)
    assert result.conflicts == ((ref, "target.headquarters"),)
    with db.read_session() as s:
        (view,) = review.list_proposals(s, reference=ref)
    assert view.conflict
    assert (view.base_value, view.current_value, view.proposed_value) == (exported_hq, "US", "SG")

    with db.session() as s, pytest.raises(ConflictError) as err:
        review.decide_proposal(s, proposal_id=view.id, accept=True, actor=PAT)
    assert '"US"' in str(err.value) and '"SG"' in str(err.value)
    with db.read_session() as s:
        assert get_case(s, ref).facts.target.headquarters == "US"  # nothing overwritten
    with db.session() as s:
        done = review.decide_proposal(s, proposal_id=view.id, accept=True, actor=PAT,
                                      override_conflict=True)
    assert done.status == "accepted" and done.current_value == "SG"


def test_reviewer_input_is_validated(setup):
    _data_dir, _db, b_dir, b_db, ref, pack_id = setup
    with pytest.raises(InputError, match=r"deal\.board_seats"):
        review.propose_change(data_dir=b_dir, pack_id=pack_id, reference=ref,
                              field_path="deal.board_seats", value=-1, actor=RITA)
    with pytest.raises(InputError, match="not a field"):
        review.propose_change(data_dir=b_dir, pack_id=pack_id, reference=ref,
                              field_path="deal.nonsense", value=1, actor=RITA)
    with pytest.raises(InputError, match="reasons"):
        review.set_recommendation(data_dir=b_dir, pack_id=pack_id, reference=ref,
                                  recommendation="return", reasons=" ", actor=RITA)
    with pytest.raises(PermissionDenied):
        review.add_review_comment(data_dir=b_dir, pack_id=pack_id, reference=ref, body="x",
                                  actor=PAT)
    with pytest.raises(InputError, match="no review input"), b_db.session() as s:
        review.export_response_pack(s, data_dir=b_dir, pack_id=pack_id,
                                    out=b_dir.root / "r.zip", actor=RITA)


def test_response_to_a_pack_not_exported_here_is_refused(setup, tmp_path):
    _data_dir, _db, b_dir, b_db, ref, pack_id = setup
    review.add_review_comment(data_dir=b_dir, pack_id=pack_id, reference=ref, body="Fine",
                              actor=RITA)
    response = _respond(b_dir, b_db, pack_id, tmp_path / "response.zip")
    # A third installation trusts B but never exported that pack.
    c_dir = DataDir(tmp_path / "C").ensure()
    c_db = open_database(c_dir)
    try:
        with c_db.session() as s:
            review.trust_key(s, key_text=review.installation_identity(b_dir).public_key_text,
                             label="B", actor=ROOT)
        with c_db.session() as s, pytest.raises(PackRefused, match="not exported from this installation"):
            review.import_response(s, data_dir=c_dir, path=response, actor=ROOT)
    finally:
        c_db.dispose()


def test_reopening_a_pack_keeps_the_review_input(setup, tmp_path):
    _data_dir, _db, b_dir, b_db, ref, pack_id = setup
    review.add_review_comment(data_dir=b_dir, pack_id=pack_id, reference=ref, body="Kept",
                              actor=RITA)
    pack = next(Path(tmp_path).glob("review.zip"))
    with b_db.session() as s:
        again = review.open_review_pack(s, data_dir=b_dir, path=pack, actor=RITA)
    assert again.already_open
    view = review.get_review(b_dir, pack_id[:8])
    assert [c.body for c in view.cases[0].comments if c.origin == "review"] == ["Kept"]


def test_a_later_response_to_the_same_pack_adds_only_what_is_new(setup, tmp_path):
    data_dir, db, b_dir, b_db, ref, pack_id = setup
    review.add_review_comment(data_dir=b_dir, pack_id=pack_id, reference=ref, body="First",
                              actor=RITA)
    review.propose_change(data_dir=b_dir, pack_id=pack_id, reference=ref,
                          field_path="deal.board_seats", value=2, actor=RITA)
    review.propose_change(data_dir=b_dir, pack_id=pack_id, reference=ref,
                          field_path="deal.stake_after_pct", value=33.5, actor=RITA)
    _import(data_dir, db, _respond(b_dir, b_db, pack_id, tmp_path / "r1.zip"))
    # The reviewer works on, changes one proposal, and sends a second response.
    review.add_review_comment(data_dir=b_dir, pack_id=pack_id, reference=ref, body="Second",
                              actor=RITA)
    review.propose_change(data_dir=b_dir, pack_id=pack_id, reference=ref,
                          field_path="deal.board_seats", value=3, actor=RITA)
    second = _import(data_dir, db, _respond(b_dir, b_db, pack_id, tmp_path / "r2.zip"))
    assert (second.comments_added, second.comments_skipped) == (1, 1)
    assert (second.proposals_added, second.proposals_skipped) == (1, 1)
    with db.read_session() as s:
        assert sorted(c.body for c in s.exec(select(Comment)).all()) == ["First", "Second"]
        pending = review.list_proposals(s, reference=ref, status="pending")
    assert sorted((p.field_path, p.proposed_value) for p in pending) == [
        ("deal.board_seats", 3), ("deal.stake_after_pct", 33.5)]
