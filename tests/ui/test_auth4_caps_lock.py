"""Caps Lock on while a password is typed: the sign-in dialog, the lock screen and Change
my password say so under the field. A right password typed in capitals read "Wrong user
name or password", and five of them locked the account."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from approvals.store.audit import Actor
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner

ADA = Actor("ada", ("preparer",), "Ada Wong")

pytestmark = pytest.mark.usefixtures("fast_hash")


def _type(edit: QLineEdit, text: str, shift: bool = False) -> None:
    """Keys as the system sends them: with Caps Lock on, "A" comes without Shift."""
    modifiers = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    for char in text:
        key = Qt.Key(ord(char.upper())) if char.isalpha() else Qt.Key.Key_Space
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(edit, QKeyEvent(kind, key, modifiers, char))


def _caps_lock_key(edit: QLineEdit) -> None:
    QApplication.sendEvent(edit, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_CapsLock,
                                           Qt.KeyboardModifier.NoModifier))


def test_the_sign_in_dialog_says_caps_lock_is_on(qtbot, runner: TaskRunner) -> None:
    dialog = ui_auth.SignInDialog(runner, username="ada")
    qtbot.addWidget(dialog)
    dialog.show()
    hint = dialog.caps_lock_hint
    assert not hint.isVisible()
    _type(dialog.password, "correct")
    assert not hint.isVisible()  # small letters without Shift: off
    _type(dialog.password, "HORSE")  # capitals without Shift: Caps Lock
    assert hint.isVisible() and "Caps Lock is on" in hint.text()
    _type(dialog.password, "horse", shift=True)  # small letters with Shift: still on
    assert hint.isVisible()
    _caps_lock_key(dialog.password)  # pressed again: off
    assert not hint.isVisible()
    _type(dialog.password, "Battery", shift=True)
    _type(dialog.password, "x")
    assert not hint.isVisible()
    assert dialog.height() >= dialog.layout().totalHeightForWidth(dialog.width())
    dialog.close()


def test_the_lock_screen_and_change_password_say_it_too(qtbot, runner: TaskRunner) -> None:
    dialog = ui_auth.ChangePasswordDialog(runner, ADA)
    qtbot.addWidget(dialog)
    dialog.show()
    _type(dialog.old, "OLD")
    assert dialog.caps_lock_hint.isVisible()
    dialog.close()

    window = QLineEdit()  # any window the lock covers
    qtbot.addWidget(window)
    window.show()
    overlay = ui_auth.LockOverlay(window, ADA)
    _type(overlay.password, "PASS")
    assert overlay.caps_lock_hint.isVisible()
    _type(overlay.password, "pass")
    assert not overlay.caps_lock_hint.isVisible()
