"""Restoring over a damaged database, the very case the damage banner sends the officer to
restore for: the restore replaced nothing and said "internal error: DatabaseError: database
disk image is malformed" (folding the damaged file's WAL in before the swap failed). Now
the restore goes through, and the copy kept of the damaged database is its files as they
were (SQLite cannot copy what it cannot read), for whatever can still be got out of it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from approvals.paths import DB_FILE, DataDir
from approvals.services import backup as backup_service
from approvals.store.db import Database
from tests.unit.test_backup import ROOT, _add_case, _corrupt_pages, _count


def _damage(database: Path) -> bytes:
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    damaged = _corrupt_pages(database.read_bytes())
    database.write_bytes(damaged)
    return damaged


@pytest.mark.parametrize("copy_fails", [False, True])
def test_a_damaged_database_is_replaced_and_kept_as_it_was(
        data_dir: DataDir, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        copy_fails: bool) -> None:
    _add_case(db)
    path = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db).path
    for _ in range(30):  # enough pages for the damage to reach the tables
        _add_case(db)
    db.dispose()
    damaged = _damage(data_dir.database)
    if copy_fails:  # SQLite's copy stops at a page it cannot read on some damage
        def unreadable(*_args: object, **_options: object) -> None:
            raise sqlite3.DatabaseError("database disk image is malformed")

        monkeypatch.setattr(backup_service, "sqlite_copy", unreadable)
    result = backup_service.restore_backup(data_dir, path, actor=ROOT)
    assert _count(data_dir.database) == 1
    assert result.replaced is not None
    if copy_fails:
        assert (result.replaced / DB_FILE).read_bytes() == damaged
    else:
        assert (result.replaced / DB_FILE).is_file()


def test_the_app_restores_over_a_database_too_damaged_to_read_its_users(
        data_dir: DataDir, db: Database, tmp_path: Path) -> None:
    """In the app the restore's permission check reads the user from the database: with
    the users' pages damaged it failed, and "This backup cannot be restored" blamed the
    backup. The roles signed in with decide then."""
    _add_case(db)
    path = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db).path
    for _ in range(30):
        _add_case(db)
    db.dispose()
    _damage(data_dir.database)
    checked = backup_service.check_for_restore(data_dir, path, actor=ROOT, db=db)
    backup_service.restore_backup(data_dir, path, actor=ROOT, db=db, checked=checked)
    assert _count(data_dir.database) == 1
