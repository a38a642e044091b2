"""This installation's key is made on first use (a first review pack, `approvals key
show`): on a full disk, or with the data folder made read-only while the app runs, that
was "internal error: OSError: [Errno 28] No space left on device". It is a refusal naming
keys/ and what to do, with no key or part of one left behind."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from approvals.domain.errors import InputError
from approvals.store import keys


def test_a_full_disk_while_the_key_is_written_is_said(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "keys"
    real_open = os.open

    def full(path: Any, flags: int, *args: Any, **options: Any) -> int:
        if str(path).endswith(".tmp"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, flags, *args, **options)

    monkeypatch.setattr(keys.os, "open", full)
    with pytest.raises(InputError) as refused:
        keys.load_or_create_identity(folder)
    monkeypatch.undo()
    problem = refused.value.problems[0]
    assert problem.path == str(folder)
    assert "the disk is full" in problem.message and "try again" in problem.message
    assert list(folder.iterdir()) == []
    # Once there is room, the key is made as ever.
    assert keys.load_or_create_identity(folder).fingerprint


def test_a_data_folder_made_read_only_is_said(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "keys"
    real_mkdir = Path.mkdir

    def read_only(path: Path, *args: Any, **options: Any) -> None:
        if path == folder:
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        real_mkdir(path, *args, **options)

    monkeypatch.setattr(Path, "mkdir", read_only)
    with pytest.raises(InputError, match="its drive is read-only"):
        keys.load_or_create_identity(folder)
    assert not folder.exists()


def test_a_public_key_copy_that_cannot_be_written_does_not_lose_the_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The private key is in place by then: the copy of the public key beside it is for
    people to read, and the key is used (and found again) without it."""
    folder = tmp_path / "keys"
    real_write_text = Path.write_text

    def full(path: Path, *args: Any, **options: Any) -> int:
        if path.name == keys.PUBLIC_KEY_FILE:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write_text(path, *args, **options)

    monkeypatch.setattr(Path, "write_text", full)
    made = keys.load_or_create_identity(folder)
    monkeypatch.undo()
    assert keys.load_or_create_identity(folder).fingerprint == made.fingerprint
