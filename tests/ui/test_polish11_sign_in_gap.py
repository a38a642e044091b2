"""The sign-in dialog kept an empty message line: a blank band between the password and
the buttons until something went wrong. The line now shows only with a message."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner


def _gap_under_password(dialog: ui_auth.SignInDialog) -> int:
    password = dialog.password.mapTo(dialog, dialog.password.rect().bottomLeft()).y()
    button = dialog.sign_in_button.mapTo(dialog, dialog.sign_in_button.rect().topLeft()).y()
    return button - password


def test_no_blank_message_line_until_there_is_a_message(qtbot, runner: TaskRunner) -> None:
    dialog = ui_auth.SignInDialog(runner, username="ada")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    line = dialog.fontMetrics().height()
    assert not dialog.message.isVisible()
    assert _gap_under_password(dialog) < line  # only the layout's spacing
    opened = dialog.height()
    dialog.password.setText("")
    dialog.submit()  # no password typed: said above the buttons
    assert dialog.message.isVisible() and dialog.message.text() == "Enter your password."
    assert _gap_under_password(dialog) >= line
    dialog.say("")
    assert not dialog.message.isVisible()
    qtbot.waitUntil(lambda: dialog.height() == opened)  # the room it took is given back


def test_a_notice_from_the_last_sign_out_is_shown(qtbot, runner: TaskRunner) -> None:
    dialog = ui_auth.SignInDialog(runner, notice="You were signed out after 15 minutes.")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.message.isVisible()
    assert dialog.message.text() == "You were signed out after 15 minutes."
