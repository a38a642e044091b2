"""The Timeline's Field column names the field that changed: as wide as the longest name
it lists (within a maximum), cut in its middle where it cannot fit, and whole in the
tooltip. 683 logical pixels is a 1366-pixel laptop screen at QT_SCALE_FACTOR=2 (200 %)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from approvals.ui.timeline_table import FIELD_COLUMN, TimelineTable

HEADERS = ["When (UTC)", "Who", "What", "Field", "Change", "Reason"]
LEADING = "Leading tech / AI enterprise (Target company)"
LONGEST = "Sensitive PI subjects, this year (Technology transfer and data export)"


def _table(qtbot, width: int, fields: list[str]) -> TimelineTable:
    table = TimelineTable()
    qtbot.addWidget(table)
    table.setHorizontalHeaderLabels(HEADERS)
    table.resize(width, 300)
    table.show()
    rows = [("2026-11-30 13:30", "officer", "Fact changed", field, "No → Yes", "Corrected")
            for field in fields]
    table.set_rows(rows, ["field.changed"] * len(rows), lambda row, column: rows[row][column])
    return table


def _shown(table: TimelineTable, row: int) -> str:
    """The Field cell's text as painted: elided as its delegate elides it."""
    index = table.model().index(row, FIELD_COLUMN)
    option = QStyleOptionViewItem()
    table.itemDelegateForColumn(FIELD_COLUMN).initStyleOption(option, index)
    # The cell's text margins, as QCommonStyle draws an item's text.
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
    room = table.columnWidth(FIELD_COLUMN) - 2 * margin
    return option.fontMetrics.elidedText(option.text, option.textElideMode, room)


def test_at_100_percent_a_field_name_is_read_whole(qtbot) -> None:
    table = _table(qtbot, 1320, [LEADING, "USCC (Target company)"])
    assert _shown(table, 0) == LEADING  # "Leading tech…" before (110 pixels)
    assert table.columnWidth(5) >= 200  # Reason still reads a short reason


def test_a_name_too_long_for_the_most_is_cut_in_its_middle_and_whole_in_its_tooltip(
        qtbot) -> None:
    table = _table(qtbot, 1320, [LONGEST])
    shown = _shown(table, 0)
    assert shown != LONGEST and shown.startswith("Sensitive PI") and shown.endswith("export)")
    assert table.item(0, FIELD_COLUMN).toolTip() == LONGEST


def test_at_200_percent_field_is_cut_in_its_middle_and_what_and_change_keep_more(
        qtbot) -> None:
    # What and Change matter more than Field (tests/ui/test_casewin2_timeline_200.py);
    # a cut name still shows both ends.
    table = _table(qtbot, 683, ["USCC (Target company)", LEADING])
    shown = _shown(table, 1)
    assert shown.startswith("Lead") and shown.endswith(")")
    for column in (2, 4):
        assert table.columnWidth(column) > table.columnWidth(FIELD_COLUMN)
    assert sum(table.columnWidth(c) for c in range(5)) <= table.viewport().width()


def test_without_field_changes_field_is_as_wide_as_its_title_and_a_drag_stays(qtbot) -> None:
    table = _table(qtbot, 1320, ["", ""])
    title = table.horizontalHeader().fontMetrics().horizontalAdvance("Field") + 16
    assert table.columnWidth(FIELD_COLUMN) == title
    table.horizontalHeader().resizeSection(FIELD_COLUMN, 90)  # the officer's drag
    table.set_rows([("t", "w", "What", LEADING, "", "")], ["field.changed"], lambda r, c: "")
    assert table.columnWidth(FIELD_COLUMN) == 90
    index = table.model().index(0, FIELD_COLUMN)
    option = QStyleOptionViewItem()
    table.itemDelegateForColumn(FIELD_COLUMN).initStyleOption(option, index)
    assert option.textElideMode == Qt.TextElideMode.ElideMiddle
