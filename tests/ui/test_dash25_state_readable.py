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


def test_a_filter_that_keeps_nothing_is_said_where_it_is_seen(qtbot, runner: TaskRunner,
                                                              demo: Database,
                                                              tmp_path) -> None:
    """At 200 % the deadlines' six headings, each "(0 of …)", filled the list: the words
    under them ("No row matches …") were never drawn. They take the headings' place."""
    dashboard = open_at(qtbot, runner, tmp_path, SMALL)
    trees = (dashboard.tree, dashboard.expected_tree)
    dashboard.filter_edit.setText("no such company")
    dashboard.apply_filter()
    for tree in trees:
        model = tree.model()
        assert tree.no_match.startswith("No row matches “no such company”")
        assert all(tree.isRowHidden(g, QModelIndex()) for g in range(model.rowCount()))
        assert tree.no_match_area().height() > tree.fontMetrics().height()
    dashboard.reload()  # a filter kept across a refresh: still said in their place
    qtbot.waitUntil(lambda: runner.idle)
    assert all(dashboard.tree.isRowHidden(g, QModelIndex())
               for g in range(dashboard.tree.model().rowCount()))
    dashboard.filter_edit.setText("internal")
    dashboard.apply_filter()
    for tree in trees:
        assert tree.no_match == ""
        assert not any(tree.isRowHidden(g, QModelIndex())
                       for g in range(tree.model().rowCount()))
    runner.wait_for_done()
