"""The rulebook's confirmations (revert, install an older update) read from the top: the
question was centred in the dialog's room, under a blank band."""

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
    message = dialog.message
    # The label has room to spare around its one line: the line goes at its top.
    assert message.height() > 2 * message.fontMetrics().lineSpacing()
    assert message.alignment() & Qt.AlignmentFlag.AlignTop
    dialog.close()
