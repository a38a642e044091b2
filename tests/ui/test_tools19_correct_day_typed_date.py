"""Correct a day…: a date typed that does not exist is said at Date and nothing is saved
or removed. Qt dropped the digit it could not show or moved the day: 2027-02-30 typed
showed 2027-02-03, 2027-02-29 showed 2027-02-28, 2027-13-01 showed 2027-01-01, and Save
correction corrected that other day with no word."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateTimeEdit

from approvals.ui.calendars import CorrectDayDialog, typed_date_problem
from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import OFFICER, open_dialog


def _typed(qtbot, runner: TaskRunner, text: str) -> CorrectDayDialog:
    dialog = open_dialog(qtbot, runner, OFFICER)
    dialog.select_year(2026)
    correct = dialog.open_correct_day()
    correct.date_edit.setDate(date(2026, 11, 30))
    correct.reason_edit.setText("typhoon closure announced by the provincial government")
    correct.name_edit.setText("Typhoon closure")
    correct.source_edit.setText("Guangdong provincial typhoon notice No. 3")
    correct.date_edit.setFocus()
    correct.date_edit.setSelectedSection(QDateTimeEdit.Section.YearSection)
    qtbot.keyClicks(correct.date_edit, text)
    return correct


@pytest.mark.parametrize(("typed", "said"), [
    ("2027-02-30", "'2027-02-30' is not a date (February 2027 has no day 30)"),
    ("2027-02-29", "'2027-02-29' is not a date (February 2027 has no day 29)"),
    ("2027-04-31", "'2027-04-31' is not a date (April 2027 has no day 31)"),
    ("2027-13-01", "'2027-13-01' is not a date (there is no month 13)"),
    ("20270230", "is not a date (February 2027 has no day 30)"),
])
def test_a_date_that_does_not_exist_is_said_at_date_and_not_saved(
        qtbot, runner: TaskRunner, typed: str, said: str) -> None:
    correct = _typed(qtbot, runner, typed)
    assert correct.date_error.isVisibleTo(correct)
    assert said in correct.date_error.text()
    # The day the field shows instead is named, so the officer sees it is not theirs.
    assert correct.day().isoformat() in correct.date_error.text()
    assert not correct.save_button.isEnabled()
    assert "type a date that exists" in correct.save_button.toolTip()
    assert correct.pending_change() is None
    correct.reject()


def test_typing_the_date_again_or_choosing_one_clears_the_message(
        qtbot, runner: TaskRunner) -> None:
    correct = _typed(qtbot, runner, "2027-02-30")
    assert correct.date_error.isVisibleTo(correct)
    correct.date_edit.setSelectedSection(QDateTimeEdit.Section.YearSection)
    qtbot.keyClicks(correct.date_edit, "2027-02-26")
    assert correct.day() == date(2027, 2, 26)
    assert not correct.date_error.isVisibleTo(correct)
    assert correct.save_button.isEnabled()
    correct.date_edit.setSelectedSection(QDateTimeEdit.Section.YearSection)
    qtbot.keyClicks(correct.date_edit, "2027-02-31")  # a fresh mistake, then an arrow key
    assert correct.date_error.isVisibleTo(correct)
    qtbot.keyClick(correct.date_edit, Qt.Key.Key_Up)  # a day stepped to is a day chosen
    assert not correct.date_error.isVisibleTo(correct)
    correct.reject()


@pytest.mark.parametrize("typed", ["2027-10-08", "2027-1-8", "2027/10/08", "20271008",
                                   "2027-02-28"])
def test_a_real_date_typed_says_nothing(qtbot, runner: TaskRunner, typed: str) -> None:
    correct = _typed(qtbot, runner, typed)
    assert not correct.date_error.isVisibleTo(correct)
    assert correct.save_button.isEnabled()
    correct.reject()


@pytest.mark.parametrize(("typed", "problem"), [
    ("2027", ""), ("2027-1", ""), ("2027-13", "there is no month 13"), ("2027-0", ""),
    ("2027-00-", "there is no month 0"), ("2027-02-3", ""), ("2027-02-0", ""),
    ("2027-02-00", "February 2027 has no day 0"), ("2028-02-29", ""),
])
def test_typed_date_problem_waits_for_a_part_to_be_whole(typed: str, problem: str) -> None:
    said = typed_date_problem(typed)
    assert (problem in said) if problem else said == ""


@pytest.mark.parametrize(("typed", "expected"), [
    ("2027-10-08", date(2027, 10, 8)), ("2027-02-28", date(2027, 2, 28)),
])
def test_ctrl_a_then_a_date_typed_is_that_date(qtbot, runner: TaskRunner, typed: str,
                                               expected: date) -> None:
    """Ctrl+A over the date, then the date typed: Qt dropped the year's digits typed over
    the whole text, so 2027-10-08 became 2026-10-08, silently."""
    dialog = open_dialog(qtbot, runner, OFFICER)
    dialog.select_year(2026)
    correct = dialog.open_correct_day()
    correct.date_edit.setDate(date(2026, 2, 6))
    correct.date_edit.setFocus()
    qtbot.keyClick(correct.date_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(correct.date_edit, typed)
    assert correct.day() == expected
    assert not correct.date_error.isVisibleTo(correct)
    correct.reject()
