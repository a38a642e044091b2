"""Attaching a document when the data folder's disk is full, or its documents folder may
not be written: the refusal blamed the file chosen ("paper.pdf: cannot be read: No space
left on device; nothing was attached. If another program has it open, close it there"),
sending the officer to the wrong file. It names the documents folder and what to do;
nothing is attached and no partial copy is left."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from approvals.domain.errors import InputError
from approvals.paths import DataDir
from approvals.services import documents
from approvals.store.db import Database
from approvals.store.models import Document
from tests.storage_support import FullDisk, attach_to_a_new_case, larger_than_a_chunk


def _nothing_attached(db: Database, data_dir: DataDir) -> None:
    with db.read_session() as s:
        assert s.exec(select(Document)).all() == []
    assert not [p for p in data_dir.documents.iterdir() if p.name.startswith(".incoming-")]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return larger_than_a_chunk(tmp_path / "paper.pdf")


def test_a_full_disk_is_said_as_the_data_folders_not_the_files(
        db: Database, data_dir: DataDir, source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen
    monkeypatch.setattr(documents.os, "fdopen",
                        lambda fd, *a, **k: FullDisk(real_fdopen(fd, *a, **k)))
    with pytest.raises(InputError) as refused:
        attach_to_a_new_case(db, data_dir, source)
    monkeypatch.undo()
    problem = refused.value.problems[0]
    assert problem.path == str(data_dir.documents)
    assert "the disk is full" in problem.message and "Free some space" in problem.message
    assert "cannot be read" not in str(refused.value)
    _nothing_attached(db, data_dir)


def test_a_documents_folder_this_user_may_not_write_in_is_named(
        db: Database, data_dir: DataDir, source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused_here(*_args: object, dir: str = "", **_options: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied", f"{dir}/.incoming-x")

    monkeypatch.setattr(documents.tempfile, "mkstemp", refused_here)
    with pytest.raises(InputError) as refused:
        attach_to_a_new_case(db, data_dir, source)
    monkeypatch.undo()
    problem = refused.value.problems[0]
    assert problem.path == str(data_dir.documents)
    assert "may not write in it" in problem.message
    assert "close it there" not in problem.message  # not the file chosen held open
    _nothing_attached(db, data_dir)


def test_a_file_that_cannot_be_read_is_still_the_files(
        db: Database, data_dir: DataDir, source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = Path.open

    def locked(path: Path, *args: Any, **options: Any) -> Any:
        if path == source:  # held locked by its program (Word on Windows)
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **options)

    monkeypatch.setattr(Path, "open", locked)
    with pytest.raises(InputError) as refused:
        attach_to_a_new_case(db, data_dir, source)
    monkeypatch.undo()
    problem = refused.value.problems[0]
    assert problem.path == str(source)
    assert "cannot be read" in problem.message and "close it there" in problem.message
    _nothing_attached(db, data_dir)
