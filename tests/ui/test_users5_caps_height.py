"""The sign-in dialog and Change my password give back the height the Caps Lock hint (or a
field's message) took once it goes: the sign-in dialog stayed 20 px taller than it opened,
a blank band between the password and the buttons."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from approvals.store.audit import Actor
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner

ADA = Actor("ada", ("preparer",), "Ada Wong")


def _type(edit: QLineEdit, text: str) -> None:
    """Letters typed without Shift: capitals say Caps Lock is on, small ones that it is off."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(edit, QKeyEvent(kind, Qt.Key(ord(char.upper())),
                                                   Qt.KeyboardModifier.NoModifier, char))


def _shown(qtbot, dialog: QDialog) -> int:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    return dialog.height()


@pytest.mark.parametrize("which", ["sign-in", "change-password"])
def test_the_caps_lock_hint_gives_its_height_back(qtbot, runner: TaskRunner,
                                                  which: str) -> None:
    if which == "sign-in":
        dialog: QDialog = ui_auth.SignInDialog(runner, username="ada")
        edit = dialog.password
    else:
        dialog = ui_auth.ChangePasswordDialog(runner, ADA)
        edit = dialog.old
    opened = _shown(qtbot, dialog)
    _type(edit, "HORSE")
    assert dialog.caps_lock_hint.isVisible()
    qtbot.waitUntil(lambda: dialog.height() > opened)  # it made room for the hint
    _type(edit, "horse")
    assert not dialog.caps_lock_hint.isVisible()
    qtbot.waitUntil(lambda: dialog.height() == opened)
    dialog.close()


def test_a_field_message_gives_its_height_back(qtbot, runner: TaskRunner) -> None:
    dialog = ui_auth.ChangePasswordDialog(runner, ADA)
    opened = _shown(qtbot, dialog)
    error = dialog.errors["new_password"]
    error.show_message("Use at least 12 characters: a short password is easy to guess.")
    qtbot.waitUntil(lambda: dialog.height() > opened)
    error.show_message("")
    qtbot.waitUntil(lambda: dialog.height() == opened)
    dialog.close()
