"""Selecting every case (Ctrl+A) in a list of 100,000 stalled the window for 3.5 s, and so
did each reload and sort while they were selected: the column headers, repainted, asked
the selection whether each column was wholly selected, row by row, through the model's
Python rowCount and columnCount, nine columns times 100,000 rows. The headers highlight
nothing, so they are given a selection of their own."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from approvals.ui.case_list import CaseTable, CaseTableModel, prepare_rows
from tests.ui.test_caselist3_keys import case_row

ROWS = 3_000


class CountingModel(CaseTableModel):
    """The list's model, counting how often Qt asks it for its size."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        self.asked += 1
        return super().rowCount(parent)


def test_selecting_every_case_does_not_ask_the_model_row_by_row(qtbot) -> None:
    model = CountingModel()
    model.set_rows(prepare_rows([case_row(n) for n in range(1, ROWS + 1)]))
    table = CaseTable()
    qtbot.addWidget(table)
    table.setModel(model)
    table.setSelectionBehavior(CaseTable.SelectionBehavior.SelectRows)
    table.horizontalHeader().setHighlightSections(False)
    table.resize(900, 500)
    table.show()
    qtbot.waitExposed(table)
    table.setFocus()
    model.asked = 0
    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    table.horizontalHeader().repaint()
    assert model.asked < ROWS  # not once per row and column
    assert len(table.selectionModel().selectedRows()) == ROWS
    # A sort with every case selected: the same.
    model.asked = 0
    table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    table.horizontalHeader().repaint()
    assert model.asked < ROWS
