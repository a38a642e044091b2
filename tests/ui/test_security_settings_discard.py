"""Security settings with a change not saved: Escape, Close and the close box ask (Discard
or Cancel), as the other editors do. The dialog closed at once and the change was lost."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox, QPushButton

from approvals.services import backup as backup_service
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import ROOT, make_root, root_main_window

pytestmark = pytest.mark.usefixtures("fast_hash")


@pytest.fixture
def dialog(qtbot, runner: TaskRunner, db: Database) -> ui_auth.SecuritySettingsDialog:
    make_root(db)
    dialog = ui_auth.SecuritySettingsDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: runner.idle and dialog.loaded is not None, timeout=10_000)
    return dialog


def _stored_keep(db: Database) -> int:
    with db.read_session() as s:
        return backup_service.backup_keep(s)


def _question(dialog: ui_auth.SecuritySettingsDialog) -> QMessageBox:
    box = dialog.discard_box
    assert box is not None and box.isVisible()
    assert box.objectName() == "discardSecuritySettings"
    return box


def _close_button(dialog: ui_auth.SecuritySettingsDialog) -> QPushButton:
    close = dialog.findChild(QPushButton, "saveSettingsButtonCancel")
    assert close is not None and close.text().replace("&", "") == "Close"
    return close


def test_escape_with_a_change_asks_and_discard_closes_unsaved(
        qtbot, runner: TaskRunner, db: Database, dialog) -> None:
    keep = _stored_keep(db)
    dialog.keep.setValue(keep + 1)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    box = _question(dialog)
    assert dialog.isVisible()
    assert "daily backups to keep" in box.text()
    assert box.button(QMessageBox.StandardButton.Discard).text() == "&Discard"
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "&Cancel"
    box.button(QMessageBox.StandardButton.Discard).click()
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert _stored_keep(db) == keep  # nothing saved
    assert dialog.keep.value() == keep  # nor shown again at the next opening


def test_cancel_keeps_the_dialog_open_with_the_change(qtbot, dialog) -> None:
    minutes = dialog.idle.value() + 5
    dialog.idle.setValue(minutes)
    _close_button(dialog).click()
    box = _question(dialog)
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert dialog.isVisible() and dialog.idle.value() == minutes
    dialog.close()  # the close box asks too
    box = _question(dialog)
    assert "idle timeout" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert dialog.isVisible() and dialog.idle.value() == minutes


def test_nothing_changed_closes_at_once(qtbot, dialog) -> None:
    dialog.reason.setText("typed, but no setting changed: Save stores nothing")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.discard_box is None


def test_a_saved_change_closes_without_asking(qtbot, runner: TaskRunner, db: Database,
                                              dialog) -> None:
    keep = _stored_keep(db) + 1
    dialog.keep.setValue(keep)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: runner.idle and dialog.message.text() == "Saved.", timeout=10_000)
    _close_button(dialog).click()
    assert not dialog.isVisible() and dialog.discard_box is None
    assert _stored_keep(db) == keep


def test_sign_out_lists_the_change(qtbot, runner: TaskRunner, db: Database) -> None:
    make_root(db)
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    features = ui_auth.install_user_features(window, runner, ROOT, timeout_ms=3_600_000,
                                             stamp="s")
    features.session_timer.stop()
    try:
        dialog = features.open_settings()
        qtbot.waitUntil(lambda: runner.idle and dialog.loaded is not None, timeout=10_000)
        keep = _stored_keep(db)
        dialog.keep.setValue(keep + 1)
        box = features.request_sign_out()
        assert box is not None and "daily backups to keep" in box.text()
        assert "Security settings" in box.text()
        box.button(QMessageBox.StandardButton.Cancel).click()
        assert not features.signed_out and dialog.isVisible()
        box = features.request_sign_out()
        assert box is not None
        box.button(QMessageBox.StandardButton.Discard).click()
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        assert features.signed_out
        assert _stored_keep(db) == keep
    finally:
        features.idle_lock.stop()


def test_quit_lists_the_change(qtbot, runner: TaskRunner, db: Database, data_dir) -> None:
    window, features = root_main_window(qtbot, runner, db, data_dir)
    try:
        dialog = features.open_settings()
        qtbot.waitUntil(lambda: runner.idle and dialog.loaded is not None, timeout=10_000)
        keep = _stored_keep(db)
        dialog.keep.setValue(keep + 1)
        window.close()
        assert window.isVisible()
        box = window.quit_box
        assert box is not None and "daily backups to keep" in box.text()
        assert "Security settings" in box.text()
        box.button(QMessageBox.StandardButton.Cancel).click()
        assert window.isVisible() and dialog.isVisible()
        window.close()
        box = window.quit_box
        assert box is not None
        box.button(QMessageBox.StandardButton.Discard).click()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
        assert _stored_keep(db) == keep
    finally:
        features.idle_lock.stop()
