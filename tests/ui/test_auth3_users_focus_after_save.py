"""Users window: the focus after a change is stored. The forms are greyed out while it is
saved, and Qt sent the focus from the control in use on down the chain, to Close, where
the next Enter closed the window; typing went nowhere."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import open_users_window

pytestmark = pytest.mark.usefixtures("fast_hash")


@pytest.fixture
def dialog(qtbot, runner: TaskRunner, db: Database) -> ui_auth.UserManagementDialog:
    return open_users_window(qtbot, runner, db, active=True)


def test_after_creating_a_user_the_cursor_is_in_user_name(qtbot, runner: TaskRunner,
                                                          dialog) -> None:
    qtbot.keyClicks(dialog.new_username, "carol")
    qtbot.keyClicks(dialog.new_password, "staple gun orange")
    qtbot.keyClicks(dialog.new_confirmation, "staple gun orange")
    box = dialog.new_role_boxes["approver"]
    box.setChecked(True)
    box.setFocus()
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == 3, timeout=10_000)
    assert QApplication.focusWidget() is dialog.new_username  # ready for the next one


def test_after_a_reset_the_focus_is_where_it_was(qtbot, runner: TaskRunner, dialog) -> None:
    dialog.select("bob")
    qtbot.keyClicks(dialog.reset_password, "fresh start password")
    qtbot.keyClicks(dialog.reset_confirmation, "fresh start password")
    dialog.reset_confirmation.setFocus()
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        qtbot.keyClick(dialog.reset_confirmation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert QApplication.focusWidget() is dialog.reset_confirmation


def test_after_saving_roles_the_focus_is_on_the_list(qtbot, runner: TaskRunner, dialog) -> None:
    dialog.select("bob")
    dialog.role_boxes["reviewer"].setChecked(True)
    save = dialog.save_roles_button
    save.setFocus()
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        qtbot.keyClick(save, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: runner.idle and not save.isEnabled(), timeout=10_000)
    assert QApplication.focusWidget() is dialog.table  # not Close, where Enter closes
