"""A backup made while a stored document was missing says which document (by the name the
case shows, not only its hash), and the check before a restore hands that warning on: the
restored data has the same gap. An old automatic backup the disk refuses to remove is kept
and said in the log, not silently skipped."""

from __future__ import annotations

import logging
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import CheckFailed
from approvals.paths import DataDir
from approvals.services import backup
from approvals.services.documents import attach_document
from approvals.store.db import Database
from approvals.store.models import Case
from tests.unit.test_backup import ROOT, _add_case


def _backup_missing_a_document(data_dir: DataDir, db: Database, tmp_path: Path) -> Path:
    reference = _add_case(db)
    doc = tmp_path / "share purchase agreement.txt"
    doc.write_text("the agreement")
    with db.session() as s:
        case_id = s.exec(select(Case.id).where(Case.reference == reference)).one()
        attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id, source=doc)
    (stored,) = list(data_dir.documents.iterdir())
    stored.unlink()
    return backup.create_backup(data_dir, out=tmp_path / "gap.zip", actor=ROOT, db=db).path


def test_the_warning_names_the_missing_document_and_the_check_passes_it_on(
        data_dir: DataDir, db: Database, tmp_path: Path) -> None:
    path = _backup_missing_a_document(data_dir, db, tmp_path)
    info = backup.verify_backup(path)
    assert len(info.warnings) == 1
    assert info.warnings[0].startswith("share purchase agreement.txt (AP-")
    assert "is recorded but missing" in info.warnings[0]
    result = backup.restore_backup(data_dir, path, actor=ROOT, db=db)
    assert result.backup_warnings == info.warnings


def test_an_old_backup_the_disk_will_not_remove_is_kept_and_logged(
        data_dir: DataDir, db: Database, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    data_dir.backups.mkdir(parents=True, exist_ok=True)
    old = data_dir.backups / "auto-20261101T080000Z.zip"
    with zipfile.ZipFile(old, "w") as zf:  # an old backup, as the rotation recognises one
        zf.writestr(backup.MANIFEST, "{}")
    with db.session() as s:
        backup.set_backup_keep(s, keep=1, actor=ROOT)
    real_unlink = Path.unlink

    def refuse(path: Path, missing_ok: bool = False) -> None:
        if path == old:
            raise PermissionError(13, "Permission denied", str(path))
        real_unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse)
    with caplog.at_level(logging.WARNING, logger=backup.log.name):
        made = backup.auto_backup_if_due(data_dir, db, now=datetime(2026, 11, 30, 9, tzinfo=UTC))
    assert made is not None and made.exists() and old.exists()
    assert any("could not remove the old automatic backup" in r.getMessage()
               and old.name in r.getMessage() for r in caplog.records)


def test_a_refused_document_member_is_named_as_the_case_names_it(
        data_dir: DataDir, db: Database, tmp_path: Path) -> None:
    reference = _add_case(db)
    doc = tmp_path / "board minutes.txt"
    doc.write_text("the minutes")
    with db.session() as s:
        case_id = s.exec(select(Case.id).where(Case.reference == reference)).one()
        attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id, source=doc)
    saved = backup.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db).path
    missing, damaged = tmp_path / "missing.zip", tmp_path / "damaged.zip"
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(missing, "w") as without, \
            zipfile.ZipFile(damaged, "w") as flipped:
        for info in src.infolist():
            data, name = src.read(info), info.filename
            if name.startswith("documents/"):
                flipped.writestr(name, bytes([data[0] ^ 1]) + data[1:])
                continue
            without.writestr(name, data)
            flipped.writestr(name, data)
    for path, said in ((missing, "is missing"), (damaged, "does not match its SHA-256")):
        with pytest.raises(CheckFailed) as refused:
            backup.verify_backup(path)
        # Not its stored name (a hash no line wraps): the log has that (test_backup14_refusals).
        assert f": the document board minutes.txt ({reference}) {said}" in str(refused.value)
