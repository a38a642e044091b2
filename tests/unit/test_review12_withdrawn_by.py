"""A proposal withdrawn or revised by the next response names its author as the reviewer,
and who withdrew or revised it as `by`: a second reviewer sending the next response from
the same laptop was named as the author of a value they never proposed."""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import select

from approvals.paths import DataDir
from approvals.services import review
from approvals.store.db import Database
from approvals.store.models import Event
from tests.review_multi_support import BEN
from tests.review_support import PAT, RITA, open_review_pair, write_response


def _superseded(db: Database) -> list[dict]:
    with db.read_session() as s:
        rows = s.exec(select(Event).where(Event.action == "review.proposal_superseded")
                      .order_by(Event.id)).all()
        return [json.loads(e.details or "{}") for e in rows]


def test_a_withdrawal_by_another_reviewer_names_both(tmp_path: Path, data_dir: DataDir,
                                                     db: Database) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    try:
        review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id, reference=pair.reference,
                              field_path="deal.board_seats", value=3, actor=RITA)
        review.add_review_comment(data_dir=pair.b_dir, pack_id=pair.pack_id,
                                  reference=pair.reference, body="Seats per the SPA?",
                                  actor=RITA, field_path="deal.board_seats")
        first = write_response(pair, tmp_path / "r1.zip", actor=RITA)
        with db.session() as s:
            review.import_response(s, data_dir=data_dir, path=first, actor=PAT)
        with db.read_session() as s:
            (sent,) = [v for v in review.list_proposals(s, reference=pair.reference)]
        # Ben, on the same laptop, takes Rita's proposal back (the pack's value again).
        review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id, reference=pair.reference,
                              field_path="deal.board_seats", value=sent.base_value, actor=BEN)
        second = write_response(pair, tmp_path / "r2.zip", actor=BEN)
        with db.session() as s:
            review.import_response(s, data_dir=data_dir, path=second, actor=PAT)
    finally:
        pair.b_db.dispose()
    (withdrawn,) = _superseded(db)
    assert withdrawn["withdrawn"] is True
    assert withdrawn["reviewer"] == sent.reviewer and withdrawn["reviewer"].startswith("rita")
    assert withdrawn["by"].startswith("ben")

    with db.read_session() as s:
        (listed,) = [v for v in review.list_proposals(s, reference=pair.reference)
                     if v.id == sent.id]
    assert (listed.status, listed.withdrawn) == ("superseded", True)
    # Proposed changes' Status column says so, not "replaced by a later response".
    from approvals.ui.review import _status_words

    assert _status_words(listed) == "withdrawn by the reviewer"
