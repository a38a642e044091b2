"""The dashboard at 200 % on a 1366×768 screen (683×354 logical pixels), with the demo's
cases: the columns share the width so the target's name is read. Due shows "(est.)" for
"(estimated)" (the date whole), the rows under a heading are indented less than Qt's
40 px, only the sorted column's header keeps room for the sort arrow, and the others give
way before Target does. At 100 % Due says "(estimated)" in full."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from approvals.services.cases import ESTIMATED
from approvals.store.db import Database
from approvals.ui.dashboard import (
    DUE,
    FLEXIBLE,
    REGIME,
    TARGET,
    TARGET_ZH,
    GroupedList,
    short_estimate,
)
from approvals.ui.workers import TaskRunner
from tests.ui.dashboard_window import NORMAL, SMALL, open_at


def _estimated_row(tree: GroupedList) -> QModelIndex:
    model = tree.model()
    for g in range(model.rowCount()):
        heading = model.index(g, 0)
        tree.expand(heading)
        for r in range(model.rowCount(heading)):
            index = model.index(r, DUE, heading)
            if str(index.data()).endswith(ESTIMATED):
                return index
    raise AssertionError("the demo has an estimated due date")


def _shown_text(tree: GroupedList, index: QModelIndex) -> str:
    """The text the Due cell is drawn with."""
    tree.scrollTo(index)
    option = QStyleOptionViewItem()
    option.initFrom(tree)
    option.rect = tree.visualRect(index)
    tree.itemDelegateForColumn(DUE).initStyleOption(option, index)
    return option.text


def test_the_columns_share_the_width_at_200_percent(qtbot, runner: TaskRunner, demo: Database,
                                                  tmp_path) -> None:
    dashboard = open_at(qtbot, runner, tmp_path, SMALL)
    tree, header = dashboard.tree, dashboard.tree.header()
    metrics = tree.fontMetrics()
    average = metrics.averageCharWidth()
    # Every column in view: no sideways scrolling to reach State and Owner.
    owner = header.logicalIndex(header.count() - 1)
    assert header.sectionViewportPosition(owner) + header.sectionSize(owner) \
        <= tree.viewport().width()
    # Target above its floor: the room came from Due, the indentation and the headers.
    assert header.sectionSize(TARGET) > FLEXIBLE[TARGET][0] * average
    assert tree.indentation() <= 2 * average  # Qt's 20 px a level
    # "Regime" whole without the sort arrow's room, which only Due's header needs (the
    # Chinese name gives way below its title: test_dash25_state_readable).
    title = header.fontMetrics().horizontalAdvance("Regime")
    assert title < header.sectionSize(REGIME) < header.sectionSizeHint(REGIME)
    # Due: the date whole with "(est.)", no wider; "(estimated)" in the tooltip.
    index = _estimated_row(tree)
    full = str(index.data())
    assert _shown_text(tree, index) == short_estimate(full) == full.replace(
        "(estimated)", "(est.)")
    assert header.sectionSize(DUE) < (metrics.horizontalAdvance(full)
                                      + 2 * tree.indentation() + 16)
    assert ESTIMATED in str(index.data(Qt.ItemDataRole.ToolTipRole))
    assert "(est.)" in str(tree.model().headerData(DUE, Qt.Orientation.Horizontal,
                                                   Qt.ItemDataRole.ToolTipRole))
    # Sorted by the Chinese name: its header gets the arrow's room.
    header.setSortIndicator(TARGET_ZH, Qt.SortOrder.AscendingOrder)
    assert header.sectionSize(TARGET_ZH) >= header.sectionSizeHint(TARGET_ZH)
    assert dashboard.tree_columns.chosen == {}  # none of it taken for the officer's drag
    runner.wait_for_done()


def test_at_100_percent_due_says_estimated_in_full(qtbot, runner: TaskRunner, demo: Database,
                                                  tmp_path) -> None:
    dashboard = open_at(qtbot, runner, tmp_path, NORMAL)
    index = _estimated_row(dashboard.tree)
    assert _shown_text(dashboard.tree, index) == index.data()
    runner.wait_for_done()


def test_a_larger_font_is_not_taken_for_a_width_the_officer_set(qtbot, runner: TaskRunner,
                                                               demo: Database,
                                                               tmp_path) -> None:
    """The header raises a narrow section to its least when the font grows: that is no
    drag of a divider, to be kept in the settings."""
    dashboard = open_at(qtbot, runner, tmp_path, NORMAL)
    font = dashboard.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    dashboard.setFont(font)
    dashboard.reload()
    qtbot.waitUntil(lambda: runner.idle)
    assert dashboard.tree_columns.chosen == {}
    assert dashboard.expected_columns.chosen == {}
    runner.wait_for_done()
