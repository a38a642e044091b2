"""A deal the negative list prohibits opens no filing track, and the dashboard lists
tracks: it stood on the dashboard nowhere (its "prohibited" count counted tracks). The
summary names the open cases the screening blocks with no open track, the tooltip says
what blocks each."""

from __future__ import annotations

from approvals.services.workspace import BlockedCase, blocked_without_tracks
from approvals.store.db import Database
from approvals.ui.dashboard import DashboardData, DeadlinesDashboard
from tests.ui.test_dashboard_names import TODAY, dashboard, track  # noqa: F401


def test_the_demo_s_prohibited_deal_without_tracks_is_found(demo: Database) -> None:
    with demo.read_session() as s:
        blocked = {b.reference: b.blocks for b in blocked_without_tracks(s)}
    # Chengdu Jiwen News: internet news, prohibited by the negative list, no track.
    assert ("CN-NEGATIVE-LIST", "prohibited") in blocked["AP-2026-0007"]
    with demo.read_session() as s:
        with_tracks = {row[0] for row in s.connection().exec_driver_sql(
            "SELECT DISTINCT c.reference FROM cases c JOIN filing_tracks t ON t.case_id = c.id "
            "WHERE t.completed_on IS NULL")}
    assert not with_tracks & set(blocked)


def test_the_summary_names_them(dashboard: DeadlinesDashboard) -> None:  # noqa: F811
    blocked = [BlockedCase("AP-2026-0007", (("CN-NEGATIVE-LIST", "prohibited"),)),
               BlockedCase("AP-2026-0011", (("US-OISP", "needs_info"),))]
    dashboard._show(DashboardData([track(1, "AP-2026-0001", "Shenzhen Deepframe", None)], [],
                                  blocked=blocked), today=TODAY)
    summary = dashboard.summary.text()
    assert "<b style='color:" in summary and summary.endswith("2</b> blocked"), summary
    tip = dashboard.summary.toolTip()
    assert "“2 blocked” counts open cases the screening blocks that have no open filing " \
        "track" in tip
    assert "AP-2026-0007: CN-NEGATIVE-LIST prohibited by screening" in tip
    assert "AP-2026-0011: US-OISP facts missing" in tip


def test_without_any_track_they_are_still_named(dashboard: DeadlinesDashboard) -> None:  # noqa: F811
    dashboard._show(DashboardData([], [], blocked=[
        BlockedCase("AP-2026-0007", (("CN-NEGATIVE-LIST", "prohibited"),))]), today=TODAY)
    summary = dashboard.summary.text()
    assert summary.startswith("No open filing tracks.")
    assert "Not listed: " in summary and "1</b> blocked (open cases the screening blocks; hover for which)" in summary


def test_none_blocked_adds_nothing(dashboard: DeadlinesDashboard) -> None:  # noqa: F811
    dashboard._show(DashboardData([track(1, "AP-2026-0001", "Shenzhen Deepframe", None)], []),
                    today=TODAY)
    assert "blocked" not in dashboard.summary.text()
