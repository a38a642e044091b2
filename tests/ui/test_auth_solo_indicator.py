"""Solo mode (one person may approve their own work) is said in the status bar of every
signed-in window while it is on; only Security settings… showed it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMainWindow

from approvals.services import auth, users
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")
BOB = Actor("bob", ("preparer",), "Bob")

pytestmark = pytest.mark.usefixtures("fast_hash")


def test_the_status_bar_says_solo_mode_while_it_is_on(qtbot, runner: TaskRunner,
                                                      db: Database) -> None:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
        users.create_user(s, actor=ROOT, username="bob", password=PW, roles=["preparer"])
        auth.set_solo_mode(s, actor=ROOT, enabled=True, reason="one-person office")
        stamp = auth.current_stamp(s, "bob")
    window = QMainWindow()
    qtbot.addWidget(window)
    features = ui_auth.UserFeatures(window, runner, BOB, timeout_ms=3_600_000, stamp=stamp)
    features.session_timer.stop()
    window.show()
    label = features.solo_label
    qtbot.waitUntil(lambda: runner.idle and label.isVisible(), timeout=10_000)
    assert label.text() == "Solo mode" and "self-approval is marked" in label.toolTip()
    assert label.font().bold()  # set apart from "Signed in as …" beside it

    # Turned off by an administrator elsewhere: gone at the next session check.
    with db.session() as s:
        auth.set_solo_mode(s, actor=ROOT, enabled=False)
    features.check_session()
    qtbot.waitUntil(lambda: runner.idle and not label.isVisible(), timeout=10_000)
    assert features.idle_lock.timer.interval() == 3_600_000  # the timeout is left alone
    features.idle_lock.stop()
