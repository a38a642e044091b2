"""Add published year…: the State Council notice's text pasted into Holidays is read into
one range per line and its worked days into Make-up working days (Read the notice's text,
Alt+T), which Ctrl+Z takes back; the Year follows the notice's heading; a line it cannot
read is named at Holidays and nothing changes. The saved year is official and counts as
the notice says."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.domain.clocks import compute_deadline
from approvals.services.workflow import calendar_for
from approvals.store.db import Database
from approvals.ui.calendars import AddYearDialog
from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import OFFICER, open_dialog

# The 2027 notice as an officer copies it from gov.cn (an illustrative schedule).
NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知
经国务院批准，现将2027年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月6日（农历除夕、周六）至13日（农历正月初七、周六）放假调休，共8天。2月20日（周六）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）、5月8日（周六）上班。
五、端午节：6月9日（周三）放假，共1天。
六、中秋节：9月15日（周三）放假，共1天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。
国务院办公厅
2026年11月10日"""


def _paste(add: AddYearDialog, text: str) -> None:
    QApplication.clipboard().setText(text)
    add.holidays_edit.setFocus()
    add.holidays_edit.paste()


def _open_add(qtbot, runner: TaskRunner) -> AddYearDialog:
    dialog = open_dialog(qtbot, runner, OFFICER)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.add_dialog
    assert add is not None
    return add


def test_the_pasted_notice_becomes_the_year_and_saves_as_official(
        qtbot, runner: TaskRunner, db: Database) -> None:
    add = _open_add(qtbot, runner)
    assert add.year_edit.value() == 2027
    assert not add.notice_button.isEnabled()  # nothing to read yet
    _paste(add, NOTICE_2027)
    # The pasted text is no list of dates: the one thing to do is said, not each line.
    assert add.holidays_error.text() == (
        "this is the notice's text: press Read the notice's text (Alt+T) to turn it into one "
        "date or range per line")
    assert add.notice_button.isEnabled()
    assert not add.save_button.isEnabled()
    add.activateWindow()
    qtbot.waitUntil(add.isActiveWindow)
    qtbot.keyClick(add, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # the keyboard way
    qtbot.waitUntil(add.notice_note.isVisible)  # a button's shortcut clicks it a moment later
    assert add.holidays_edit.toPlainText().splitlines() == [
        "2027-01-01..2027-01-03 New Year's Day (元旦)",
        "2027-02-06..2027-02-13 Spring Festival (春节)",
        "2027-04-03..2027-04-05 Tomb-Sweeping Day (清明节)",
        "2027-05-01..2027-05-05 Labour Day (劳动节)",
        "2027-06-09 Dragon Boat Festival (端午节)",
        "2027-09-15 Mid-Autumn Festival (中秋节)",
        "2027-10-01..2027-10-07 National Day (国庆节)",
    ]
    assert add.workdays_edit.toPlainText().splitlines() == [
        "2027-02-20 Make-up working day for Spring Festival (春节)",
        "2027-04-25 Make-up working day for Labour Day (劳动节)",
        "2027-05-08 Make-up working day for Labour Day (劳动节)",
        "2027-09-26 Make-up working day for National Day (国庆节)",
        "2027-10-09 Make-up working day for National Day (国庆节)",
    ]
    assert add.notice_note.isVisibleTo(add)
    assert add.notice_note.text().startswith("Read from the notice: 7 holidays (28 days) and 5 "
                                             "make-up working days. Check them against the notice")
    assert not add.holidays_error.isVisibleTo(add)
    # The notice's title and date, pasted with it, are the source; its URL is asked for.
    assert add.source_edit.text() == "国务院办公厅关于2027年部分节假日安排的通知 (2026-11-10)"
    assert add.notice_note.text().endswith("Source is the notice's title: add its URL.")
    qtbot.keyClicks(add.source_edit, " https://www.gov.cn/")
    assert add.save_button.isEnabled()
    dialog = add.parent()
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.mouseClick(add.save_button, Qt.MouseButton.LeftButton)
    with db.read_session() as s:
        cal = calendar_for(s, "CN")
        assert cal.is_official_year(2027)
        assert not cal.is_working_day(date(2027, 2, 12))  # Spring Festival, a Friday
        assert cal.is_working_day(date(2027, 2, 20))  # its make-up Saturday
        # 5 working days after Fri 5 Feb 2027: 8-13 Feb off, Sat 20 Feb worked.
        due = compute_deadline(cal, date(2027, 2, 5), 5, "working")
        assert (due.due, due.estimated) == (date(2027, 2, 19), False)


def test_ctrl_z_brings_the_notice_text_back(qtbot, runner: TaskRunner, db: Database) -> None:
    add = _open_add(qtbot, runner)
    _paste(add, NOTICE_2027)
    qtbot.mouseClick(add.notice_button, Qt.MouseButton.LeftButton)
    assert add.holidays_edit.toPlainText().startswith("2027-01-01..2027-01-03")
    add.holidays_edit.undo()
    assert add.holidays_edit.toPlainText() == NOTICE_2027
    assert not add.notice_note.isVisibleTo(add)  # it spoke of the days read, gone now


def test_the_year_follows_the_notice_heading(qtbot, runner: TaskRunner, db: Database) -> None:
    add = _open_add(qtbot, runner)
    add.year_edit.setValue(2028)
    _paste(add, NOTICE_2027)
    qtbot.mouseClick(add.notice_button, Qt.MouseButton.LeftButton)
    assert add.year_edit.value() == 2027
    assert add.notice_note.text().startswith("Year set to 2027, as the notice's heading says.")
    assert add.holidays_edit.toPlainText().startswith("2027-01-01..2027-01-03")
    assert not add.year_error.isVisibleTo(add)


def test_a_line_it_cannot_read_is_named_and_nothing_changes(
        qtbot, runner: TaskRunner, db: Database) -> None:
    add = _open_add(qtbot, runner)
    text = NOTICE_2027.replace("2月6日（农历除夕、周六）", "2月30日（农历除夕、周六）")
    _paste(add, text)
    qtbot.mouseClick(add.notice_button, Qt.MouseButton.LeftButton)
    assert add.holidays_edit.toPlainText() == text
    assert add.holidays_error.isVisibleTo(add)
    assert add.holidays_error.text() == "line 4: 2月30日 is not a date (2027-02-30 does not exist)"
    assert add.workdays_edit.toPlainText() == ""


def test_no_button_on_the_us_calendar(qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.calendar_combo.setCurrentIndex(dialog.calendar_combo.findData("US"))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.add_dialog
    assert add is not None and not add.notice_button.isVisibleTo(add)


def test_the_note_is_scrolled_into_sight_on_a_short_form(qtbot, runner: TaskRunner,
                                                        db: Database) -> None:
    """At 200 % the form scrolls: the note on what was read was below its fold."""
    add = _open_add(qtbot, runner)
    add.resize(add.width(), 360)
    _paste(add, NOTICE_2027)
    add.form_scroll.verticalScrollBar().setValue(0)
    qtbot.mouseClick(add.notice_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: add.form_scroll.verticalScrollBar().value() > 0)
    viewport = add.form_scroll.viewport()
    top = add.notice_note.mapTo(viewport, add.notice_note.rect().topLeft()).y()
    assert top >= 0 and top + add.notice_note.height() <= viewport.height()
