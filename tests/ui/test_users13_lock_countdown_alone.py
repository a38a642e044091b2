"""The lock screen's countdown keeps the words of the answer it counts down from: the
only administrator, told there is nobody to ask, was sent to "ask an administrator"
again a second later by the countdown."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QPlainTextEdit

from approvals.services import auth
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


def test_the_countdown_of_the_only_administrator_does_not_send_them_to_ask(
        qtbot, runner: TaskRunner, db: Database) -> None:
    make_root(db)
    window = QPlainTextEdit()
    qtbot.addWidget(window)
    window.show()
    lock = ui_auth.IdleLock(runner, ROOT, timeout_ms=3_600_000)
    try:
        lock.lock()
        overlay = lock.overlays[0]
        until = auth.iso(auth.utc(None) + timedelta(seconds=125))
        lock._checked(overlay, auth.SignInResult(
            "locked", auth.lockout_message(125, until, only_admin=True), locked_until=until,
            remaining_seconds=125, only_admin=True))
        lock._lockout_until = auth.iso(auth.utc(None) + timedelta(seconds=42))
        lock._tick_lockout()  # a second later, as the timer calls it
        text = overlay.message.text()
        assert "Try again in 42 s" in text
        assert "ask an administrator" not in text and "only administrator" in text
    finally:
        lock.stop()
