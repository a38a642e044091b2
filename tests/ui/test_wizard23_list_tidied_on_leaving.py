"""A list pasted into its box (US models used) with trailing spaces and blank lines is
shown as it is read when the officer leaves the box: one item a line. Before, the box kept
the paste, scrolled to its blank last lines, the first item out of sight above as if lost
(seen at 1366×768: only "Llama 3" showed of two models)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from approvals.ui.wizard import IntakeWizard

PASTED = "an open-weight US model  \n\n  • Llama 3\t\n\n\n"


def models_box(wizard: IntakeWizard) -> QPlainTextEdit:
    box = wizard.findChild(QPlainTextEdit, "field_target_ai_us_models_used")
    assert box is not None
    return box


def leave(box: QPlainTextEdit, reason: Qt.FocusReason = Qt.FocusReason.TabFocusReason) -> None:
    QApplication.sendEvent(box, QFocusEvent(QEvent.Type.FocusOut, reason))


def paste(box: QPlainTextEdit, text: str) -> None:
    QApplication.clipboard().setText(text)
    box.clear()
    box.paste()


def test_leaving_the_box_shows_one_item_a_line(qtbot, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    box = models_box(wizard)
    paste(box, PASTED)
    leave(box)
    assert box.toPlainText() == "an open-weight US model\nLlama 3"
    # Shown from its first item.
    assert box.verticalScrollBar().value() == 0
    assert box.textCursor().position() == 0
    # Ctrl+Z in the box brings the paste back as it was.
    box.undo()
    assert box.toPlainText() == PASTED
    wizard._dirty = False


def test_switching_windows_leaves_the_text_as_typed(qtbot, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    box = models_box(wizard)
    paste(box, PASTED)
    leave(box, Qt.FocusReason.ActiveWindowFocusReason)
    assert box.toPlainText() == PASTED
    wizard._dirty = False


def test_a_list_with_a_problem_stays_as_written(qtbot, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    box = models_box(wizard)
    written = "Llama 3\n\nllama 3  \n"
    paste(box, written)
    leave(box)
    assert box.toPlainText() == written  # both lines still there to choose from
    wizard._dirty = False
