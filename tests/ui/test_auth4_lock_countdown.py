"""The lock screen after five wrong passwords: "Try again in 5 min 00 s" stood unchanged
for the whole five minutes. The time left now counts down, and when the lock-out is
over the screen says so. The countdown keeps the words of the answer it counts down from:
the only administrator, told there is nobody to ask, was sent to "ask an administrator"
again a second later by the countdown."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from approvals.services import auth
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


def _locked_out(qtbot, runner: TaskRunner, until: str, seconds: int,
                only_admin: bool = False) -> tuple[ui_auth.IdleLock, ui_auth.LockOverlay]:
    """A window locked, and its cover told of a lock-out until `until` (as five wrong
    passwords on the lock screen leave it)."""
    window = QPlainTextEdit()
    qtbot.addWidget(window)
    window.show()
    lock = ui_auth.IdleLock(runner, ROOT, timeout_ms=3_600_000)
    lock.lock()
    overlay = lock.overlays[0]
    lock._checked(overlay, auth.SignInResult(
        "locked", auth.lockout_message(seconds, until, only_admin=only_admin),
        locked_until=until, remaining_seconds=seconds, only_admin=only_admin))
    return lock, overlay


@pytest.mark.parametrize("only_admin", [False, True])
def test_the_lock_out_counts_down_in_its_own_words_and_its_end_is_said(
        qtbot, runner: TaskRunner, db: Database, only_admin: bool) -> None:
    make_root(db)
    until = auth.iso(auth.utc(None) + timedelta(seconds=125))
    lock, overlay = _locked_out(qtbot, runner, until, 125, only_admin)
    try:
        assert "Try again in 2 min 0" in overlay.message.text()
        assert lock.lockout_timer.isActive()
        lock._lockout_until = auth.iso(auth.utc(None) + timedelta(seconds=42))
        lock._tick_lockout()  # a second later, as the timer calls it
        text = overlay.message.text()
        assert "Try again in 42 s" in text
        assert ("ask an administrator" in text) is not only_admin, text
        assert ("only administrator" in text) is only_admin, text
        lock._lockout_until = auth.iso(auth.utc(None) - timedelta(seconds=1))
        lock._tick_lockout()
        assert overlay.message.text() == ui_auth.LOCKOUT_OVER
        assert not lock.lockout_timer.isActive()
        lock.unlock()
        assert not lock.lockout_timer.isActive()
    finally:
        lock.stop()


def test_a_lock_out_an_administrator_lifts_stops_being_counted(
        qtbot, runner: TaskRunner, db: Database) -> None:
    """Lifted by an administrator, the lock-out went on being counted down on the cover
    ("Try again in 4 min 45 s, or ask an administrator") though the password now unlocks."""
    from sqlmodel import select

    from approvals.store.models import User

    make_root(db)
    until = auth.iso(auth.utc(None) + timedelta(seconds=300))
    with db.session() as s:
        user = s.exec(select(User).where(User.username == ROOT.username)).one()
        user.locked_until = until
        s.add(user)
    lock, overlay = _locked_out(qtbot, runner, until, 300)
    try:
        for _ in range(ui_auth.LOCKOUT_REREAD_TICKS):  # still locked: still counted
            lock._tick_lockout()
        runner.wait_for_done()
        qtbot.waitUntil(lambda: runner.idle, timeout=5_000)
        assert "Try again in" in overlay.message.text() and lock.lockout_timer.isActive()
        with db.session() as s:  # Lift lock-out, by an administrator elsewhere
            user = s.exec(select(User).where(User.username == ROOT.username)).one()
            user.locked_until = None
            s.add(user)
        for _ in range(ui_auth.LOCKOUT_REREAD_TICKS):
            lock._tick_lockout()
        qtbot.waitUntil(lambda: overlay.message.text() == ui_auth.LOCKOUT_LIFTED,
                        timeout=5_000)
        assert not lock.lockout_timer.isActive()
    finally:
        lock.stop()


def test_the_lock_screen_tells_someone_else_to_sign_out(qtbot) -> None:
    window = QPlainTextEdit()
    qtbot.addWidget(window)
    window.show()
    overlay = ui_auth.LockOverlay(window, ROOT)
    text = overlay.findChild(QLabel, "lockReason").text()
    assert f"Not {ROOT.display_name or ROOT.username}? Sign out, then sign in as yourself." in text
