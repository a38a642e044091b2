"""Opening a document makes a read-only copy in the data folder's open/: with the folder
made read-only, or its disk full, while the app runs, that was a bare OSError ("Something
went wrong: PermissionError …" with a traceback under its details). It is a refusal
naming the folder and what to do; no partial copy is left."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest

from approvals.domain.errors import CheckFailed, InputError
from approvals.paths import DataDir
from approvals.services import documents
from approvals.store.db import Database
from tests.storage_support import FullDisk, attach_to_a_new_case, larger_than_a_chunk
from tests.unit.test_backup import ROOT


@pytest.fixture
def document_id(db: Database, data_dir: DataDir, tmp_path: Path) -> int:
    source = larger_than_a_chunk(tmp_path / "Board resolution.pdf")
    return attach_to_a_new_case(db, data_dir, source).id


def _open(db: Database, data_dir: DataDir, document_id: int) -> Path:
    with db.read_session() as s:
        return documents.copy_to_open(s, actor=ROOT, data_dir=data_dir, document_id=document_id)


def _no_copy_left(data_dir: DataDir) -> None:
    assert not data_dir.open_copies.exists() or not list(data_dir.open_copies.iterdir())


def test_an_open_folder_this_user_may_not_write_in_is_named(
        db: Database, data_dir: DataDir, document_id: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir.open_copies.mkdir()

    def refused(*_args: object, dir: str = "", **_options: object) -> str:
        raise PermissionError(errno.EACCES, "Permission denied", f"{dir}/open-x")

    monkeypatch.setattr(documents.tempfile, "mkdtemp", refused)
    with pytest.raises(InputError) as refusal:
        _open(db, data_dir, document_id)
    problem = refusal.value.problems[0]
    assert problem.path == str(data_dir.open_copies)
    assert "may not write in it" in problem.message
    assert "Board resolution.pdf was not opened" in problem.message


def test_a_full_disk_while_the_copy_is_written_is_said_and_leaves_nothing(
        db: Database, data_dir: DataDir, document_id: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = Path.open

    def full(path: Path, mode: str = "r", *args: Any, **options: Any) -> Any:
        opened = real_open(path, mode, *args, **options)
        return FullDisk(opened) if mode == "xb" else opened

    monkeypatch.setattr(Path, "open", full)
    with pytest.raises(InputError) as refusal:
        _open(db, data_dir, document_id)
    monkeypatch.undo()
    problem = refusal.value.problems[0]
    assert problem.path == str(data_dir.open_copies)
    assert "the disk is full" in problem.message and "open it again" in problem.message
    _no_copy_left(data_dir)


def test_a_stored_file_that_cannot_be_read_is_the_stored_files(
        db: Database, data_dir: DataDir, document_id: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = Path.open

    def unreadable(path: Path, mode: str = "r", *args: Any, **options: Any) -> Any:
        if path.parent == data_dir.documents and mode == "rb":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, mode, *args, **options)

    monkeypatch.setattr(Path, "open", unreadable)
    with pytest.raises(CheckFailed, match=r"The stored file of Board resolution\.pdf cannot be read"):
        _open(db, data_dir, document_id)
    monkeypatch.undo()
    _no_copy_left(data_dir)
