"""A reviewer whose only input was one proposal, sent and imported, takes it back: the
response that says so could not be written ("there is no review input to send yet"), and
the preparer kept a proposal the reviewer no longer stood behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from approvals.domain.errors import ConflictError, InputError
from approvals.domain.review_text import retracted_note, revised_note
from approvals.paths import DataDir
from approvals.services import review
from approvals.store.db import Database
from tests.review_support import (
    PAT,
    RITA,
    ReviewPair,
    open_review_pair,
    proposals_by_field,
    write_response,
)


def _propose(pair: ReviewPair, value: object) -> None:
    """The reviewer (rita) proposes `value` for the board seats in the pair's pack."""
    review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id, reference=pair.reference,
                          field_path="deal.board_seats", value=value, actor=RITA)


def _imported(db: Database, data_dir: DataDir, response: Path) -> review.ImportResult:
    with db.session() as s:
        return review.import_response(s, data_dir=data_dir, path=response, actor=PAT)


def test_taking_back_the_only_proposal_is_sent_and_withdraws_it(
        tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    try:
        # Nothing typed and nothing sent yet: nothing to send.
        with pytest.raises(InputError, match="no review input to send yet"):
            write_response(pair, tmp_path / "empty.zip")
        _propose(pair, 2)
        first = write_response(pair, tmp_path / "first.zip")
        _imported(db, data_dir, first)
        sent = proposals_by_field(db)["deal.board_seats"]
        assert sent.status == "pending"
        # Back at the exported value: the reviewer no longer proposes anything.
        _propose(pair, sent.base_value)
        second = write_response(pair, tmp_path / "second.zip")
    finally:
        pair.b_db.dispose()
    result = _imported(db, data_dir, second)
    assert result.withdrawn
    gone = proposals_by_field(db)["deal.board_seats"]
    assert gone.withdrawn
    # Deciding it now says what became of it in the app's words (it said "superseded by
    # response <a whole UUID>").
    with db.session() as s, pytest.raises(ConflictError) as refused:
        review.decide_proposal(s, proposal_id=gone.id, accept=True, actor=PAT)
    assert str(refused.value) == (
        f"Proposed change {gone.id} was already withdrawn by the reviewer "
        f"({result.pack_id[:8]}): nothing is left to decide.")


def test_taking_back_an_accepted_proposal_is_said_once_and_the_case_keeps_it(
        tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    """The import said nothing ("0 added, 0 already present"): the preparer could not tell
    the reviewer no longer stood behind a value already applied."""
    pair = open_review_pair(tmp_path, data_dir, db)
    try:
        _propose(pair, 2)
        first = write_response(pair, tmp_path / "first.zip")
        _imported(db, data_dir, first)
        sent = proposals_by_field(db)["deal.board_seats"]
        with db.session() as s:
            review.decide_proposal(s, proposal_id=sent.id, accept=True, actor=PAT)
        _propose(pair, sent.base_value)
        second = write_response(pair, tmp_path / "second.zip")
        review.add_review_comment(data_dir=pair.b_dir, pack_id=pair.pack_id,
                                  reference=pair.reference, body="One more note.", actor=RITA)
        third = write_response(pair, tmp_path / "third.zip")
    finally:
        pair.b_db.dispose()
    result = _imported(db, data_dir, second)
    assert result.retracted == ((pair.reference, "deal.board_seats", 2, "accepted", sent.id),)
    assert not result.nothing_new
    assert proposals_by_field(db)["deal.board_seats"].status == "accepted"  # it stands
    with db.session() as s:  # the same response again, and a later one: said once
        again = review.import_response(s, data_dir=data_dir, path=second, actor=PAT)
        later = review.import_response(s, data_dir=data_dir, path=third, actor=PAT)
    assert again.retracted == () and later.retracted == ()
    note = retracted_note(pair.reference, "Board seats (Deal)", "2", "accepted", sent.id)
    assert note == (f"{pair.reference}: the reviewer no longer proposes 2 for Board seats "
                    f"(Deal) (proposal #{sent.id}, accepted here); the case keeps it: change "
                    "it back with Edit facts… if the reviewer's reason holds.")


def test_a_revision_says_what_it_replaced(tmp_path: Path, data_dir: DataDir,
                                          db: Database) -> None:
    """A later response revising a pending proposal replaced it with "1 added" and nothing
    else said; the import names both values."""
    pair = open_review_pair(tmp_path, data_dir, db)
    try:
        for value, name in ((2, "first.zip"), (3, "second.zip")):
            _propose(pair, value)
            write_response(pair, tmp_path / name)
    finally:
        pair.b_db.dispose()
    with db.session() as s:
        review.import_response(s, data_dir=data_dir, path=tmp_path / "first.zip", actor=PAT)
    first = proposals_by_field(db)["deal.board_seats"]
    with db.session() as s:
        result = review.import_response(s, data_dir=data_dir, path=tmp_path / "second.zip",
                                        actor=PAT)
    assert result.revised == ((pair.reference, "deal.board_seats", 2, 3, first.id, False),)
    with db.session() as s, pytest.raises(ConflictError) as refused:
        review.decide_proposal(s, proposal_id=first.id, accept=False, actor=PAT)
    assert str(refused.value) == (
        f"Proposed change {first.id} was already replaced by a later response "
        f"({result.pack_id[:8]}): nothing is left to decide.")
    assert revised_note(pair.reference, "deal.board_seats", "2", "3", first.id, False) == (
        f"{pair.reference}: the reviewer's proposal 2 for deal.board_seats (#{first.id}) is "
        "replaced by 3 from this response.")
    assert revised_note("AP-2026-0005", "x", "7", "9", 12, True).endswith(
        "which answers an older review pack than that proposal did: check with the reviewer "
        "which value stands.")


def test_an_answer_to_an_older_pack_replacing_a_newer_ones_proposal_says_so(
        tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)  # pack A, open on the reviewer's side
    newer = tmp_path / "newer.zip"
    try:
        with db.session() as s:
            review.export_review_pack(s, data_dir=data_dir, references=[pair.reference],
                                      out=newer, actor=PAT)
        with pair.b_db.session() as s:
            b_pack = review.open_review_pack(s, data_dir=pair.b_dir, path=newer,
                                             actor=RITA).pack_id
        review.propose_change(data_dir=pair.b_dir, pack_id=b_pack, reference=pair.reference,
                              field_path="deal.board_seats", value=7, actor=RITA)
        with pair.b_db.session() as s:
            review.export_response_pack(s, data_dir=pair.b_dir, pack_id=b_pack,
                                        out=tmp_path / "to_newer.zip", actor=RITA)
        _propose(pair, 9)
        to_older = write_response(pair, tmp_path / "to_older.zip")
    finally:
        pair.b_db.dispose()
    with db.session() as s:
        review.import_response(s, data_dir=data_dir, path=tmp_path / "to_newer.zip",
                               actor=PAT)
    seven = proposals_by_field(db)["deal.board_seats"]
    result = _imported(db, data_dir, to_older)
    assert result.revised == ((pair.reference, "deal.board_seats", 7, 9, seven.id, True),)


def test_a_reviewers_earlier_recommendation_is_listed_as_replaced() -> None:
    """`review proposals` listed "recommends return" and "recommends approve" from the same
    reviewer, as two views; the status report prints only the later."""
    def rec(reference: str, who: str, what: str) -> review.RecommendationView:
        return review.RecommendationView(reference, "p", who, f"key-{who}", what, "", "")

    recs = [rec("AP-1", "rita", "return"), rec("AP-1", "ben", "approve"),
            rec("AP-1", "rita", "approve"), rec("AP-2", "rita", "return")]
    assert review.standing(recs) == [False, True, True, True]
