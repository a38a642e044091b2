"""A backup when the data folder was made read-only while the app runs (its drive
remounted, its permissions changed): the backup's copy of the database goes in a work
folder beside it, and making that folder raised a bare PermissionError, shown as
"Something went wrong" with a traceback under its details. It is a refusal naming the
data folder; nothing is written, an earlier file at the backup's name is kept."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest

from approvals.domain.errors import InputError
from approvals.paths import DataDir
from approvals.services import backup as backup_service
from approvals.store.db import Database
from tests.unit.test_backup import ROOT, _add_case


def _refuse_work_folders(monkeypatch: pytest.MonkeyPatch, error: OSError) -> None:
    real_mkdir = Path.mkdir

    def mkdir(path: Path, *args: Any, **options: Any) -> None:
        if path.name.startswith(".backup-"):
            raise error
        real_mkdir(path, *args, **options)

    monkeypatch.setattr(Path, "mkdir", mkdir)


@pytest.mark.parametrize(("error", "said"), [
    (PermissionError(errno.EACCES, "Permission denied"), "this user may not write in it"),
    (OSError(errno.EROFS, "Read-only file system"), "the drive is read-only"),
    (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
])
def test_a_data_folder_that_refuses_the_work_folder_is_named(
        data_dir: DataDir, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        error: OSError, said: str) -> None:
    _add_case(db)
    out = tmp_path / "backup.zip"
    out.write_bytes(b"an earlier backup")
    _refuse_work_folders(monkeypatch, error)
    with pytest.raises(InputError) as refused:
        backup_service.create_backup(data_dir, out=out, actor=ROOT, db=db)
    problem = refused.value.problems[0]
    assert problem.path == str(data_dir.root)
    assert said in problem.message and "no backup was written" in problem.message
    assert out.read_bytes() == b"an earlier backup"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_the_automatic_backup_says_the_same(data_dir: DataDir, db: Database,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    _refuse_work_folders(monkeypatch, PermissionError(errno.EACCES, "Permission denied"))
    with pytest.raises(InputError, match="may not write in it"):
        backup_service.auto_backup_if_due(data_dir, db)
    assert backup_service.auto_backups(data_dir) == []


def test_a_backup_whose_folder_cannot_be_made_is_refused(data_dir: DataDir, db: Database,
                                                         tmp_path: Path) -> None:
    """A caller other than the command line (which checks the name first) naming a folder
    under a file: a bare NotADirectoryError before."""
    (tmp_path / "a file").write_text("not a folder")
    out = tmp_path / "a file" / "backups" / "b.zip"
    with pytest.raises(InputError) as refused:
        backup_service.create_backup(data_dir, out=out, actor=ROOT, db=db)
    assert refused.value.problems[0].path == str(out)
    assert "its folder cannot be made" in refused.value.problems[0].message
