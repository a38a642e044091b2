"""Correct a day…: a day marked as a holiday is saved with its name, asked for at Name in
Add published year…'s words (it was saved unnamed, listed as "holiday (officer entry)");
a working day needs none. After saving, the calendars window shows the corrected day's
month with the day selected (it stayed on January)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt

from approvals.services.workflow import calendar_for
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import OFFICER, open_correct, open_dialog


def test_a_holiday_needs_its_name_at_the_field(qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    correct = open_correct(qtbot, dialog, date(2026, 10, 22))  # a working Thursday
    assert correct.kind_combo.currentData() == "holiday"  # the other kind is offered
    assert correct.message.text() == ("To save: type the holiday's name; type the source (the "
                                      "notice that says so); say why the day is corrected.")
    assert not correct.name_error.isVisibleTo(correct)  # not before the officer types
    qtbot.keyClicks(correct.source_edit, "Shenzhen typhoon notice No. 12")
    qtbot.keyClicks(correct.reason_edit, "offices closed")
    assert not correct.save_button.isEnabled()
    assert correct.message.text() == "To save: type the holiday's name."
    assert correct.save_button.toolTip() == "To save: type the holiday's name."

    qtbot.keyClicks(correct.name_edit, " ")  # blank is no name
    assert correct.name_error.isVisibleTo(correct)
    assert correct.name_error.text() == "type the holiday's name, as the notice gives it"
    assert correct.message.text() == ""  # said at the field, not twice
    assert not correct.save_button.isEnabled()

    correct.save()  # refused, nothing written
    with db.read_session() as s:
        assert calendar_for(s, "CN").override(date(2026, 10, 22)) is None

    # A working day needs no name.
    correct.kind_combo.setCurrentIndex(correct.kind_combo.findData("workday"))
    assert not correct.name_error.isVisibleTo(correct)
    correct.kind_combo.setCurrentIndex(correct.kind_combo.findData("holiday"))
    qtbot.keyClicks(correct.name_edit, "Typhoon closure")
    assert not correct.name_error.isVisibleTo(correct) and correct.save_button.isEnabled()
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.mouseClick(correct.save_button, Qt.MouseButton.LeftButton)
    with db.read_session() as s:
        assert calendar_for(s, "CN").day_info(date(2026, 10, 22)) == (False, "Typhoon closure")


def test_a_working_day_is_saved_without_a_name(qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    correct = open_correct(qtbot, dialog, date(2026, 10, 1))  # National Day
    assert correct.kind_combo.currentData() == "workday"
    qtbot.keyClicks(correct.source_edit, "State Council notice of 2026-09-20")
    qtbot.keyClicks(correct.reason_edit, "office open")
    assert correct.save_button.isEnabled() and correct.message.text() == ""
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.mouseClick(correct.save_button, Qt.MouseButton.LeftButton)
    with db.read_session() as s:
        assert calendar_for(s, "CN").day_info(date(2026, 10, 1))[0] is True


def test_the_corrected_day_is_shown_and_selected_after_saving(qtbot, runner: TaskRunner,
                                                            db: Database) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    correct = open_correct(qtbot, dialog, date(2026, 10, 22))
    qtbot.keyClicks(correct.name_edit, "Typhoon closure")
    qtbot.keyClicks(correct.source_edit, "Shenzhen typhoon notice No. 12")
    qtbot.keyClicks(correct.reason_edit, "offices closed")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.mouseClick(correct.save_button, Qt.MouseButton.LeftButton)
    view = dialog.month_view
    assert (view.yearShown(), view.monthShown()) == (2026, 10)
    assert dialog.selected_date() == date(2026, 10, 22)
    rows = dialog.days_table.selectionModel().selectedRows()
    assert [dialog.days_table.item(r.row(), 0).text() for r in rows] == ["2026-10-22"]

    # Removing the correction shows the day too.
    correct = open_correct(qtbot, dialog, date(2026, 10, 22))
    dialog.month_view.setSelectedDate(QDate(2026, 1, 1))  # the window moved on meanwhile
    qtbot.keyClicks(correct.reason_edit, "called off")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.mouseClick(correct.remove_button, Qt.MouseButton.LeftButton)
    assert (view.yearShown(), view.monthShown()) == (2026, 10)
    assert dialog.selected_date() == date(2026, 10, 22)
