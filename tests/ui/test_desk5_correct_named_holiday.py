"""Correct a day… on a named holiday kept as a holiday (to record a new source): its name is
put in Name, the source on record said in Source's placeholder, so the officer types only
the new source and the reason (they had to type the holiday's name again). The officer's
own typing is never replaced; a change of kind takes the prefilled name away again."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from approvals.services.workflow import calendar_for
from approvals.store.db import Database
from approvals.ui.calendars import SOURCE_PLACEHOLDER, CorrectDayDialog
from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import OFFICER, open_correct, open_dialog

NATIONAL_DAY = date(2026, 10, 1)
NOTICE = "State Council notice 国办发明电〔2025〕7号, reissued"


def _keep_as_holiday(correct: CorrectDayDialog) -> None:
    correct.kind_combo.setCurrentIndex(correct.kind_combo.findData("holiday"))


def test_a_named_holiday_kept_as_one_has_its_name_filled_in(qtbot, runner: TaskRunner,
                                                           db: Database) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    correct = open_correct(qtbot, dialog, NATIONAL_DAY)
    assert correct.kind_combo.currentData() == "workday"  # the other kind is offered
    assert correct.name_edit.text() == ""  # a working day is not named after the holiday
    _keep_as_holiday(correct)
    assert correct.name_edit.text() == "National Day"
    assert "now: State Council" in correct.source_edit.placeholderText()
    assert correct.typed_input() == ""  # nothing the officer typed to lose
    # The name alone (as listed) is nothing to correct; a new source is.
    assert not correct.save_button.isEnabled()
    assert "nothing to correct" in correct.kind_error.text()
    correct.source_edit.setText(NOTICE)  # keyClicks types ASCII only
    qtbot.keyClicks(correct.reason_edit, "the notice was reissued")
    assert correct.save_button.isEnabled(), correct.save_button.toolTip()
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.mouseClick(correct.save_button, Qt.MouseButton.LeftButton)
    with db.read_session() as s:
        calendar = calendar_for(s, "CN")
        assert calendar.day_info(NATIONAL_DAY) == (False, "National Day")
        override = calendar.override(NATIONAL_DAY)
        assert override is not None and override.source == NOTICE


def test_the_officers_own_name_is_kept_and_a_kind_change_clears_the_prefill(
        qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    correct = open_correct(qtbot, dialog, NATIONAL_DAY)
    _keep_as_holiday(correct)
    correct.kind_combo.setCurrentIndex(correct.kind_combo.findData("workday"))
    assert correct.name_edit.text() == ""
    assert correct.source_edit.placeholderText() == SOURCE_PLACEHOLDER
    _keep_as_holiday(correct)
    correct.name_edit.setText("National Day (国庆节)")  # the officer's own name
    correct.kind_combo.setCurrentIndex(correct.kind_combo.findData("workday"))
    _keep_as_holiday(correct)
    assert correct.name_edit.text() == "National Day (国庆节)"  # the officer's, kept
    assert correct.typed_input()  # and asked about before it is dropped


def test_a_working_day_made_a_holiday_gets_no_name(qtbot, runner: TaskRunner,
                                                  db: Database) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    correct = open_correct(qtbot, dialog, date(2026, 10, 22))  # a working Thursday
    assert correct.kind_combo.currentData() == "holiday"
    assert correct.name_edit.text() == ""
    assert correct.source_edit.placeholderText() == SOURCE_PLACEHOLDER
