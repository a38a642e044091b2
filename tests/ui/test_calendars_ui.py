"""The holiday calendar editor: entering a published year and correcting a day through the
dialog's real widgets, the permission refusal, and bad input refused at the field."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QPlainTextEdit
from sqlmodel import select

from approvals.domain.clocks import compute_deadline
from approvals.paths import DataDir
from approvals.services.workflow import calendar_for
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import CalendarDay, CalendarYear, Event
from approvals.ui.calendars import CorrectDayDialog, HolidayCalendarsDialog, parse_day_lines
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner

OFFICER = Actor("olga", ("approver",))
PREPARER = Actor("pat", ("preparer",))
NOTICE = "State Council General Office notice on the 2027 holidays (gov.cn)"


def open_dialog(qtbot, runner: TaskRunner, actor: Actor) -> HolidayCalendarsDialog:
    dialog = HolidayCalendarsDialog(runner, actor)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    return dialog


def open_correct(qtbot, dialog: HolidayCalendarsDialog, day: date) -> CorrectDayDialog:
    """Correct a day… opened on `day`, as selecting it in the month view and clicking does."""
    dialog.select_year(day.year)
    dialog.month_view.setSelectedDate(QDate(day.year, day.month, day.day))
    qtbot.mouseClick(dialog.correct_button, Qt.MouseButton.LeftButton)
    correct = dialog.correct_dialog
    assert correct is not None and correct.day() == day
    return correct


def type_lines(qtbot, edit: QPlainTextEdit, lines: list[str]) -> None:
    edit.setFocus()
    for line in lines:
        qtbot.keyClicks(edit, line)
        qtbot.keyClick(edit, Qt.Key.Key_Return)


def year_status(dialog: HolidayCalendarsDialog, year: int) -> str:
    row = dialog.year_row(year)
    assert row is not None, f"{year} not listed"
    return row.status


def deadline_over_2027(db: Database):
    with db.read_session() as s:
        return compute_deadline(calendar_for(s, "CN"), date(2026, 12, 20), 30, "working")


def test_enter_2027_for_cn_through_the_dialog(qtbot, runner, db: Database) -> None:
    assert deadline_over_2027(db).estimated
    dialog = open_dialog(qtbot, runner, OFFICER)
    assert dialog.code == "CN"
    assert year_status(dialog, 2026) == "shipped"
    assert year_status(dialog, 2027) == "estimated"
    assert dialog.add_button.isEnabled() and dialog.add_button.toolTip() == ""

    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.add_dialog
    assert add is not None and add.isVisible()
    assert add.year_edit.value() == 2027  # the first estimated year is offered
    type_lines(qtbot, add.holidays_edit, ["2027-01-01..2027-01-03 New Year",
                                          "2027-02-06..2027-02-13 Spring Festival",
                                          "2027-4-5 Qingming"])
    type_lines(qtbot, add.workdays_edit, ["2027-02-20 Make-up working day"])
    qtbot.keyClicks(add.source_edit, NOTICE)
    assert add.save_button.isEnabled()
    assert "12 holidays and 1 make-up working day in 2027" in add.summary.text()
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.mouseClick(add.save_button, Qt.MouseButton.LeftButton)

    assert not add.isVisible()
    assert year_status(dialog, 2027) == "officer"
    assert dialog.selected_year() == 2027
    assert "Official — entered by olga on " in dialog.year_title.text()
    shown = {dialog.days_table.item(r, 0).text(): dialog.days_table.item(r, 2).text()
             for r in range(dialog.days_table.rowCount())}
    # The entered schedule is the official year, not a correction of each of its days
    # (every day was marked "corrected", bold and underlined, and the Name column cut off).
    assert shown["2027-02-08"] == "Holiday"
    assert shown["2027-02-20"] == "Make-up working day"
    assert not dialog.days_table.item(0, 0).font().bold()
    assert "2027-02-15" not in shown  # the estimate's extra days are gone
    assert "2027 saved as official" in dialog.message.text()

    after = deadline_over_2027(db)
    assert not after.estimated and after.warnings == []
    with db.read_session() as s:
        cal = calendar_for(s, "CN")
        assert cal.is_working_day(date(2027, 2, 20)) and not cal.is_working_day(date(2027, 2, 8))
        assert not cal.is_working_day(date(2027, 4, 5))
        year = s.exec(select(CalendarYear)).one()
        assert (year.year, year.source, year.entered_by) == (2027, NOTICE, "olga")
        event = s.exec(select(Event).where(Event.action == "calendar.year_set")).one()
        assert event.actor == "olga" and len(json.loads(event.new_value)["days"]) == 13


def test_correct_a_day_through_the_dialog(qtbot, runner, db: Database) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    dialog.select_year(2026)
    dialog.month_view.setSelectedDate(QDate(2026, 10, 22))
    qtbot.mouseClick(dialog.correct_button, Qt.MouseButton.LeftButton)
    correct = dialog.correct_dialog
    assert correct is not None and correct.day() == date(2026, 10, 22)
    assert correct.current.text() == "Now a working day."
    assert correct.kind_combo.currentData() == "holiday"  # the opposite is offered
    assert not correct.save_button.isEnabled()  # a reason is required
    qtbot.keyClicks(correct.name_edit, "typhoon closure")
    qtbot.keyClicks(correct.source_edit, "Guangdong notice")
    qtbot.keyClicks(correct.reason_edit, "offices closed")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.mouseClick(correct.save_button, Qt.MouseButton.LeftButton)
    rows = {dialog.days_table.item(r, 0).text(): (dialog.days_table.item(r, 2).text(),
                                                  dialog.days_table.item(r, 3).text())
            for r in range(dialog.days_table.rowCount())}
    assert rows["2026-10-22"] == ("Holiday (corrected)", "typhoon closure")
    assert year_status(dialog, 2026) == "shipped"  # one day corrected, still the shipped year
    with db.read_session() as s:
        assert not calendar_for(s, "CN").is_working_day(date(2026, 10, 22))
        event = s.exec(select(Event).where(Event.action == "calendar.day_corrected")).one()
        assert event.field == "2026-10-22" and event.reason == "offices closed"


def test_a_user_without_the_permission_sees_why(qtbot, runner, db: Database) -> None:
    dialog = open_dialog(qtbot, runner, PREPARER)
    assert dialog.years_table.rowCount() > 5  # reading is open to everybody
    reason = ("pat may not edit the holiday calendars: that needs the approver or administrator "
              "role.")
    for button in (dialog.add_button, dialog.correct_button):
        assert not button.isEnabled()
        assert button.toolTip() == reason
    assert dialog.refusal_label.isVisibleTo(dialog) and dialog.refusal_label.text() == reason
    # Switching calendars keeps them disabled.
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.calendar_combo.setCurrentIndex(dialog.calendar_combo.findData("US"))
    assert year_status(dialog, 2027) == "shipped"
    assert not dialog.add_button.isEnabled()


def test_bad_input_is_refused_at_the_field(qtbot, runner, db: Database) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    add = dialog.open_add_year()
    assert not add.holidays_error.isVisibleTo(add)  # nothing said before the officer types
    type_lines(qtbot, add.holidays_edit, ["2027-02-30 Spring Festival", "2028-01-01 New Year",
                                          "New Year", "2027-02-12..2027-02-06 backwards",
                                          "2027-01-01 New Year"])
    type_lines(qtbot, add.workdays_edit, ["2027-01-01 worked"])
    qtbot.keyClicks(add.source_edit, "x")
    add.source_edit.clear()
    assert add.holidays_error.isVisibleTo(add)
    assert add.holidays_error.text().splitlines() == [
        "line 1: '2027-02-30' is not a date (February 2027 has no day 30): use YYYY-MM-DD, "
        "e.g. 2026-10-22",
        "line 2: 2028-01-01 is not in 2027",
        "line 3: “New Year” does not start with a date (YYYY-MM-DD, or a range "
        "YYYY-MM-DD..YYYY-MM-DD)",
        "line 4: the range ends (2027-02-06) before it starts (2027-02-12)",
    ]
    assert add.workdays_error.text() == "line 1: 2027-01-01 is also listed as a holiday (line 5)"
    assert add.source_error.text().startswith("say where the schedule was published")
    assert not add.save_button.isEnabled()
    add.save()  # even if called, nothing is written
    runner.wait_for_done()
    with db.read_session() as s:
        assert s.exec(select(CalendarYear)).all() == []
        assert s.exec(select(CalendarDay)).all() == []
        assert s.exec(select(Event)).all() == []
    # Fixing the lines clears the messages and enables saving.
    add.holidays_edit.setPlainText("2027-01-01 New Year")
    add.workdays_edit.clear()
    qtbot.keyClicks(add.source_edit, NOTICE)
    assert not add.holidays_error.isVisibleTo(add) and not add.source_error.isVisibleTo(add)
    assert add.save_button.isEnabled()
    add.reject()


def test_parse_day_lines_ranges_and_names() -> None:
    days, problems = parse_day_lines(
        "2027-10-01 – 2027-10-03 National Day\n\n2027-1-1\n2027-10-02 again", 2027, "Holiday")
    assert [(d.day.isoformat(), d.name, d.line) for d in days] == [
        ("2027-10-01", "National Day", 1), ("2027-10-02", "National Day", 1),
        ("2027-10-03", "National Day", 1), ("2027-01-01", "Holiday", 3)]
    assert problems == ["line 4: 2027-10-02 is already on line 1"]
    _days, problems = parse_day_lines("2027-01-01..2027-03-01 too long", 2027, "Holiday")
    assert problems == ["line 1: 2027-01-01..2027-03-01 is 60 days; a range may cover at most 31"]


@pytest.fixture
def window(qtbot, db: Database, data_dir: DataDir):
    runner = TaskRunner(db)
    window = MainWindow(runner, data_dir, OFFICER)
    qtbot.addWidget(window)
    yield window
    runner.wait_for_done()


def test_view_menu_opens_the_calendars(qtbot, window: MainWindow) -> None:
    actions = [a for a in window.view_menu.actions() if a.objectName() == "calendarsAction"]
    assert [a.text() for a in actions] == ["&Holiday calendars…"]
    actions[0].trigger()
    dialog = window.calendars_dialog  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=10_000)
    assert dialog.isVisible() and dialog.add_button.isEnabled()
    actions[0].trigger()  # a second time: the same dialog, reloaded
    assert window.calendars_dialog is dialog  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    dialog.close()


def test_the_open_dialog_follows_a_change_of_roles(qtbot, window: MainWindow) -> None:
    window.calendars_action.trigger()
    dialog = window.calendars_dialog  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=10_000)
    assert dialog.add_button.isEnabled()
    window.roles_changed.emit(Actor("olga", ()))  # an administrator took the role away
    assert not dialog.add_button.isEnabled() and not dialog.correct_button.isEnabled()
    assert "olga may not edit the holiday calendars" in dialog.add_button.toolTip()
    assert dialog.refusal_label.isVisibleTo(dialog)
    window.roles_changed.emit(OFFICER)  # and gave it back
    assert dialog.add_button.isEnabled() and dialog.add_button.toolTip() == ""
    assert not dialog.refusal_label.isVisibleTo(dialog)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    dialog.close()


def test_the_shading_follows_a_switch_to_a_dark_palette(qtbot, runner, db: Database) -> None:
    from approvals.ui.calendars import _colours
    from tests.ui.conftest import dark_palette

    dialog = open_dialog(qtbot, runner, OFFICER)
    assert dialog.days_table.rowCount() > 0
    light = _colours()["holiday"]
    holiday = next(r for r in range(dialog.days_table.rowCount())
                   if dialog.days_table.item(r, 2).text() == "Holiday")

    def shade() -> object:
        return dialog.days_table.item(holiday, 0).background().color()

    assert shade() == light
    with dark_palette():
        dark = _colours()["holiday"]
        assert dark != light
        qtbot.waitUntil(lambda: runner.idle and shade() == dark, timeout=10_000)
        assert dark.name() in dialog.legend.text()
    qtbot.waitUntil(lambda: runner.idle and shade() == light, timeout=10_000)


def test_a_changed_calendar_reloads_the_open_case_windows(qtbot, window: MainWindow) -> None:
    """An open case window showed a condition's due date as "(estimated)" after the year's
    official schedule was entered, until Refresh: it reloads with the list."""

    class OpenCase:
        reloads = 0

        def reload(self) -> None:
            self.reloads += 1

    view = OpenCase()
    window.case_views["AP-2026-0004"] = view  # type: ignore[assignment]
    window.calendars_action.trigger()
    dialog = window.calendars_dialog  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=10_000)
    dialog.changed.emit()  # a year entered or a day corrected
    assert view.reloads == 1
    window.case_views.clear()
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    dialog.close()


def test_lines_pasted_without_their_breaks_are_refused() -> None:
    """Pasted as one line, seven holidays were read as one ('1 holiday') named after all
    the others; a date glued to the name is refused, a date in a name kept."""
    days, problems = parse_day_lines(
        "2027-01-01 New Year's Day2027-02-06..2027-02-13 Spring Festival", 2027, "Holiday")
    assert days == []
    assert problems == ["line 1: a date follows the name without a break (…y2027-02-06): "
                        "put one date or range per line"]
    days, problems = parse_day_lines(
        "2027-01-04 Day off (substituted from 2027-01-02)", 2027, "Holiday")
    assert problems == [] and days[0].name == "Day off (substituted from 2027-01-02)"


def test_every_field_of_the_calendar_dialogs_has_a_name_a_screen_reader_says(
        qtbot, runner, db: Database) -> None:
    """Correct a day…'s Source sat in a box of its own under its form label, so Qt's
    fall-back to the label's text did not reach it: a screen reader said "edit text"."""
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit

    dialog = open_dialog(qtbot, runner, OFFICER)
    correct = open_correct(qtbot, dialog, date(2026, 10, 22))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.add_dialog
    assert add is not None
    for form in (correct, add):
        fields = [w for kind in (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox)
                  for w in form.findChildren(kind)
                  if w.isVisibleTo(form) and not isinstance(w.parent(), (QComboBox, QAbstractSpinBox))]
        assert fields
        unnamed = [w.objectName() for w in fields
                   if not QAccessible.queryAccessibleInterface(w).text(QAccessible.Text.Name)]
        assert unnamed == [], type(form).__name__


def test_correct_a_day_stays_narrow_while_it_says_what_saving_needs(
        qtbot, runner, db: Database) -> None:
    """Its "To save: type the holiday's name; type the source …; say why …" line, beside
    Cancel and Save correction, did not wrap: 856 px at 200 %, wider than a laptop's
    683-px screen, Save correction off it."""
    dialog = open_dialog(qtbot, runner, OFFICER)
    correct = open_correct(qtbot, dialog, date(2026, 10, 22))
    correct.kind_combo.setCurrentIndex(correct.kind_combo.findData("holiday"))
    correct.name_edit.clear()
    correct.reason_edit.clear()
    correct.validate()
    assert correct.message.text().startswith("To save:") and len(correct.message.text()) > 60
    assert correct.message.wordWrap()
    assert correct.minimumSizeHint().width() < 560
    assert dialog.month_view.accessibleName() == "Month view"
