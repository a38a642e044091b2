"""Several cases selected in the list (Ctrl/Shift-click, Shift+arrows): Review → Export review
pack… ticks all of them, while Enter and double-click still open only the current case
and a sort keeps the same cases selected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.cases import create_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.main_window import MainWindow
from approvals.ui.review import install_review_features
from approvals.ui.workers import TaskRunner

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cases.json"


@pytest.fixture
def window(qtbot, runner: TaskRunner, data_dir: DataDir, db: Database, admin: Actor) -> MainWindow:
    demos = json.loads(DEMO.read_text(encoding="utf-8"))[:4]
    with db.session() as session:
        for data in demos:
            create_case(session, facts=parse_facts(data), actor=admin)
    win = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: runner.idle and win.model.rowCount() == 4, timeout=10_000)
    win.table.setFocus()
    return win


def _click_row(qtbot, window: MainWindow, row: int,
               modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    rect = window.table.visualRect(window.model.index(row, 0))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def _refs(window: MainWindow, *rows: int) -> list[str]:
    return [window.model.row_at(r).reference for r in rows]


def _close_case_windows(qtbot, window: MainWindow) -> None:
    for view in list(window.case_views.values()):
        qtbot.waitUntil(lambda v=view: v.data is not None, timeout=10_000)
        view.close()


def test_several_selected_cases_all_go_into_the_review_pack(qtbot, window: MainWindow,
                                                            runner: TaskRunner, admin: Actor):
    table = window.table
    assert table.selectionMode() == QAbstractItemView.SelectionMode.ExtendedSelection
    _click_row(qtbot, window, 0)
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert window.selected_references() == _refs(window, 0, 1)
    _click_row(qtbot, window, 3, Qt.KeyboardModifier.ControlModifier)
    assert window.selected_references() == _refs(window, 0, 1, 3)
    assert window.selected_reference() == _refs(window, 3)[0]  # the current row
    assert window.count_label.text() == "4 cases, 3 selected"

    features = install_review_features(window, runner, admin)
    dialog = features.export_pack()
    qtbot.waitUntil(lambda: dialog.case_model.rowCount() == 4, timeout=10_000)
    assert sorted(dialog.checked()) == sorted(_refs(window, 0, 1, 3))
    dialog.close()

    # A sort moves the selection and the current row with their cases.
    selected, current = set(window.selected_references()), window.selected_reference()
    order = _refs(window, 0, 1, 2, 3)
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert _refs(window, 0, 1, 2, 3) == order[::-1]
    assert set(window.selected_references()) == selected
    assert window.selected_reference() == current

    # Enter opens the current case only, not every selected one.
    with qtbot.waitSignal(window.case_open_requested, timeout=5_000) as opened:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened.args == [current]
    assert list(window.case_views) == [current]
    _close_case_windows(qtbot, window)


def test_double_click_opens_the_clicked_case_and_one_selection_preselects_one(
        qtbot, window: MainWindow, runner: TaskRunner, admin: Actor):
    table = window.table
    _click_row(qtbot, window, 0)
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert len(window.selected_references()) == 3
    rect = table.visualRect(window.model.index(3, 1))
    with qtbot.waitSignal(window.case_open_requested, timeout=5_000) as opened:
        # A real double-click: press, release, then the double-click event.
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == _refs(window, 3)
    assert list(window.case_views) == _refs(window, 3)
    assert window.selected_references() == _refs(window, 3)  # a plain click selects one
    assert window.count_label.text() == "4 cases"
    _close_case_windows(qtbot, window)

    features = install_review_features(window, runner, admin)
    dialog = features.export_pack()
    qtbot.waitUntil(lambda: dialog.case_model.rowCount() == 4, timeout=10_000)
    assert dialog.checked() == _refs(window, 3)
    dialog.close()

    # Nothing selected but a current row (Ctrl-click took the last one away): that one.
    _click_row(qtbot, window, 3, Qt.KeyboardModifier.ControlModifier)
    assert not table.selectionModel().hasSelection()
    assert window.selected_references() == _refs(window, 3)
    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    assert window.selected_references() == _refs(window, 0, 1, 2, 3)
    assert window.count_label.text() == "4 cases, 4 selected"
