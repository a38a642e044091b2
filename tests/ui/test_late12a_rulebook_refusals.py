"""Installing the very update already in use offered Install anyway…, which pinned the
same rules and spent a revert slot for nothing: now it is said to be in use already. The
same version number with other contents (a re-issued file) still offers Install anyway…."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from approvals.exchange.pack import Member, write_pack
from approvals.paths import DataDir
from approvals.services import review
from approvals.services.rulebook import INSTALLED_FILE
from approvals.services.rulebook_updates import install_rulebook_update
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.conftest import REPO_ROOT
from tests.ui.test_polish_rulebook import ADMIN, events, opened, signed


def _reissued(base: Path, version: str) -> Path:
    """`version` again, its rulebook.json laid out differently: other bytes, so another
    rulebook (its version names its contents), signed by the same team as `signed`."""
    folder = base / f"reissued-{version}"
    shutil.copytree(REPO_ROOT / "resources" / "rulebook", folder)
    manifest = json.loads((folder / "rulebook.json").read_text(encoding="utf-8"))
    (folder / "rulebook.json").write_text(json.dumps({**manifest, "version": version}, indent=1),
                                          encoding="utf-8")
    out = base / f"reissued-{version}.zip"
    write_pack(out, identity=review.identity_of(DataDir(base / "team").ensure()), kind="rulebook",
               members=[Member(p.name, data=p.read_bytes()) for p in sorted(folder.glob("*.json"))])
    return out


def test_the_update_in_use_is_said_to_be_in_use_with_nothing_to_install(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    update = signed(tmp_path, db, "2099.1.1")
    with db.session() as s:
        install_rulebook_update(s, data_dir=data_dir, path=update, actor=ADMIN)
    record, logged = (data_dir.rulebook / INSTALLED_FILE).read_bytes(), events(db)
    window = opened(qtbot, runner)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(update)
    said = window.update_label.text()
    assert "rulebook-2099.1.1.zip is the installed update 2099.1.1+" in said
    assert "already in use: the same rules, so there is nothing to install" in said
    assert "older:" not in said and "Install anyway" not in said
    window.install_older()  # no offer: nothing is previewed, nothing installed
    runner.wait_for_done()
    assert window.confirm_dialog is None
    assert (data_dir.rulebook / INSTALLED_FILE).read_bytes() == record and events(db) == logged


def test_the_same_version_with_other_contents_still_offers_install_anyway(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    update = signed(tmp_path, db, "2099.1.1")
    with db.session() as s:
        install_rulebook_update(s, data_dir=data_dir, path=update, actor=ADMIN)
    window = opened(qtbot, runner)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(_reissued(tmp_path, "2099.1.1"))
    said = window.update_label.text()
    assert "declares version 2099.1.1, the same as the installed update" in said
    assert "<a href='older:'>Install anyway…</a>" in said and "already in use" not in said
