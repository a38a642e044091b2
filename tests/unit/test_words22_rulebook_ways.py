"""Rulebook messages name the way on where the user is: the app's boxes said
"… (View → Rulebook → Revert, or `approvals rulebook revert`)" and "… runs `approvals
rulebook install …`, or chooses Install anyway…", a command an officer in the app has no
use for, and the command line was sent to the app's menus. In the app the menu item; on
the command line the command (the command line's actor is "cli:<login>")."""

from __future__ import annotations

from pathlib import Path

import pytest

from approvals.domain.errors import CheckFailed
from approvals.exchange.pack import RULEBOOK_KIND, Member, PackRefused, verify_pack, write_pack
from approvals.paths import DataDir
from approvals.services import review
from approvals.services import rulebook_updates as updates
from approvals.services.rulebook import (
    INSTALLED_FILE,
    installed_updates,
    rulebook_for,
    rulebook_in_use,
)
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.unit.test_rulebook_updates import ROOT, Team, install, rule_folder

CLI_ROOT = Actor("cli:root", ROOT.roles)


@pytest.mark.parametrize(("kind", "words", "app", "cli"), [
    ("review", "it is a review pack (cases sent for review), not a rulebook update",
     "(a review pack opens with Review → Open review pack (review mode)…)",
     "(a review pack opens with `approvals review open`)"),
    ("response", "it is a response pack (a reviewer's answer), not a rulebook update",
     "(a response pack opens with Review → Import response…)",
     "(a response pack is imported with `approvals review import`)"),
])
def test_a_pack_picked_as_a_rulebook_update_names_the_menu_or_the_command(
        tmp_path: Path, kind: str, words: str, app: str, cli: str) -> None:
    """Both files are named as the app names them: nothing in the app is called a
    "rulebook pack" (it once said "it is a review pack, a rulebook pack was expected")."""
    team = review.identity_of(DataDir(tmp_path / "team").ensure())
    pack = tmp_path / f"{kind}.zip"
    write_pack(pack, identity=team, kind=kind, members=[Member("rulebook.json", data=b"{}")])
    trusted = {team.fingerprint: team.public_bytes}
    said = {}
    for command_line in (False, True):
        with pytest.raises(PackRefused) as refused:
            verify_pack(pack, trusted=trusted, into=tmp_path / f"into{command_line}",
                        expect_kind=RULEBOOK_KIND, command_line=command_line)
        said[command_line] = refused.value.reason
    for reason in said.values():
        assert reason.startswith(
            f"{words}; choose the rulebook update file your knowledge team sent"), reason
        assert "rulebook pack" not in reason, reason
    assert said[False].endswith(app) and "`" not in said[False], said[False]
    assert said[True].endswith(cli) and "→" not in said[True], said[True]


def test_an_older_update_names_install_anyway_in_the_app_and_the_command_on_the_cli(
        db: Database, data_dir: DataDir, team: Team, update: Path, tmp_path: Path) -> None:
    install(db, data_dir, update)
    older = tmp_path / "older.zip"
    team.pack(rule_folder(tmp_path, "2026.11.9"), older)
    with pytest.raises(updates.NotNewer) as in_app:
        install(db, data_dir, older)
    assert str(in_app.value).endswith(
        "an administrator chooses Install anyway… in the rulebook window (View → Rulebook)")
    assert "`" not in str(in_app.value)
    with pytest.raises(updates.NotNewer) as on_cli:
        install(db, data_dir, older, actor=CLI_ROOT)
    assert str(on_cli.value).endswith(
        'an administrator runs `approvals rulebook install older.zip --allow-older --reason "why"`')
    assert "Install anyway" not in str(on_cli.value)
    # The preview (`approvals rulebook install --preview`) says it as the install does.
    with db.read_session() as s, pytest.raises(updates.NotNewer) as previewed:
        updates.plan_install(s, data_dir=data_dir, path=older, command_line=True)
    assert str(previewed.value) == str(on_cli.value)


def test_a_damaged_record_names_the_revert_menu_in_the_app_and_the_command_on_the_cli(
        data_dir: DataDir) -> None:
    data_dir.rulebook.mkdir(parents=True, exist_ok=True)
    (data_dir.rulebook / INSTALLED_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(CheckFailed) as in_app:
        installed_updates(data_dir)
    assert "Revert to the shipped rulebook (View → Rulebook → Revert) and" in str(in_app.value)
    assert "`" not in str(in_app.value)
    for read in (lambda: installed_updates(data_dir, command_line=True),
                 lambda: rulebook_in_use(data_dir, command_line=True),
                 lambda: rulebook_for(data_dir, command_line=True)):
        with pytest.raises(CheckFailed) as on_cli:
            read()
        said = str(on_cli.value)
        assert "Revert to the shipped rulebook (`approvals rulebook revert`) and" in said, said
        assert "→" not in said
