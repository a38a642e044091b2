"""Users window in an office with many users: a Find field narrows the list, the columns
sort on a click, and at 200 % the window opens with the list's header in view. With 200
users the only way to one colleague was scrolling a list sorted by user name."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.services import users
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.ui.conftest import settle

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")
PEOPLE = [("zoe.tan", "Zoe Tan", ["approver"]), ("Bob.li", "Bob Li", ["preparer"]),
          ("carla", "Carla Rossi", ["reviewer"]), ("ana", "Ana Wang", ["preparer", "reviewer"])]

pytestmark = pytest.mark.usefixtures("fast_hash")


def _open(qtbot, runner: TaskRunner, db: Database) -> ui_auth.UserManagementDialog:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
        for name, display, roles in PEOPLE:
            users.create_user(s, actor=ROOT, username=name, password=PW, roles=roles,
                              display_name=display)
        users.deactivate_user(s, actor=ROOT, username="carla")
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, runner, lambda: dialog.table.rowCount() == 5)
    return dialog


def _shown(dialog: ui_auth.UserManagementDialog) -> list[str]:
    table = dialog.table
    return [table.item(r, 0).text() for r in range(table.rowCount())
            if not table.isRowHidden(r)]


def test_find_narrows_the_list_by_name_full_name_role_or_status(
        qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = _open(qtbot, runner, db)
    assert _shown(dialog) == ["ana", "Bob.li", "carla", "root", "zoe.tan"]  # letter case aside
    dialog.find_edit.setText("ROSSI")
    assert _shown(dialog) == ["carla"]
    dialog.find_edit.setText("preparer")
    assert _shown(dialog) == ["ana", "Bob.li", "root"]
    dialog.find_edit.setText("deactivated")
    assert _shown(dialog) == ["carla"]
    dialog.find_edit.setText("nobody here")
    assert _shown(dialog) == []
    assert "No user matches" in dialog.find_count.text()
    dialog.find_edit.clear()
    assert len(_shown(dialog)) == 5 and not dialog.find_count.isVisible()


def test_find_holds_when_the_list_is_read_again(qtbot, runner: TaskRunner,
                                                db: Database) -> None:
    dialog = _open(qtbot, runner, db)
    dialog.find_edit.setText("tan")
    dialog.refresh()  # the window came back to the front
    settle(qtbot, runner)
    assert _shown(dialog) == ["zoe.tan"]
    assert dialog.find_count.text() == "1 of 5 users"


def test_enter_in_find_selects_the_first_match(qtbot, runner: TaskRunner,
                                               db: Database) -> None:
    dialog = _open(qtbot, runner, db)
    dialog.find_edit.setFocus()
    qtbot.keyClicks(dialog.find_edit, "wang")
    qtbot.keyClick(dialog.find_edit, Qt.Key.Key_Return)
    assert dialog.selected_username() == "ana"
    assert dialog.table.hasFocus()
    assert dialog.isVisible()  # Enter did not close the window


def test_a_click_on_a_column_sorts_by_it_and_selection_follows_the_user(
        qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = _open(qtbot, runner, db)
    dialog.select("zoe.tan")
    dialog.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # Name, Z to A
    assert _shown(dialog) == ["zoe.tan", "root", "carla", "Bob.li", "ana"]
    assert dialog.selected_username() == "zoe.tan"
    dialog.refresh()
    settle(qtbot, runner)
    assert _shown(dialog) == ["zoe.tan", "root", "carla", "Bob.li", "ana"]  # kept
    assert dialog.selected_username() == "zoe.tan"
    assert dialog.selected_box.title() == "Selected user: zoe.tan"


def test_the_list_header_is_in_view_when_the_list_is_taller_than_the_window(
        qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = _open(qtbot, runner, db)
    dialog.resize(dialog.width(), 300)  # 200 % on a laptop: the content scrolls
    dialog.table.setMinimumHeight(600)
    qtbot.waitUntil(lambda: dialog.scroll_area.verticalScrollBar().maximum() > 0)
    dialog._scroll_to_focus(None, dialog.table)  # as the focus arriving in it does
    top = dialog.table.mapTo(dialog.scroll_area.widget(), dialog.table.rect().topLeft()).y()
    assert dialog.scroll_area.verticalScrollBar().value() <= top  # the header shows


def test_deactivated_users_are_greyed_in_the_list(qtbot, runner: TaskRunner,
                                                  db: Database) -> None:
    """In a list of 200 a deactivated colleague looked like an active one but for one
    word in the last column."""
    dialog = _open(qtbot, runner, db)
    rows = {dialog.table.item(r, 0).text(): r for r in range(dialog.table.rowCount())}
    grey = dialog.table.item(rows["carla"], 1).foreground().color()
    normal = dialog.table.item(rows["ana"], 1).foreground()
    assert grey.isValid() and grey.name() == ui_auth.secondary_text_colour()
    assert normal.style() == Qt.BrushStyle.NoBrush  # the palette's own text colour


def test_a_role_is_never_cut_when_the_list_has_no_room_left(qtbot, runner: TaskRunner,
                                                            db: Database) -> None:
    """At 200 % with a deactivated user (a wide Status column) Name and Roles together had
    less room than "Administrator," and the roles read "Administr…"."""
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
        users.create_user(s, actor=ROOT, username="a.long.user.name.indeed", password=PW,
                          roles=["admin"])
        users.deactivate_user(s, actor=ROOT, username="a.long.user.name.indeed")
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, runner, lambda: dialog.table.rowCount() == 2)
    widest = dialog.table.fontMetrics().horizontalAdvance("Administrator,")
    for width in (480, 650):
        dialog.resize(width, dialog.height())
        QApplication.processEvents()  # the layout gives the table its width
        dialog._fit_roles()  # as the resize's timer does
        assert dialog.table.horizontalHeader().sectionSize(2) > widest
