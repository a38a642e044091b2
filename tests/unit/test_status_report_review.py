"""Review input in the status report: each reviewer named in the audit timeline's
sentences (the importer, often cli:root, is only the event's actor), and a "Review" section
with each reviewer's latest recommendation and the proposals still to decide."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from approvals.filings.data import Recommendation, ReviewInput
from approvals.paths import DataDir
from approvals.services import review
from approvals.services.filings import load_filing_data, render_filing
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.review_multi_support import Desk, open_review_desk
from tests.review_support import PAT


@pytest.fixture
def desk(tmp_path: Path, data_dir: DataDir, db: Database) -> Iterator[Desk]:
    made = open_review_desk(tmp_path, data_dir, db)
    yield made
    made.close()


def _recommend(desk: Desk, who: str, recommendation: str, reasons: str) -> None:
    folder, _db, actor = desk.reviewers[who]
    review.set_recommendation(data_dir=folder, pack_id=desk.pack_id, reference=desk.reference,
                              recommendation=recommendation, reasons=reasons, actor=actor)


def _comment(desk: Desk, who: str, body: str, field: str | None = None) -> None:
    folder, _db, actor = desk.reviewers[who]
    review.add_review_comment(data_dir=folder, pack_id=desk.pack_id, reference=desk.reference,
                              body=body, field_path=field, actor=actor)


def _two_reviewers_answer(desk: Desk, tmp_path: Path) -> None:
    """Rita (B) approves and proposes 1 board seat; Ben (C) returns the case, comments and
    proposes 2; both answers imported at the desk, Rita's proposal accepted."""
    desk.propose("B", "deal.board_seats", 1)
    _recommend(desk, "B", "approve", "control is limited")
    desk.propose("C", "deal.board_seats", 2)
    _recommend(desk, "C", "return", "board seats understated")
    _comment(desk, "C", "Check the veto rights.", "deal.board_seats")
    desk.import_(desk.respond("B", tmp_path / "rita.zip"))
    desk.import_(desk.respond("C", tmp_path / "ben.zip"))
    with desk.a_db.read_session() as s:
        rita = next(p for p in review.list_proposals(s, reference=desk.reference)
                    if p.reviewer.startswith("rita"))
    with desk.a_db.session() as s:
        review.decide_proposal(s, proposal_id=rita.id, accept=True, actor=PAT)


def _text(pdf: bytes) -> str:
    return "".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages)


def test_timeline_sentences_name_each_reviewer_not_the_importer(desk: Desk, tmp_path: Path) -> None:
    _two_reviewers_answer(desk, tmp_path)
    with desk.a_db.read_session() as s:
        data = load_filing_data(s, desk.reference)
    said = {e.action: [] for e in data.timeline}
    for e in data.timeline:
        said[e.action].append(e.summary)
    assert any(t.startswith("recommendation from rita (Reviewer laptop): approve; reason: "
                            "control is limited") for t in said["review.recommendation"])
    assert "recommendation from ben (Ben's laptop): return; reason: board seats understated" \
        in said["review.recommendation"]
    assert "comment from ben (Ben's laptop) on Board seats (Deal): 'Check the veto rights.'" \
        in said["comment.added"]
    assert "answers from rita (Reviewer laptop) imported: 1 proposed change" in said["review.imported"]
    assert {t.split(" imported:")[0] for t in said["review.imported"]} == {
        "answers from rita (Reviewer laptop)", "answers from ben (Ben's laptop)"}
    assert said["review.proposal_accepted"][0].startswith(
        "proposed change from rita (Reviewer laptop) accepted: field Board seats (Deal): ")


def test_review_section_lists_each_reviewers_latest_word_and_the_pending_count(
        desk: Desk, tmp_path: Path) -> None:
    _two_reviewers_answer(desk, tmp_path)
    # Ben changes his mind in a second answer: only his latest recommendation is listed.
    _recommend(desk, "C", "approve", "seats confirmed by counsel")
    desk.import_(desk.respond("C", tmp_path / "ben2.zip"))
    with desk.a_db.read_session() as s:
        data = load_filing_data(s, desk.reference)
    assert data.review is not None
    assert [(r.reviewer, r.recommendation, r.reasons) for r in data.review.recommendations] == [
        ("rita (Reviewer laptop)", "approve", "control is limited"),
        ("ben (Ben's laptop)", "approve", "seats confirmed by counsel")]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+Z?", r.received_at)
               for r in data.review.recommendations)
    assert data.review.pending_proposals == 1  # Ben's 2 seats; Rita's 1 was accepted
    with desk.a_db.session() as s:
        text = _text(render_filing(session=s, reference=desk.reference, kind="status-report",
                                   actor=PAT).pdf)
    section = text[text.index("\nReview\n"):text.index("Documents")]
    assert "ben (Ben's laptop)" in section and "seats confirmed by counsel" in section
    assert "return" not in section.lower().replace("return for changes", "")  # ben's old word
    assert "1 proposed change still waits for a decision" in section


def test_no_review_section_without_review_input(desk: Desk) -> None:
    """Exported for review, nothing answered yet: no section."""
    with desk.a_db.read_session() as s:
        assert load_filing_data(s, desk.reference).review is None
        text = _text(render_filing(session=s, reference=desk.reference, kind="status-report",
                                   actor=PAT).pdf)
    assert "\nReview\n" not in text and "Recommends" not in text


def test_review_blocks_say_the_count_and_a_recommendation_less_review() -> None:
    from approvals.filings.content import Para, Table
    from approvals.filings.status_report import review_blocks

    blocks = review_blocks(ReviewInput((), 2))
    assert [b.en for b in blocks if isinstance(b, Para)] == [
        "No reviewer has sent a recommendation.",
        "2 proposed changes still wait for a decision (Review → Proposed changes…)."]
    blocks = review_blocks(ReviewInput((Recommendation("anna (Anna's laptop)", "return", "",
                                                       "2026-11-29T10:00:00Z"),), 0))
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.rows == (("anna (Anna's laptop)", "Return for changes", "2026-11-29 10:00:00",
                           "—"),)
    assert [b.en for b in blocks if isinstance(b, Para)] == [
        "No proposed change waits for a decision."]


def test_a_final_with_review_input_re_renders_byte_identical(desk: Desk, tmp_path: Path) -> None:
    _two_reviewers_answer(desk, tmp_path)
    admin = Actor("root", ("preparer", "reviewer", "approver", "admin"))
    finals = []
    for _ in range(2):
        with desk.a_db.session() as s:
            finals.append(render_filing(session=s, reference=desk.reference,
                                        kind="status-report", actor=admin, final=True).pdf)
    assert finals[0] == finals[1]
    assert "1 proposed change still waits for a decision" in _text(finals[0])
