"""A reviewer's comment on a document, imported from a response pack, read in the Timeline
as "comment from rita (Reviewer laptop): '…'": which document it is on went unsaid. The
import records the document's file name; events imported before that say its number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.event_text import EventFacts, event_sentence
from approvals.paths import DataDir
from approvals.services import review
from approvals.services.documents import attach_document
from approvals.store.db import Database
from approvals.store.models import Case, Event
from tests.review_support import PAT, RITA, ROOT, open_review_pair, write_response

READER = "rita (Reviewer laptop)"
SEATS = "deal.board_seats"


@pytest.mark.parametrize(
    ("details", "field", "expected"),
    [
        (
            {"author": READER, "origin": "r-1", "document_id": 7, "document": "SPA signed.pdf"},
            None,
            f"comment from {READER} on document 'SPA signed.pdf': 'Page 4 is missing'",
        ),
        # Imported before the file name was recorded: the document's number.
        (
            {"author": READER, "origin": "r-1", "document_id": 7},
            None,
            f"comment from {READER} on document #7: 'Page 4 is missing'",
        ),
        (
            {"author": READER, "origin": "r-1", "document_id": 7, "document": "SPA.pdf"},
            SEATS,
            f"comment from {READER} on Board seats (Deal) and document 'SPA.pdf': 'Page 4 is missing'",
        ),
        # On no document (the case, or a field): as before.
        (
            {"author": READER, "origin": "r-1", "document_id": None},
            None,
            f"comment from {READER}: 'Page 4 is missing'",
        ),
        (
            {"author": READER, "origin": "r-1", "document_id": True},
            None,
            f"comment from {READER}: 'Page 4 is missing'",
        ),
    ],
)
def test_a_pack_comment_on_a_document_names_it(
    details: dict, field: str | None, expected: str
) -> None:
    event = EventFacts("comment.added", "c-1", field, new="Page 4 is missing", details=details)
    assert event_sentence(event) == expected


def test_the_import_records_the_documents_name(
    tmp_path: Path, data_dir: DataDir, db: Database
) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    try:
        source = tmp_path / "SPA signed.txt"
        source.write_text("the share purchase agreement", encoding="utf-8")
        with db.session() as s:
            case = s.exec(select(Case).where(Case.reference == pair.reference)).one()
            doc = attach_document(
                s, actor=ROOT, data_dir=data_dir, case_id=case.id or 0, source=source
            )
        with db.session() as s:
            exported = review.export_review_pack(
                s,
                data_dir=data_dir,
                references=[pair.reference],
                out=tmp_path / "with-doc.zip",
                actor=PAT,
                drafts=False,
            )
        with pair.b_db.session() as s:
            review.open_review_pack(
                s, data_dir=pair.b_dir, path=tmp_path / "with-doc.zip", actor=RITA
            )
        pair.pack_id = exported.pack_id
        review.add_review_comment(
            data_dir=pair.b_dir,
            pack_id=pair.pack_id,
            reference=pair.reference,
            body="Page 4 is missing",
            document_id=doc.id,
            actor=RITA,
        )
        response = write_response(pair, tmp_path / "response.zip")
        with db.session() as s:
            review.import_response(s, data_dir=data_dir, path=response, actor=PAT)
        with db.read_session() as s:
            event = s.exec(select(Event).where(Event.action == "comment.added")).one()
            facts = EventFacts(
                event.action,
                event.entity_id,
                event.field,
                new=json.loads(event.new_value or "null"),
                details=json.loads(event.details or "{}"),
            )
        assert event_sentence(facts) == (
            f"comment from {READER} on document 'SPA signed.txt': 'Page 4 is missing'"
        )
    finally:
        pair.b_db.dispose()
