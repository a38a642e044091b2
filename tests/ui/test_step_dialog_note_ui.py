"""A step's note (services.workflow.ActionView.note: recording a filing whose final is
not stored) is shown at the top of its dialog, as a warning, before the reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

from approvals.services.workflow import ActionView
from approvals.ui.case_dialogs import ActionDialog


def _file(note: str) -> ActionView:
    return ActionView(name="file", label="Record filing", label_zh="", allowed=True,
                      why_not=None, needs_reason=False, params=("filing_reference",),
                      note=note)


def test_the_note_stands_above_the_reason(qtbot: Any) -> None:
    dialog = ActionDialog(_file("No final Chinese application is stored with the case: …"))
    qtbot.addWidget(dialog)
    dialog.show()
    note = dialog.findChild(QLabel, "actionNote")
    assert note is not None and note.isVisible() and note.text().startswith("No final")
    assert note.geometry().bottom() < dialog.reason.geometry().top()
    dialog.reject()
    plain = ActionDialog(_file(""))
    qtbot.addWidget(plain)
    assert plain.findChild(QLabel, "actionNote") is None
