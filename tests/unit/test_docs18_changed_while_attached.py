"""A file that changes while it is being attached (a download or a scan still being
written, a save in progress) was stored half-copied: the bytes stored were neither the
file as it was nor as it is, and the attach succeeded without a word."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import InputError
from approvals.paths import DataDir
from approvals.services.cases import import_case
from approvals.services.documents import attach_document
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.files import CHUNK
from approvals.store.models import Case, Document, Event
from tests.conftest import EXAMPLES_DIR

ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))


def _case(db: Database) -> int:
    facts = json.loads((EXAMPLES_DIR / "vision-startup.json").read_text(encoding="utf-8"))
    with db.session() as s:
        reference = import_case(s, data=facts, actor=ROOT).reference
        case_id = s.exec(select(Case.id).where(Case.reference == reference)).one()
        assert case_id is not None
        return case_id


@pytest.mark.parametrize("change", ["cut short", "written on"])
def test_a_file_changed_during_the_copy_is_refused_with_nothing_stored(
        db: Database, data_dir: DataDir, tmp_path: Path, change: str) -> None:
    case_id = _case(db)
    source = tmp_path / "scan.pdf"
    source.write_bytes(b"%PDF" + os.urandom(3 * CHUNK))
    changed: list[bool] = []

    def while_copying(fraction: float, _message: str) -> None:
        if 0 < fraction < 1 and not changed:  # after the first chunk
            changed.append(True)
            if change == "cut short":
                with source.open("r+b") as fh:
                    fh.truncate(1000)
            else:
                with source.open("ab") as fh:
                    fh.write(b"more pages")

    with db.read_session() as s:
        events_before = len(s.exec(select(Event.id)).all())
    with db.session() as s, pytest.raises(InputError) as refused:
        attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id, source=source,
                        progress=while_copying)
    assert changed
    assert "scan.pdf: changed while it was being attached" in str(refused.value)
    assert "nothing was attached" in str(refused.value)
    with db.read_session() as s:
        assert s.exec(select(Document)).all() == []
        assert len(s.exec(select(Event.id)).all()) == events_before
    assert [p for p in data_dir.documents.rglob("*") if p.is_file()] == []


def test_a_file_left_alone_is_attached(db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    case_id = _case(db)
    source = tmp_path / "scan.pdf"
    source.write_bytes(b"%PDF" + os.urandom(3 * CHUNK))
    with db.session() as s:
        info = attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id,
                               source=source)
    assert info.size == source.stat().st_size
