"""View → Holiday calendars… opened again starts clean: the last save's message ("CN 2027
saved as official…") and the deadlines it changed were still shown, under another year,
as if they had just happened."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from approvals.paths import DataDir
from approvals.store.db import Database
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import NOTICE, OFFICER, type_lines
from tests.unit.test_calendar_deadline_changes import running_clock


@pytest.fixture
def window(qtbot, db: Database, data_dir: DataDir) -> Iterator[MainWindow]:
    runner = TaskRunner(db)
    window = MainWindow(runner, data_dir, OFFICER)
    qtbot.addWidget(window)
    yield window
    runner.wait_for_done()


def test_the_calendars_opened_again_say_nothing_of_the_last_save(
        qtbot, window: MainWindow, db: Database) -> None:
    running_clock(db)  # a deadline the save moves
    window.calendars_action.trigger()
    dialog = window.calendars_dialog  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=10_000)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.add_dialog
    type_lines(qtbot, add.holidays_edit, ["2027-01-01 New Year"])
    qtbot.keyClicks(add.source_edit, NOTICE)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.mouseClick(add.save_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "CN 2027 saved as official (1 day)."
    assert dialog.changes_box.isVisible()

    dialog.close()
    window.calendars_action.trigger()
    assert window.calendars_dialog is dialog  # type: ignore[attr-defined]
    assert "saved" not in dialog.message.text()  # "Loading…" until the calendar is read
    assert not dialog.changes_box.isVisible() and dialog.deadline_changes.count() == 0
    qtbot.waitUntil(lambda: window.runner.idle and dialog.data is not None, timeout=10_000)
    assert dialog.message.text() == ""
    dialog.close()
