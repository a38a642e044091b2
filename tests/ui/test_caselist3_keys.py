"""The case list with many rows, by keyboard: Home and End go to the first and last case
(a row list, not a grid: they moved the current cell to the first or last column of the
same row), selecting it as the arrows do; the regime filter shows its longest regime
whole once the list has loaded (it was sized for "All regimes" alone)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from approvals.paths import DataDir
from approvals.services.cases import CaseRow
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_list import prepare_rows
from approvals.ui.main_window import LoadedList, MainWindow
from approvals.ui.workers import TaskRunner

ROWS = 300


def case_row(n: int, regimes: tuple[str, ...] = ("CN-FISR",)) -> CaseRow:
    return CaseRow(id=n, reference=f"AP-2026-{n:04d}", target=f"Target {n}", investor="Fund",
                   amount_value=None, amount_currency=None, status="open", owner="alice",
                   updated_at="", regimes=regimes, worst_state="general_review",
                   next_deadline=None)


def open_window(qtbot, db: Database, data_dir: DataDir, admin: Actor) -> MainWindow:
    window = MainWindow(TaskRunner(db), data_dir, admin)
    qtbot.addWidget(window)
    window.resize(1280, 780)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.runner.idle and window.count_label.text() != "",
                    timeout=10_000)
    return window


@pytest.fixture
def window(qtbot, db: Database, data_dir: DataDir, admin: Actor) -> Iterator[MainWindow]:
    window = open_window(qtbot, db, data_dir, admin)
    yield window
    window.runner.wait_for_done()


def show_rows(qtbot, window: MainWindow, rows: list[CaseRow],
              regimes: tuple[str, ...] = ("CN-FISR",)) -> None:
    window._show_cases(LoadedList(prepare_rows(rows), regimes, None, None),
                       window._generation)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)


def _press(qtbot, window: MainWindow, key: Qt.Key,
           modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.table, key, modifiers)


def _selected(window: MainWindow) -> list[int]:
    return sorted(window._selected_rows())


def test_home_and_end_go_to_the_first_and_last_case(qtbot, window: MainWindow) -> None:
    show_rows(qtbot, window, [case_row(n) for n in range(1, ROWS + 1)])
    window.table.setFocus()
    window.table.selectRow(5)
    qtbot.waitUntil(window.table.hasFocus)
    _press(qtbot, window, Qt.Key.Key_End)
    assert window.table.currentIndex().row() == ROWS - 1
    assert _selected(window) == [ROWS - 1]  # selected, as a Down arrow would
    assert window.selected_reference() == f"AP-2026-{ROWS:04d}"
    # Scrolled there: the last row is on screen.
    last = window.table.visualRect(window.table.currentIndex())
    assert window.table.viewport().rect().intersects(last)
    _press(qtbot, window, Qt.Key.Key_Home)
    assert window.table.currentIndex().row() == 0 and _selected(window) == [0]
    # The column the cursor is in stays the same (Enter and Shift+F10 go by the row).
    assert window.table.currentIndex().column() == 0


def test_ctrl_home_and_end_select_too(qtbot, window: MainWindow) -> None:
    # Qt's Ctrl+End moved the cursor to the last row and left the highlight behind on the
    # first: Enter then opened a case other than the one highlighted.
    show_rows(qtbot, window, [case_row(n) for n in range(1, ROWS + 1)])
    window.table.setFocus()
    window.table.selectRow(0)
    _press(qtbot, window, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert window.table.currentIndex().row() == ROWS - 1 and _selected(window) == [ROWS - 1]
    _press(qtbot, window, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert window.table.currentIndex().row() == 0 and _selected(window) == [0]


def test_shift_end_selects_to_the_last_case(qtbot, window: MainWindow) -> None:
    show_rows(qtbot, window, [case_row(n) for n in range(1, ROWS + 1)])
    window.table.setFocus()
    window.table.selectRow(ROWS - 10)
    _press(qtbot, window, Qt.Key.Key_End, Qt.KeyboardModifier.ShiftModifier)
    assert _selected(window) == list(range(ROWS - 10, ROWS))
    assert window.count_label.text().endswith("10 selected")


def test_the_regime_filter_shows_its_longest_regime_whole(qtbot, window: MainWindow) -> None:
    regimes = ("CN-DATA-EXPORT", "CN-FISR", "CN-TECH-EXPORT", "US-OISP")
    show_rows(qtbot, window, [case_row(1, regimes)], regimes)
    combo = window.regime_filter
    combo.setCurrentIndex(combo.findData("CN-DATA-EXPORT"))
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    text = combo.fontMetrics().horizontalAdvance("CN-DATA-EXPORT")
    qtbot.waitUntil(lambda: combo.width() > text, timeout=2_000)
