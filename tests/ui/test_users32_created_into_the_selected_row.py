"""Users…: a user created whose name sorts into the row that was selected (zoe selected in
row 2, "sam" created sorts there) is the user the Selected user pane shows, and Save roles
and Save full name act on them. The pane went on showing the user selected before, and
Save roles gave that user's roles to the new one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.services import users
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


def _create(qtbot, runner: TaskRunner, dialog: ui_auth.UserManagementDialog, name: str,
            role: str, rows: int) -> None:
    for edit in (dialog.new_username, dialog.new_display_name, dialog.new_password,
                 dialog.new_confirmation):
        edit.clear()
    qtbot.keyClicks(dialog.new_username, name)
    qtbot.keyClicks(dialog.new_display_name, name.title())
    qtbot.keyClicks(dialog.new_password, "handed over at the desk")
    qtbot.keyClicks(dialog.new_confirmation, "handed over at the desk")
    for key, box in dialog.new_role_boxes.items():
        box.setChecked(key == role)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == rows
                    and dialog.selected_username() == name, timeout=10_000)
    QApplication.processEvents()


def test_the_pane_shows_and_saves_the_user_created_into_the_selected_row(
        qtbot, runner: TaskRunner, db: Database) -> None:
    make_root(db)
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.resize(1100, 700)
    dialog.show()
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == 1, timeout=10_000)
    _create(qtbot, runner, dialog, "zoe", "approver", 2)  # root, zoe: zoe in row 2
    assert dialog.selected_box.title() == "Selected user: zoe"
    _create(qtbot, runner, dialog, "sam", "reviewer", 3)  # root, sam, zoe: sam in row 2
    assert dialog.selected_box.title() == "Selected user: sam"
    assert dialog.role_boxes["reviewer"].isChecked()
    assert not dialog.role_boxes["approver"].isChecked()  # not zoe's
    assert dialog.name_edit.text() == "Sam"
    # Saving acts on sam, as shown: his roles stay his.
    dialog.role_boxes["preparer"].setChecked(True)
    qtbot.mouseClick(dialog.save_roles_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    with db.read_session() as s:
        by_name = {u.username: u for u in users.list_users(s)}
    assert set(by_name["sam"].roles) == {"reviewer", "preparer"}
    assert set(by_name["zoe"].roles) == {"approver"}
    dialog.close()
