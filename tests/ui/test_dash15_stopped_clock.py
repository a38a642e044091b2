"""A stopped clock on the deadlines dashboard says since when it stands: its Due is "—"
(no deadline runs), and hovering it gives the day it stopped and how long
ago, which an officer chasing an authority's request for materials needs."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from sqlmodel import col, select

from approvals.services.workspace import OpenTrack, open_deadlines
from approvals.store.db import Database
from approvals.store.models import FilingTrack
from approvals.ui.dashboard import DUE, STATE, DashboardData, DeadlinesDashboard
from approvals.ui.workers import TaskRunner

TODAY = date(2026, 12, 1)


def test_the_dashboard_reads_when_each_stopped_clock_stopped(demo: Database) -> None:
    with demo.session() as session:
        stopped = {
            t.id: t.clock_stopped_on
            for t in session.exec(
                select(FilingTrack).where(col(FilingTrack.clock_stopped_on).is_not(None))
            )
        }
        rows = open_deadlines(session)
    assert stopped  # the demo has a stopped clock
    for row in rows:
        if row.condition is None:
            assert row.stopped_on == stopped.get(row.track_id)
            assert row.stopped == (row.stopped_on is not None)


def test_hovering_a_stopped_clock_says_since_when(qtbot, runner: TaskRunner) -> None:
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    stopped, today = (
        OpenTrack(track_id, reference, "Target Ltd.", "CN-SAMR", "CN-SAMR", "materials_requested",
                  None, False, True, "alice", stopped_on=stopped_on)
        for track_id, reference, stopped_on in ((1, "AP-2026-0002", "2026-11-17"),
                                                 (2, "AP-2026-0003", "2026-12-01")))
    dashboard._show(DashboardData([stopped, today], []), TODAY)
    model = dashboard.tree.model()
    g = next(n for n, group in enumerate(model.prepared.groups) if group.key == "stopped")
    heading = model.index(g, 0)
    due, state = model.index(0, DUE, heading), model.index(0, STATE, heading)
    assert model.data(due) == "—"
    words = (
        "Clock stopped on 17 Nov 2026, 14 days ago: no deadline runs until it resumes, "
        "when the days left are counted again"
    )
    assert model.data(due, Qt.ItemDataRole.ToolTipRole) == words
    assert model.data(state) == "Materials requested"
    stopped_today = model.index(1, DUE, heading)
    assert model.data(stopped_today, Qt.ItemDataRole.ToolTipRole).startswith(
        "Clock stopped on 1 Dec 2026, today: "
    )
