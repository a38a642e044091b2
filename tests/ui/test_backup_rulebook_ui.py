"""File → Restore… with the rulebook: the confirmation says the installed rulebook updates go
back too (and which rulebook is then in use); restoring a backup made before backups held
the rulebook says which update the restored trail had in use, to install again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from approvals.paths import DataDir
from approvals.services import backup as backup_service
from approvals.services import rulebook_updates as updates
from approvals.services.rulebook import rulebook_for
from approvals.store.db import Database
from approvals.ui.backup import install_backup_features
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.unit.test_backup_rulebook import _old_format, _rewrite
from tests.unit.test_rulebook_updates import ROOT, install, revert, rule_folder


def _installed(db: Database, data_dir: DataDir, tmp_path: Path) -> str:
    """An update signed by this installation itself (it trusts its own key), installed."""
    out = tmp_path / "rulebook-2026.12.1.zip"
    with db.session() as s:
        updates.pack_rulebook_update(s, data_dir=data_dir, source=rule_folder(tmp_path),
                                     out=out, actor=ROOT)
    return install(db, data_dir, out).after.version


def _window(qtbot, runner: TaskRunner, data_dir: DataDir) -> MainWindow:
    window = MainWindow(runner, data_dir, ROOT)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    return window


def test_the_confirmation_names_the_rulebook_the_restore_puts_in_use(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    version = _installed(db, data_dir, tmp_path)
    saved = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db)
    old = tmp_path / "old.zip"
    _rewrite(saved.path, old, _old_format)
    features = install_backup_features(_window(qtbot, runner, data_dir), runner, ROOT)
    for path, said in ((saved.path, f"the installed rulebook updates (then the installed "
                                     f"update {version} is in use)"),
                       (old, "made before backups held the rulebook: the rulebook in use "
                             "here stays")):
        box = features.confirm_restore(path)
        restore = box.button(QMessageBox.StandardButton.Yes)
        qtbot.waitUntil(restore.isEnabled, timeout=10_000)
        assert said in box.informativeText()
        box.done(QMessageBox.StandardButton.Cancel)
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)


def test_restoring_an_older_backup_says_which_update_to_install_again(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    version = _installed(db, data_dir, tmp_path)
    saved = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db)
    old = tmp_path / "old.zip"
    _rewrite(saved.path, old, _old_format)
    revert(db, data_dir)  # the update is gone from this folder; the old backup cannot bring it
    window = _window(qtbot, runner, data_dir)
    features = install_backup_features(window, runner, ROOT)
    with qtbot.waitSignal(features.restored, timeout=20_000):
        features.restore_from(old)
    box = window.findChild(QMessageBox, "restoredMessage")
    assert box is not None and box.icon() == QMessageBox.Icon.Warning
    assert f"put {version} in use" in box.informativeText()
    assert "Install update…" in box.informativeText()
    assert rulebook_for(data_dir).version == rulebook_for(None).version
    box.done(QMessageBox.StandardButton.Ok)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
