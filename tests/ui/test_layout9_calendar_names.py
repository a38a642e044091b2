"""Holiday calendars, Days table: a long day name ("For the Chinese New Year (Spring
Festival) day off on 2024-02-15") was cut in the Name column, the date that says which day
off lost; it now wraps onto more lines of its row, at a normal size (side by side) and on a
small screen (tabs), and Date, Day and Kind still fit whole."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QTableWidget

from approvals.store.audit import Actor
from approvals.ui.calendars import SIDE_BY_SIDE, TABS
from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_small_screen import (
    NORMAL,
    SMALL,
    assert_all_columns_visible,
    open_at,
)

YEAR = 2024  # shipped with the app: Spring Festival swaps with the longest names
NAME = 3
CELL_MARGINS = 8  # the cell's own margins, left and right together


def name_lines(table: QTableWidget, row: int) -> tuple[int, int]:
    """The lines the row's Name takes wrapped at its column's width, and the lines its row
    has room for."""
    item = table.item(row, NAME)
    metrics = table.fontMetrics()
    width = table.horizontalHeader().sectionSize(NAME) - CELL_MARGINS
    wrapped = metrics.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap,
                                   item.text())
    return wrapped.height() // metrics.lineSpacing(), table.rowHeight(row) // metrics.lineSpacing()


def assert_every_name_readable(table: QTableWidget) -> int:
    """Each Name has the lines it needs in its row; returns the most any takes."""
    most = 0
    for row in range(table.rowCount()):
        needed, room = name_lines(table, row)
        assert needed <= room, f"{table.item(row, NAME).text()!r} is cut"
        most = max(most, needed)
    return most


def show_year(dialog, qtbot) -> QTableWidget:
    dialog.select_year(YEAR)
    table = dialog.days_table
    qtbot.waitUntil(lambda: table.item(0, 0).text().startswith(str(YEAR)))
    return table


def test_long_names_wrap_in_their_row_side_by_side(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    dialog = open_at(qtbot, runner, admin, NORMAL)
    assert dialog.layout_mode == SIDE_BY_SIDE
    table = show_year(dialog, qtbot)
    longest = max(table.item(row, NAME).text() for row in range(table.rowCount()))
    assert table.fontMetrics().horizontalAdvance(longest) > table.columnWidth(NAME)
    # The days have most of the width: no name needs more than two lines.
    assert assert_every_name_readable(table) <= 2
    assert_all_columns_visible(table, whole=(0, 1, 2))
    # A one-line row is no lower than before.
    assert min(table.rowHeight(row) for row in range(table.rowCount())) >= \
        table.verticalHeader().defaultSectionSize()
    runner.wait_for_done()


def test_long_names_wrap_in_their_row_on_tabs(qtbot, runner: TaskRunner, admin: Actor) -> None:
    dialog = open_at(qtbot, runner, admin, SMALL)
    assert dialog.layout_mode == TABS
    table = show_year(dialog, qtbot)
    assert_every_name_readable(table)
    assert_all_columns_visible(table, whole=(0, 1, 2))
    # Back side by side, the narrower Name column re-wraps the rows.
    dialog.resize(*NORMAL)
    qtbot.waitUntil(lambda: dialog.layout_mode == SIDE_BY_SIDE)
    assert_every_name_readable(table)
    runner.wait_for_done()
