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


def test_a_damaged_file_alone_is_refused_before_the_folder_is_set_up(tmp_path: Path) -> None:
    """A copied-in damaged file: refused with nothing made beside it (no empty backups/
    folder to be pointed at, no documents/ nor log), by the commands that read and write."""
    folder = tmp_path / "copied"
    folder.mkdir()
    (folder / "approvals.db").write_bytes(b"not a database " * 400)
    results = run_many(("case", "list", "--data-dir", folder), ("audit", "verify", "--data-dir", folder),
                       ("user", "list", "--data-dir", folder),
                       ("case", "import", "/nonexistent.json", "--data-dir", folder))
    for result in results:
        assert result.code in (1, 2) and "Traceback" not in result.stderr, result
    assert "failed its integrity check" in results[0].stderr
    assert "automatic ones" not in results[0].stderr  # no backups folder here to look in
    assert sorted(p.name for p in folder.iterdir()) == ["approvals.db"]
