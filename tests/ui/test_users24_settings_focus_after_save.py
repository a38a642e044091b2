"""Security settings: after a save the cursor is where it was. The fields are greyed out
while the save runs, which sent the keyboard on to Close; greyed in again, they left it
there, so the next Enter closed the dialog, and digits typed for another timeout went
nowhere (also on the next opening, which kept the dialog and its focus)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.test_auth_settings_enter import settings_dialog

pytestmark = pytest.mark.usefixtures("fast_hash")


def test_the_timeout_keeps_the_keyboard_after_enter_saved_it(
    qtbot, runner: TaskRunner, db: Database,
) -> None:
    dialog = settings_dialog(qtbot, runner, db)
    dialog.activateWindow()
    dialog.idle.setFocus()
    dialog.idle.selectAll()
    qtbot.keyClicks(dialog.idle, "20")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.keyClick(dialog.idle, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.idle.isEnabled(), timeout=10_000)
    assert dialog.message.text() == "Saved."
    assert QApplication.focusWidget() is dialog.idle
    dialog.close()


def test_save_clicked_keeps_the_keyboard_on_save(
    qtbot, runner: TaskRunner, db: Database,
) -> None:
    dialog = settings_dialog(qtbot, runner, db)
    dialog.activateWindow()
    dialog.keep.setFocus()
    dialog.keep.selectAll()
    qtbot.keyClicks(dialog.keep, "9")
    dialog.save_button.setFocus()
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.keyClick(dialog.save_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    assert QApplication.focusWidget() is dialog.save_button
    dialog.close()
