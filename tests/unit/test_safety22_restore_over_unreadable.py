"""Restoring over a database whose first page SQLite cannot read (a file cut short, garbage
where the header was): the start-up refuses it and sends the officer to restore a backup,
and the restore said "internal error: DatabaseError: file is not a database" (its check
that nobody else has the file open asked SQLite for a lock on a file SQLite cannot read).
The restore goes through; the damaged file is kept byte for byte."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from approvals.paths import DB_FILE, DataDir
from approvals.services import backup as backup_service
from approvals.store.db import Database
from tests.unit.test_backup import ROOT, _add_case, _count


def _garbage(database: Path) -> None:
    database.write_bytes(os.urandom(database.stat().st_size))


def _cut_short(database: Path) -> None:
    with database.open("r+b") as fh:
        fh.truncate(database.stat().st_size // 3)


@pytest.mark.parametrize("damage", [_garbage, _cut_short])
def test_a_database_sqlite_cannot_open_is_replaced_by_the_restore(
        data_dir: DataDir, db: Database, tmp_path: Path, damage) -> None:
    _add_case(db)
    path = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db).path
    for _ in range(30):  # pages enough that a third of the file cuts into the tables
        _add_case(db)
    db.dispose()
    conn = sqlite3.connect(data_dir.database)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    damage(data_dir.database)
    damaged = data_dir.database.read_bytes()

    result = backup_service.restore_backup(data_dir, path, actor=ROOT)

    assert _count(data_dir.database) == 1
    assert result.replaced is not None
    assert (result.replaced / DB_FILE).read_bytes() == damaged


def test_a_database_in_use_is_still_refused(data_dir: DataDir, db: Database,
                                            tmp_path: Path) -> None:
    """The check that nobody else has the file open still holds for a readable file."""
    _add_case(db)
    path = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db).path
    db.dispose()
    other = sqlite3.connect(data_dir.database, isolation_level=None)
    try:
        other.execute("BEGIN")
        other.execute("SELECT count(*) FROM cases").fetchone()
        with pytest.raises(backup_service.CheckFailed, match="in use by another program"):
            backup_service.restore_backup(data_dir, path, actor=ROOT)
    finally:
        other.close()
