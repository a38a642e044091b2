"""The confirmations of changes with wide effect (revert the rulebook, deactivate a user)
read from the top, their reason field right under the question: the question was centred
in the dialog's room, under a blank band, and then sat over one, apart from its reason."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from approvals.ui.rulebook import ConfirmChange


def test_the_question_starts_at_the_top(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = ConfirmChange(parent, title="Revert the rulebook update",
                           text="Revert from the installed update 2027.1.1 to 2026.12.1?",
                           action="Re&vert", object_name="rulebookRevertConfirm", reason=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    message, reason = dialog.message, dialog.reason
    assert reason is not None
    line = message.fontMetrics().lineSpacing()
    assert message.alignment() & Qt.AlignmentFlag.AlignTop
    assert message.y() < 2 * line  # the question opens the dialog
    # Its reason right under it, the spare room above the buttons instead: a one-line
    # question sat over a blank band, apart from its reason field.
    gap = reason.mapTo(dialog, reason.rect().topLeft()).y() - message.geometry().bottom()
    assert gap < 2 * line
    assert dialog.action.mapTo(dialog, dialog.action.rect().topLeft()).y() > (
        reason.mapTo(dialog, reason.rect().bottomLeft()).y() + line)
    dialog.close()
