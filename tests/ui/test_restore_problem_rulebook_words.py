"""The restore question for a backup made over an unreadable record of the installed
rulebook updates: it read "(then the installed rulebook updates as they were backed up,
with a problem is in use)". It says the problem comes back and how to mend it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from approvals.paths import DataDir
from approvals.services import backup as backup_service
from approvals.services.rulebook import INSTALLED_FILE
from approvals.store.db import Database
from approvals.ui.backup import install_backup_features
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.unit.test_rulebook_updates import ROOT


def test_the_question_says_the_problem_comes_back_and_how_to_mend_it(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    data_dir.rulebook.mkdir(parents=True, exist_ok=True)
    (data_dir.rulebook / INSTALLED_FILE).write_text("{broken", encoding="utf-8")
    saved = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db)
    window = MainWindow(runner, data_dir, ROOT)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    features = install_backup_features(window, runner, ROOT)
    box = features.confirm_restore(saved.path)
    qtbot.waitUntil(box.button(QMessageBox.StandardButton.Yes).isEnabled, timeout=10_000)
    text = box.informativeText()
    assert "is in use" not in text
    assert ("the installed rulebook updates (as they were backed up, with the problem the "
            "backup warned of: afterwards, revert to the shipped rulebook under View → "
            "Rulebook → Revert)") in text
    box.done(QMessageBox.StandardButton.Cancel)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
