"""The calendars window says which deadlines a saved year or corrected day changed
(entering 2027 recounted every CN clock, and the officer saw only "saved")."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt

from approvals.services.calendar_effects import DeadlineChange
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.calendars import CHANGES_ROWS, HolidayCalendarsDialog
from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import NOTICE, open_dialog, type_lines
from tests.unit.test_calendar_deadline_changes import running_clock

OFFICER = Actor("olga", ("approver",))


def test_saving_a_year_lists_the_deadlines_it_changed(qtbot, runner: TaskRunner,
                                                      db: Database) -> None:
    reference = running_clock(db)
    dialog = open_dialog(qtbot, runner, OFFICER)
    assert not dialog.changes_box.isVisible()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.add_dialog
    assert add is not None
    type_lines(qtbot, add.holidays_edit, ["2027-01-01 New Year"])
    qtbot.keyClicks(add.source_edit, NOTICE)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.mouseClick(add.save_button, Qt.MouseButton.LeftButton)

    assert dialog.message.text() == "CN 2027 saved as official (1 day)."
    assert dialog.changes_box.isVisible()
    assert dialog.changes_title.text() == "1 deadline changed:"
    [item] = [dialog.deadline_changes.item(r) for r in range(dialog.deadline_changes.count())]
    assert item.text().startswith(f"{reference}: CN-FISR: ")
    assert item.toolTip() == item.text()  # whole on hover when cut short

    # A day after every clock changes none: said, and the old list goes.
    dialog.select_year(2028)
    dialog.month_view.setSelectedDate(QDate(2028, 5, 8))
    qtbot.mouseClick(dialog.correct_button, Qt.MouseButton.LeftButton)
    correct = dialog.correct_dialog
    assert correct is not None and correct.day() == date(2028, 5, 8)
    qtbot.keyClicks(correct.name_edit, "local closure")
    qtbot.keyClicks(correct.reason_edit, "local closure")
    qtbot.keyClicks(correct.source_edit, NOTICE)  # a correction needs its source (f1834101)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.mouseClick(correct.save_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "CN 2028-05-08 is now a holiday. No deadline changed."
    assert not dialog.changes_box.isVisible()


def test_a_long_list_scrolls_in_a_few_rows(qtbot, runner: TaskRunner, db: Database) -> None:
    """Every changed deadline is listed, but the list keeps to a few rows (it scrolls), so
    the days above keep their room."""
    dialog: HolidayCalendarsDialog = open_dialog(qtbot, runner, OFFICER)
    dialog.resize(1100, 680)
    changes = [DeadlineChange(f"AP-2026-{n:04d}", "CN-FISR: due date recomputed")
               for n in range(1, 12)]
    dialog.show_deadline_changes(changes)
    listed = dialog.deadline_changes
    assert listed.count() == len(changes) and dialog.changes_title.text() == "11 deadlines changed:"
    assert listed.height() < listed.sizeHintForRow(0) * (CHANGES_ROWS + 1)
    dialog.show_deadline_changes(changes[:1])
    assert listed.height() < listed.sizeHintForRow(0) * 2  # one row for one deadline
