"""Security settings: Enter after typing a new idle timeout saves it. Close is the
dialog's default button, so Enter closed the dialog and the typed timeout was lost."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from approvals.services import auth
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


def settings_dialog(qtbot, runner: TaskRunner, db: Database) -> ui_auth.SecuritySettingsDialog:
    make_root(db)
    dialog = ui_auth.SecuritySettingsDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.idle.isEnabled(), timeout=10_000)
    return dialog


def test_enter_in_the_timeout_saves_it(qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = settings_dialog(qtbot, runner, db)
    dialog.idle.setFocus()
    dialog.idle.selectAll()
    qtbot.keyClicks(dialog.idle, "20")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.keyClick(dialog.idle, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.message.text() == "Saved."
    with db.read_session() as s:
        assert auth.get_security_settings(s).idle_timeout_minutes == 20


def test_enter_in_the_reason_moves_on_to_save(qtbot, runner: TaskRunner, db: Database) -> None:
    """Nothing is saved half-typed from the reason field, and nothing is dropped."""
    dialog = settings_dialog(qtbot, runner, db)
    dialog.solo.setChecked(True)
    dialog.reason.setFocus()
    qtbot.keyClicks(dialog.reason, "one-person office")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.save_button.hasFocus()
    assert dialog.reason.text() == "one-person office" and dialog.solo.isChecked()
    with db.read_session() as s:
        assert not auth.get_security_settings(s).solo_mode  # not saved yet
    dialog.close()
