"""The copy a restore keeps of the data it replaces (backups/replaced-<time>/): its
documents are hard links to the data folder's own files (no gigabyte copied while the
officer waits, no second copy on the disk), copies where the disk refuses links; a note in
the folder says what it is and that the app never removes it (the only copy of what the
restore undid); replaced_copies says how much room the copies take; the daily rotation
never touches them."""

from __future__ import annotations

import errno
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from approvals.paths import DataDir
from approvals.services import backup as backup_service
from approvals.services.documents import attach_document
from approvals.store.db import Database
from tests.unit.test_backup import ROOT, _add_case


def _with_document(db: Database, data_dir: DataDir, tmp_path: Path) -> Path:
    from sqlmodel import select

    from approvals.store.models import Case

    reference = _add_case(db)
    source = tmp_path / "data room.pdf"
    source.write_bytes(b"%PDF-1.4 " + os.urandom(50_000))
    with db.session() as s:
        case_id = s.exec(select(Case.id).where(Case.reference == reference)).one()
        attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id, source=source)
    (stored,) = [p for p in data_dir.documents.rglob("*") if p.is_file()]
    return stored


def test_the_replaced_documents_are_hard_links_to_the_data_folders_files(
        data_dir: DataDir, db: Database, tmp_path: Path) -> None:
    saved = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db).path
    stored = _with_document(db, data_dir, tmp_path)
    inode, content = stored.stat().st_ino, stored.read_bytes()
    result = backup_service.restore_backup(data_dir, saved, actor=ROOT, db=db)
    assert result.replaced is not None
    kept = result.replaced / "documents" / stored.relative_to(data_dir.documents)
    assert kept.stat().st_ino == inode and kept.read_bytes() == content
    assert not stored.exists()  # the backup had no document
    note = (result.replaced / backup_service.REPLACED_NOTE).read_text(encoding="utf-8")
    assert f"when the backup {saved} (made " in note and "The app never removes it" in note
    assert "To go back to this data (to undo the restore)" in note
    [(folder, size)] = backup_service.replaced_copies(data_dir)
    assert folder == result.replaced and size > len(content)


def test_a_disk_that_refuses_links_gets_copies(data_dir: DataDir, db: Database, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    saved = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db).path
    stored = _with_document(db, data_dir, tmp_path)
    content = stored.read_bytes()

    def refused(*_args, **_kwargs) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(backup_service.os, "link", refused)
    result = backup_service.restore_backup(data_dir, saved, actor=ROOT, db=db)
    assert result.replaced is not None
    kept = result.replaced / "documents" / stored.relative_to(data_dir.documents)
    assert kept.read_bytes() == content


def test_the_daily_rotation_never_removes_a_replaced_copy(data_dir: DataDir, db: Database,
                                                           tmp_path: Path) -> None:
    saved = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db).path
    _add_case(db)
    result = backup_service.restore_backup(data_dir, saved, actor=ROOT, db=db)
    from approvals.store.migrate import open_database

    reopened = open_database(data_dir)
    try:
        with reopened.session() as s:
            backup_service.set_backup_keep(s, keep=1, actor=ROOT)
        start = datetime(2026, 11, 1, 9, tzinfo=UTC)
        for day in range(3):
            backup_service.auto_backup_if_due(data_dir, reopened, now=start + timedelta(days=day))
    finally:
        reopened.dispose()
    assert result.replaced is not None and result.replaced.is_dir()
    assert len(backup_service.auto_backups(data_dir)) == 1


def test_until_the_restore_is_recorded_the_note_does_not_claim_it(
        data_dir: DataDir, db: Database, tmp_path: Path) -> None:
    """A restore cut off between keeping the copy and recording the restore (power loss,
    the process killed) left a folder whose note said the data "was restored" over it:
    until then the note says what may have happened, and how to tell."""
    saved = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db).path
    info = backup_service.verify_backup(saved)
    kept = backup_service._keep_replaced(data_dir, "20261206T000000Z", backup=info)
    assert kept is not None
    note = (kept / backup_service.REPLACED_NOTE).read_text(encoding="utf-8")
    assert "had not finished when this note was written" in note
    assert "was restored (" not in note and "backup.restored, naming" in note
    assert "this copy may be removed" in note
    # Once recorded, the note is the whole one.
    result = backup_service.restore_backup(data_dir, saved, actor=ROOT, db=db)
    assert result.replaced is not None
    final = (result.replaced / backup_service.REPLACED_NOTE).read_text(encoding="utf-8")
    assert "was restored (" in final and "had not finished" not in final
