"""The office the Users window tests start from: root, the first administrator, and bob,
a preparer; the window opened as root with both listed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlmodel import Session

from approvals.services import auth, users
from approvals.store.audit import Actor
from approvals.store.db import Database

if TYPE_CHECKING:  # Qt only for the window tests: unit tests use the helpers above it
    from approvals.paths import DataDir
    from approvals.ui import auth as ui_auth
    from approvals.ui.main_window import MainWindow
    from approvals.ui.workers import TaskRunner

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")
# What an administrator gives a new colleague; the colleague replaces it at first sign-in.
HANDED_OVER = "handed over at the desk"


def create_user_with_own_password(session: Session, *, actor: Actor, username: str,
                                  password: str, roles: Iterable[str],
                                  display_name: str = "") -> users.UserInfo:
    """A colleague as they are after their first sign-in: `actor` created the account
    with a password of the administrator's choosing (HANDED_OVER), and the user, asked for
    one of their own at sign-in, chose `password` (the app's own path, audited as such).
    For tests that sign a created user in and are not about that first sign-in."""
    users.create_user(session, actor=actor, username=username, password=HANDED_OVER,
                      roles=roles, display_name=display_name)
    first = auth.sign_in(session, username=username, password=HANDED_OVER,
                         new_password=password)
    assert first.ok, first.message
    return users.get_user(session, username)


def make_root(db: Database) -> None:
    """The office's first administrator: root, password PW."""
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")


def open_users_window(qtbot, runner: TaskRunner, db: Database, *,
                      active: bool = False) -> ui_auth.UserManagementDialog:
    """Users… as root, root and bob listed; `active`: the window has the keyboard too (a
    focus test needs it)."""
    from PySide6.QtWidgets import QApplication

    from approvals.ui import auth as ui_auth

    make_root(db)
    with db.session() as s:
        # bob has signed in once and chosen PW (the Users window as it is most days).
        create_user_with_own_password(s, actor=ROOT, username="bob", password=PW,
                                      roles=["preparer"])
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    if active:
        dialog.activateWindow()
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == 2
                    and (not active or QApplication.activeWindow() is dialog),
                    timeout=10_000)
    return dialog


def root_main_window(qtbot, runner: TaskRunner, db: Database,
                     data_dir: DataDir) -> tuple[MainWindow, ui_auth.UserFeatures]:
    """The main window shown as root (made first), with the user features (idle lock and
    session check set an hour out: stop `idle_lock` when done)."""
    from approvals.ui import auth as ui_auth
    from approvals.ui.main_window import MainWindow

    make_root(db)
    window = MainWindow(runner, data_dir, ROOT)
    qtbot.addWidget(window)
    features = ui_auth.install_user_features(window, runner, ROOT, timeout_ms=3_600_000,
                                             check_ms=3_600_000)
    window.show()
    return window, features

