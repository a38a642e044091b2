"""Add published year… says before saving what the officer would otherwise find out after:
that the schedule replaces the year's corrected days, and that the days typed are in
another year than the one chosen."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from approvals.services.workflow import correct_calendar_day
from approvals.store.db import Database
from approvals.ui.calendars import AddYearDialog, _independence_day
from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import OFFICER, open_dialog, type_lines


def _open_add(qtbot, runner: TaskRunner) -> AddYearDialog:
    dialog = open_dialog(qtbot, runner, OFFICER)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.add_dialog
    assert add is not None and add.year_edit.value() == 2027  # the first estimated year
    return add


def test_the_corrected_days_it_replaces_are_said(qtbot, runner: TaskRunner,
                                                 db: Database) -> None:
    with db.session() as s:
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2027, 3, 1),
                             kind="holiday", source="test notice", reason="announced early")
    add = _open_add(qtbot, runner)
    assert add.year_note.isVisibleTo(add)
    assert add.year_note.text() == ("1 corrected day of 2027 (2027-03-01) is replaced by the "
                                    "schedule saved here.")
    add.year_edit.setValue(2028)  # no correction there
    assert not add.year_note.isVisibleTo(add)


def test_days_of_another_year_are_said_at_year(qtbot, runner: TaskRunner, db: Database) -> None:
    add = _open_add(qtbot, runner)
    type_lines(qtbot, add.holidays_edit, ["2028-01-01 New Year", "2028-01-26..2028-02-01 Spring Festival"])
    assert add.year_error.isVisibleTo(add)
    assert add.year_error.text() == "the days are in 2028: set Year to it"
    assert "2028-01-01 is not in 2027" in add.holidays_error.text()  # and at each line
    add.year_edit.setValue(2028)
    assert not add.year_error.isVisibleTo(add) and not add.holidays_error.isVisibleTo(add)


def test_a_us_year_asks_for_observed_days_not_make_up_days(qtbot, runner: TaskRunner,
                                                           db: Database) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.calendar_combo.setCurrentIndex(dialog.calendar_combo.findData("US"))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.add_dialog
    assert add is not None and add.year_edit.value() == 2031  # the first estimated US year
    assert not add.workdays_edit.isVisibleTo(add)
    # The example is true of the year: 4 July 2031 is a Friday, not observed on another day.
    assert add.holidays_edit.placeholderText() == ("2031-01-01 New Year's Day\n"
                                                   "2031-07-04 Independence Day")
    type_lines(qtbot, add.holidays_edit, ["2031-01-01 New Year's Day"])
    qtbot.keyClicks(add.source_edit, "5 U.S.C. 6103")
    assert add.save_button.isEnabled()


def test_the_us_example_names_the_observed_day_of_its_year() -> None:
    assert _independence_day(2026) == "2026-07-03 Independence Day (observed)"  # Saturday
    assert _independence_day(2027) == "2027-07-05 Independence Day (observed)"  # Sunday


def test_a_shipped_year_says_its_shipped_days_stay(qtbot, runner: TaskRunner,
                                                   db: Database) -> None:
    """Entering a shipped year lays the days over its schedule (a shipped holiday left
    out stays a holiday): said before saving, not 'replaces … the days entered before'."""
    add = _open_add(qtbot, runner)
    add.year_edit.setValue(2026)
    assert add.year_note.isVisibleTo(add)
    assert "a shipped day left out stays as shipped" in add.year_note.text()
    assert "Correct a day" in add.year_note.text()
