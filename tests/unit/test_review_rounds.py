"""Later responses to the same review pack: what was decided stays decided, and a
recommendation sent again is not recorded twice (auditor's view of repeated imports)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.exchange.pack import PackRefused
from approvals.paths import DataDir
from approvals.services import review
from approvals.services.cases import import_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.migrate import open_database
from approvals.store.models import Event, ReviewResponse, User
from tests.conftest import EXAMPLES_DIR
from tests.review_support import PAT, RITA, ROOT, open_review_pair


@pytest.fixture
def rounds(tmp_path: Path, data_dir: DataDir, db: Database):
    """Installation A exports one case; installation B (trusting each other) opens it."""
    pair = open_review_pair(tmp_path, data_dir, db)
    yield data_dir, db, pair.b_dir, pair.b_db, pair.reference, pair.pack_id
    pair.b_db.dispose()


def _respond_and_import(rounds, out: Path) -> review.ImportResult:
    data_dir, db, b_dir, b_db, _ref, pack_id = rounds
    with b_db.session() as s:
        review.export_response_pack(s, data_dir=b_dir, pack_id=pack_id, out=out, actor=RITA)
    with db.session() as s:
        return review.import_response(s, data_dir=data_dir, path=out, actor=PAT)


def test_a_decided_proposal_repeated_in_a_later_response_is_not_asked_again(rounds, tmp_path):
    _data_dir, db, b_dir, _b_db, ref, pack_id = rounds
    review.propose_change(data_dir=b_dir, pack_id=pack_id, reference=ref,
                          field_path="deal.board_seats", value=2, actor=RITA)
    review.propose_change(data_dir=b_dir, pack_id=pack_id, reference=ref,
                          field_path="deal.stake_after_pct", value=33.5, actor=RITA)
    first = _respond_and_import(rounds, tmp_path / "r1.zip")
    assert first.proposals_added == 2
    with db.session() as s:
        by_field = {p.field_path: p.id for p in review.list_proposals(s, reference=ref)}
        review.decide_proposal(s, proposal_id=by_field["deal.board_seats"], accept=True, actor=PAT)
        review.decide_proposal(s, proposal_id=by_field["deal.stake_after_pct"], accept=False,
                               actor=PAT, reason="the SPA says 25 %")
    # The reviewer adds a comment and sends everything again (the response pack repeats
    # the proposals already decided on the preparer's side).
    review.add_review_comment(data_dir=b_dir, pack_id=pack_id, reference=ref,
                              body="One more thing", actor=RITA)
    second = _respond_and_import(rounds, tmp_path / "r2.zip")
    assert (second.comments_added, second.proposals_added, second.proposals_skipped) == (1, 0, 2)
    assert not second.conflicts
    with db.read_session() as s:
        assert review.list_proposals(s, reference=ref, status="pending") == []
        accepted = s.exec(select(Event).where(Event.action == "review.proposal_accepted")).all()
    assert len(accepted) == 1  # applied once
    # A revised value is a new proposal and asks for a decision again.
    review.propose_change(data_dir=b_dir, pack_id=pack_id, reference=ref,
                          field_path="deal.stake_after_pct", value=30, actor=RITA)
    third = _respond_and_import(rounds, tmp_path / "r3.zip")
    assert third.proposals_added == 1
    with db.read_session() as s:
        pending = review.list_proposals(s, reference=ref, status="pending")
    assert [(p.field_path, p.proposed_value) for p in pending] == [("deal.stake_after_pct", 30)]


def test_the_same_recommendation_sent_again_is_recorded_once(rounds, tmp_path):
    _data_dir, db, b_dir, _b_db, ref, pack_id = rounds
    review.set_recommendation(data_dir=b_dir, pack_id=pack_id, reference=ref,
                              recommendation="return", reasons="control analysis missing",
                              actor=RITA)
    first = _respond_and_import(rounds, tmp_path / "r1.zip")
    assert first.recommendations == ((ref, "return"),)
    review.add_review_comment(data_dir=b_dir, pack_id=pack_id, reference=ref,
                              body="See page 3", actor=RITA)
    second = _respond_and_import(rounds, tmp_path / "r2.zip")
    assert second.recommendations == () and second.comments_added == 1
    # The reviewer changes their mind: that is recorded.
    review.set_recommendation(data_dir=b_dir, pack_id=pack_id, reference=ref,
                              recommendation="approve", reasons="fixed", actor=RITA)
    third = _respond_and_import(rounds, tmp_path / "r3.zip")
    assert third.recommendations == ((ref, "approve"),)
    with db.read_session() as s:
        said = [r.recommendation for r in s.exec(select(ReviewResponse).order_by(ReviewResponse.id))]
        events = s.exec(select(Event).where(Event.action == "review.recommendation")).all()
        assert said == ["return", "approve"]
        assert len(events) == 2


def test_a_restricted_document_stays_home_even_when_the_exporter_may_open_it(
        tmp_path: Path, data_dir: DataDir, db: Database):
    """Pat may open the restricted KYC file, yet it does not travel in Pat's review pack
    (in review mode elsewhere anybody could open it); the signed manifest names it."""
    import zipfile

    from approvals.services.documents import attach_document
    from approvals.store.cases import case_by_reference

    with db.session() as s:
        for actor in (ROOT, PAT):  # accounts, so the document can name them
            s.add(User(username=actor.username, roles=json.dumps(list(actor.roles))))
        data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        ref = import_case(s, data=data, actor=ROOT).reference
        case_id = case_by_reference(s, ref).id
        (tmp_path / "kyc.pdf").write_bytes(b"%PDF-1.4 passport scans")
        (tmp_path / "spa.pdf").write_bytes(b"%PDF-1.4 share purchase agreement")
        kyc = attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id,
                              source=tmp_path / "kyc.pdf", doc_type="kyc", restricted=True,
                              allowed_users=["pat"])
        attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id,
                        source=tmp_path / "spa.pdf", doc_type="transaction_agreement")
    pack = tmp_path / "review.zip"
    with db.session() as s:
        exported = review.export_review_pack(s, data_dir=data_dir, references=[ref], out=pack,
                                             actor=PAT)
    assert exported.withheld_documents == 1
    with zipfile.ZipFile(pack) as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
    assert any(n.endswith("spa.pdf") for n in names) and not any("kyc" in n for n in names)
    assert manifest["cases"][0]["withheld_documents"] == [
        {"id": kyc.id, "file_name": "kyc.pdf", "doc_type": "kyc", "sha256": kyc.sha256,
         "size": kyc.size}]
    b_dir = DataDir(tmp_path / "B").ensure()
    b_db = open_database(b_dir)
    try:
        with b_db.session() as s:
            review.trust_key(s, key_text=review.installation_identity(data_dir).public_key_text,
                             label="Preparer", actor=ROOT)
            opened = review.open_review_pack(s, data_dir=b_dir, path=pack, actor=RITA)
    finally:
        b_db.dispose()
    case = review.get_review(b_dir, opened.pack_id).cases[0]
    assert [d.file_name for d in case.documents] == ["spa.pdf"]
    assert case.withheld_documents == (("kyc.pdf", kyc.sha256),)


@pytest.mark.parametrize("reviewer", [ROOT, RITA])
def test_a_review_by_the_exporter_on_the_same_installation_is_marked(
        tmp_path: Path, data_dir: DataDir, db: Database, reviewer: Actor):
    """Root exports a pack and reviews it on the same installation: allowed (a solo
    officer), but the import says it was no independent review, and so does the audit trail.
    Rita doing the same is an ordinary review."""
    with db.session() as s:
        data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        ref = import_case(s, data=data, actor=ROOT).reference
        review.export_review_pack(s, data_dir=data_dir, references=[ref],
                                  out=tmp_path / "review.zip", actor=ROOT)
    with db.session() as s:
        pack_id = review.open_review_pack(s, data_dir=data_dir, path=tmp_path / "review.zip",
                                          actor=reviewer).pack_id
    review.set_recommendation(data_dir=data_dir, pack_id=pack_id, reference=ref,
                              recommendation="approve", reasons="fine", actor=reviewer)
    review.add_review_comment(data_dir=data_dir, pack_id=pack_id, reference=ref, body="ok",
                              actor=reviewer)
    with db.session() as s:
        review.export_response_pack(s, data_dir=data_dir, pack_id=pack_id,
                                    out=tmp_path / "response.zip", actor=reviewer)
    with db.session() as s:
        result = review.import_response(s, data_dir=data_dir, path=tmp_path / "response.zip",
                                        actor=ROOT)
    expected = reviewer is ROOT
    assert result.self_review is expected
    with db.read_session() as s:
        events = s.exec(select(Event).where(Event.action.in_(  # type: ignore[attr-defined]
            ("review.imported", "review.recommendation")))).all()
        assert len(events) == 2
        assert all(json.loads(e.details).get("self_review", False) is expected for e in events)


def test_a_comment_sent_again_with_other_text_is_refused_not_skipped(rounds, tmp_path):
    """The reviewer's files were edited after a response went out: the comment comes back
    under the same id with other text. Counting it as 'already present' would drop the new
    text silently; the pack is refused and nothing of it is merged."""
    _data_dir, db, b_dir, _b_db, ref, pack_id = rounds
    comment = review.add_review_comment(data_dir=b_dir, pack_id=pack_id, reference=ref,
                                        body="Amount is right", actor=RITA)
    _respond_and_import(rounds, tmp_path / "r1.zip")
    input_file = review.reviews_dir(b_dir) / pack_id / review.INPUT_FILE
    edited = input_file.read_text(encoding="utf-8").replace("Amount is right", "Amount is WRONG")
    input_file.write_text(edited, encoding="utf-8")
    review.set_recommendation(data_dir=b_dir, pack_id=pack_id, reference=ref,
                              recommendation="return", reasons="amount", actor=RITA)
    with db.read_session() as s:
        before = s.exec(select(Event.id)).all()
    with pytest.raises(PackRefused, match=f"comment {comment.uid} on {ref} was imported before"):
        _respond_and_import(rounds, tmp_path / "r2.zip")
    with db.read_session() as s:
        assert s.exec(select(Event.id)).all() == before
        assert s.exec(select(ReviewResponse)).all() == []
