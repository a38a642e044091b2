"""The dashboard's Tab order on tabs (200 % on a 1366×768 laptop): the tab bar came after
the projections' rows it switches, and Tab from their list went back up to the tab bar
round and round, never to the filter at the top. Now Tab goes through the window in
reading order, once round, either way, and the same after the window is widened (no
tabs) and narrowed again."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.dashboard import DeadlinesDashboard
from approvals.ui.workers import TaskRunner
from tests.ui.dashboard_window import NORMAL, SMALL, open_at

TABBED = ["dashboardFilter", "dashboardRefreshButton", "dashboardExportButton",
          "dashboardPrintButton", "dashboardPdfButton", "deadlineSortColumn",
          "deadlineSortDescending", "deadlineTree", "qt_tabwidget_tabbar",
          "expectedSortColumn", "expectedSortDescending", "expectedTree"]
SIDE_BY_SIDE = [name for name in TABBED if name != "qt_tabwidget_tabbar"] + ["stateChartScroll"]


def walk(dashboard: DeadlinesDashboard, key: Qt.Key, presses: int) -> list[str]:
    """The names of the widgets focused from the filter on, one per press of `key`."""
    dashboard.filter_edit.setFocus()
    names = []
    for _ in range(presses):
        focused = QApplication.focusWidget()
        assert focused is not None
        names.append(focused.objectName())
        QTest.keyClick(focused, key)
    return names


def assert_once_round(dashboard: DeadlinesDashboard, stops: list[str]) -> None:
    assert walk(dashboard, Qt.Key.Key_Tab, 2 * len(stops)) == stops * 2
    backwards = [stops[0], *reversed(stops[1:])]
    assert walk(dashboard, Qt.Key.Key_Backtab, 2 * len(stops)) == backwards * 2


def test_tab_goes_through_the_tabbed_dashboard_in_reading_order(
        qtbot, runner: TaskRunner, demo: Database, tmp_path, admin: Actor) -> None:
    dashboard = open_at(qtbot, runner, tmp_path, SMALL)
    dashboard.set_actor(admin)  # the report buttons are Tab stops once available
    dashboard.activateWindow()
    assert dashboard.tabbed
    assert dashboard.below_tabs.currentWidget() is dashboard.expected_section
    assert_once_round(dashboard, TABBED)
    # The chart's tab: the tab bar, then the chart, then back to the top.
    dashboard.below_tabs.setCurrentWidget(dashboard.chart_scroll)
    assert_once_round(dashboard, [*TABBED[:TABBED.index("qt_tabwidget_tabbar") + 1],
                                  "stateChartScroll"])
    dashboard.below_tabs.setCurrentWidget(dashboard.expected_section)
    dashboard.resize(*NORMAL)
    QApplication.processEvents()
    assert not dashboard.tabbed
    assert_once_round(dashboard, SIDE_BY_SIDE)
    dashboard.resize(*SMALL)
    QApplication.processEvents()
    assert dashboard.tabbed
    assert_once_round(dashboard, TABBED)
    runner.wait_for_done()
