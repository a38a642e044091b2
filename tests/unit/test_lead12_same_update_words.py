"""The very update already in use is refused without offering --allow-older / Install
anyway… (installing it would change no rule, only pin the rulebook and use a revert
slot); an older one keeps the offer."""
from __future__ import annotations

from pathlib import Path

import pytest

from approvals.paths import DataDir
from approvals.services import rulebook_updates as updates
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.unit.test_rulebook_updates import ROOT, install, rule_folder


def test_the_update_in_use_is_refused_with_nothing_to_install(
        db: Database, data_dir: DataDir, update: Path) -> None:
    install(db, data_dir, update)
    with pytest.raises(updates.NotNewer) as refused:
        install(db, data_dir, update)
    words = str(refused.value)
    assert "with the same rules: there is nothing to install" in words
    assert "--allow-older" not in words and "Install anyway" not in words


def test_an_older_update_still_offers_to_install_anyway(
        db: Database, data_dir: DataDir, team, update: Path, tmp_path: Path) -> None:
    install(db, data_dir, update)
    older = tmp_path / "older.zip"
    team.pack(rule_folder(tmp_path, "2026.11.3"), older)
    # The offer in the words of where the officer is: the rulebook window's Install
    # anyway… in the app, the --allow-older command on the command line ("cli:" actor).
    for actor, offer in ((ROOT, "Install anyway…"),
                         (Actor("cli:root", ROOT.roles), "--allow-older")):
        with pytest.raises(updates.NotNewer) as refused:
            install(db, data_dir, older, actor=actor)
        assert offer in str(refused.value) and "nothing to install" not in str(refused.value)
