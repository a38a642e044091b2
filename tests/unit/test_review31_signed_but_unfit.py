"""A response signed by a trusted reviewer, yet carrying what review mode never writes:
a group of fields proposed whole although it was stated when the case was sent (judged by
the base the response claimed, not by the facts sent: the amount was replaced whole on
Accept), a comment on a document the case does not hold (kept as a case comment, its
subject lost without a word), a figure that reads as infinity (imported, then printed as
`Infinity`, which no JSON reader takes). Each is refused whole, naming what, and nothing
changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from approvals.exchange.pack import PackRefused
from approvals.paths import DataDir
from approvals.services import review
from approvals.store.db import Database
from tests.review_support import PAT, ReviewPair, open_review_pair, write_response


def _dump(db: Database) -> list[str]:
    with db.read_session() as s:
        conn = s.connection().connection.driver_connection
        return list(conn.iterdump())


def _edit_input(pair: ReviewPair, change) -> None:
    folder = review._review_folder(pair.b_dir, pair.pack_id)
    saved = json.loads((folder / review.INPUT_FILE).read_text(encoding="utf-8"))
    change(saved[pair.reference])
    (folder / review.INPUT_FILE).write_text(json.dumps(saved), encoding="utf-8")


def _refused(pair: ReviewPair, tmp_path: Path, change, expected: str) -> None:
    _edit_input(pair, change)
    try:
        out = write_response(pair, tmp_path / "response.zip")
    finally:
        pair.b_db.dispose()
    before = _dump(pair.a_db)
    with pair.a_db.session() as s, pytest.raises(PackRefused) as info:
        review.import_response(s, data_dir=pair.a_dir, path=out, actor=PAT)
    assert expected in str(info.value), str(info.value)
    assert _dump(pair.a_db) == before


def test_a_stated_group_proposed_whole_is_refused(tmp_path: Path, data_dir: DataDir,
                                                  db: Database) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)

    def whole_amount(entry: dict) -> None:
        # As a forged response would claim it: "not stated when sent".
        entry["proposals"]["deal.amount"] = {"base_value": None, "author": "rita",
                                             "proposed_value": {"value": 1, "currency": "USD"}}

    _refused(pair, tmp_path, whole_amount,
             "it proposes a change to 'deal.amount' of AP-2026-0001 as a whole")


def test_a_comment_on_a_document_the_case_does_not_hold_is_refused(
        tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)

    def on_unknown_document(entry: dict) -> None:
        entry["comments"].append({"uid": "c-99", "body": "Unsigned copy", "field_path": None,
                                  "document_id": 99999, "author": "rita",
                                  "created_at": "2026-12-01T09:00:00+00:00"})

    _refused(pair, tmp_path, on_unknown_document,
             "is about document 99999, which the case does not hold")


def test_a_figure_that_reads_as_infinity_is_refused(tmp_path: Path, data_dir: DataDir,
                                                    db: Database) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)

    def infinite(entry: dict) -> None:
        entry["proposals"]["deal.board_seats"] = {"base_value": 1, "author": "rita",
                                                  "proposed_value": float("inf")}

    _refused(pair, tmp_path, infinite, "that is not a finite number")


def test_the_app_s_own_dump_helper_sees_a_change(tmp_path: Path, data_dir: DataDir,
                                                 db: Database) -> None:
    before = _dump(db)
    with db.session() as s:
        s.connection().execute(text("CREATE TABLE scratch (x INTEGER)"))
    assert _dump(db) != before
