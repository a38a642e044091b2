"""A backup written over the data folder's own files is refused by the service itself, not
only by the command line's --out check: approvals.db, the anchor or a stored document would
be replaced by the zip."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from approvals.domain.errors import InputError
from approvals.paths import DataDir
from approvals.services import backup as backup_service
from approvals.store.db import Database
from tests.unit.test_backup import ROOT, _add_case


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("where", ["approvals.db", "documents/b.zip", "b.zip"])
def test_a_backup_into_the_data_folder_is_refused_and_nothing_changes(
        data_dir: DataDir, db: Database, where: str) -> None:
    _add_case(db)
    before = _digest(data_dir.database)
    out = data_dir.root / where
    with pytest.raises(InputError) as refused:
        backup_service.create_backup(data_dir, out=out, actor=ROOT, db=db)
    assert "inside the data folder" in str(refused.value)
    assert _digest(data_dir.database) == before
    assert where == "approvals.db" or not out.exists()


def test_a_backup_in_the_backups_folder_is_written(data_dir: DataDir, db: Database) -> None:
    _add_case(db)
    made = backup_service.create_backup(data_dir, out=data_dir.backups / "b.zip", actor=ROOT, db=db)
    assert made.path.is_file()


def test_the_data_folder_reached_through_a_symlink_is_the_same_folder(
        data_dir: DataDir, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(data_dir.root)
    assert DataDir(link).holds_own_file_at(data_dir.database)
    assert data_dir.holds_own_file_at(link / "approvals.db")
    assert not data_dir.holds_own_file_at(link / "backups" / "b.zip")
    assert not data_dir.holds_own_file_at(tmp_path / "elsewhere.zip")
