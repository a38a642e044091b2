"""Backup and screening messages name the way on where the user is: the app's Restore…
box said "… Review → Import response… or `approvals review import`", a command an officer
in the app has no use for, and `approvals case import` was sent to View → Rulebook →
Revert. In the app the menu item; on the command line the command (the command line's
actor is "cli:<login>", or the caller says `command_line`)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from approvals.domain.errors import CheckFailed
from approvals.exchange.pack import RULEBOOK_KIND, Member, write_pack
from approvals.paths import DataDir
from approvals.services import backup
from approvals.services.cases import import_case
from approvals.services.rulebook import INSTALLED_FILE
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.keys import load_or_create_identity
from tests.unit.test_backup_rulebook import _old_format, _rewrite
from tests.unit.test_rulebook_updates import ROOT, frontier, install

CLI_ROOT = Actor("cli:root", ROOT.roles)


def _refusal(path: Path, command_line: bool = False) -> str:
    with pytest.raises(CheckFailed) as refused:
        backup.verify_backup(path, command_line=command_line)
    return str(refused.value)


@pytest.mark.parametrize(("kind", "app", "cli"), [
    ("review", "open it with Review → Open review pack (review mode)…",
     "open it with `approvals review open`."),
    ("response", "import it with Review → Import response…",
     "import it with `approvals review import`."),
    (RULEBOOK_KIND, "install it with View → Rulebook → Install update…",
     "install it with `approvals rulebook install`."),
])
def test_a_signed_file_chosen_to_restore_names_the_menu_or_the_command(
        tmp_path: Path, kind: str, app: str, cli: str) -> None:
    pack = tmp_path / "picked.zip"
    write_pack(pack, identity=load_or_create_identity(tmp_path / "keys"), kind=kind,
               members=[Member("response.json", data=b"{}")])
    in_app = _refusal(pack)
    assert f"not a backup: {app} Nothing was changed." in in_app, in_app
    assert "`" not in in_app
    on_cli = _refusal(pack, command_line=True)
    assert f"not a backup: {cli} Nothing was changed." in on_cli, on_cli
    assert "→" not in on_cli


def test_a_zip_that_is_no_backup_names_back_up_in_the_app_and_the_command_on_the_cli(
        tmp_path: Path) -> None:
    other = tmp_path / "photos.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("a.txt", "a")
    in_app = _refusal(other)
    assert in_app.endswith("Choose a backup file made by File → Back up…"), in_app
    on_cli = _refusal(other, command_line=True)
    assert on_cli.endswith("Choose a backup file made by `approvals backup --out`."), on_cli


@pytest.mark.parametrize(("actor", "way"), [
    (ROOT, "Choose a backup file made by File → Back up…"),
    (CLI_ROOT, "Choose a backup file made by `approvals backup --out`."),
])
def test_the_restore_check_says_it_as_the_actor_works(
        data_dir: DataDir, tmp_path: Path, actor: Actor, way: str) -> None:
    other = tmp_path / "photos.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("a.txt", "a")
    for restore in (backup.check_for_restore, backup.restore_backup):
        with pytest.raises(CheckFailed) as refused:
            restore(data_dir, other, actor=actor)
        assert str(refused.value).endswith(way), str(refused.value)


def test_an_old_backup_on_another_computer_names_install_update_or_the_command(
        db: Database, data_dir: DataDir, update: Path, tmp_path: Path) -> None:
    install(db, data_dir, update)
    made = backup.create_backup(data_dir, out=tmp_path / "new.zip", actor=ROOT, db=db)
    old = tmp_path / "old.zip"
    _rewrite(made.path, old, _old_format)
    in_app = backup.restore_backup(DataDir(tmp_path / "app").ensure(), old,
                                   actor=ROOT).rulebook_note
    assert "Install that rulebook update again (View → Rulebook → Install update…), " \
        in in_app, in_app
    assert "`" not in in_app
    on_cli = backup.restore_backup(DataDir(tmp_path / "cli").ensure(), old,
                                   actor=CLI_ROOT).rulebook_note
    assert "Install that rulebook update again (`approvals rulebook install FILE`), " \
        in on_cli, on_cli
    assert "→" not in on_cli


def test_an_unreadable_rulebook_after_an_old_backup_is_checked_in_the_window_or_the_command(
        data_dir: DataDir) -> None:
    data_dir.rulebook.mkdir(parents=True, exist_ok=True)
    (data_dir.rulebook / INSTALLED_FILE).write_text("{not json", encoding="utf-8")
    assert backup._older_backup_note(data_dir).endswith("was kept. Check it in View → Rulebook.")
    assert backup._older_backup_note(data_dir, command_line=True).endswith(
        "was kept. Check it with `approvals rulebook show`.")


@pytest.mark.parametrize(("actor", "way"), [
    (ROOT, "(View → Rulebook → Revert)"),
    (CLI_ROOT, "(`approvals rulebook revert`)"),
])
def test_a_case_screened_over_a_damaged_record_names_the_revert_as_the_actor_works(
        db: Database, data_dir: DataDir, actor: Actor, way: str) -> None:
    data_dir.rulebook.mkdir(parents=True, exist_ok=True)
    (data_dir.rulebook / INSTALLED_FILE).write_text("{not json", encoding="utf-8")
    with db.session() as s, pytest.raises(CheckFailed) as refused:
        import_case(s, data=frontier(), actor=actor)
    assert f"Revert to the shipped rulebook {way} and" in str(refused.value), str(refused.value)


def test_the_command_line_says_the_commands(
        db: Database, data_dir: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from approvals.cli import main

    other = tmp_path / "photos.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("a.txt", "a")
    assert main(["restore", str(other), "--check", "--data-dir", str(data_dir.root)]) == 1
    said = capsys.readouterr().err
    assert "Choose a backup file made by `approvals backup --out`." in said, said
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(frontier()), encoding="utf-8")
    data_dir.rulebook.mkdir(parents=True, exist_ok=True)
    (data_dir.rulebook / INSTALLED_FILE).write_text("{not json", encoding="utf-8")
    db.dispose()
    assert main(["case", "import", str(facts), "--data-dir", str(data_dir.root)]) != 0
    said = capsys.readouterr().err
    assert "Revert to the shipped rulebook (`approvals rulebook revert`) and" in said, said
