"""Add published year… and Correct a day… say before saving which open deadlines the
change makes (Show the deadlines it changes), in the sentences the window says after saving,
and nothing is saved by asking."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from sqlmodel import select

from approvals.store.db import Database
from approvals.store.models import CalendarDay, CalendarYear
from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import NOTICE, OFFICER, open_dialog, type_lines
from tests.unit.test_calendar_deadline_changes import running_clock


def test_the_deadlines_a_year_moves_are_listed_before_saving(qtbot, runner: TaskRunner,
                                                             db: Database) -> None:
    reference = running_clock(db)
    dialog = open_dialog(qtbot, runner, OFFICER)
    add = dialog.open_add_year()
    assert not add.preview_button.isEnabled()  # nothing to count yet
    type_lines(qtbot, add.holidays_edit, ["2027-01-01 New Year's Day",
                                          "2027-02-05..2027-02-12 Spring Festival"])
    type_lines(qtbot, add.workdays_edit, ["2027-01-31 Make-up working day"])
    qtbot.keyClicks(add.source_edit, NOTICE)
    assert add.preview_button.isEnabled()
    add.activateWindow()
    qtbot.waitUntil(add.isActiveWindow)
    qtbot.keyClick(add, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # the keyboard way
    qtbot.waitUntil(lambda: "Saving this changes" in add.preview.text(), timeout=10_000)
    assert add.preview.isVisibleTo(add)
    assert "1 deadline" in add.preview.text() and f"{reference}: CN-FISR" in add.preview.text()
    runner.wait_for_done()
    with db.read_session() as s:  # asking saved nothing
        assert s.exec(select(CalendarYear)).all() == [] and s.exec(select(CalendarDay)).all() == []
    # An edit makes the list out of date: it goes.
    type_lines(qtbot, add.holidays_edit, ["2027-04-05 Qingming"])
    assert not add.preview.isVisibleTo(add)
    add.save()
    qtbot.waitUntil(lambda: not add.isVisible(), timeout=10_000)
    listed = [dialog.deadline_changes.item(i).text()
              for i in range(dialog.deadline_changes.count())]
    assert any(line.startswith(f"{reference}: CN-FISR") for line in listed)


def test_a_correction_that_moves_nothing_says_so(qtbot, runner: TaskRunner, db: Database) -> None:
    running_clock(db)
    dialog = open_dialog(qtbot, runner, OFFICER)
    dialog.select_year(2026)
    correct = dialog.open_correct_day()
    correct.date_edit.setDate(date(2026, 10, 22))  # before the clock starts
    qtbot.keyClicks(correct.name_edit, "typhoon closure")
    qtbot.keyClicks(correct.source_edit, "Shenzhen typhoon notice No. 12")
    qtbot.keyClicks(correct.reason_edit, "typhoon")
    correct.preview_deadlines()
    qtbot.waitUntil(lambda: "changes no open deadline" in correct.preview.text(), timeout=10_000)
    runner.wait_for_done()
    with db.read_session() as s:
        assert s.exec(select(CalendarDay)).all() == []


def test_the_answer_is_scrolled_into_sight_on_a_short_form(qtbot, runner: TaskRunner,
                                                           db: Database) -> None:
    """At 200 % the form scrolls: the answer, below the button, is brought into sight
    (with nothing to list it stayed below the edge, as if the button did nothing)."""
    add = open_dialog(qtbot, runner, OFFICER).open_add_year()
    add.resize(520, 300)
    add.holidays_edit.setPlainText("2027-01-01 New Year's Day")
    add.source_edit.setText(NOTICE)
    add.form_scroll.verticalScrollBar().setValue(0)
    assert add.preview_button.visibleRegion().isEmpty()  # below the edge
    add.preview_deadlines()
    qtbot.waitUntil(lambda: "no open deadline" in add.preview.text(), timeout=10_000)
    qtbot.waitUntil(lambda: not add.preview.visibleRegion().isEmpty(), timeout=2_000)
    runner.wait_for_done()
    add.done(0)
