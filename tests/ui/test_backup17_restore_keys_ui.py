"""File → Restore…: the confirmation's Cancel has its Alt key (Alt+C), as the app's other
questions do (it was the standard button's "Cancel", without one, beside **Restore**
(Alt+R)); Cancel stays the default and the Escape button, and nothing is left of the
checked copy. The progress windows of Back up… and Restore… have theirs too: **Cancel
backup** and **Cancel restore** (Alt+C)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from approvals.paths import DataDir
from approvals.services import backup as backup_service
from approvals.store.db import Database
from approvals.ui.backup import install_backup_features
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.unit.test_backup import ROOT


def test_the_restore_confirmation_has_alt_keys_and_cancel_is_the_default(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    path = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT,
                                        db=db).path
    window = MainWindow(runner, data_dir, ROOT)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    box = install_backup_features(window, runner, ROOT).confirm_restore(path)
    restore = box.button(QMessageBox.StandardButton.Yes)
    cancel = box.button(QMessageBox.StandardButton.Cancel)
    qtbot.waitUntil(restore.isEnabled, timeout=10_000)
    assert sorted(b.text() for b in box.buttons()) == ["&Cancel", "&Restore"]
    assert box.defaultButton() is cancel and box.escapeButton() is cancel
    cancel.click()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert not [p for p in data_dir.root.iterdir() if p.name.startswith(".restore-")]


def test_the_progress_windows_cancel_has_its_alt_key(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    """Back up… and Restore… run in a progress window whose Cancel had no Alt key."""
    path = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT,
                                        db=db).path
    window = MainWindow(runner, data_dir, ROOT)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    features = install_backup_features(window, runner, ROOT)
    backing_up = features.backup_to(tmp_path / "again.zip")
    assert backing_up.panel.cancel_button.text() == "&Cancel backup"
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert (tmp_path / "again.zip").is_file()
    restoring = features.restore_from(path)
    assert restoring.panel.cancel_button.text() == "&Cancel restore"
    qtbot.waitUntil(lambda: not features.restoring, timeout=20_000)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
