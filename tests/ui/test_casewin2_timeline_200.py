"""The Timeline at 200 % on a laptop screen (683 logical pixels of 1366): What and Change
say what happened and how, so they keep more of the room than Field ("Fact …" and
"4,199 …" said nothing while Field kept a whole name); a cut cell is whole on hover."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from approvals.paths import DataDir
from approvals.services.cases import case_id_by_reference
from approvals.store.audit import Actor, append_event
from approvals.store.db import Database
from approvals.ui.timeline_table import (
    CHANGE_COLUMN,
    FIELD_COLUMN,
    WHAT_COLUMN,
    TimelineTable,
    share_room,
)
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_case_view_wording import case_ref  # noqa: F401  (fixture)

HEADERS = ["When (UTC)", "Who", "What", "Field", "Change", "Reason"]
LEADING = "Leading tech / AI enterprise (Target company)"
ROW = ("2026-11-30 13:30", "officer", "Fact changed", LEADING, "4,199 → 4,350", "Corrected")


def _table(qtbot, width: int) -> TimelineTable:
    table = TimelineTable()
    qtbot.addWidget(table)
    table.setHorizontalHeaderLabels(HEADERS)
    table.resize(width, 300)
    table.show()
    rows = [ROW]
    table.set_rows(rows, ["field.changed"], lambda row, column: rows[row][column])
    return table


def _shown(table: TimelineTable, column: int) -> str:
    """The cell's text as painted, elided as its delegate elides it."""
    index = table.model().index(0, column)
    option = QStyleOptionViewItem()
    delegate = table.itemDelegateForColumn(column) or table.itemDelegate()
    delegate.initStyleOption(option, index)
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
    room = table.columnWidth(column) - 2 * margin
    mode = option.textElideMode if column == FIELD_COLUMN else Qt.TextElideMode.ElideRight
    return option.fontMetrics.elidedText(option.text, mode, room)


def test_at_200_percent_what_and_change_are_read_and_take_more_than_field(qtbot) -> None:
    table = _table(qtbot, 683)
    assert _shown(table, WHAT_COLUMN) == "Fact changed"
    assert _shown(table, CHANGE_COLUMN) == "4,199 → 4,350"
    assert table.columnWidth(CHANGE_COLUMN) > table.columnWidth(FIELD_COLUMN)
    assert table.columnWidth(WHAT_COLUMN) > table.columnWidth(FIELD_COLUMN)
    # Field still says something of both ends, and nothing scrolls sideways.
    field = _shown(table, FIELD_COLUMN)
    assert field.startswith("Lead") and field.endswith(")")
    assert sum(table.columnWidth(c) for c in range(5)) + table.REASON_LEAST \
        <= table.viewport().width()
    for column in range(6):  # whatever a column cuts is whole on hover
        assert table.item(0, column).toolTip() == ROW[column]


def test_at_100_percent_every_column_has_what_it_wants(qtbot) -> None:
    table = _table(qtbot, 1320)
    for column in (WHAT_COLUMN, FIELD_COLUMN, CHANGE_COLUMN):
        assert _shown(table, column) == ROW[column]
    assert table.columnWidth(5) >= 190


def test_sharing_gives_in_proportion_none_beyond_what_it_wants() -> None:
    least = {2: 50, 3: 50, 4: 50}
    wanted = {2: 200, 3: 300, 4: 400}
    widths = share_room(330, least, wanted, {2: 3, 3: 2, 4: 4})
    assert sum(widths.values()) == 330
    assert widths[4] > widths[2] > widths[3]
    # What one does not need goes to the others.
    widths = share_room(600, least, {2: 60, 3: 300, 4: 400}, {2: 3, 3: 2, 4: 4})
    assert widths[2] == 60 and sum(widths.values()) == 600
    assert share_room(100, least, wanted, {2: 3, 3: 2, 4: 4}) == least  # too narrow


def test_the_change_cell_is_whole_on_hover_before_the_stored_values(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        case_ref: str) -> None:  # noqa: F811
    with db.session() as s:
        append_event(s, actor=admin, action="field.changed", entity="case",
                     entity_id=case_ref, case_id=case_id_by_reference(s, case_ref),
                     field="target.employees", old=4199, new=4350, reason="Register")
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    view.tabs.setCurrentWidget(view.timeline_page)
    row = next(r for r in range(view.timeline.rowCount())
               if view.timeline.item(r, WHAT_COLUMN).data(Qt.ItemDataRole.UserRole)
               == "field.changed")
    change = view.timeline.item(row, CHANGE_COLUMN)
    assert "4,199" in change.text()
    tip = change.toolTip()
    assert tip.startswith(change.text() + "\n") and '"old": 4199' in tip
    runner.wait_for_done()
