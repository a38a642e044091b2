"""An expected completion date already past is said in its cell ("(passed)") and by the
Completion header's tooltip, not by amber alone: the dashboard's amber otherwise means "due
within 3 working days", which a passed completion is not."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from approvals.ui.dashboard import (
    COMPLETION_PASSED_MARK,
    DUE,
    EXPECTED_COMPLETION,
    DashboardData,
    DeadlinesDashboard,
)
from approvals.ui.widgets import due_soon_colour
from approvals.ui.workers import TaskRunner
from tests.ui.test_dashboard_expected import expected

TODAY = date(2026, 11, 29)


def test_a_passed_completion_says_so(qtbot, runner: TaskRunner) -> None:
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    dashboard._show(DashboardData([], [], [
        expected(2, "AP-2026-0002", "2026-11-20", "2026-12-21"),  # passed, not yet due
        expected(3, "AP-2026-0003", "2027-02-01", "2027-03-03"),
    ]), today=TODAY)
    tree = dashboard.expected_tree
    model = tree.model()
    # Said by the heading too, which is in sight however narrow the list (at 200 % the
    # Completion column is scrolled out of it).
    assert tree.topLevelItem(0).text(0) == ("Due dates projected from the expected completion date "
                                            "(2) · 1 expected completion date passed")
    passed, later = (tree.topLevelItem(0).child(r) for r in range(2))
    assert passed.text(EXPECTED_COMPLETION) == "2026-11-20" + COMPLETION_PASSED_MARK
    assert passed.foreground(EXPECTED_COMPLETION).color() == due_soon_colour()
    assert "expected completion date has passed" in passed.toolTip(EXPECTED_COMPLETION)
    assert passed.foreground(DUE).style() == Qt.BrushStyle.NoBrush  # not due soon, not late
    assert later.text(EXPECTED_COMPLETION) == "2027-02-01"
    assert later.foreground(EXPECTED_COMPLETION).style() == Qt.BrushStyle.NoBrush
    tip = model.headerData(EXPECTED_COMPLETION, Qt.Orientation.Horizontal,
                           Qt.ItemDataRole.ToolTipRole)
    assert "“(passed)”" in tip and "record the completion date" in tip
    # Still sorted by the date, and found by the word.
    header = tree.header()
    header.setSortIndicator(EXPECTED_COMPLETION, Qt.SortOrder.DescendingOrder)
    assert tree.topLevelItem(0).child(0).text(1) == "AP-2026-0003"
    dashboard.filter_edit.setText("passed")
    dashboard.apply_filter()
    assert tree.topLevelItem(0).childCount() == 1
    assert tree.topLevelItem(0).child(0).text(1) == "AP-2026-0002"
    assert tree.topLevelItem(0).text(0).endswith("(1 of 2) · 1 expected completion date passed")
