"""Open conditions of a clearance and estimated due dates, as the workspace shows them."""

from __future__ import annotations

from datetime import date

from approvals.domain.typed_input import search_key
from approvals.services.cases import CaseRow
from approvals.services.workspace import OpenTrack
from approvals.ui.case_list import (
    CaseTableModel,
    haystacks_of,
    row_texts,
    searched_texts,
)
from approvals.ui.dashboard import DashboardData, DeadlinesDashboard


def test_an_estimated_next_deadline_says_so_in_the_list_and_its_filter(qtbot) -> None:
    rows = [
        CaseRow(1, "AP-2026-0001", "T", "I", None, None, "open", "alice", "", ("CN-FISR",),
                "general_review", "2031-03-10", True),
        CaseRow(2, "AP-2026-0002", "T", "I", None, None, "open", "bob", "", ("CN-FISR",),
                "general_review", "2026-12-01"),
    ]
    assert row_texts(rows[0])[6] == "2031-03-10 (estimated)"
    assert row_texts(rows[1])[6] == "2026-12-01"
    assert haystacks_of(rows) == [search_key("\x1f".join(searched_texts(r))) for r in rows]
    model = CaseTableModel()
    model.set_rows(rows)
    model.set_filter("estimated")
    assert model.rowCount() == 1 and model.row_at(0).id == 1


def test_the_dashboard_lists_open_conditions_beside_the_tracks(qtbot, runner) -> None:
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    track = OpenTrack(1, "AP-2026-0001", "Target", "CN-FISR", "CN-FISR", "general_review",
                      "2026-12-20", False, False, "alice")
    condition = OpenTrack(2, "AP-2026-0002", "Other", "CN-SAMR", "CN-SAMR",
                          "cleared_with_conditions", "2026-11-20", False, False, "bob",
                          condition="Divest the overlapping business", obligation_id=7)
    dashboard._show(DashboardData([condition, track], [("CN-FISR", "general_review", 1)]),
                    today=date(2026, 11, 25))
    overdue = dashboard.tree.topLevelItem(0)
    assert overdue.text(0) == "Overdue (1)"
    row = overdue.child(0)
    assert row.text(1) == "AP-2026-0002"
    assert row.text(4) == "Condition: Divest the overlapping business"
    assert "CN-SAMR clearance" in row.toolTip(4)
    summary = dashboard.summary.text()
    assert "<b>1</b> open track · " in summary and "<b>1</b> open condition · " in summary


def test_prohibited_deals_stand_apart_on_the_dashboard(qtbot, runner) -> None:
    """A track opened for a prohibited outcome never gets a due date: it is listed in a
    section of its own, in red, not among the drafts waiting for a completion date; after
    the overdue and this week's (listed first, 16 prohibited rows pushed the overdue ones
    under a laptop screen's foot); no section when none is."""
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    waiting = OpenTrack(1, "AP-2026-0001", "Waiting", "US-OISP", "US-OISP", "draft", None,
                        False, False, "alice", outcome="notification_required")
    prohibited = OpenTrack(2, "AP-2026-0002", "Frontier", "US-OISP", "US-OISP", "draft", None,
                           False, False, "bob", outcome="prohibited")
    dashboard._show(DashboardData([waiting, prohibited], [("US-OISP", "draft", 2)]),
                    today=date(2026, 11, 25))
    sections = [dashboard.tree.topLevelItem(i)
                for i in range(dashboard.tree.topLevelItemCount())]
    assert [t.text(0).split(" (")[0] for t in sections[:3]] == [
        "Overdue", "Due this week", "Prohibited by the screening — cannot be filed"]
    assert sections[2].text(0) == "Prohibited by the screening — cannot be filed (1)"
    assert sections[2].child(0).text(1) == "AP-2026-0002"
    no_date = dashboard.tree.topLevelItem(dashboard.tree.topLevelItemCount() - 1)
    assert no_date.text(0) == "No due date yet (1)" and no_date.child(0).text(1) == "AP-2026-0001"
    assert "prohibited" in dashboard.summary.text()

    dashboard._show(DashboardData([waiting], [("US-OISP", "draft", 1)]), today=date(2026, 11, 25))
    titles = [dashboard.tree.topLevelItem(i).text(0)
              for i in range(dashboard.tree.topLevelItemCount())]
    assert not any(t.startswith("Prohibited") for t in titles)
    assert "prohibited" not in dashboard.summary.text()
