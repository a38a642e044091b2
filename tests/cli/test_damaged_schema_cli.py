"""A database that lacks a table or column of its schema (edited or truncated by hand)
makes every command fail: said as damage with the way on (a backup), exit 1, not as an
"internal error" of the app."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.helpers import run_many
from tests.conftest import EXAMPLES_DIR


def test_a_dropped_table_is_said_as_damage_with_the_way_on(tmp_path: Path) -> None:
    data = tmp_path / "data"
    [made] = run_many(("case", "import", EXAMPLES_DIR / "frontier-lab.json", "--data-dir", data))
    assert made.code == 0, made
    conn = sqlite3.connect(data / "approvals.db")
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DROP TABLE events")
    conn.commit()
    conn.close()
    [listed] = run_many(("case", "list", "--data-dir", data))
    assert (listed.code, listed.stdout) == (1, "")
    assert listed.stderr.startswith(
        "the database of the data folder is damaged: no such table: events; it is not as this "
        "version of the app made it. Restore a backup (`approvals restore FILE`;")
    assert "internal error" not in listed.stderr
