"""A database that fails its checks at start-up: the app cannot start on it, so its File →
Restore… is out of reach, and the message said only "Restore a backup from …/backups",
leaving the officer no way to do so. It names the command that does (as the message for
a missing database does), and the folder of the automatic backups."""

from __future__ import annotations

import pytest

from approvals.paths import DataDir
from approvals.store.db import Database
from approvals.store.migrate import DatabaseDamaged, open_checked


def test_a_damaged_database_says_how_to_restore(data_dir: DataDir, db: Database) -> None:
    db.dispose()
    size = data_dir.database.stat().st_size
    data_dir.database.write_bytes(b"\x5a" * size)  # garbage where the database was
    for suffix in ("-wal", "-shm"):
        data_dir.root.joinpath(data_dir.database.name + suffix).unlink(missing_ok=True)
    with pytest.raises(DatabaseDamaged) as damaged:
        open_checked(data_dir)
    said = str(damaged.value)
    assert "failed its integrity check" in said
    assert "approvals restore FILE" in said
    assert str(data_dir.backups) in said
