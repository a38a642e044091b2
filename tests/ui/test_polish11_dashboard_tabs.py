"""The dashboard on tabs (200 % on a 1366×768 laptop): the lower part was as tall as the
whole chart wanted, which scrolls in its own tab anyway, and the expected notifications
had most of an empty row under their last one, taken from the deadlines above. Now the
projections' rows set its height, and the chart still shows a few bars."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.dashboard_window import SMALL, open_at
from tests.ui.test_layout3_dashboard import assert_chart_readable


def test_on_tabs_the_projections_have_no_empty_row_under_them(
        qtbot, runner: TaskRunner, demo: Database, tmp_path) -> None:
    dashboard = open_at(qtbot, runner, tmp_path, SMALL)
    assert dashboard.tabbed
    tree = dashboard.expected_tree
    model = tree.model()
    last_group = model.index(model.rowCount() - 1, 0)
    last = model.index(model.rowCount(last_group) - 1, 0, last_group)
    assert tree.isExpanded(last_group)
    shown_rows = tree.visualRect(last).bottom() + 1
    spare = tree.viewport().height() - shown_rows
    assert 0 <= spare < 4, spare  # every row in view, and no room left over
    tabs = dashboard.below_tabs
    tabs.setCurrentWidget(dashboard.chart_scroll)  # a click away, still readable
    QApplication.processEvents()
    assert_chart_readable(dashboard)
    runner.wait_for_done()
