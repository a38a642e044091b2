"""A reviewer whose only input was one proposal, sent and imported, takes it back: the
response that says so could not be written ("there is no review input to send yet"), and
the preparer kept a proposal the reviewer no longer stood behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from approvals.domain.errors import InputError
from approvals.paths import DataDir
from approvals.services import review
from approvals.store.db import Database
from tests.review_support import PAT, RITA, open_review_pair, proposals_by_field, write_response


def test_taking_back_the_only_proposal_is_sent_and_withdraws_it(
        tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    try:
        # Nothing typed and nothing sent yet: nothing to send.
        with pytest.raises(InputError, match="no review input to send yet"):
            write_response(pair, tmp_path / "empty.zip")
        review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id,
                              reference=pair.reference, field_path="deal.board_seats",
                              value=2, actor=RITA)
        first = write_response(pair, tmp_path / "first.zip")
        with db.session() as s:
            review.import_response(s, data_dir=data_dir, path=first, actor=PAT)
        sent = proposals_by_field(db)["deal.board_seats"]
        assert sent.status == "pending"
        # Back at the exported value: the reviewer no longer proposes anything.
        review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id,
                              reference=pair.reference, field_path="deal.board_seats",
                              value=sent.base_value, actor=RITA)
        second = write_response(pair, tmp_path / "second.zip")
    finally:
        pair.b_db.dispose()
    with db.session() as s:
        result = review.import_response(s, data_dir=data_dir, path=second, actor=PAT)
    assert result.withdrawn
    assert proposals_by_field(db)["deal.board_seats"].withdrawn
