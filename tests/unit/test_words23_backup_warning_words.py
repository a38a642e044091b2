"""A backup made over an unreadable rulebook record warns of it, and the way to mend it is
worded when the warning is shown, as the reader then works: the manifest kept "… (View →
Rulebook can revert it)" from the moment the backup was made, so `approvals backup` and
`approvals restore --check` sent a command-line user to a menu, whoever made it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from approvals.paths import DataDir
from approvals.services import backup
from approvals.services.rulebook import INSTALLED_FILE
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.unit.test_backup_rulebook import _manifest, _rewrite
from tests.unit.test_rulebook_updates import ROOT

CLI_ROOT = Actor("cli:root", ROOT.roles)
APP_WAY = ": reverting to the shipped rulebook mends it (View → Rulebook → Revert)"
CLI_WAY = ": reverting to the shipped rulebook mends it (`approvals rulebook revert`)"
RECORD = "the record of the installed rulebook updates (rulebook/installed.json) cannot be read"


def _made_over_a_broken_record(db: Database, data_dir: DataDir, out: Path, actor: Actor) -> backup.BackupResult:
    data_dir.rulebook.mkdir(parents=True, exist_ok=True)
    (data_dir.rulebook / INSTALLED_FILE).write_text("{broken", encoding="utf-8")
    return backup.create_backup(data_dir, out=out, actor=actor, db=db)


@pytest.mark.parametrize(("actor", "way"), [(ROOT, APP_WAY), (CLI_ROOT, CLI_WAY)])
def test_the_backup_warns_in_the_words_of_whoever_made_it(
        db: Database, data_dir: DataDir, tmp_path: Path, actor: Actor, way: str) -> None:
    made = _made_over_a_broken_record(db, data_dir, tmp_path / "b.zip", actor)
    assert made.warnings == (f"{RECORD}; backed up as it is{way}",)
    # The manifest keeps the warning without the way: it is worded when read.
    assert _manifest(made.path)["warnings"] == [f"{RECORD}; backed up as it is"]


def test_the_check_before_a_restore_words_it_for_the_reader(
        db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    made = _made_over_a_broken_record(db, data_dir, tmp_path / "b.zip", ROOT)  # in the app
    assert backup.verify_backup(made.path).warnings == (f"{RECORD}; backed up as it is{APP_WAY}",)
    assert backup.verify_backup(made.path, command_line=True).warnings == (
        f"{RECORD}; backed up as it is{CLI_WAY}",)


def test_a_backup_that_fixed_the_menu_words_is_worded_again(
        db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    made = _made_over_a_broken_record(db, data_dir, tmp_path / "b.zip", ROOT)

    def as_made_before(manifest: dict, _members: dict[str, bytes]) -> None:
        manifest["warnings"] = [f"{RECORD}; backed up as it is (View → Rulebook can revert it)",
                                "spa.pdf (AP-2026-0003) is recorded but missing"]

    old = tmp_path / "old.zip"
    _rewrite(made.path, old, as_made_before)
    assert backup.verify_backup(old, command_line=True).warnings == (
        f"{RECORD}; backed up as it is{CLI_WAY}", "spa.pdf (AP-2026-0003) is recorded but missing")
    assert backup.verify_backup(old).warnings[0] == f"{RECORD}; backed up as it is{APP_WAY}"


def test_the_commands_say_the_command(db: Database, data_dir: DataDir, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    from approvals.cli import main

    made = _made_over_a_broken_record(db, data_dir, tmp_path / "b.zip", ROOT)  # in the app
    db.dispose()
    assert main(["restore", str(made.path), "--check", "--data-dir", str(data_dir.root)]) == 0
    out, said = capsys.readouterr()
    # Not "Restoring it puts the installed rulebook updates … with a problem in use."
    assert ("Restoring it puts the installed rulebook updates back as they were backed up, with the "
            "problem the backup warned of: afterwards, revert to the shipped rulebook "
            "(`approvals rulebook revert`).") in out, out
    assert f"warning: when this backup was made: {RECORD}; backed up as it is{CLI_WAY}" in said, said
    assert "View → Rulebook" not in said
    fresh = tmp_path / "fresh"
    assert main(["restore", str(made.path), "--data-dir", str(fresh)]) == 0
    said = capsys.readouterr().err
    assert f"warning: when this backup was made: {RECORD}; backed up as it is{CLI_WAY}" in said, said
    assert main(["backup", "--out", str(tmp_path / "c.zip"), "--data-dir", str(data_dir.root)]) == 0
    said = capsys.readouterr().err
    assert f"warning: {RECORD}; backed up as it is{CLI_WAY}" in said, said
    with zipfile.ZipFile(tmp_path / "c.zip") as zf:
        assert "View → Rulebook" not in zf.read(backup.MANIFEST).decode("utf-8")
