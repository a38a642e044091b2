"""First start: Escape (or the window's close box, or Quit) on a form already filled in
quit the app at once, and the name and both passwords typed were gone. It asks first;
an empty form still closes at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner

pytestmark = pytest.mark.usefixtures("fast_hash")


def _dialog(qtbot, runner: TaskRunner) -> ui_auth.FirstStartDialog:
    dialog = ui_auth.FirstStartDialog(runner)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_escape_on_a_filled_form_asks_before_quitting(qtbot, runner: TaskRunner) -> None:
    dialog = _dialog(qtbot, runner)
    dialog.username.setText("ada.wong")
    dialog.password.setText("correct horse battery")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Escape)
    box = dialog.findChild(QMessageBox, "firstStartQuitQuestion")
    assert box is not None and box.isVisible() and dialog.isVisible()
    assert "not kept" in box.text()
    assert box.button(QMessageBox.StandardButton.Discard).text() == "&Quit"
    box.button(QMessageBox.StandardButton.Cancel).click()  # back to the form, as typed
    assert dialog.isVisible() and dialog.username.text() == "ada.wong"

    dialog.reject()  # the close box, Quit
    box = next(b for b in dialog.findChildren(QMessageBox, "firstStartQuitQuestion")
           if b.isVisible())
    box.button(QMessageBox.StandardButton.Discard).click()
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.password.text() == ""  # not left in memory in the hidden dialog


def test_an_empty_form_closes_at_once(qtbot, runner: TaskRunner) -> None:
    dialog = _dialog(qtbot, runner)
    qtbot.keyClick(dialog.username, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.findChild(QMessageBox, "firstStartQuitQuestion") is None
