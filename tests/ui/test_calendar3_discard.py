"""Escape, Cancel or the title bar's close on a calendar form with typed input asks before
the typing is dropped: a year's schedule typed line by line was lost to one Escape."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import OFFICER, open_dialog, type_lines


def test_escape_with_a_typed_schedule_asks_and_cancel_keeps_it(qtbot, runner: TaskRunner) -> None:
    add = open_dialog(qtbot, runner, OFFICER).open_add_year()
    type_lines(qtbot, add.holidays_edit, ["2027-01-01 New Year's Day"])
    qtbot.keyClick(add, Qt.Key.Key_Escape)
    box = add.discard_box
    assert box is not None and box.isVisible() and add.isVisible()
    assert "2027" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()  # the default: keep typing
    assert add.isVisible() and "New Year's Day" in add.holidays_edit.toPlainText()
    add.reject()
    add.discard_box.button(QMessageBox.StandardButton.Discard).click()
    assert not add.isVisible()


def test_an_untouched_form_closes_at_once(qtbot, runner: TaskRunner) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    add = dialog.open_add_year()
    add.reject()
    assert not add.isVisible() and add.discard_box is None
    correct = dialog.open_correct_day()
    correct.reject()
    assert not correct.isVisible() and correct.discard_box is None


def test_a_typed_reason_for_a_correction_asks_too(qtbot, runner: TaskRunner) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    dialog.select_year(2026)
    correct = dialog.open_correct_day()
    correct.date_edit.setDate(date(2026, 10, 22))
    qtbot.keyClicks(correct.reason_edit, "typhoon")
    correct.close()  # the title bar's close
    assert correct.isVisible() and correct.discard_box is not None
    assert "2026-10-22" in correct.discard_box.text()
    correct.discard_box.button(QMessageBox.StandardButton.Discard).click()
    assert not correct.isVisible()
