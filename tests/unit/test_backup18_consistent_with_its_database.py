"""Restore checked each member against the backup's own manifest only: a document altered
with the manifest rewritten to match, a document and its manifest entry taken out, or an
event edited in the backed-up database (its manifest entry rewritten) restored as
"intact", and only `approvals audit verify` found it afterwards. The check now holds the
backup to its own database: the documents it recorded and the audit trail."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import CheckFailed
from approvals.paths import DataDir
from approvals.services import backup
from approvals.services.documents import attach_document
from approvals.store.db import Database
from approvals.store.models import Case, Document
from tests.unit.test_backup_adversarial import ROOT, _add_case, _state


@pytest.fixture
def made(tmp_path: Path, data_dir: DataDir, db: Database) -> tuple[Path, str]:
    """A backup of a case with one attached document: (backup, the document's member)."""
    reference = _add_case(db)
    source = tmp_path / "memo.txt"
    source.write_text("the board's memo", encoding="utf-8")
    with db.session() as s:
        case_id = s.exec(select(Case.id).where(Case.reference == reference)).one()
        attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id, source=source)
    with db.read_session() as s:
        stored = s.exec(select(Document.stored_path)).one()
    return backup.create_backup(data_dir, out=tmp_path / "b.zip").path, f"documents/{stored}"


def _rewritten(made: Path, out: Path, *, replace: dict[str, bytes | None]) -> Path:
    """`made` with members replaced (None: taken out) and the manifest rewritten to agree."""
    with zipfile.ZipFile(made) as zin, zipfile.ZipFile(out, "w") as zout:
        manifest = json.loads(zin.read(backup.MANIFEST))
        members = []
        for entry in manifest["members"]:
            name = entry["path"]
            data = replace.get(name, zin.read(name)) if name in replace else zin.read(name)
            if data is None:
                continue
            zout.writestr(name, data)
            members.append({**entry, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
        manifest["members"] = members
        zout.writestr(backup.MANIFEST, json.dumps(manifest))
    return out


def test_the_backup_as_made_is_intact(made: tuple[Path, str]) -> None:
    assert backup.verify_backup(made[0]).documents == 1


def test_a_document_altered_with_its_manifest_entry_is_refused(
        made: tuple[Path, str], tmp_path: Path, data_dir: DataDir) -> None:
    path, member = made
    before = _state(data_dir)
    altered = _rewritten(path, tmp_path / "altered.zip", replace={member: b"another memo"})
    with pytest.raises(CheckFailed, match=r"memo\.txt .* is not the file its database "
                                          r"recorded .*: the backup was altered after it was made"):
        backup.verify_backup(altered)
    with pytest.raises(CheckFailed):
        backup.restore_backup(data_dir, altered, actor=ROOT)
    assert _state(data_dir) == before


def test_a_document_taken_out_with_its_manifest_entry_is_refused(
        made: tuple[Path, str], tmp_path: Path) -> None:
    path, member = made
    missing = _rewritten(path, tmp_path / "missing.zip", replace={member: None})
    with pytest.raises(CheckFailed, match=r"memo\.txt .* is recorded in its database but is "
                                          "not in the backup"):
        backup.verify_backup(missing)


def test_an_edited_event_is_refused(made: tuple[Path, str], tmp_path: Path) -> None:
    path, _member = made
    database = tmp_path / "edited.db"
    with zipfile.ZipFile(path) as zf:
        database.write_bytes(zf.read(backup.DB_FILE))
    conn = sqlite3.connect(database)
    conn.execute("UPDATE events SET reason = 'quietly rewritten' WHERE id = 2")
    conn.commit()
    conn.close()
    edited = _rewritten(path, tmp_path / "edited.zip",
                        replace={backup.DB_FILE: database.read_bytes()})
    with pytest.raises(CheckFailed, match="its audit trail is broken: event 2 was altered"):
        backup.verify_backup(edited)


def test_a_backup_made_of_a_folder_already_missing_a_document_restores_with_its_warning(
        tmp_path: Path, data_dir: DataDir, db: Database, made: tuple[Path, str]) -> None:
    """The backup said so when it was made (its manifest's warnings): it is as it was."""
    _path, member = made
    (data_dir.root / member).unlink()
    again = backup.create_backup(data_dir, out=tmp_path / "again.zip")
    assert any("is recorded but missing" in w for w in again.warnings)
    info = backup.verify_backup(again.path)
    assert any("is recorded but missing" in w for w in info.warnings)
