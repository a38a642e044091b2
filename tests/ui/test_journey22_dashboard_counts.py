"""The deadlines dashboard's summary after a first case: "1 open track", not "1 open
tracks" (the first thing an officer reads there after filing her first US notification)."""

from __future__ import annotations

from approvals.services.workspace import OpenTrack
from approvals.ui.dashboard import DashboardData, DeadlinesDashboard
from tests.ui.test_dashboard_names import TODAY, dashboard, track  # noqa: F401


def test_one_open_track_is_said_in_the_singular(dashboard: DeadlinesDashboard) -> None:  # noqa: F811
    dashboard._show(DashboardData([track(1, "AP-2026-0001", "Shenzhen Deepframe", None,
                                         regime="US-OISP")], []), today=TODAY)
    summary = dashboard.summary.text()
    assert summary.startswith("<b>1</b> open track · "), summary


def test_one_open_condition_is_said_in_the_singular(dashboard: DeadlinesDashboard) -> None:  # noqa: F811
    condition = OpenTrack(2, "AP-2026-0002", "Other", "CN-SAMR", "CN-SAMR",
                          "cleared_with_conditions", "2027-01-20", False, False, "bob",
                          condition="Divest the overlapping business", obligation_id=7)
    tracks = [track(n, f"AP-2026-{n:04d}", f"Target {n}", "2027-06-01") for n in (3, 4)]
    dashboard._show(DashboardData([*tracks, condition], []), today=TODAY)
    summary = dashboard.summary.text()
    assert "<b>2</b> open tracks · <b>1</b> open condition · " in summary, summary
