"""The deadlines dashboard at real window sizes with the demo's cases: the expected
notifications keep their companies' whole names, the chart beside them only in the room
they leave (narrowed, down to where its labels still read) and under them when there is
not that much; a divider the officer drags between them stays theirs."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSettings, Qt

from approvals.store.db import Database
from approvals.ui.dashboard import CELL_MARGIN, TARGET, TARGET_ZH, DeadlinesDashboard
from approvals.ui.workers import TaskRunner
from tests.ui.dashboard_window import SMALL, open_at

LAPTOP = (1280, 770)  # a 1280×800 screen less the title bar
NARROW_TALL = (1100, 900)  # no room beside, room under


def cut_names(dashboard: DeadlinesDashboard) -> list[str]:
    """The expected notifications' names (English and Chinese) their column cuts."""
    tree = dashboard.expected_tree
    metrics = tree.fontMetrics()
    head = tree.topLevelItem(0)
    cut = []
    for i in range(head.childCount()):
        row = head.child(i)
        for column in (TARGET, TARGET_ZH):
            text = row.text(column)
            if metrics.horizontalAdvance(text) + CELL_MARGIN > tree.columnWidth(column):
                cut.append(text)
    return cut


def assert_chart_readable(dashboard: DeadlinesDashboard) -> None:
    """The chart at its readable width at least: no label or title line cut ("Acknowledg…"),
    nothing past the side of its scroll area."""
    chart = dashboard.chart
    assert chart.isVisible() and chart.width() >= chart.readable_width()
    assert chart.width() <= dashboard.chart_scroll.viewport().width()
    lines = [line for label in chart._label_lines(chart.width()) for line in label]
    assert not [line for line in lines + chart._title_lines(chart.width()) if "…" in line]


def test_at_1280_the_expected_notifications_names_are_whole_beside_the_chart(
        qtbot, runner: TaskRunner, demo: Database, tmp_path) -> None:
    dashboard = open_at(qtbot, runner, tmp_path, LAPTOP)
    assert dashboard.expected_tree.isVisible()
    assert cut_names(dashboard) == []  # "Guangzhou Tianyan Security Analytics Co., …" was cut
    tree = dashboard.expected_tree
    assert tree.horizontalScrollBar().maximum() == 0  # every column in view
    # The chart still beside them, narrowed to what is left, its labels still readable.
    assert dashboard.below.orientation() == Qt.Orientation.Horizontal
    assert_chart_readable(dashboard)
    runner.wait_for_done()


def test_too_narrow_for_both_but_tall_the_chart_goes_under_the_projections(
        qtbot, runner: TaskRunner, demo: Database, tmp_path) -> None:
    dashboard = open_at(qtbot, runner, tmp_path, NARROW_TALL)
    assert dashboard.below.orientation() == Qt.Orientation.Vertical
    section, chart = dashboard.expected_section, dashboard.chart_scroll
    assert chart.mapTo(dashboard, QPoint(0, 0)).y() >= (
        section.mapTo(dashboard, QPoint(0, 0)).y() + section.height())
    assert cut_names(dashboard) == []  # the projections have the window's width
    # Every projection in view, and the chart's title and a few bars under them.
    tree = dashboard.expected_tree
    last = tree.topLevelItem(0).child(tree.topLevelItem(0).childCount() - 1)
    assert tree.visualItemRect(last).bottom() <= tree.viewport().height()
    assert chart.height() >= 4 * dashboard.chart.fontMetrics().height()
    runner.wait_for_done()


def test_too_small_for_both_ways_the_chart_narrows_to_its_readable_width(
        qtbot, runner: TaskRunner, demo: Database, tmp_path) -> None:
    # 200 %, a little wider than a 1366 px screen: neither way has room, but the
    # projections' columns fit at their least beside the narrowed chart (at 683 px they
    # do not: tabs, test_desk6_dashboard_200_tabs).
    dashboard = open_at(qtbot, runner, tmp_path, (SMALL[0] + 200, SMALL[1]))
    assert dashboard.below.orientation() == Qt.Orientation.Horizontal and not dashboard.tabbed
    chart = dashboard.chart_scroll
    around = chart.verticalScrollBar().sizeHint().width()
    assert chart.width() <= dashboard.chart.readable_width() + around + 2  # was 300 px
    assert_chart_readable(dashboard)
    assert dashboard.expected_section.width() >= dashboard.lists.width() * 0.6
    runner.wait_for_done()


def test_a_divider_dragged_between_projections_and_chart_stays(
        qtbot, runner: TaskRunner, demo: Database, tmp_path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    dashboard = open_at(qtbot, runner, tmp_path, (1600, 800), settings)
    below = dashboard.below
    total = sum(below.sizes())
    below.splitterMoved.emit(900, 1)  # the officer's drag
    below.setSizes([900, total - 900])
    dashboard._show(dashboard._prepared)  # a refresh keeps it
    assert below.sizes()[0] == 900
    dashboard.close()
    again = open_at(qtbot, runner, tmp_path, (1600, 800), settings)
    assert again.below_moved and again.below.sizes()[0] == 900
    runner.wait_for_done()
