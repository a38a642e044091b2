"""The case list keeps its place across a reload (F5, a case changed in its window, a
track step, new cases): the same case at the top of the view, the same cases selected and
current, wherever the reload puts them. A reload scrolled back to the first case, and
dropped every selected case but the current one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QItemSelectionModel

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.main_window import MainWindow
from tests.ui.test_caselist3_keys import case_row, open_window, show_rows

ROWS = 300


@pytest.fixture
def window(qtbot, db: Database, data_dir: DataDir, admin: Actor) -> Iterator[MainWindow]:
    window = open_window(qtbot, db, data_dir, admin)
    yield window
    window.runner.wait_for_done()


def _top_reference(window: MainWindow) -> str:
    return window.model.row_at(window.table.rowAt(0)).reference


def _selected_references(window: MainWindow) -> list[str]:
    return [window.model.row_at(r).reference for r in sorted(window._selected_rows())]


def test_a_reload_keeps_the_case_at_the_top_of_the_view(qtbot, window: MainWindow) -> None:
    show_rows(qtbot, window, [case_row(n) for n in range(1, ROWS + 1)])
    window.table.verticalScrollBar().setValue(150)  # scrolled, nothing selected
    top = _top_reference(window)
    assert top > "AP-2026-0100"
    # A new case sorts first: the same case stays at the top, one row further down.
    show_rows(qtbot, window, [case_row(n) for n in range(0, ROWS + 1)])
    assert _top_reference(window) == top


def test_a_reload_keeps_the_view_where_it_was_with_the_current_case_scrolled_away(
        qtbot, window: MainWindow) -> None:
    show_rows(qtbot, window, [case_row(n) for n in range(1, ROWS + 1)])
    window.table.selectRow(200)
    window.table.verticalScrollBar().setValue(20)  # the officer scrolled on, to read
    top = _top_reference(window)
    assert top < "AP-2026-0100"
    show_rows(qtbot, window, [case_row(n) for n in range(1, ROWS + 1)])
    assert _top_reference(window) == top
    assert window.selected_reference() == "AP-2026-0201"


def test_a_reload_keeps_every_selected_case_selected(qtbot, window: MainWindow) -> None:
    show_rows(qtbot, window, [case_row(n) for n in range(1, ROWS + 1)])
    model, selection = window.model, window.table.selectionModel()
    # Not selectRow: it goes by the keyboard modifiers held last (another test's Ctrl).
    window.table.setCurrentIndex(model.index(10, 0))
    selection.clearSelection()
    for row in (10, 11, 12, 40):
        selection.select(model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
    before = _selected_references(window)
    assert len(before) == 4
    show_rows(qtbot, window, [case_row(n) for n in range(0, ROWS + 1)])
    assert _selected_references(window) == before
    assert window.selected_reference() == "AP-2026-0011"  # current: still the first chosen
    assert window.count_label.text().endswith("4 selected")
    # A selected case gone from the list (closed with "All but closed" chosen, say) is
    # simply no longer selected.
    show_rows(qtbot, window, [case_row(n) for n in range(0, ROWS + 1) if n != 41])
    assert _selected_references(window) == before[:3]
