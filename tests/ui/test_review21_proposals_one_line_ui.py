"""Proposed changes at 200 %: once a row is two lines tall (the field's name wraps), a cut
value wrapped onto both lines too ("Ex… / Ro…"). Only Field and Status wrap; every other
column shows one line, cut with "…", whole on hover."""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTableWidget

from approvals.paths import DataDir
from approvals.store.db import Database
from approvals.ui.review import ProposalsDialog
from approvals.ui.workers import TaskRunner
from tests.review_support import PAT
from tests.ui.scaling_support import OPENED_AT_200, doubled_app_font
from tests.unit.test_loose6_proposal_listing import _case, _propose

NAME = "Example Robotics Vision Technology Co., Ltd."  # the example's target
PROPOSED = "Example Robotics Group Ltd."


def _inked_height(table: QTableWidget, row: int, column: int) -> int:
    """How many pixels tall the text painted in a cell is (top of its first line to the
    foot of its last), from the cell as drawn."""
    image = table.viewport().grab(table.visualRect(table.model().index(row, column))).toImage()
    background = Counter(image.pixel(x, y) for x in range(image.width())
                         for y in range(image.height())).most_common(1)[0][0]
    inked = [y for y in range(image.height())
             if any(image.pixel(x, y) != background for x in range(2, image.width() - 2))]
    return inked[-1] - inked[0] + 1 if inked else 0


def test_cut_values_stay_on_one_line_in_a_two_line_row(
        qtbot, data_dir: DataDir, db: Database, runner: TaskRunner) -> None:
    case_id, reference = _case(db, stake_after_pct=30)
    _propose(db, case_id, "deal.stake_after_pct", [("pending", 30, 35, None)])
    _propose(db, case_id, "target.name_en", [("pending", NAME, PROPOSED, None)])
    with doubled_app_font():
        dialog = ProposalsDialog(runner, PAT, data_dir, reference)
        qtbot.addWidget(dialog)
        dialog.resize(*OPENED_AT_200)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
        table = dialog.table
        columns = ProposalsDialog.COLUMNS
        field, status = columns.index("Field"), columns.index("Status")
        row = next(r for r, p in enumerate(dialog.rows) if p.field_path == "target.name_en")
        line = table.fontMetrics().lineSpacing()
        # The field's name wraps, and its row is two lines tall.
        qtbot.waitUntil(lambda: table.rowHeight(row) >= 2 * line, timeout=5_000)
        # The row in sight: the table takes its height once the layout has settled.
        qtbot.waitUntil(lambda: table.viewport().height() >= table.visualRect(
            table.model().index(row, field)).top() + 2 * line, timeout=5_000)
        table.clearSelection()  # the cells in their own colours, not the selection's
        assert _inked_height(table, row, field) > line
        # The values, cut, on one line each (they were cut on both lines), whole on hover.
        for column, whole in ((columns.index("When exported"), NAME),
                              (columns.index("Current value"), NAME),
                              (columns.index("Proposed"), PROPOSED)):
            width = table.columnWidth(column)
            assert table.fontMetrics().horizontalAdvance(whole) > width, (column, width)
            assert 0 < _inked_height(table, row, column) <= line, column
            assert table.item(row, column).toolTip().startswith(whole)
        # Status wraps as the field's name does: a status of several words keeps them
        # whole on the row's two lines ("accepted by …" after a decision).
        delegate = table.itemDelegate()
        assert isinstance(delegate, QStyledItemDelegate)
        for column, wraps in ((field, True), (status, True), (columns.index("Proposed"), False)):
            option = QStyleOptionViewItem()
            option.features = QStyleOptionViewItem.ViewItemFeature.WrapText
            delegate.initStyleOption(option, table.model().index(row, column))
            assert bool(option.features & QStyleOptionViewItem.ViewItemFeature.WrapText) is wraps
