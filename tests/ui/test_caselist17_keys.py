"""The status bar's deadline counts have Alt keys as every button does (Alt+O the overdue
cases, Alt+W those due within 3 working days, from anywhere in the window), and the Regime
filter says on hover what it keeps, as the Status filter does."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from approvals.paths import DataDir
from approvals.services.cases import CaseRow
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_list import prepare_rows
from approvals.ui.main_window import LoadedList, MainWindow
from tests.ui.main_window_support import shown_main_window

TODAY = date(2026, 12, 1)


def case_row(n: int, due: str | None = None) -> CaseRow:
    return CaseRow(id=n, reference=f"AP-2026-{n:04d}", target=f"Target {n}", investor="Fund",
                   amount_value=None, amount_currency=None, status="open", owner="alice",
                   updated_at="", regimes=("CN-FISR",), worst_state="general_review",
                   next_deadline=due, next_deadline_regime="CN-FISR" if due else "")


@pytest.fixture
def window(qtbot, db: Database, data_dir: DataDir, admin: Actor) -> MainWindow:
    window = shown_main_window(qtbot, db, data_dir, admin)
    yield window
    window.runner.wait_for_done()


def shown(qtbot, window: MainWindow) -> None:
    """Two overdue cases, one due tomorrow, one later, on the list's day TODAY."""
    window.refresh_if_new_day = lambda: None  # TODAY is the list's day, not the clock's
    rows = [case_row(1, "2026-11-20"), case_row(2, "2026-11-30"), case_row(3, "2026-12-02"),
            case_row(4, "2027-01-15")]
    limit = (TODAY + timedelta(days=3)).isoformat()
    window._show_cases(LoadedList(prepare_rows(rows), ("CN-FISR",), limit, limit,
                                  today=TODAY), window._generation)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    qtbot.waitUntil(lambda: window.urgent_buttons["due_soon"].isVisible())


def references(window: MainWindow) -> list[str]:
    return [window.model.data(window.model.index(r, 0)) for r in range(window.model.rowCount())]


def test_alt_o_and_alt_w_show_the_cases_the_counts_name(qtbot, window: MainWindow) -> None:
    shown(qtbot, window)
    overdue, soon = window.urgent_buttons["overdue"], window.urgent_buttons["due_soon"]
    assert overdue.text() == "2 cases &overdue"
    assert soon.text() == "1 case due &within 3 working days"
    assert overdue.accessibleName() == "2 cases overdue: show them"  # read without the &
    assert "Alt+O" in overdue.toolTip() and "Alt+W" in soon.toolTip()
    window.filter_edit.setFocus()
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.status_filter.currentData() == "overdue")
    qtbot.waitUntil(lambda: references(window) == ["AP-2026-0001", "AP-2026-0002"])
    assert window.filter_edit.text() == ""  # no "o" typed into the filter
    qtbot.keyClick(window.table, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.status_filter.currentData() == "due_soon")
    qtbot.waitUntil(lambda: references(window) == ["AP-2026-0003"])


def test_the_regime_filter_says_what_it_keeps(window: MainWindow) -> None:
    assert "Regimes needing action" in window.regime_filter.toolTip()
