"""`approvals backup --keep N`: with --json it prints JSON (it printed the sentence), and a
data folder with no database is refused as `backup --out` refuses it (it was created,
with a new database holding only the setting: a mistyped --data-dir went unnoticed)."""

from __future__ import annotations

from pathlib import Path

from approvals.paths import DataDir
from approvals.services import backup
from approvals.store.db import Database
from tests.cli.helpers import run_many


def test_backup_keep_answers_json_and_refuses_a_folder_without_a_database(
        tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    db.dispose()
    new = tmp_path / "mistyped"
    as_json, words, nowhere, none_kept = run_many(
        ("backup", "--keep", "3", "--json", "--data-dir", data_dir.root),
        ("backup", "--keep", "5", "--data-dir", data_dir.root),
        ("backup", "--keep", "3", "--data-dir", new),
        ("backup", "--keep", "0", "--data-dir", data_dir.root),
    )
    assert (as_json.code, as_json.json()) == (0, {"backup_keep": 3})
    assert (words.code, words.stdout) == (0, "The newest 5 automatic backups will be kept.\n")
    with db.read_session() as s:
        assert backup.backup_keep(s) == 5
    assert nowhere.code == 2 and nowhere.stderr.startswith(f"{new}: holds no database")
    assert not new.exists()
    assert (none_kept.code, none_kept.stderr) == (2, "--keep: keep at least one automatic backup\n")
