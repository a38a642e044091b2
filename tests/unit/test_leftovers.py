"""Partial copies a crash left in the data folder are swept at start-up, and only those."""

from __future__ import annotations

import os
import time

from approvals.paths import DataDir
from approvals.store.files import LEFTOVER_AGE_S, sweep_leftovers


def _aged(path, seconds: float) -> None:
    stamp = time.time() - seconds
    os.utime(path, (stamp, stamp))


def test_old_partial_copies_go_and_everything_else_stays(data_dir: DataDir) -> None:
    data_dir.ensure()
    stale_copy = data_dir.documents / ".incoming-abc123"
    stale_copy.write_bytes(b"half a document")
    stale_pack = data_dir.root / ".incoming-0f0f"
    (stale_pack / "cases").mkdir(parents=True)
    (stale_pack / "cases" / "case.json").write_text("{}")
    stale_backup = data_dir.backups / "auto-20261101-0900.zip.part"
    stale_backup.write_bytes(b"PK")
    fresh_copy = data_dir.documents / ".incoming-in-progress"  # another window attaching now
    fresh_copy.write_bytes(b"being copied")
    document = data_dir.documents / ("a" * 64 + ".pdf")  # a stored document, however old
    document.write_bytes(b"%PDF")
    backup = data_dir.backups / "auto-20261101-0900.zip"
    backup.write_bytes(b"PK")
    for path in (stale_copy, stale_pack, stale_backup, document, backup):
        _aged(path, LEFTOVER_AGE_S + 60)

    removed = sweep_leftovers((data_dir.root, data_dir.documents, data_dir.backups))

    assert sorted(removed) == sorted([stale_copy, stale_pack, stale_backup])
    assert not stale_copy.exists() and not stale_pack.exists() and not stale_backup.exists()
    assert fresh_copy.exists() and document.exists() and backup.exists()
    assert data_dir.database.parent.exists()
    assert sweep_leftovers((data_dir.root / "missing",)) == []  # an absent folder is no error
