"""`approvals restore FILE` while the app has the data folder open says so at once, before
the backup is checked (reading a large backup first only to refuse kept the officer
waiting), and changes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from approvals.paths import DataDir
from approvals.services import backup as backup_service
from approvals.store.db import Database
from tests.unit.test_backup import ROOT, _add_case


def test_a_data_folder_in_use_is_refused_before_the_backup_is_read(
        data_dir: DataDir, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from approvals.cli import main

    _add_case(db)
    path = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db).path
    db.dispose()

    def read(*_args, **_kwargs):
        raise AssertionError("the backup was read before the folder in use was refused")

    monkeypatch.setattr(backup_service, "_verify", read)
    other = sqlite3.connect(data_dir.database)  # the app, open on the folder
    try:
        other.execute("SELECT count(*) FROM cases").fetchone()
        code = main(["restore", str(path), "--data-dir", str(data_dir.root)])
    finally:
        other.close()
    assert code == 1
    assert "The database is in use by another program" in capsys.readouterr().err
    assert not any(p.name.startswith(".restore-") for p in data_dir.root.iterdir())
