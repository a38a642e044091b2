"""Users… narrowed by Find to one colleague: Tab into the list selects that row (Selected
user shows them, Down has nothing to do), as Tab into the audit trail's list does. Qt made
the row current without selecting it: Selected user stayed empty and Down did nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.services import users
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.users_support import PW, ROOT, open_users_window

pytestmark = pytest.mark.usefixtures("fast_hash")


def _shown_rows(table) -> list[int]:
    return [r for r in range(table.rowCount()) if not table.isRowHidden(r)]


def test_tab_into_a_list_found_down_to_one_selects_it(qtbot, runner: TaskRunner,
                                                      db: Database) -> None:
    dialog = open_users_window(qtbot, runner, db, active=True)
    with db.session() as s:
        users.create_user(s, actor=ROOT, username="carla", password=PW, roles=["reviewer"],
                          display_name="Carla Rossi")
    dialog.refresh()
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == 3, timeout=10_000)
    dialog.table.clearSelection()
    dialog.find_edit.setFocus()
    qtbot.waitUntil(dialog.find_edit.hasFocus, timeout=5_000)
    qtbot.keyClicks(dialog.find_edit, "rossi")
    table = dialog.table
    assert len(_shown_rows(table)) == 1
    qtbot.keyClick(dialog.find_edit, Qt.Key.Key_Tab)  # on to the list below
    qtbot.waitUntil(table.hasFocus, timeout=5_000)
    assert dialog.selected_username() == "carla"
    assert dialog.selected_box.title() == "Selected user: carla"
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert dialog.selected_username() == "carla"


def test_a_selected_row_hidden_by_find_gives_way_to_the_row_shown(
        qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = open_users_window(qtbot, runner, db, active=True)
    table = dialog.table
    dialog.select("root")
    dialog.find_edit.setFocus()
    qtbot.waitUntil(dialog.find_edit.hasFocus, timeout=5_000)
    qtbot.keyClicks(dialog.find_edit, "bob")
    assert [table.item(r, 0).text() for r in _shown_rows(table)] == ["bob"]
    qtbot.keyClick(dialog.find_edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(table.hasFocus, timeout=5_000)
    assert dialog.selected_username() == "bob"


def test_a_row_chosen_stays_chosen(qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = open_users_window(qtbot, runner, db, active=True)
    dialog.select("root")
    dialog.find_edit.setFocus()
    qtbot.waitUntil(dialog.find_edit.hasFocus, timeout=5_000)
    qtbot.keyClick(dialog.find_edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(dialog.table.hasFocus, timeout=5_000)
    assert dialog.selected_username() == "root"
    assert QApplication.focusWidget() is dialog.table
