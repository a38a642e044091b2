"""What the commands check of the database file (store.migrate's docstring): every command
does the cheap checks, so `case list` on a large installation does not read 2 GB first;
`audit verify` and `backup`, which vouch for the records, run SQLite's whole-file check."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from approvals.paths import DataDir
from approvals.store.migrate import open_database
from tests.cli.helpers import run_many
from tests.damage_support import add_events, damage_middle


def _damaged_in_the_middle(data: Path) -> None:
    db = open_database(DataDir(data))
    add_events(db)
    db.dispose()
    damage_middle(DataDir(data).database)


def test_damage_away_from_the_ends_is_found_by_the_commands_that_vouch_for_the_data(
        demo_data: Path, tmp_path: Path) -> None:
    _damaged_in_the_middle(demo_data)
    listed, verified, backed_up = run_many(
        ("case", "list", "--json", "--data-dir", demo_data),
        ("audit", "verify", "--data-dir", demo_data),
        ("backup", "--out", tmp_path / "b.zip", "--data-dir", demo_data))
    # The cases' own pages are sound: listing them needs no read of the whole file.
    assert listed.code == 0, listed.stderr
    assert len(listed.json()["cases"]) >= 14
    assert verified.code == 1 and verified.stdout == ""
    assert "failed SQLite's integrity check" in verified.stderr
    assert "malformed" in verified.stderr and "Restore a backup" in verified.stderr
    assert backed_up.code == 1 and "integrity check" in backed_up.stderr
    assert not (tmp_path / "b.zip").exists()


def test_a_file_cut_short_is_refused_by_every_command(demo_data: Path) -> None:
    database = DataDir(demo_data).database
    con = sqlite3.connect(database)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    database.write_bytes(database.read_bytes()[: database.stat().st_size // 2])
    before = database.read_bytes()
    listed, verified = run_many(("case", "list", "--json", "--data-dir", demo_data),
                                ("audit", "verify", "--data-dir", demo_data))
    for result in (listed, verified):
        assert result.code == 1 and result.stdout == ""
        assert "failed its integrity check" in result.stderr or \
            "failed SQLite's integrity check" in result.stderr
        assert "Traceback" not in result.stderr
    assert database.read_bytes() == before
