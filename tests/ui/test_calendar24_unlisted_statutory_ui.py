"""Add published year… says, beside Save, the weekdays the law makes holidays every year
that the typed schedule lacks: saved as official without them, they would count as working
days and deadlines over them would no longer say estimated. It is said, not refused (the
notice is the authority), and not for a shipped year, whose days stay."""

from __future__ import annotations

from PySide6.QtCore import Qt

from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import NOTICE, OFFICER, open_dialog, type_lines


def _add(qtbot, runner: TaskRunner):
    dialog = open_dialog(qtbot, runner, OFFICER)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.add_dialog
    assert add is not None
    return add


def test_a_schedule_typed_in_part_is_said_beside_save(qtbot, runner: TaskRunner,
                                                      db: Database) -> None:
    add = _add(qtbot, runner)
    assert add.year_edit.value() == 2027
    type_lines(qtbot, add.holidays_edit, ["2027-01-01 New Year's Day",
                                          "2027-02-05..2027-02-11 Spring Festival"])
    qtbot.keyClicks(add.source_edit, NOTICE)
    assert add.save_button.isEnabled()  # said, not refused
    assert add.summary.text() == (
        "8 holidays and 0 make-up working days in 2027. Not listed, though the law makes "
        "them holidays every year: 2027-04-05 Tomb-Sweeping Day; 2027-06-09 Dragon Boat "
        "Festival; 2027-09-15 Mid-Autumn Festival; 2027-10-01 National Day. Check the "
        "notice: a day not listed counts as a working day, and no deadline over it says "
        "estimated once the year is saved.")
    type_lines(qtbot, add.holidays_edit, ["2027-04-05 Qingming", "2027-06-09 Dragon Boat",
                                          "2027-09-15 Mid-Autumn",
                                          "2027-10-01..2027-10-07 National Day"])
    assert add.summary.text() == "18 holidays and 0 make-up working days in 2027."


def test_a_shipped_year_typed_in_part_is_not(qtbot, runner: TaskRunner, db: Database) -> None:
    add = _add(qtbot, runner)
    add.year_edit.setValue(2026)
    type_lines(qtbot, add.holidays_edit, ["2026-12-21 Typhoon closure"])
    qtbot.keyClicks(add.source_edit, NOTICE)
    assert add.summary.text() == "1 holiday and 0 make-up working days in 2026."
