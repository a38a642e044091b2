"""A step's dialog (Cleared with conditions: five conditions and their days from the
decision letter) and the Add / Correct a condition dialog went with one Escape, Cancel or
the close box, everything typed in them gone unasked; the case window closing, Quit or Sign
out did not list them either. They ask first, as the filing particulars do; an untouched
dialog closes at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_dialogs import ActionDialog
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_conditions_ui import (  # noqa: F401  (fixtures)
    cleared,
    click,
    under_review,
)


def _box(name: str) -> QMessageBox | None:
    found = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.objectName() == name and w.isVisible()]
    return found[0] if found else None


def _answer(box: QMessageBox, button: QMessageBox.StandardButton) -> None:
    box.button(button).click()


def _step_dialog(qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir) -> tuple:
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0002", track="CN-FISR")
    view.track_buttons["clear_with_conditions"].click()
    dialog = view.action_dialog
    assert isinstance(dialog, ActionDialog) and dialog.isVisible()
    return view, dialog


def test_escape_in_a_step_with_a_condition_typed_asks_and_cancel_keeps_it(
        qtbot, runner: TaskRunner, demo: Database, admin: Actor, data_dir: DataDir) -> None:
    view, dialog = _step_dialog(qtbot, runner, admin, data_dir)
    assert dialog.conditions is not None
    row = dialog.conditions.rows[0]
    qtbot.keyClicks(row.text, "Keep chip design data in China")
    qtbot.keyClicks(row.due_days, "90")
    qtbot.keyClick(row.due_days, Qt.Key.Key_Escape)
    box = _box("discardStepInput")
    assert box is not None, "Escape closed the dialog and dropped the condition"
    assert "is not kept" in box.text() and "Cleared with conditions" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    _answer(box, QMessageBox.StandardButton.Cancel)
    assert dialog.isVisible() and row.text.text() == "Keep chip design data in China"
    # The case window closing lists it with the comment and the particulars.
    assert any("the step being entered for AP-2026-0002" in item
               for item in view.unsaved_input())
    # The Cancel button and the close box ask as well; Discard then closes.
    cancel = dialog.findChild(QPushButton, "actionOkButtonCancel")
    cancel.click()
    box = _box("discardStepInput")
    assert box is not None and dialog.isVisible()
    _answer(box, QMessageBox.StandardButton.Cancel)
    dialog.close()
    box = _box("discardStepInput")
    assert box is not None and dialog.isVisible()
    _answer(box, QMessageBox.StandardButton.Discard)
    assert not dialog.isVisible()
    assert view.unsaved_input() == []
    runner.wait_for_done()


def test_an_untouched_step_dialog_closes_at_once(
        qtbot, runner: TaskRunner, demo: Database, admin: Actor, data_dir: DataDir) -> None:
    _view, dialog = _step_dialog(qtbot, runner, admin, data_dir)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert _box("discardStepInput") is None
    runner.wait_for_done()


def test_a_condition_correction_asks_only_once_changed(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        cleared: tuple[str, int]) -> None:  # noqa: F811
    reference, _track_id = cleared
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    click(qtbot, view.edit_condition_button)
    dialog = view.edit_condition_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.editor.calendar is not None, timeout=10_000)
    # Opened with the condition's own words: nothing of the officer's to lose.
    assert not dialog.typed_anything()
    qtbot.keyClicks(dialog.reason, "mistyped")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    box = _box("discardConditionInput")
    assert box is not None and dialog.isVisible()
    assert any("the condition being entered" in item for item in view.unsaved_input())
    _answer(box, QMessageBox.StandardButton.Discard)
    assert not dialog.isVisible()
    # Opened again and left as it was, Escape closes it without a question.
    click(qtbot, view.edit_condition_button)
    again = view.edit_condition_dialog
    assert again is not None and again is not dialog and again.isVisible()
    qtbot.waitUntil(lambda: again.editor.calendar is not None, timeout=10_000)
    qtbot.keyClick(again.editor.rows[0].text, Qt.Key.Key_Escape)
    assert not again.isVisible() and _box("discardConditionInput") is None
    runner.wait_for_done()
