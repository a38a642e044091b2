"""The case list's deadlines over time and in words: the list left open overnight reads
itself again for the new day (yesterday's "due today" amber is today's red), its colours go
by the day the worker counted the amber limits for, the amber of a US deadline says which
calendar's working days it counted, and the counts say what they count (cases in the
status bar, tracks and conditions on the dashboard)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QEvent, Qt

from approvals.paths import DataDir
from approvals.services.cases import CaseRow
from approvals.services.workspace import OpenTrack
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_list import DEADLINE_COLUMN, STATUS_COLUMN, CaseTableModel, prepare_rows
from approvals.ui.dashboard import DashboardData, DeadlinesDashboard, rows_counted
from approvals.ui.main_window import LoadedList, MainWindow
from approvals.ui.workers import TaskRunner
from tests.ui.main_window_support import shown_main_window

TUESDAY = date(2026, 12, 1)


def case_row(n: int, due: str | None, regimes: tuple[str, ...] = ("CN-FISR",),
             owner_regime: str = "") -> CaseRow:
    return CaseRow(id=n, reference=f"AP-2026-{n:04d}", target=f"Target {n}", investor="Fund",
                   amount_value=None, amount_currency=None, status="open", owner="alice",
                   updated_at="", regimes=regimes, worst_state="general_review",
                   next_deadline=due, next_deadline_regime=owner_regime)


@pytest.fixture
def window(qtbot, db: Database, data_dir: DataDir, admin: Actor) -> MainWindow:
    window = shown_main_window(qtbot, db, data_dir, admin)
    yield window
    window.runner.wait_for_done()


def test_the_list_reads_itself_again_on_a_new_day_only(qtbot, window: MainWindow,
                                                       monkeypatch) -> None:
    assert window._day_timer.isActive()  # set when the list came in
    assert window.model.today == date.today()
    reads: list[date] = []
    monkeypatch.setattr(window, "refresh", lambda: reads.append(window.model.today))
    window.refresh_if_new_day()  # the same day: nothing read
    window._day_timer.timeout.emit()
    assert reads == []
    yesterday = date.today() - timedelta(days=1)
    window.model.today = yesterday  # left open overnight
    window._day_timer.timeout.emit()  # just after midnight
    assert reads == [yesterday]
    # Back to the window after the computer slept (its timer did not run meanwhile).
    window.changeEvent(QEvent(QEvent.Type.ActivationChange))
    assert len(reads) == (2 if window.isActiveWindow() else 1)


def test_a_refresh_on_the_new_day_turns_yesterdays_amber_red(qtbot, window: MainWindow) -> None:
    """The list shown yesterday: a deadline due that day amber; read again today, red."""
    row = case_row(1, TUESDAY.isoformat())
    loaded = LoadedList(prepare_rows([row]), ("CN-FISR",), "2026-12-04", "2026-12-04",
                        today=TUESDAY)
    window._show_cases(loaded, window._generation)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    # The colours go by the day the limits were counted for, not the day the rows arrived.
    assert window.model.today == TUESDAY
    index = window.model.index(0, DEADLINE_COLUMN)
    assert "due within 3 working days" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert window.urgent_counts.due_soon == 1
    wednesday = TUESDAY + timedelta(days=1)
    window._show_cases(LoadedList(prepare_rows([row]), ("CN-FISR",), "2026-12-07",
                                  "2026-12-07", today=wednesday), window._generation)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    index = window.model.index(0, DEADLINE_COLUMN)
    assert index.data(Qt.ItemDataRole.AccessibleTextRole).endswith(", overdue")
    assert window.urgent_counts.overdue == 1 and window.urgent_counts.due_soon == 0
    assert window.urgent_buttons["overdue"].text() == "1 case &overdue"


def test_an_amber_us_deadline_says_which_calendar_counted_it(qtbot) -> None:
    model = CaseTableModel()
    model.today = TUESDAY
    model.due_soon_cn, model.due_soon_us = "2026-12-04", "2026-12-07"
    model.set_rows([case_row(1, "2026-12-07", ("CN-FISR", "US-OISP"), "US-OISP"),
                    case_row(2, "2026-12-03", ("CN-FISR", "US-OISP"), "CN-FISR")])
    us, cn = (model.index(r, DEADLINE_COLUMN) for r in range(2))
    assert model.urgency(model.row_at(0)) == "due_soon"  # the US calendar's Monday
    assert us.data(Qt.ItemDataRole.ToolTipRole) == (
        "Due within 3 working days\nWorking days of the US federal calendar (US-OISP)")
    assert cn.data(Qt.ItemDataRole.ToolTipRole).endswith(
        "Working days of the Chinese State Council calendar (CN-FISR)")


def track(track_id: int, due: str | None, condition: str | None = None,
          stopped: bool = False) -> OpenTrack:
    return OpenTrack(track_id, f"AP-2026-{track_id:04d}", "Target Ltd.", "CN-FISR", "CN-FISR",
                     "general_review", due, False, stopped, "alice", condition=condition)


def test_the_dashboards_counts_say_tracks_and_conditions(qtbot, runner: TaskRunner) -> None:
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    rows = [track(1, "2026-11-20"), track(2, "2026-11-25", condition="Report annually"),
            track(3, "2026-11-26", condition="Keep the data onshore"),
            track(4, "2026-12-03"), track(5, None, stopped=True)]
    dashboard._show(DashboardData(rows, [("CN-FISR", "general_review", 3)], [], None), TUESDAY)
    summary = dashboard.summary.text()
    assert "<b>3</b> open tracks · <b>2</b> open conditions · " in summary
    assert "</b> track and <b style='color:" in summary
    assert "</b> conditions overdue · <b>1</b> due this week" in summary
    assert rows_counted([]) == "<b>0</b> tracks"
    assert rows_counted([track(1, None, condition="x")]) == "<b>1</b> condition"


def test_the_column_tips_say_conditions_and_closed_tracks() -> None:
    model = CaseTableModel()
    deadline = model.headerData(DEADLINE_COLUMN, Qt.Orientation.Horizontal,
                                Qt.ItemDataRole.ToolTipRole)
    # The Next deadline is a condition's due date too (the README says so; the tip did not).
    assert "or of an open condition of a clearance" in deadline
    assert "on the calendar of the track the deadline belongs to" in deadline
    status = model.headerData(STATUS_COLUMN, Qt.Orientation.Horizontal,
                              Qt.ItemDataRole.ToolTipRole)
    assert "“Open (tracks closed)”" in status


def test_the_dashboards_summary_says_on_hover_what_it_counts(qtbot, runner: TaskRunner) -> None:
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    tip = dashboard.summary.toolTip()
    assert "tracks and the open conditions (and follow-ups)" in tip and "counts cases" in tip
