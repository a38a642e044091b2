"""The dashboard at 200 % on a 1366×768 screen: too small for the chart beside the
expected notifications (their columns scrolled sideways, Completion, State and Owner out
of sight) or under them (no height), so each is a tab of the lower part, the projections
first with every column in view. A larger window puts them back side by side."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.dashboard_window import NORMAL, SMALL, open_at
from tests.ui.test_layout3_dashboard import assert_chart_readable


def _every_column_in_view(tree) -> bool:
    header = tree.header()
    last = header.logicalIndex(header.count() - 1)
    return header.sectionViewportPosition(last) + header.sectionSize(last) \
        <= tree.viewport().width() and tree.horizontalScrollBar().maximum() == 0


def test_at_200_percent_the_projections_and_chart_are_tabs(
        qtbot, runner: TaskRunner, demo: Database, tmp_path) -> None:
    dashboard = open_at(qtbot, runner, tmp_path, SMALL)
    tabs = dashboard.below_tabs
    assert dashboard.tabbed and tabs.isVisible() and tabs.count() == 2
    assert tabs.currentWidget() is dashboard.expected_section
    tree = dashboard.expected_tree
    assert tree.isVisible() and _every_column_in_view(tree)
    assert tree.width() >= dashboard.tree.width() - 20  # the lower part's whole width
    tabs.setCurrentWidget(dashboard.chart_scroll)  # the chart a click away, readable
    QApplication.processEvents()
    assert_chart_readable(dashboard)
    dashboard.resize(*NORMAL)  # room again: side by side, both in sight
    QApplication.processEvents()
    assert not dashboard.tabbed and not tabs.isVisible()
    assert dashboard.expected_section.parent() is dashboard.below
    assert dashboard.expected_section.isVisible() and dashboard.chart_scroll.isVisible()
    assert _every_column_in_view(tree)
    runner.wait_for_done()


def test_with_no_projections_the_chart_has_the_lower_part_alone(
        qtbot, runner: TaskRunner, db: Database, tmp_path) -> None:
    dashboard = open_at(qtbot, runner, tmp_path, SMALL)
    assert not dashboard.has_projections and not dashboard.tabbed
    assert dashboard.chart_scroll.isVisible() and not dashboard.expected_section.isVisible()
    runner.wait_for_done()
