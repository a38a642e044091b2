"""The case window's Timeline list is the shared table model (widgets.RowsModel, the audit
trail's and the open-cases check's) with its tooltips and actions: its counts, its column
titles and the row under an index are the shared model's, not a copy of them."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from approvals.ui.timeline_table import WHAT_COLUMN, TimelineModel, TimelineTable
from approvals.ui.widgets import RowsModel

ROWS = [("1 Mar 2026", "li.wei", "Case created", "", "", "first"),
        ("2 Mar 2026", "li.wei", "Fact changed", "Target", "A → B", "second")]
TITLES = ["When", "Who", "What", "Field", "Change", "Reason"]


def test_the_timeline_is_the_shared_table_model(qtbot) -> None:
    table = TimelineTable()
    qtbot.addWidget(table)
    model = table.timeline_model
    assert isinstance(model, TimelineModel) and isinstance(model, RowsModel)
    table.setHorizontalHeaderLabels(TITLES)
    asked: list[tuple[int, int]] = []
    table.set_rows(ROWS, ["case.created", "case.facts_changed"],
                   lambda row, column: asked.append((row, column)) or f"tip {row},{column}")
    assert (model.rowCount(), model.columnCount()) == (2, 6)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == TITLES
    assert model.row_at(model.index(1, 0)) == ROWS[1]
    assert model.data(model.index(1, 4)) == "A → B"
    assert model.data(model.index(0, WHAT_COLUMN), Qt.ItemDataRole.UserRole) == "case.created"
    assert model.data(model.index(1, 5), Qt.ItemDataRole.ToolTipRole) == "tip 1,5"
    assert model.data(model.index(1, 5), Qt.ItemDataRole.ToolTipRole) == "tip 1,5"
    assert asked == [(1, 5)]  # made once, kept
    assert model.rowCount(model.index(0, 0)) == 0 and model.data(QModelIndex()) is None
    # Shown again: the tooltips are asked for afresh.
    table.set_rows(ROWS[:1], ["case.created"], lambda row, column: "again")
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == "again"
    item = table.item(0, WHAT_COLUMN)
    assert item is not None and item.text() == "Case created"
    assert table.horizontalHeaderItem(1) is not None
