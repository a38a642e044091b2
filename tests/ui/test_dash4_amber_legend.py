"""The dashboard's amber is the case list's, and its Due header says so: a row due within
3 working days has its Due in the case list's amber; a later one this week is plain."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from approvals.services.deadline_report import DueSoon
from approvals.services.workspace import OpenTrack
from approvals.ui.case_list import COLUMNS
from approvals.ui.dashboard import DUE, DashboardData, DeadlinesDashboard
from approvals.ui.widgets import due_soon_colour
from approvals.ui.workers import TaskRunner

MONDAY = date(2026, 11, 23)


def test_amber_rows_and_the_header_say_within_three_working_days(
        qtbot, runner: TaskRunner) -> None:
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    tracks = [OpenTrack(n, f"AP-2026-{n:04d}", "Target", "CN-FISR", "CN-FISR",
                        "general_review", due, False, False, "alice")
              for n, due in ((1, "2026-11-25"), (2, "2026-11-28"))]
    dashboard._show(DashboardData(tracks, [("CN-FISR", "general_review", 2)], [],
                                  DueSoon("2026-11-23", "2026-11-26", "2026-11-27")), MONDAY)
    model = dashboard.tree.model()
    week = next(n for n, g in enumerate(model.prepared.groups) if g.key == "this_week")
    heading = model.index(week, DUE)
    assert model.data(heading).startswith("Due this week")
    assert model.data(heading, Qt.ItemDataRole.ForegroundRole) is None  # a section only
    soon, later = (model.index(r, DUE, heading) for r in range(2))
    assert model.data(soon) == "2026-11-25"
    amber = model.data(soon, Qt.ItemDataRole.ForegroundRole)
    assert amber is not None and amber.color() == due_soon_colour()
    assert model.data(later, Qt.ItemDataRole.ForegroundRole) is None
    tip = model.headerData(DUE, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "amber when due within 3 working days" in tip
    case_list_tip = next(c.tip for c in COLUMNS if c.title == "Next deadline")
    assert "amber and bold when due within 3 working days" in case_list_tip
