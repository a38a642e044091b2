"""The dashboard at 200 % on a 1366×768 screen (683×354 logical pixels), with the demo's
cases: a state of a few words ("Internal review") is shown whole, where a floor of 10
characters cut it to "Intern…". The room comes first from the Chinese name (a row's
hover gives both names; its header's says its title), not from the target's name, and
every column stays in view."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from approvals.store.db import Database
from approvals.ui.dashboard import (
    CELL_MARGIN,
    FLEXIBLE,
    STATE,
    TARGET,
    TARGET_ZH,
    GroupedList,
)
from approvals.ui.workers import TaskRunner
from tests.ui.dashboard_window import SMALL, open_at


def _rows_with(tree: GroupedList, column: int, text: str) -> list[QModelIndex]:
    model = tree.model()
    found = []
    for g in range(model.rowCount()):
        heading = model.index(g, 0)
        tree.expand(heading)
        found += [model.index(r, column, heading) for r in range(model.rowCount(heading))
                  if model.index(r, column, heading).data() == text]
    return found


def _all_in_view(tree: GroupedList) -> bool:
    header = tree.header()
    last = header.logicalIndex(header.count() - 1)
    return header.sectionViewportPosition(last) + header.sectionSize(last) \
        <= tree.viewport().width()


def test_a_state_is_whole_at_200_percent(qtbot, runner: TaskRunner, demo: Database,
                                         tmp_path) -> None:
    dashboard = open_at(qtbot, runner, tmp_path, SMALL)
    whole = dashboard.tree.fontMetrics().horizontalAdvance("Internal review") + CELL_MARGIN
    # The demo's AP-2026-0002 is in internal review, with an expected completion date.
    assert _rows_with(dashboard.expected_tree, STATE, "Internal review")
    for tree in (dashboard.tree, dashboard.expected_tree):
        header = tree.header()
        average = tree.fontMetrics().averageCharWidth()
        assert header.sectionSize(STATE) >= whole
        assert _all_in_view(tree)
        # The target's name kept above its floor: the Chinese name gave way first.
        assert header.sectionSize(TARGET) > FLEXIBLE[TARGET][0] * average
        assert header.sectionSize(TARGET_ZH) < header.sectionSizeHint(TARGET_ZH)
        tip = str(tree.model().headerData(TARGET_ZH, Qt.Orientation.Horizontal,
                                          Qt.ItemDataRole.ToolTipRole))
        assert tip.startswith("Chinese name:")
    runner.wait_for_done()


def test_sorted_by_the_chinese_name_its_header_stays_whole(qtbot, runner: TaskRunner,
                                                          demo: Database, tmp_path) -> None:
    dashboard = open_at(qtbot, runner, tmp_path, SMALL)
    header = dashboard.tree.header()
    header.setSortIndicator(TARGET_ZH, Qt.SortOrder.AscendingOrder)
    assert header.sectionSize(TARGET_ZH) >= header.sectionSizeHint(TARGET_ZH)
    assert _all_in_view(dashboard.tree)
    runner.wait_for_done()
