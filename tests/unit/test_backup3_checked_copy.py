"""restore_backup(checked=…): the copy check_for_restore left is restored without reading
the backup again, but only while its cheap fingerprint (names, sizes, times) is as checked:
a copy changed or gone since is refused, nothing is changed and the copy is discarded."""

from __future__ import annotations

from pathlib import Path

import pytest

from approvals.domain.errors import CheckFailed
from approvals.paths import DB_FILE, DataDir
from approvals.services import backup as backup_service
from approvals.store.db import Database
from tests.unit.test_backup import ROOT, _add_case, _count


def _checked(data_dir: DataDir, db: Database, tmp_path: Path) -> backup_service.CheckedBackup:
    _add_case(db)
    path = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db).path
    _add_case(db)
    return backup_service.check_for_restore(data_dir, path, actor=ROOT, db=db)


def test_a_checked_copy_is_restored_without_reading_the_backup_again(
        data_dir: DataDir, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked = _checked(data_dir, db, tmp_path)
    assert checked.info.documents == 0 and checked.staging.parent == data_dir.root

    def read_again(*_args, **_kwargs):
        raise AssertionError("the backup was read a second time")

    monkeypatch.setattr(backup_service, "_verify", read_again)
    result = backup_service.restore_backup(data_dir, checked.path, actor=ROOT, db=db,
                                           checked=checked)
    assert result.backup_created_at == checked.info.created_at
    assert _count(data_dir.database) == 1
    assert not checked.staging.exists()


@pytest.mark.parametrize("change", ["edited", "added", "removed"])
def test_a_copy_changed_after_its_check_is_not_restored(
        data_dir: DataDir, db: Database, tmp_path: Path, change: str) -> None:
    checked = _checked(data_dir, db, tmp_path)
    staged = checked.staging / DB_FILE
    if change == "edited":
        staged.write_bytes(staged.read_bytes() + b"\0")
    elif change == "added":
        (checked.staging / "documents").mkdir(exist_ok=True)
        (checked.staging / "documents" / "planted.pdf").write_bytes(b"%PDF")
    else:
        staged.unlink()
    with pytest.raises(CheckFailed, match=r"changed or went away after the check\. Nothing was changed"):
        backup_service.restore_backup(data_dir, checked.path, actor=ROOT, db=db, checked=checked)
    assert _count(data_dir.database) == 2
    assert not checked.staging.exists()
