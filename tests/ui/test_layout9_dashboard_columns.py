"""The dashboard at 200 % on a laptop. A window narrower than its lists' columns at their
floors (the long texts cut to a few words, the owner such as "cli:root" whole) scrolled
sideways by a few pixels, the Owner cut and a scroll bar taking a row's height from lists
that show two or three rows. The long texts now give way below their floors (whole on
hover), down to their titles: every column in view, none scrolled."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from approvals.store.db import Database
from approvals.ui.dashboard import TARGET_ZH, GroupedList
from approvals.ui.workers import TaskRunner
from tests.ui.dashboard_window import NORMAL, SMALL, open_at
from tests.ui.test_layout_200_dashboard import rows_shown

NARROW = (600, SMALL[1])  # 1366×768 at 200 % less a side panel, or 1200 px wide at 200 %


def assert_every_column_in_view(tree: GroupedList) -> None:
    header = tree.header()
    last = header.logicalIndex(header.count() - 1)
    assert tree.horizontalScrollBar().maximum() == 0, f"{tree.objectName()} scrolls sideways"
    assert header.sectionViewportPosition(last) + header.sectionSize(last) \
        <= tree.viewport().width()
    titles = tree.model().headers
    # Each column's title whole (they give way to it), but the Chinese name's: narrower
    # still, it gives way below its title (its header's tooltip says it, and a row's hover
    # both names), before Target and State are cut further.
    for column in range(header.count()):
        if not header.isSectionHidden(column) and column != TARGET_ZH:
            assert header.sectionSize(column) > header.fontMetrics().horizontalAdvance(
                titles[column]), f"{titles[column]} is cut"


def test_a_narrow_window_cuts_the_long_texts_not_the_owner(
        qtbot, runner: TaskRunner, demo: Database, tmp_path) -> None:
    dashboard = open_at(qtbot, runner, tmp_path, SMALL)
    dashboard.resize(*NARROW)
    QApplication.processEvents()
    trees = [(dashboard.tree, dashboard.tree_columns),
             (dashboard.expected_tree, dashboard.expected_columns)]
    # The window is narrower than the columns at their floors (else this proves nothing).
    assert any(fitter.least_width() > tree.width() for tree, fitter in trees)
    for tree, fitter in trees:
        assert tree.isVisible()
        assert_every_column_in_view(tree)
        owner = fitter.last
        assert tree.header().sectionSize(owner) >= fitter.content[owner]  # the owner whole
    runner.wait_for_done()


def test_on_tabs_the_projections_sort_beside_the_tabs_and_show_every_row(
        qtbot, runner: TaskRunner, demo: Database, tmp_path) -> None:
    """On tabs the projections' heading row (their title, which the tab says, and "Sort
    by") took the height of a row and a half: with the demo's three projections two were
    in sight. "Sort by" goes beside the tabs, while the projections' tab is current."""
    dashboard = open_at(qtbot, runner, tmp_path, SMALL)
    tabs, sort, tree = dashboard.below_tabs, dashboard.expected_sort, dashboard.expected_tree
    assert dashboard.tabbed and tabs.currentWidget() is dashboard.expected_section
    assert not dashboard.expected_title.isVisible()
    assert "projected" in tabs.tabToolTip(0)  # what the title's tooltip said
    assert sort.isVisible()
    bar = tabs.tabBar()
    sort_top, sort_bottom = (sort.mapTo(dashboard, QPoint(0, y)).y() for y in (0, sort.height()))
    bar_top = bar.mapTo(dashboard, QPoint(0, 0)).y()
    assert sort_top < bar_top + bar.height() and sort_bottom <= tree.mapTo(
        dashboard, QPoint(0, 0)).y()  # beside the tabs, above the list
    model = tree.model()
    assert rows_shown(tree) >= model.rowCount() + sum(model.exposed)  # heading and 3 rows
    assert rows_shown(dashboard.tree) >= 4  # the deadlines keep theirs
    # Keys still sort it (Alt+T, "Sor&t by:"); the chart's tab has no "Sort by" of the
    # projections over it.
    dashboard.activateWindow()
    qtbot.keyClick(dashboard.tree, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert sort.combo.hasFocus()
    sort.combo.setCurrentIndex(sort.combo.findText("Target"))
    assert tree.header().sortIndicatorSection() == sort.combo.currentData()
    tabs.setCurrentWidget(dashboard.chart_scroll)
    assert not sort.isVisible()
    tabs.setCurrentWidget(dashboard.expected_section)
    assert sort.isVisible()
    # Room again: the title and "Sort by" back over the list.
    dashboard.resize(*NORMAL)
    QApplication.processEvents()
    assert not dashboard.tabbed
    assert dashboard.expected_title.isVisible() and sort.isVisible()
    assert sort.parent() is dashboard.expected_section
    assert abs(sort.mapTo(dashboard, QPoint(0, 0)).y()
               - dashboard.expected_title.mapTo(dashboard, QPoint(0, 0)).y()) < sort.height()
    runner.wait_for_done()
