"""The main window by keyboard alone: Tab reaches every control in reading order (the
filters, the list, the status bar's deadline counts; Clear filters when they hide every
case; the empty state's buttons), the focus shows, Enter opens the current case, Ctrl+D
then Escape opens and closes the dashboard."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from approvals.paths import DataDir
from approvals.services.cases import CaseRow
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_list import prepare_rows
from approvals.ui.main_window import LoadedList, MainWindow
from tests.ui.main_window_support import shown_main_window

YESTERDAY = (date.today() - timedelta(days=1)).isoformat()


def case_row(n: int, due: str | None = None) -> CaseRow:
    return CaseRow(id=n, reference=f"AP-2026-{n:04d}", target=f"Target {n}", investor="Fund",
                   amount_value=None, amount_currency=None, status="open", owner="alice",
                   updated_at="", regimes=("CN-FISR",), worst_state="general_review",
                   next_deadline=due)


@pytest.fixture
def window(qtbot, db: Database, data_dir: DataDir, admin: Actor) -> MainWindow:
    window = shown_main_window(qtbot, db, data_dir, admin)
    yield window
    if window.dashboard is not None:
        window.dashboard.close()
    window.runner.wait_for_done()


def show_rows(qtbot, window: MainWindow, rows: list[CaseRow]) -> None:
    window._show_cases(LoadedList(prepare_rows(rows), ("CN-FISR",), None, None),
                       window._generation)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)


def tab_chain(qtbot, start: QWidget, steps: int) -> list[QWidget]:
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(start.hasFocus)
    seen = []
    for _ in range(steps):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


def test_tab_goes_through_the_filters_the_list_and_the_deadline_counts(qtbot, window) -> None:
    show_rows(qtbot, window, [case_row(1, YESTERDAY), case_row(2)])
    overdue = window.urgent_buttons["overdue"]
    qtbot.waitUntil(overdue.isVisible)
    assert tab_chain(qtbot, window.filter_edit, 5) == [
        window.status_filter, window.regime_filter, window.table, overdue, window.filter_edit]


def test_clear_filters_is_reached_when_the_filters_hide_every_case(qtbot, window) -> None:
    show_rows(qtbot, window, [case_row(1), case_row(2)])
    window.filter_edit.setText("no such case")
    qtbot.waitUntil(window.no_match.isVisible)
    chain = tab_chain(qtbot, window.filter_edit, 3)
    assert chain == [window.status_filter, window.regime_filter, window.clear_filters_button]
    qtbot.keyClick(window.clear_filters_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)
    assert window.filter_edit.hasFocus()  # back where the typing was


def test_the_empty_state_buttons_are_tab_stops(qtbot, window) -> None:
    assert window.stack.currentIndex() == 1  # no cases yet
    chain = tab_chain(qtbot, window.create_button, 2)
    assert chain == [window.demo_button, window.create_button]


def test_enter_opens_the_current_case(qtbot, window) -> None:
    show_rows(qtbot, window, [case_row(1), case_row(2)])
    opened: list[str] = []
    window.open_case = opened.append  # no case window: the row's reference is what counts
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Down)  # the filter's Down: the list
    assert window.table.hasFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert opened == ["AP-2026-0002"]


def test_the_deadline_counts_show_their_focus(qtbot, window) -> None:
    show_rows(qtbot, window, [case_row(1, YESTERDAY)])
    button = window.urgent_buttons["overdue"]
    qtbot.waitUntil(button.isVisible)
    window.filter_edit.setFocus()
    unfocused = button.grab().toImage()
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(button.hasFocus)
    assert button.grab().toImage() != unfocused  # a visible focus frame, not a flat nothing


def test_ctrl_d_then_escape_opens_and_closes_the_dashboard(qtbot, window) -> None:
    show_rows(qtbot, window, [case_row(1)])
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    dashboard = window.dashboard
    assert dashboard is not None
    qtbot.waitUntil(dashboard.isVisible)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    dashboard.activateWindow()
    dashboard.tree.setFocus()
    qtbot.keyClick(dashboard.tree, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dashboard.isVisible())
