"""Enter in the Reason field of a dialog that records an audited change (Who may open…,
Security settings) neither saves half-way nor closes the dialog: with Save not the
default button, Qt made Close the default, and Enter closed the dialog with everything
typed in it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QVBoxLayout

from approvals.ui.widgets import save_controls


def test_enter_in_the_reason_keeps_the_dialog_and_saves_nothing(qtbot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    saved: list[bool] = []
    foot = save_controls(dialog, lambda: saved.append(True), reason_name="reason",
                         message_name="message", save_name="save")
    layout = QVBoxLayout(dialog)
    layout.addWidget(foot.reason)
    layout.addWidget(foot.message)
    layout.addLayout(foot.buttons)
    dialog.show()
    qtbot.waitExposed(dialog)
    foot.reason.setFocus()
    qtbot.keyClicks(foot.reason, "the board asked")
    qtbot.keyClick(foot.reason, Qt.Key.Key_Return)
    qtbot.wait(20)
    assert dialog.isVisible() and saved == []
    assert foot.reason.text() == "the board asked"
    qtbot.mouseClick(foot.save_button, Qt.MouseButton.LeftButton)
    assert saved == [True]
