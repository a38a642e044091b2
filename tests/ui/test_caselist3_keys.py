"""The case list with many rows, by keyboard: Home and End go to the first and last case
(a row list, not a grid: they moved the current cell to the first or last column of the
same row), selecting it as the arrows do; the regime filter shows its longest regime
whole once the list has loaded (it was sized for "All regimes" alone)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.services.cases import CaseRow
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_list import CaseTableModel, prepare_rows
from approvals.ui.main_window import LoadedList, MainWindow
from tests.ui.main_window_support import shown_main_window

ROWS = 300


def case_row(n: int, regimes: tuple[str, ...] = ("CN-FISR",)) -> CaseRow:
    return CaseRow(id=n, reference=f"AP-2026-{n:04d}", target=f"Target {n}", investor="Fund",
                   amount_value=None, amount_currency=None, status="open", owner="alice",
                   updated_at="", regimes=regimes, worst_state="general_review",
                   next_deadline=None)


def open_window(qtbot, db: Database, data_dir: DataDir, admin: Actor) -> MainWindow:
    return shown_main_window(qtbot, db, data_dir, admin)


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


def test_shift_end_and_home_select_to_the_last_and_first_case(qtbot, window: MainWindow) -> None:
    show_rows(qtbot, window, [case_row(n) for n in range(1, ROWS + 1)])
    window.table.setFocus()
    # By the keys alone: they set where a Shift selection starts from.
    for key in (Qt.Key.Key_End, *[Qt.Key.Key_Up] * 9):
        _press(qtbot, window, key)
    _press(qtbot, window, Qt.Key.Key_End, Qt.KeyboardModifier.ShiftModifier)
    assert _selected(window) == list(range(ROWS - 10, ROWS))
    assert window.count_label.text().endswith("10 selected")
    for key in (Qt.Key.Key_Home, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Down):
        _press(qtbot, window, key)
    assert _selected(window) == [3]
    _press(qtbot, window, Qt.Key.Key_Home, Qt.KeyboardModifier.ShiftModifier)
    assert _selected(window) == [0, 1, 2, 3]


def test_the_regime_filter_shows_its_longest_regime_whole(qtbot, window: MainWindow) -> None:
    regimes = ("CN-DATA-EXPORT", "CN-FISR", "CN-TECH-EXPORT", "US-OISP")
    show_rows(qtbot, window, [case_row(1, regimes)], regimes)
    combo = window.regime_filter
    combo.setCurrentIndex(combo.findData("CN-DATA-EXPORT"))
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    text = combo.fontMetrics().horizontalAdvance("CN-DATA-EXPORT")
    qtbot.waitUntil(lambda: combo.width() > text, timeout=2_000)


class CountingModel(CaseTableModel):
    """The list's model, counting the cells it is asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        self.asked += 1
        return super().data(index, role)


def test_the_models_match_does_not_ask_each_row(qtbot) -> None:
    # Qt's type-ahead (and its match) asked the model for every row's text in turn: with
    # 100,000 cases a letter that matched no case stalled the window for one to two seconds.
    model = CountingModel()
    model.set_rows([case_row(n) for n in range(1, ROWS + 1)])
    flags = Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchWrap
    assert model.match(model.index(0, 0), Qt.ItemDataRole.DisplayRole, "z", 1, flags) == []
    assert model.asked < 50
    found = model.match(model.index(5, 1), Qt.ItemDataRole.DisplayRole, "target 1", 3, flags)
    # From the start row on, wrapping round; case-insensitive, as Qt's.
    assert [i.row() for i in found] == [9, 10, 11] and {i.column() for i in found} == {1}
    every = model.match(model.index(0, 0), Qt.ItemDataRole.DisplayRole, "0029", -1,
                        Qt.MatchFlag.MatchContains)
    assert [i.row() for i in every] == [28]
    exact = model.match(model.index(0, 0), Qt.ItemDataRole.DisplayRole, "ap-2026-0003", 1,
                        Qt.MatchFlag.MatchFixedString)
    assert [i.row() for i in exact] == [2]
    # What it does not do faster it leaves to Qt: a regular expression.
    regex = model.match(model.index(0, 0), Qt.ItemDataRole.DisplayRole, "AP-2026-000[12]$",
                        -1, Qt.MatchFlag.MatchRegularExpression)
    assert [i.row() for i in regex] == [0, 1]


def test_typing_in_the_list_jumps_to_a_case(qtbot, window: MainWindow) -> None:
    show_rows(qtbot, window, [case_row(n) for n in range(1, ROWS + 1)])
    # Each search on its own (keys typed within this many ms make one search; 0 would
    # make every search one).
    interval = QApplication.keyboardInputInterval()
    QApplication.setKeyboardInputInterval(1)
    try:
        window.table.setFocus()
        window.table.selectRow(0)
        qtbot.waitUntil(window.table.hasFocus)
        window.table.keyboardSearch("z")  # no case starts with it: nothing moves
        assert window.table.currentIndex().row() == 0
        qtbot.wait(5)
        window.table.keyboardSearch("ap-2026-0250")  # as typed: any case
        assert window.selected_reference() == "AP-2026-0250"
        qtbot.wait(5)
        window.table.keyboardSearch("AP-2026-0007")  # on from the current row, wrapping
        assert window.selected_reference() == "AP-2026-0007"
    finally:
        QApplication.setKeyboardInputInterval(interval)
