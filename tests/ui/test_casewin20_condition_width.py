"""Edit condition… opens wider than its least where the screen has room, the room going
to the condition's words (at its least the field showed some 28 characters), and keeps
its width when it says what is wrong (adjustSize() took it back to its least)."""

from __future__ import annotations

from datetime import date

from approvals.services.workflow import ObligationView
from approvals.ui.case_dialogs import CONDITION_EXTRA_CHARS, EditConditionDialog

CONDITION = ObligationView(
    id=1, text="Keep the robotics source code and the chip design data in China",
    due_date="2027-01-15", status="open", overdue=False)


def test_the_condition_takes_the_room_the_screen_has(qtbot) -> None:
    dialog = EditConditionDialog(CONDITION, date(2026, 11, 2))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    text = dialog.editor.rows[0].text
    char = text.fontMetrics().averageCharWidth()
    room = dialog.screen().availableGeometry().width()
    assert dialog.sizeHint().width() + CONDITION_EXTRA_CHARS * char < room * 0.95  # room
    assert dialog.width() > dialog.sizeHint().width()
    assert text.width() >= (28 + CONDITION_EXTRA_CHARS) * char
    opened = dialog.width(), text.width()

    dialog.reason.clear()
    dialog._check_and_submit()  # refused at the field: no reason
    assert dialog.problem.text()
    assert (dialog.width(), text.width()) == opened
    assert dialog.height() >= dialog.heightForWidth(dialog.width())  # its lines in sight
    dialog.done(0)
