"""The deadlines dashboard's "Due this week" says which days it holds (today to the week's
Sunday, not the next seven days), a deadline due today is not overdue, and an amber date
(due within 3 working days) is said in words and bold, not by its colour alone."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from approvals.services.deadline_report import DueSoon, section_of
from approvals.services.workspace import OpenTrack
from approvals.ui.dashboard import (
    DUE,
    DashboardData,
    DeadlinesDashboard,
    this_week_words,
    week_end,
)
from approvals.ui.workers import TaskRunner

TUESDAY = date(2026, 12, 1)
SUNDAY = date(2026, 12, 6)


def track(track_id: int, due: str | None, stopped: bool = False) -> OpenTrack:
    return OpenTrack(
        track_id,
        f"AP-2026-{track_id:04d}",
        "Target Ltd.",
        "CN-FISR",
        "CN-FISR",
        "general_review",
        due,
        False,
        stopped,
        "alice",
    )


def shown(
    qtbot, runner: TaskRunner, today: date, *tracks: OpenTrack, due_soon: DueSoon | None = None
) -> DeadlinesDashboard:
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    dashboard._show(
        DashboardData(list(tracks), [("CN-FISR", "general_review", len(tracks))], [], due_soon),
        today,
    )
    return dashboard


def group_rows(dashboard: DeadlinesDashboard) -> dict[str, list[str]]:
    model = dashboard.tree.model()
    out = {}
    for g, group in enumerate(model.prepared.groups):
        heading = model.index(g, 0)
        out[group.key] = [
            model.data(model.index(r, 1, heading)) for r in range(model.rowCount(heading))
        ]
    return out


def heading(dashboard: DeadlinesDashboard, key: str) -> str:
    model = dashboard.tree.model()
    g = next(n for n, group in enumerate(model.prepared.groups) if group.key == key)
    return model.data(model.index(g, 0))


def test_this_week_runs_from_today_to_sunday_and_says_so(qtbot, runner: TaskRunner) -> None:
    dashboard = shown(
        qtbot,
        runner,
        TUESDAY,
        track(1, "2026-11-30"),  # yesterday: overdue
        track(2, "2026-12-01"),  # today: due, not yet overdue
        track(3, "2026-12-06"),  # Sunday: still this week
        track(4, "2026-12-07"),  # Monday: next week, within seven days
        track(5, None, stopped=True),
    )
    groups = group_rows(dashboard)
    assert groups["overdue"] == ["AP-2026-0001"]
    assert groups["this_week"] == ["AP-2026-0002", "AP-2026-0003"]
    assert groups["later"] == ["AP-2026-0004"]
    assert groups["stopped"] == ["AP-2026-0005"]
    assert heading(dashboard, "this_week") == ("Due this week (2) · today to Sunday 6 Dec 2026")
    summary = dashboard.summary.text()
    assert "<b>2</b> due this week (to Sunday 6 Dec)" in summary
    assert "<b>1</b> with the clock stopped" in summary


def test_on_a_sunday_this_week_is_today_only(qtbot, runner: TaskRunner) -> None:
    dashboard = shown(qtbot, runner, SUNDAY, track(1, "2026-12-06"), track(2, "2026-12-07"))
    assert group_rows(dashboard)["this_week"] == ["AP-2026-0001"]
    assert heading(dashboard, "this_week") == "Due this week (1) · today only, Sunday 6 Dec 2026"
    assert "due this week (today only)" in dashboard.summary.text()


def test_the_words_name_the_days_the_section_holds() -> None:
    for offset in range(14):  # every weekday, twice
        today = TUESDAY + timedelta(days=offset)
        end = week_end(today)
        assert end.weekday() == 6 and 0 <= (end - today).days <= 6
        assert section_of(track(1, end.isoformat()), today) == "this_week"
        assert section_of(track(1, (end + timedelta(days=1)).isoformat()), today) == "later"
        assert f"Sunday {end.day} {end:%b %Y}" in this_week_words(today)


def test_an_amber_date_is_bold_and_said_in_words(qtbot, runner: TaskRunner) -> None:
    soon = DueSoon("2026-12-01", "2026-12-04", "2026-12-04")
    dashboard = shown(
        qtbot,
        runner,
        TUESDAY,
        track(1, "2026-11-30"),
        track(2, "2026-12-04"),
        track(3, "2026-12-05"),
        due_soon=soon,
    )
    model = dashboard.tree.model()
    keys = [g.key for g in model.prepared.groups]
    overdue = model.index(0, DUE, model.index(keys.index("overdue"), 0))
    week = model.index(keys.index("this_week"), 0)
    amber, plain = model.index(0, DUE, week), model.index(1, DUE, week)
    assert model.data(amber) == "2026-12-04" and model.data(plain) == "2026-12-05"
    assert model.data(amber, Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(amber, Qt.ItemDataRole.FontRole).bold()
    assert model.data(overdue, Qt.ItemDataRole.FontRole).bold()
    assert model.data(plain, Qt.ItemDataRole.FontRole) is None
    assert model.data(amber, Qt.ItemDataRole.ToolTipRole) == "Due within 3 working days"
    assert model.data(plain, Qt.ItemDataRole.ToolTipRole) is None
    assert (
        model.data(amber, Qt.ItemDataRole.AccessibleTextRole)
        == "2026-12-04, due within 3 working days"
    )
    # The bold date is not cut: Due is measured in bold.
    bold = model.data(amber, Qt.ItemDataRole.FontRole)
    assert (
        QFontMetrics(bold).horizontalAdvance("2026-12-04")
        < dashboard.tree.columnWidth(DUE) - 2 * dashboard.tree.indentation()
    )


def test_the_charts_tab_stop_says_every_count(qtbot, runner: TaskRunner) -> None:
    """Tab reaches the chart's scroll area, not the painted chart: a screen reader there
    heard "All tracks by state" and no number."""
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    dashboard._show(
        DashboardData(
            [track(1, "2026-12-04")],
            [("CN-FISR", "general_review", 3), ("US-OISP", "draft", 2), ("CN-FISR", "draft", 1)],
        ),
        TUESDAY,
    )
    said = dashboard.chart_scroll.accessibleDescription()
    assert said == "Draft: 3 (US-OISP 2, CN-FISR 1), General review: 3 (CN-FISR)"
    assert dashboard.chart_scroll.focusPolicy() & Qt.FocusPolicy.TabFocus
