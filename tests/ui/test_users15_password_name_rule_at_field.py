"""A new password that is the user's name with digits or symbols added is refused by the
service (the form does not know whose name it is). Under Users → Reset password the
refusal stood at the foot of the window as "new_password: must not be …", the cursor on
the button; under Change my password… it stood under its field but the cursor stayed in
New password again. Both now say it under New password, the cursor there."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.services import users
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import PW, ROOT, make_root, open_users_window

pytestmark = pytest.mark.usefixtures("fast_hash")

NAME_RULE = "must not be the user name or the full name with digits or symbols added"


def test_reset_password_says_the_name_rule_under_the_field(
        qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = open_users_window(qtbot, runner, db, active=True)
    dialog.select("bob")
    qtbot.keyClicks(dialog.reset_password, "bob-2026-2026!")
    qtbot.keyClicks(dialog.reset_confirmation, "bob-2026-2026!")
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: runner.idle and dialog.reset_error.isVisible(), timeout=10_000)

    assert dialog.reset_error.text() == f"Password {NAME_RULE}"
    assert "new_password" not in dialog.status.text()
    assert dialog.status.text() == ""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.reset_password,
                    timeout=5_000)
    assert dialog.reset_password.selectedText() == "bob-2026-2026!"
    assert dialog.selected_box.isEnabled()


def test_change_my_password_puts_the_cursor_at_the_refused_field(
        qtbot, runner: TaskRunner, db: Database) -> None:
    make_root(db)
    with db.session() as s:
        users.create_user(s, actor=ROOT, username="zoe.tan", display_name="Zoe Tan",
                          password=PW, roles=["preparer"])
    dialog = ui_auth.ChangePasswordDialog(runner, Actor("zoe.tan", ("preparer",), "Zoe Tan"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
    qtbot.keyClicks(dialog.old, PW)
    qtbot.keyClicks(dialog.new, "zoetan-2026-26!")
    qtbot.keyClicks(dialog.confirmation, "zoetan-2026-26!")
    qtbot.keyClick(dialog.confirmation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: runner.idle and dialog.errors["new_password"].isVisible(),
                    timeout=10_000)

    assert dialog.errors["new_password"].text() == NAME_RULE
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.new, timeout=5_000)
