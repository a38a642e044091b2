"""While Add published year… or Correct a day… is saving (on the write worker), the dialog
is greyed out: a keystroke meanwhile made Save available again (a second save, a second
audit event), and Cancel or Escape asked "Discard …? Nothing of it is saved." of what was
being saved."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView
from sqlmodel import select

from approvals.paths import DataDir
from approvals.services.workflow import calendar_for, correct_calendar_day
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui.calendars import HolidayCalendarsDialog
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import NOTICE, OFFICER, open_correct, open_dialog
from tests.unit.test_calendar_deadline_changes import running_clock


def _events(db: Database, action: str) -> int:
    with db.read_session() as s:
        return len(s.exec(select(Event).where(Event.action == action)).all())


def test_a_year_being_saved_takes_no_more_typing_and_no_cancel(qtbot, runner: TaskRunner,
                                                               db: Database) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.add_dialog
    assert add is not None
    add.holidays_edit.setPlainText("2027-01-01 New Year's Day")
    add.source_edit.setText(NOTICE)
    assert add.save_button.isEnabled()

    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.mouseClick(add.save_button, Qt.MouseButton.LeftButton)
        # Still on the write worker (no event delivered yet): typing goes nowhere, and
        # Save, the preview, the fields and Cancel are greyed out.
        qtbot.keyClicks(add.reason_edit, "x")
        assert add.reason_edit.text() == ""
        assert not add.save_button.isEnabled()
        assert not add.preview_button.isEnabled()
        assert add.cancel_button is not None and not add.cancel_button.isEnabled()
        assert add.summary.text() == "Saving…"
        add.reject()  # Escape: nothing to discard, the save goes on
        assert add.discard_box is None and add.isVisible()
    assert not add.isVisible()
    assert _events(db, "calendar.year_set") == 1


def test_a_refused_save_gives_the_fields_back(qtbot, runner: TaskRunner, db: Database,
                                              monkeypatch) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    correct = open_correct(qtbot, dialog, date(2026, 10, 22))
    qtbot.keyClicks(correct.name_edit, "typhoon closure")
    qtbot.keyClicks(correct.source_edit, "Shenzhen typhoon notice No. 12")
    qtbot.keyClicks(correct.reason_edit, "offices closed")
    # The day is corrected by somebody else meanwhile? Stood in for by a refusal.
    from approvals.domain.errors import InputError, Problem
    from approvals.ui import calendars

    def refused(**_kw):
        raise InputError([Problem("reason", "the reason is too short")])

    monkeypatch.setattr(calendars, "correct_calendar_day", refused)
    qtbot.mouseClick(correct.save_button, Qt.MouseButton.LeftButton)
    assert not correct.name_edit.isEnabled() and not correct.save_button.isEnabled()
    qtbot.waitUntil(lambda: correct.reason_error.isVisibleTo(correct), timeout=10_000)
    assert correct.reason_error.text() == "the reason is too short"
    assert correct.name_edit.isEnabled() and correct.save_button.isEnabled()
    assert correct.cancel_button is not None and correct.cancel_button.isEnabled()
    qtbot.keyClicks(correct.reason_edit, " by the typhoon")
    assert correct.reason_edit.text() == "offices closed by the typhoon"
    assert _events(db, "calendar.day_corrected") == 0


def test_the_calendars_dialog_opens_with_the_focus_on_the_years(qtbot, runner: TaskRunner,
                                                                db: Database) -> None:
    # It opened on Close: Enter closed it, and Tab went round to reach the years.
    dialog = HolidayCalendarsDialog(runner, OFFICER)
    qtbot.addWidget(dialog)
    dialog.resize(1300, 650)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    assert dialog.layout_mode == "side by side"
    assert dialog.focusWidget() is dialog.years_table
    dialog.close_button.setFocus()
    qtbot.keyClick(dialog.close_button, Qt.Key.Key_Space)  # closed from Close
    assert not dialog.isVisible()
    dialog.show()  # opened again: not on Close either
    assert dialog.focusWidget() is dialog.years_table


def test_on_tabs_the_focus_starts_on_the_tab_shown(qtbot, runner: TaskRunner,
                                                   db: Database) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    dialog.hide()
    dialog.resize(500, 500)  # narrower than side by side needs: tabs
    dialog.show()
    assert dialog.layout_mode == "tabs"
    assert dialog.focusWidget() is dialog.tabs.currentWidget()


def test_enter_saves_a_correction_and_never_removes_it(qtbot, runner: TaskRunner,
                                                      db: Database) -> None:
    # On a corrected day, Enter in a field pressed Remove correction (the dialog's first
    # button): the new name typed was dropped and the correction taken back.
    day = date(2026, 10, 22)
    with db.session() as s:
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=day, kind="holiday",
                             name="typhoon", source="test notice", reason="offices closed")
    dialog = open_dialog(qtbot, runner, OFFICER)
    correct = open_correct(qtbot, dialog, day)
    assert correct.is_correction() and correct.remove_button.isVisibleTo(correct)
    correct.kind_combo.setCurrentIndex(correct.kind_combo.findData("holiday"))
    correct.name_edit.clear()
    qtbot.keyClicks(correct.name_edit, "typhoon Haikui closure")
    qtbot.keyClicks(correct.source_edit, "Fujian typhoon notice No. 7")  # the notice naming it
    qtbot.keyClicks(correct.reason_edit, "the notice names it")
    assert correct.save_button.isEnabled()
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.keyClick(correct.reason_edit, Qt.Key.Key_Return)
    assert not correct.isVisible()
    with db.read_session() as s:
        assert calendar_for(s, "CN").day_info(day) == (False, "typhoon Haikui closure")
        details = s.exec(select(Event.details).where(
            Event.action == "calendar.day_corrected")).all()
    assert not any("correction_removed" in (d or "") for d in details)


def test_a_listed_preview_is_brought_wholly_into_sight(qtbot, runner: TaskRunner,
                                                      db: Database) -> None:
    # At 200 % the form scrolls: it was scrolled before the preview's lines were laid
    # out, and only the top of its first line showed above the buttons.
    running_clock(db)
    add = open_dialog(qtbot, runner, OFFICER).open_add_year()
    add.resize(380, 360)
    add.holidays_edit.setPlainText("2027-01-01 New Year's Day\n"
                                   "2027-02-05..2027-02-12 Spring Festival")
    add.source_edit.setText(NOTICE)
    add.preview_deadlines()
    qtbot.waitUntil(lambda: "Saving this changes 1 deadline" in add.preview.text(),
                    timeout=10_000)
    qtbot.waitUntil(lambda: not add.preview.visibleRegion().isEmpty(), timeout=2_000)
    shown = add.preview.visibleRegion().boundingRect()
    assert add.preview.height() > add.fontMetrics().height() * 2  # several lines
    assert shown.height() == add.preview.height()
    runner.wait_for_done()
    add.done(0)


def test_the_days_list_follows_the_month_view_by_keyboard(qtbot, runner: TaskRunner,
                                                         db: Database) -> None:
    # Only a click moved the days list: arrowed to a holiday in the month view, the list
    # kept another day selected than the one Correct a day… opens on.
    dialog = open_dialog(qtbot, runner, OFFICER)
    dialog.select_year(2026)
    dialog.show_day(date(2026, 9, 30))  # a working day: not in the list
    assert not dialog.days_table.selectionModel().selectedRows()
    dialog.month_view.setFocus()
    qtbot.keyClick(dialog.month_view.findChild(QTableView), Qt.Key.Key_Right)
    assert dialog.selected_date() == date(2026, 10, 1)
    rows = dialog.days_table.selectionModel().selectedRows()
    assert len(rows) == 1
    assert dialog.days_table.item(rows[0].row(), 0).text() == "2026-10-01"  # National Day


def test_chosen_again_the_open_dialog_takes_the_keys(qtbot, db: Database,
                                                     data_dir: DataDir) -> None:
    # Raised but not activated: the keys still went to the main window.
    runner = TaskRunner(db)
    window = MainWindow(runner, data_dir, OFFICER)
    qtbot.addWidget(window)
    window.show()
    window.calendars_action.trigger()
    dialog = window.calendars_dialog  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=10_000)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    window.calendars_action.trigger()  # chosen again, the dialog open behind
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    dialog.close()
    runner.wait_for_done()
