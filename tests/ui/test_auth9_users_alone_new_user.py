"""An administrator alone in the office opens Users… (where the status bar sent them to
add colleagues) with the cursor in New user's User name when it is in view; at 200 % the
box is below the fold, and the window opens at its top with the line at the foot pointing
to it (Alt+N). With colleagues the dialog opens as before."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from approvals.services import users
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import PW, ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


def _open(qtbot, runner: TaskRunner, rows: int) -> ui_auth.UserManagementDialog:
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.resize(683, 384)  # a 1366×768 screen at 200 %
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == rows
                    and QApplication.activeWindow() is dialog, timeout=10_000)
    return dialog


def _in_view(dialog: ui_auth.UserManagementDialog) -> bool:
    viewport = dialog.scroll_area.viewport()
    field = dialog.new_username
    top_left = field.mapTo(viewport, field.rect().topLeft())
    bottom_right = field.mapTo(viewport, field.rect().bottomRight())
    return viewport.rect().contains(top_left) and viewport.rect().contains(bottom_right)


def test_alone_the_cursor_is_in_new_user(qtbot, runner: TaskRunner, db: Database) -> None:
    make_root(db)
    dialog = _open(qtbot, runner, rows=1)
    # At 200 % New user is below the fold: the window opens at its top all the same (the
    # list is where a user created shows, test_users22_created_in_view), and the line at
    # the foot says where New user is; no cursor put in a field out of sight.
    assert dialog.scroll_area.verticalScrollBar().value() == 0
    assert not _in_view(dialog) and not dialog.new_username.hasFocus()
    assert "Alt+N" in dialog.status.text()
    # Alt+N takes the keyboard there, scrolled into view, the box from its title down.
    qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.new_username.hasFocus(), timeout=5_000)
    qtbot.waitUntil(lambda: _in_view(dialog), timeout=5_000)
    viewport = dialog.scroll_area.viewport()
    top = dialog.new_box.mapTo(viewport, QPoint(0, 0)).y()
    assert top < viewport.height()

    # Read again on coming back to the front: the cursor is not moved again.
    dialog.find_edit.setFocus()
    dialog.refresh()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert dialog.find_edit.hasFocus()


def test_with_a_colleague_it_opens_as_before(qtbot, runner: TaskRunner, db: Database) -> None:
    make_root(db)
    with db.session() as s:
        users.create_user(s, actor=ROOT, username="bob", password=PW, roles=["preparer"])
    dialog = _open(qtbot, runner, rows=2)
    assert not dialog.new_username.hasFocus()
