"""A document attached to a new case, and a disk that fills up while a file is written:
the set-up of the tests of attaching and opening documents when storage refuses."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

from approvals.paths import DataDir
from approvals.services import documents
from approvals.services.cases import case_id_for
from approvals.store.db import Database
from approvals.store.models import Document
from tests.unit.test_backup import ROOT, _add_case


class FullDisk:
    """A file being written: takes a first chunk, then the disk is full."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.written = 0

    def write(self, data: bytes) -> int:
        if self.written:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.written += len(data)
        return int(self.real.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def __enter__(self) -> FullDisk:
        return self

    def __exit__(self, *details: object) -> None:
        self.real.close()


def larger_than_a_chunk(path: Path) -> Path:
    """`path` written with more bytes than one chunk of a copy, so a copy writes twice."""
    path.write_bytes(os.urandom(3 << 20))
    return path


def patterned_bytes(size: int, period: int) -> bytes:
    """`size` bytes counting 0, 1 … period - 1 over and over: a document's content, the
    same on every run (built by repetition: a generator of a million bytes took 0.1 s)."""
    return (bytes(range(period)) * (size // period + 1))[:size]


def attach_to_a_new_case(db: Database, data_dir: DataDir, source: Path) -> Document:
    """`source` attached (as ROOT, type other) to a case made for it."""
    reference = _add_case(db)
    with db.session() as s:
        return documents.attach_document(s, actor=ROOT, data_dir=data_dir,
                                         case_id=case_id_for(s, reference), source=source,
                                         doc_type="other")
