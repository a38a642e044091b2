"""A first start (or a first command) on a data folder whose disk is full: making the new
database failed with "The database could not be upgraded from revision none
(OperationalError: disk I/O error). It was left as it was." — no upgrade was asked for,
and nothing said what to do. It is the full disk it is, with the way on; an upgrade of an
existing database that runs out of room says to free some space too."""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from pathlib import Path
from typing import Any

import pytest

from approvals.paths import DataDir
from approvals.store import migrate
from approvals.store.db import StorageRefused

_Usage = namedtuple("_Usage", "total used free")


def _full_disk(monkeypatch: pytest.MonkeyPatch, error: str) -> None:
    def migrations(*_args: Any, **_options: Any) -> None:
        raise sqlite3.OperationalError(error)

    monkeypatch.setattr(migrate, "_migrate", migrations)
    monkeypatch.setattr(migrate.shutil, "disk_usage", lambda _path: _Usage(1 << 30, 1 << 30, 0))


@pytest.mark.parametrize("error", ["disk I/O error", "database or disk is full"])
def test_a_new_database_on_a_full_disk_says_the_disk_is_full(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: str) -> None:
    data_dir = DataDir(tmp_path / "new")
    _full_disk(monkeypatch, error)
    with pytest.raises(StorageRefused) as refused:
        migrate.open_checked(data_dir)
    problem = refused.value.problems[0]
    assert problem.path == str(data_dir.root)
    assert "the disk is full" in problem.message and "Free some space" in problem.message
    assert "upgraded" not in str(refused.value)


def test_an_upgrade_that_runs_out_of_room_says_to_free_some(
        db: Any, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch) -> None:
    db.dispose()
    conn = sqlite3.connect(data_dir.database)
    conn.execute("UPDATE alembic_version SET version_num = '0009'")
    conn.commit()
    conn.close()
    _full_disk(monkeypatch, "database or disk is full")  # the copy kept first fitted
    with pytest.raises(migrate.MigrationFailed) as failed:
        migrate.open_checked(data_dir)
    assert failed.value.backup is not None and failed.value.backup.is_file()
    assert str(failed.value).endswith("free some space on that disk and start again.")
