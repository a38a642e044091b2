"""A dialog the officer enlarged by hand while a field's message showed keeps that extra
height once the message goes: only the height the message took is given back (it shrank
back to the height it opened at)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialog

from approvals.store.audit import Actor
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner

ADA = Actor("ada", ("preparer",), "Ada Wong")
LONG = "Use at least 12 characters: a short password is easy to guess."
DRAGGED = 60  # the officer's own extra height


def _shown(qtbot, dialog: QDialog) -> int:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    return dialog.height()


def test_a_resize_by_hand_while_a_message_shows_is_kept(qtbot, runner: TaskRunner) -> None:
    dialog = ui_auth.ChangePasswordDialog(runner, ADA)
    opened = _shown(qtbot, dialog)
    error = dialog.errors["new_password"]
    error.show_message(LONG)
    qtbot.waitUntil(lambda: dialog.height() > opened)
    dialog.resize(dialog.width(), dialog.height() + DRAGGED)  # the officer drags it taller
    QApplication.processEvents()
    error.show_message("")
    qtbot.waitUntil(lambda: dialog.height() == opened + DRAGGED)
    QApplication.processEvents()
    assert dialog.height() == opened + DRAGGED  # and it stays so
    dialog.close()


def test_two_messages_then_a_resize_give_back_only_their_height(qtbot,
                                                                runner: TaskRunner) -> None:
    dialog = ui_auth.ChangePasswordDialog(runner, ADA)
    opened = _shown(qtbot, dialog)
    first, second = dialog.errors["new_password"], dialog.errors["confirmation"]
    first.show_message(LONG)
    qtbot.waitUntil(lambda: dialog.height() > opened)
    second.show_message("The two passwords differ: type the same password twice.")
    QApplication.processEvents()
    dialog.resize(dialog.width(), dialog.height() + DRAGGED)
    QApplication.processEvents()
    second.show_message("")
    first.show_message("")
    qtbot.waitUntil(lambda: dialog.height() == opened + DRAGGED)
    dialog.close()


def test_without_a_resize_the_dialog_returns_to_its_height(qtbot, runner: TaskRunner) -> None:
    dialog = ui_auth.ChangePasswordDialog(runner, ADA)
    opened = _shown(qtbot, dialog)
    error = dialog.errors["new_password"]
    error.show_message(LONG)
    qtbot.waitUntil(lambda: dialog.height() > opened)
    error.show_message("A second, different message for the same field.")
    QApplication.processEvents()
    error.show_message("")
    qtbot.waitUntil(lambda: dialog.height() == opened)
    dialog.close()
