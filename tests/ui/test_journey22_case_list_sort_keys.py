"""The case list sorts from the keyboard: Ctrl+1 … Ctrl+9 in the list sort by the first …
ninth column shown, and the same keys again sort the other way round, as a second click on
a column's title does. Clicking a title was the only way to sort the list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from approvals.paths import DataDir
from approvals.services.cases import CaseRow
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_list import OWNER_COLUMN, REFERENCE_COLUMN, TARGET_COLUMN, prepare_rows
from approvals.ui.main_window import LoadedList, MainWindow
from tests.ui.main_window_support import shown_main_window


def case_row(n: int, target: str, owner: str) -> CaseRow:
    return CaseRow(id=n, reference=f"AP-2026-{n:04d}", target=target, investor="Fund",
                   amount_value=None, amount_currency=None, status="open", owner=owner,
                   updated_at="", regimes=("US-OISP",), worst_state="draft",
                   next_deadline=None, next_deadline_regime="")


@pytest.fixture
def window(qtbot, db: Database, data_dir: DataDir, admin: Actor) -> MainWindow:
    window = shown_main_window(qtbot, db, data_dir, admin)
    rows = [case_row(1, "Shenzhen Deepframe", "maria"), case_row(2, "Anhui Lattice", "zoe"),
            case_row(3, "Beijing Quanta", "alice")]
    window._show_cases(LoadedList(prepare_rows(rows), ("US-OISP",), None, None),
                       window._generation)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    yield window
    window.runner.wait_for_done()


def column_texts(window: MainWindow, column: int) -> list[str]:
    model = window.model
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def test_ctrl_and_a_digit_sort_by_the_column_shown_there(qtbot, window: MainWindow) -> None:
    table = window.table
    table.setFocus()
    table.selectRow(0)
    shown = table.shown_columns()
    assert shown[0] == REFERENCE_COLUMN and shown[1] == TARGET_COLUMN

    qtbot.keyClick(table, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert column_texts(window, TARGET_COLUMN) == [
        "Anhui Lattice", "Beijing Quanta", "Shenzhen Deepframe"]
    header = table.horizontalHeader()
    assert header.sortIndicatorSection() == TARGET_COLUMN

    qtbot.keyClick(table, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # again: Z to A
    assert column_texts(window, TARGET_COLUMN) == [
        "Shenzhen Deepframe", "Beijing Quanta", "Anhui Lattice"]
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    last = len(shown)  # Owner, the last column shown
    assert shown[-1] == OWNER_COLUMN
    qtbot.keyClick(table, Qt.Key.Key_0 + last, Qt.KeyboardModifier.ControlModifier)
    assert header.sortIndicatorSection() == OWNER_COLUMN
    assert [t.split()[0] for t in column_texts(window, OWNER_COLUMN)] == ["alice", "maria", "zoe"]

    qtbot.keyClick(table, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert column_texts(window, REFERENCE_COLUMN) == [
        "AP-2026-0001", "AP-2026-0002", "AP-2026-0003"]


def test_a_digit_past_the_columns_shown_changes_nothing(qtbot, window: MainWindow) -> None:
    table = window.table
    table.setFocus()
    shown = len(table.shown_columns())
    if shown < 9:
        qtbot.keyClick(table, Qt.Key.Key_0 + shown + 1, Qt.KeyboardModifier.ControlModifier)
    assert table.horizontalHeader().sortIndicatorSection() == REFERENCE_COLUMN
    assert column_texts(window, REFERENCE_COLUMN)[0] == "AP-2026-0001"
