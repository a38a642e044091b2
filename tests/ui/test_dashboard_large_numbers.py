"""The dashboard's numbers at the size of a real installation: grouped as the case list's
status bar groups them ("15,520 overdue", not "15520"), the chart's title wrapped rather
than cut ("(199968, open and end…"), and the chart saying it is reading, not "No filing
tracks yet.", while the deadlines are still being read."""

from __future__ import annotations

from approvals.ui.dashboard import ChartBar, DashboardData, DeadlinesDashboard, chart_title
from tests.ui.test_dashboard_names import TODAY, dashboard, rows, track  # noqa: F401

MANY = 1_234


def test_counts_are_grouped_in_the_summary_headings_and_chart(
        dashboard: DeadlinesDashboard) -> None:  # noqa: F811
    tracks = [track(n, f"AP-2026-{n:06d}", f"Target {n}", "2027-06-01") for n in range(MANY)]
    dashboard._show(DashboardData(tracks, [("CN-FISR", "general_review", 71_036),
                                           ("US-OISP", "general_review", 5)]), today=TODAY)
    assert "<b>1,234</b> open tracks" in dashboard.summary.text()
    tree = dashboard.tree
    later = next(tree.topLevelItem(g) for g in range(tree.topLevelItemCount())
                 if tree.topLevelItem(g).childCount())
    assert later.text(0) == "Due later (1,234)"
    assert chart_title(dashboard.chart.counts) == "All tracks by state (71,041, open and ended)"
    assert dashboard.chart.bars[0].text() == "General review: 71,041 (CN-FISR 71,036, US-OISP 5)"
    assert ChartBar("Draft", 1_500, (("CN-FISR", 1_500),)).text() == "Draft: 1,500 (CN-FISR)"


def test_the_charts_title_wraps_in_a_narrow_chart(qtbot, dashboard: DeadlinesDashboard) -> None:  # noqa: F811
    dashboard._show(DashboardData([track(1, "AP", "T", "2027-01-01")],
                                  [("CN-FISR", "draft", 199_968)]), today=TODAY)
    chart = dashboard.chart
    lines = chart._title_lines(220)
    assert len(lines) == 2 and not any("…" in line for line in lines)
    assert " ".join(lines) == "All tracks by state (199,968, open and ended)"
    # The first bar sits below both lines: the chart is that much taller.
    assert chart.heightForWidth(220) > chart.heightForWidth(2_000)


def test_the_chart_reads_before_it_says_there_are_no_tracks(
        qtbot, dashboard: DeadlinesDashboard) -> None:  # noqa: F811
    assert dashboard.chart.reading  # nothing read yet: not "No filing tracks yet."
    dashboard._show(DashboardData([], []), today=TODAY)
    assert not dashboard.chart.reading and dashboard.chart.bars == []


def test_a_filter_that_keeps_nothing_says_what_to_do(qtbot, dashboard: DeadlinesDashboard) -> None:  # noqa: F811
    dashboard._show(DashboardData([track(1, "AP-2026-000001", "Alpha Ltd.", "2027-06-01")],
                                  []), today=TODAY)
    assert dashboard.tree.no_match == ""
    dashboard.filter_edit.setText("  zzz  q ")
    dashboard.apply_filter()
    assert dashboard.tree.no_match == "No row matches “zzz q”. Esc in the filter clears it."
    assert dashboard.expected_tree.no_match == ""  # no rows to hide there
    dashboard.filter_edit.setText("alpha")
    dashboard.apply_filter()
    assert dashboard.tree.no_match == ""
