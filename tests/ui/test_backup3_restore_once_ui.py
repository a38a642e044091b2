"""File → Restore… reads the backup once: the confirmation's check leaves the checked
copy in the data folder and Restore swaps in that very copy (a large backup is not checked
a second time while the officer waits), so a backup file changed after the check does not
change what is restored. Any answer but Restore discards the copy."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from shiboken6 import isValid
from sqlmodel import select

from approvals.paths import DataDir
from approvals.services import backup as backup_service
from approvals.store.db import Database
from approvals.store.models import Case
from approvals.ui.backup import BackupFeatures, install_backup_features
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.unit.test_backup import ROOT, _add_case


def _features(qtbot, runner: TaskRunner, data_dir: DataDir) -> BackupFeatures:
    window = MainWindow(runner, data_dir, ROOT)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    return install_backup_features(window, runner, ROOT)


def _checked_box(qtbot, features: BackupFeatures, path: Path) -> QMessageBox:
    box = features.confirm_restore(path)
    qtbot.waitUntil(box.button(QMessageBox.StandardButton.Yes).isEnabled, timeout=10_000)
    return box


def _backup_of_one_case(db: Database, data_dir: DataDir, tmp_path: Path) -> Path:
    """A backup (tmp_path/b.zip) of a database holding one case."""
    _add_case(db)
    return backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT,
                                        db=db).path


def _work_folders(data_dir: DataDir) -> list[str]:
    return [p.name for p in data_dir.root.iterdir() if p.name.startswith(".restore-")]


def test_restore_reads_the_backup_once_and_restores_what_was_checked(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    first = _add_case(db)
    path = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db).path
    second = _add_case(db)
    later = backup_service.create_backup(data_dir, out=tmp_path / "later.zip", actor=ROOT, db=db).path
    reads: list[Path] = []
    verify = backup_service._verify

    def counted(path: Path, *args, **kwargs):
        reads.append(path)
        return verify(path, *args, **kwargs)

    monkeypatch.setattr(backup_service, "_verify", counted)
    features = _features(qtbot, runner, data_dir)
    box = _checked_box(qtbot, features, path)
    # The file is replaced by another backup between the check and Restore.
    later.replace(path)
    with qtbot.waitSignal(features.restored, timeout=20_000):
        box.done(QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert reads == [path]
    with db.read_session() as s:
        assert [c.reference for c in s.exec(select(Case)).all()] == [first]  # not second
    assert second != first
    assert _work_folders(data_dir) == []


def test_the_confirmation_says_the_replaced_data_is_kept_until_removed_and_its_room(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    path = _backup_of_one_case(db, data_dir, tmp_path)
    features = _features(qtbot, runner, data_dir)
    box = _checked_box(qtbot, features, path)
    assert "until you remove it: the app never does" in box.informativeText()
    assert "earlier restore" not in box.informativeText()
    with qtbot.waitSignal(features.restored, timeout=20_000):
        box.done(QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    done = features.window.findChild(QMessageBox, "restoredMessage")
    assert done is not None and "until you remove it" in done.text()
    done.close()
    box = _checked_box(qtbot, features, path)
    assert "The copies kept by 1 earlier restore take " in box.informativeText()
    box.done(QMessageBox.StandardButton.Cancel)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)


def test_cancel_after_the_check_discards_the_checked_copy(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    path = _backup_of_one_case(db, data_dir, tmp_path)
    features = _features(qtbot, runner, data_dir)
    box = _checked_box(qtbot, features, path)
    assert len(_work_folders(data_dir)) == 1  # the checked copy, where the restore swaps it in
    box.done(QMessageBox.StandardButton.Cancel)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert _work_folders(data_dir) == []


def test_closing_the_main_window_with_the_confirmation_open_discards_the_checked_copy(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    path = _backup_of_one_case(db, data_dir, tmp_path)
    window = MainWindow(runner, data_dir, ROOT)
    window.show()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    features = install_backup_features(window, runner, ROOT)
    _checked_box(qtbot, features, path)
    assert len(_work_folders(data_dir)) == 1
    window.close()  # Quit: the box goes with the window, unanswered
    window.deleteLater()
    qtbot.waitUntil(lambda: not isValid(window), timeout=5_000)
    assert _work_folders(data_dir) == []
