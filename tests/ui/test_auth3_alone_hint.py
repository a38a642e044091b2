"""After first start the administrator is the only user: the status bar says to add
colleagues, since an approval needs a second person. Nothing said it; the first approval
tried was refused (four-eyes) with nobody to ask."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMainWindow

from approvals.services import auth, users
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import PW, ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


def _window(qtbot, runner: TaskRunner) -> tuple[QMainWindow, ui_auth.UserFeatures]:
    window = QMainWindow()
    qtbot.addWidget(window)
    features = ui_auth.install_user_features(window, runner, ROOT, timeout_ms=3_600_000,
                                             stamp="s")
    features.session_timer.stop()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    qtbot.wait(50)  # the users read that follows the settings read
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    return window, features


def test_the_only_user_is_told_to_add_colleagues(qtbot, runner: TaskRunner,
                                                 db: Database) -> None:
    make_root(db)
    window, features = _window(qtbot, runner)
    message = window.statusBar().currentMessage()
    assert message.startswith("You are the only user:")
    assert "Users → Users…" in message and "second person" in message
    features.idle_lock.stop()


@pytest.mark.parametrize("setup", ["colleague", "solo mode"])
def test_no_hint_with_a_colleague_or_in_solo_mode(qtbot, runner: TaskRunner, db: Database,
                                                  setup: str) -> None:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
        if setup == "colleague":
            users.create_user(s, actor=ROOT, username="rita", password=PW, roles=["approver"])
        else:
            auth.set_solo_mode(s, actor=ROOT, enabled=True, reason="one-person office")
    window, features = _window(qtbot, runner)
    assert window.statusBar().currentMessage() == ""
    features.idle_lock.stop()
