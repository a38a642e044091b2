"""Documents (fresh-eyes pass 6): what an officer new to the app runs into when attaching."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import InputError
from approvals.store.models import Document, Event
from tests.unit.test_documents import attach, case_id, db, first_reference  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_hash")


def test_an_empty_file_is_refused_and_nothing_written(db, data_dir, case_id: int,  # noqa: F811
                                                      tmp_path: Path) -> None:
    """A 0-byte "organisation chart" (a save that failed) ticked the checklist and met the
    workflow's guard: it is refused, by name, with no row, event or stored file."""
    empty = tmp_path / "org chart.pdf"
    empty.write_bytes(b"")
    stored_before = sorted(p.name for p in data_dir.documents.iterdir())
    with db.read_session() as s:
        rows_before = len(s.exec(select(Document)).all())
        events_before = len(s.exec(select(Event)).all())
    with pytest.raises(InputError, match=r"org chart\.pdf.*empty \(0 bytes\)"):
        attach(db, data_dir, case_id, empty, doc_type="org_chart")
    assert sorted(p.name for p in data_dir.documents.iterdir()) == stored_before
    with db.read_session() as s:
        assert len(s.exec(select(Document)).all()) == rows_before
        assert len(s.exec(select(Event)).all()) == events_before
