"""File → Restore…: a backup made while a stored document was missing says so in the
confirmation, before anything is replaced (the restored data has the same gap), with the
full list behind Show Details…; a sound backup's confirmation has neither."""

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
from tests.unit.test_backup2_warnings import _backup_missing_a_document


def test_the_confirmation_says_what_the_backup_warned_of(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    sound = backup_service.create_backup(data_dir, out=tmp_path / "sound.zip", actor=ROOT,
                                         db=db).path
    gap = _backup_missing_a_document(data_dir, db, tmp_path)
    window = MainWindow(runner, data_dir, ROOT)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    features = install_backup_features(window, runner, ROOT)
    for path, warned in ((gap, True), (sound, False)):
        box = features.confirm_restore(path)
        qtbot.waitUntil(box.button(QMessageBox.StandardButton.Yes).isEnabled, timeout=10_000)
        text = box.informativeText()
        assert ("When it was made, the backup warned: share purchase agreement.txt (AP-"
                in text) is warned, text
        assert ("stored as documents/" in text) is False
        assert ("recorded but missing" in box.detailedText()) is warned
        assert text.endswith(" Restore?")
        box.done(QMessageBox.StandardButton.Cancel)
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)


def test_the_confirmation_says_an_older_database_is_brought_up_to_date(
        qtbot, runner: TaskRunner, data_dir: DataDir, tmp_path: Path) -> None:
    from approvals.store.db import make_engine
    from approvals.store.migrate import upgrade

    older = DataDir(tmp_path / "older")
    older.ensure()
    engine = make_engine(older.database)
    upgrade(engine, "0007")
    engine.dispose()
    old = backup_service.create_backup(older, out=tmp_path / "old.zip").path
    window = MainWindow(runner, data_dir, ROOT)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    box = install_backup_features(window, runner, ROOT).confirm_restore(old)
    qtbot.waitUntil(box.button(QMessageBox.StandardButton.Yes).isEnabled, timeout=10_000)
    assert ("Its database is from an earlier version of the app (revision 0007): restoring "
            "brings it up to date") in box.informativeText()
    box.done(QMessageBox.StandardButton.Cancel)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
