"""Holiday calendars: after the calendar is read again (a save, the window shown again),
the day the Days list marks is the day Correct a day… opens on. The list kept its old
current row (the focus frame on 2026-12-07, the day just corrected) while the selection
and the month view had gone to another day: Correct a day… opened on that other day."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

import approvals.ui.calendars as calendars
from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import OFFICER, open_dialog


class _Today(date):
    """2025-06-10 as today (no holiday): the month view selects today in this year."""

    @classmethod
    def today(cls) -> date:
        return date(2025, 6, 10)


def test_the_days_list_marks_the_day_correct_a_day_opens_on(
        qtbot, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendars, "date", _Today)
    dialog = open_dialog(qtbot, runner, OFFICER)
    dialog.select_year(2025)
    table = dialog.days_table
    last = table.rowCount() - 1
    table.setFocus()
    table.selectRow(last)  # as the arrow keys leave it
    assert dialog.selected_date().isoformat() == table.item(last, 0).text()
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.reload(select_year=2025)  # as after a save, or the window shown again
    current = table.currentRow()
    chosen = dialog.selected_date()
    selected = [i.row() for i in table.selectionModel().selectedRows()]
    if current >= 0:  # a row the focus frame is on is the day Correct a day… takes
        assert table.item(current, 0).text() == chosen.isoformat()
        assert selected == [current]
    else:
        assert selected == []
    assert chosen.year == 2025 and chosen <= date(2025, 12, 31)
    correct = dialog.open_correct_day()
    assert correct.day() == chosen
    correct.reject()


def test_tab_into_the_days_list_frames_no_other_day(
        qtbot, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tab into the list framed its first row without selecting it; Correct a day… opened
    on the month view's day (today), not the day framed. Tabbing through the list leaves
    the day chosen in the month view as it is; Down then starts at the first row."""
    monkeypatch.setattr(calendars, "date", _Today)
    dialog = open_dialog(qtbot, runner, OFFICER)
    dialog.select_year(2025)
    table = dialog.days_table
    assert dialog.selected_date() == date(2025, 6, 10)  # no holiday: no row marked
    assert table.currentRow() == -1 and not table.selectionModel().selectedRows()
    # What a list does when Tab brings the focus in and no row is current: it frames the
    # first row and selects nothing (QAbstractItemView.focusInEvent).
    table.selectionModel().setCurrentIndex(
        table.model().index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
    assert table.currentRow() == -1 and not table.selectionModel().selectedRows()
    assert dialog.selected_date() == date(2025, 6, 10)
    correct = dialog.open_correct_day()
    assert correct.day() == date(2025, 6, 10)
    correct.reject()
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)  # the arrow keys choose a listed day
    current = table.currentRow()
    assert current >= 0
    assert [i.row() for i in table.selectionModel().selectedRows()] == [current]
    assert dialog.selected_date().isoformat() == table.item(current, 0).text()
