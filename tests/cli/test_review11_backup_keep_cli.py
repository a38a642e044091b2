"""`approvals backup --keep N`: with --json it prints JSON (it printed the sentence), and a
data folder with no database is refused as `backup --out` refuses it (it was created,
with a new database holding only the setting: a mistyped --data-dir went unnoticed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from approvals.paths import DataDir
from approvals.services import backup
from approvals.store.db import Database
from tests.cli.helpers import run_many


def test_backup_keep_answers_json_and_refuses_a_folder_without_a_database(
        tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    db.dispose()
    new = tmp_path / "mistyped"
    as_json, one, words, nowhere, none_kept = run_many(
        ("backup", "--keep", "3", "--json", "--data-dir", data_dir.root),
        ("backup", "--keep", "1", "--data-dir", data_dir.root),
        ("backup", "--keep", "5", "--data-dir", data_dir.root),
        ("backup", "--keep", "3", "--data-dir", new),
        ("backup", "--keep", "0", "--data-dir", data_dir.root),
    )
    # Not "The newest 1 automatic backups".
    assert (one.code, one.stdout) == (0, "The newest automatic backup will be kept.\n")
    assert (as_json.code, as_json.json()) == (0, {"backup_keep": 3})
    assert (words.code, words.stdout) == (0, "The newest 5 automatic backups will be kept.\n")
    with db.read_session() as s:
        assert backup.backup_keep(s) == 5
    assert nowhere.code == 2 and nowhere.stderr.startswith(f"{new}: holds no database")
    assert not new.exists()
    assert (none_kept.code, none_kept.stderr) == (2, "--keep: keep at least one automatic backup\n")


def test_a_refused_backup_leaves_the_kept_count_as_it_was(
        tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    """Exit 2 means nothing was written: `--keep 9 --out` into a folder that cannot take
    the file changed the setting all the same (and recorded it)."""
    from sqlmodel import select

    from approvals.store.models import Event

    db.dispose()
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("x", encoding="utf-8")
    refused, both, same = run_many(
        ("backup", "--keep", "9", "--out", blocked / "b.zip", "--data-dir", data_dir.root),
        ("backup", "--keep", "4", "--out", tmp_path / "b.zip", "--data-dir", data_dir.root),
        ("backup", "--keep", "4", "--data-dir", data_dir.root),
    )
    assert refused.code == 2 and refused.stdout == "", refused
    assert both.code == 0 and both.stdout.endswith(
        "The newest 4 automatic backups will be kept.\n"), both
    assert same.code == 0
    with db.read_session() as s:
        assert backup.backup_keep(s) == 4
        changes = [(c.old_value, c.new_value) for c in s.exec(
            select(Event).where(Event.action == "settings.changed")).all()]
    assert changes == [("7", "4")]  # once, not also "4 (was 4)"


def test_the_backups_folder_given_as_the_file_is_called_a_folder(
        tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    """It was "is inside the data folder …; write the backup elsewhere (or in its backups
    folder)": it was the backups folder. In the app the refusal named the command line's
    option (--out)."""
    from approvals.domain.errors import InputError

    data_dir.backups.mkdir(parents=True, exist_ok=True)
    with pytest.raises(InputError) as refused:
        backup.create_backup(data_dir, out=data_dir.backups)
    assert str(refused.value) == f"{data_dir.backups}: is a folder; give a file name"
    db.dispose()
    (folder,) = run_many(("backup", "--out", data_dir.backups, "--data-dir", data_dir.root),)
    assert (folder.code, folder.stderr) == (
        2, f"--out: {data_dir.backups} is a folder; give a file name\n")
