"""The deadlines dashboard at 200 % on a 1366×768 screen, with the demo's cases: both lists
keep a usable share of the height. The report buttons sit under the filter, beside the
summary's lines, not in a row of their own under the lists; on a short window the
projections' note is on hover only. At 100 % the lists keep their heights."""

from __future__ import annotations

from PySide6.QtCore import QPoint

from approvals.store.db import Database
from approvals.ui.dashboard import row_height
from approvals.ui.workers import TaskRunner
from tests.ui.dashboard_window import NORMAL, SMALL, open_at


def rows_shown(tree) -> float:
    return tree.viewport().height() / row_height(tree)


def top_of(widget, window) -> int:
    return widget.mapTo(window, QPoint(0, 0)).y()


def test_both_lists_keep_rows_at_200_percent(qtbot, runner: TaskRunner, demo: Database,
                                            tmp_path) -> None:
    dashboard = open_at(qtbot, runner, tmp_path, SMALL)
    assert dashboard._data is not None and len(dashboard._data.expected) >= 2
    # The projections: their group heading and two rows at least (it showed the heading).
    assert dashboard.expected_tree.isVisible()
    assert rows_shown(dashboard.expected_tree) >= 3
    assert rows_shown(dashboard.tree) >= 4  # the deadlines, still the larger share
    assert sum(dashboard.lists.sizes()) >= dashboard.height() * 3 // 4
    # The report buttons above the lists, under the filter, whole and inside the window.
    lists_top = top_of(dashboard.lists, dashboard)
    for button in dashboard.report_buttons:
        assert button.isVisible()
        assert top_of(button, dashboard) + button.height() <= lists_top
        assert top_of(button, dashboard) > top_of(dashboard.filter_edit, dashboard)
        assert button.width() >= button.sizeHint().width()
        assert button.mapTo(dashboard, QPoint(button.width(), 0)).x() <= dashboard.width()
    # The note on hover only: the title's tooltip says it.
    assert not dashboard.expected_note.isVisible()
    assert "projected" in dashboard.expected_title.toolTip()
    runner.wait_for_done()


def test_at_100_percent_the_note_shows_and_the_projections_show_whole(
        qtbot, runner: TaskRunner, demo: Database, tmp_path) -> None:
    dashboard = open_at(qtbot, runner, tmp_path, NORMAL)
    assert dashboard.expected_note.isVisible()
    model = dashboard.expected_tree.model()
    assert rows_shown(dashboard.expected_tree) >= model.rowCount() + sum(model.exposed)
    assert rows_shown(dashboard.tree) >= 15
    assert not dashboard.report_progress.isVisible()  # no empty row under the lists
    assert dashboard.lists.geometry().bottom() >= dashboard.height() - 20
    runner.wait_for_done()
