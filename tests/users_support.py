"""The office the Users window tests start from: root, the first administrator, and bob,
a preparer; the window opened as root with both listed."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from approvals.services import users
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")


def make_root(db: Database) -> None:
    """The office's first administrator: root, password PW."""
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")


def open_users_window(qtbot, runner: TaskRunner, db: Database, *,
                      active: bool = False) -> ui_auth.UserManagementDialog:
    """Users… as root, root and bob listed; `active`: the window has the keyboard too (a
    focus test needs it)."""
    make_root(db)
    with db.session() as s:
        users.create_user(s, actor=ROOT, username="bob", password=PW, roles=["preparer"])
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    if active:
        dialog.activateWindow()
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == 2
                    and (not active or QApplication.activeWindow() is dialog),
                    timeout=10_000)
    return dialog
