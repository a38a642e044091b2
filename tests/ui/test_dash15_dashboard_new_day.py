"""The deadlines dashboard left open overnight reads its deadlines again for the new day
(at midnight, or on coming back to the window after the computer slept): yesterday's
"due today" is overdue, and on a Monday "this week" is the new week."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from approvals.ui.dashboard import NEXT_DAY_MARGIN_MS, DeadlinesDashboard, until_next_day
from approvals.ui.workers import TaskRunner


def test_the_timer_runs_to_just_after_midnight() -> None:
    assert until_next_day(datetime(2026, 12, 1, 23, 59, 0)) == 60_000 + NEXT_DAY_MARGIN_MS
    assert until_next_day(datetime(2026, 12, 6, 0, 0, 0)) == 86_400_000 + NEXT_DAY_MARGIN_MS
    assert until_next_day(datetime(2026, 12, 31, 12, 0, 0)) == 43_200_000 + NEXT_DAY_MARGIN_MS


def test_read_again_on_a_new_day_only(qtbot, runner: TaskRunner, monkeypatch) -> None:
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    dashboard.show()
    qtbot.waitExposed(dashboard)
    dashboard.reload()
    assert dashboard.read_for == date.today()
    assert dashboard._day_timer.isActive()
    reads: list[date | None] = []
    monkeypatch.setattr(dashboard, "reload", lambda: reads.append(dashboard.read_for))
    dashboard.reload_if_new_day()  # the same day: nothing read
    assert reads == []
    dashboard.read_for = date.today() - timedelta(days=1)  # left open overnight
    dashboard.reload_if_new_day()
    assert reads == [date.today() - timedelta(days=1)]
    dashboard.hide()  # a hidden dashboard waits for Ctrl+D, which reads it afresh
    dashboard.reload_if_new_day()
    assert len(reads) == 1
    runner.wait_for_done()
