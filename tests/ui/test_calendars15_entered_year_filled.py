"""Putting right an entered year: Add published year… set to a year an officer entered
fills in its days (consecutive days of one name as a range), make-up days and source, so
one wrong line is changed and saved instead of the whole year typed again. What the
officer typed is never overwritten, and a filled-in form closes without asking."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from approvals.services.workflow import add_calendar_year, calendar_for, correct_calendar_day
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import NOTICE, OFFICER, open_dialog, type_lines


def _enter_2027(db: Database) -> None:
    days = [{"day": f"2027-02-{n:02d}", "kind": "holiday", "name": "Spring Festival"}
            for n in range(6, 14)]
    days += [{"day": "2027-10-01", "kind": "holiday", "name": "National Day"},
             {"day": "2027-02-20", "kind": "workday", "name": "Make-up working day"}]
    with db.session() as s:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027, source=NOTICE,
                          days=days)


def test_an_entered_year_is_filled_in_and_one_line_put_right(qtbot, runner: TaskRunner,
                                                             db: Database) -> None:
    _enter_2027(db)
    dialog = open_dialog(qtbot, runner, OFFICER)
    add = dialog.open_add_year()
    assert add.year_edit.value() == 2028  # the first estimated year: nothing entered
    assert add.holidays_edit.toPlainText() == ""
    add.year_edit.setValue(2027)
    assert add.holidays_edit.toPlainText() == ("2027-02-06..2027-02-13 Spring Festival\n"
                                               "2027-10-01 National Day")
    assert add.workdays_edit.toPlainText() == "2027-02-20 Make-up working day"
    assert add.source_edit.text() == NOTICE
    assert "the days entered for it are filled in below" in add.year_note.text()
    assert not add.holidays_error.isVisibleTo(add)
    # Filled in, nothing typed: closing asks nothing.
    assert add.typed_input() == ""
    # The wrong line: National Day is 1-7 October.
    add.holidays_edit.setPlainText("2027-02-06..2027-02-13 Spring Festival\n"
                                   "2027-10-01..2027-10-07 National Day")
    assert add.typed_input() != ""
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.mouseClick(add.save_button, Qt.MouseButton.LeftButton)
    with db.read_session() as s:
        cal = calendar_for(s, "CN")
        assert not cal.is_working_day(date(2027, 10, 7))
        assert not cal.is_working_day(date(2027, 2, 12)) and cal.is_working_day(date(2027, 2, 20))


def test_typing_is_kept_and_a_year_nobody_entered_empties_the_fill(
        qtbot, runner: TaskRunner, db: Database) -> None:
    _enter_2027(db)
    dialog = open_dialog(qtbot, runner, OFFICER)
    add = dialog.open_add_year()
    add.year_edit.setValue(2027)
    add.year_edit.setValue(2029)  # entered by nobody: the fill goes
    assert add.holidays_edit.toPlainText() == add.workdays_edit.toPlainText() == ""
    assert add.source_edit.text() == ""
    assert not add.holidays_error.isVisibleTo(add)  # nothing typed, nothing to say yet
    type_lines(qtbot, add.holidays_edit, ["2029-01-01 New Year's Day"])
    add.year_edit.setValue(2027)  # the officer's typing stays
    assert add.holidays_edit.toPlainText() == "2029-01-01 New Year's Day\n"


def test_a_correction_since_is_left_out_and_said_replaced(qtbot, runner: TaskRunner,
                                                          db: Database) -> None:
    _enter_2027(db)
    with db.session() as s:
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2027, 3, 1),
                             kind="holiday", name="Typhoon closure", source="city notice",
                             reason="offices closed")
    dialog = open_dialog(qtbot, runner, OFFICER)
    add = dialog.open_add_year()
    add.year_edit.setValue(2027)
    assert "Typhoon" not in add.holidays_edit.toPlainText()
    assert "1 corrected day (2027-03-01) is replaced too." in add.year_note.text()
