"""After File → Restore… the message names the folder that keeps the data the restore
replaced on a line of its own (PathField: cut in the middle, whole on hover and focus,
copyable) below the sentence; wrapped inside the sentence, a long data folder's path broke
mid-name at its hyphens ("/tmp/ start19/data/backups/ replaced-…" even for a short one)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QMessageBox

from approvals.paths import DataDir
from approvals.services import backup as backup_service
from approvals.store.db import Database
from approvals.ui.backup import install_backup_features
from approvals.ui.main_window import MainWindow
from approvals.ui.path_field import PathField
from approvals.ui.workers import TaskRunner
from tests.unit.test_backup import ROOT, _add_case


def test_the_kept_folder_is_a_line_of_its_own(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    _add_case(db)
    backup = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT,
                                          db=db).path
    window = MainWindow(runner, data_dir, ROOT)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    features = install_backup_features(window, runner, ROOT)
    with qtbot.waitSignal(features.restored, timeout=20_000) as restored:
        features.restore_from(backup)
    result = restored.args[0]
    assert result.replaced is not None
    box = window.findChild(QMessageBox, "restoredMessage")
    assert box is not None
    qtbot.waitExposed(box)
    field = box.findChild(PathField)
    assert field is not None and field.path() == str(result.replaced)
    assert str(result.replaced) not in box.text()
    assert "kept in the folder below until you remove it" in box.text()
    label = box.findChild(QLabel, "qt_msgbox_label")
    assert label.geometry().bottom() < field.geometry().top()  # below the sentence
    assert field.isVisible() and box.rect().contains(field.geometry())
    assert field.toolTip() == str(result.replaced)
    ok = box.button(QMessageBox.StandardButton.Ok)
    assert box.defaultButton() is ok and box.focusWidget() is ok  # not the path, selected
    assert "…" in field.text() or field.text() == str(result.replaced)
    box.done(QMessageBox.StandardButton.Ok)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
