"""What the audit trail and the Users window say:
- a sign-out the user chose records where (the Users menu, or the lock screen: someone
  else was at the desk); both had an empty reason, like no other sign-out;
- a password reset says that it lifted the lock-out and what comes next ("Set a new
  password for rita." and the "locked until" silently gone)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QMainWindow
from sqlmodel import select

from approvals.services import auth, users
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")

pytestmark = pytest.mark.usefixtures("fast_hash")


def _seed(db: Database) -> None:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
        users.create_user(s, actor=ROOT, username="rita", password=PW, roles=["preparer"])


def _sign_out_reason(db: Database) -> str:
    with db.read_session() as s:
        events = [e.reason for e in s.exec(select(Event).where(
            Event.action == "user.signed_out").order_by(Event.id))]
    return events[-1]


@pytest.mark.parametrize("where", ["menu", "lock screen"])
def test_a_chosen_sign_out_says_where_in_the_audit_trail(qtbot, runner: TaskRunner,
                                                         db: Database, where: str) -> None:
    _seed(db)
    window = QMainWindow()
    qtbot.addWidget(window)
    features = ui_auth.install_user_features(window, runner, ROOT, timeout_ms=3_600_000,
                                             stamp="s")
    features.session_timer.stop()
    window.show()
    qtbot.waitExposed(window)
    if where == "menu":
        features.sign_out_action.trigger()
    else:
        features.idle_lock.lock()
        features.idle_lock.overlays[0].sign_out_button.click()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert features.signed_out
    expected = (ui_auth.SIGNED_OUT_FROM_MENU if where == "menu"
                else ui_auth.SIGNED_OUT_AT_LOCK)
    assert _sign_out_reason(db) == expected and expected


def test_a_reset_says_it_lifted_the_lock_out_and_what_comes_next(
        qtbot, runner: TaskRunner, db: Database) -> None:
    _seed(db)
    now = datetime.now(UTC)
    for n in range(auth.MAX_FAILED_ATTEMPTS):
        with db.session() as s:
            auth.sign_in(s, username="rita", password="not it at all",
                         now=now + timedelta(seconds=n))
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == 2, timeout=10_000)
    dialog.select("rita")
    assert dialog.selected() is not None and dialog.selected().locked_until
    qtbot.keyClicks(dialog.reset_password, "fresh start password")
    qtbot.keyClicks(dialog.reset_confirmation, "fresh start password")
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        dialog.reset_button.click()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    text = dialog.status.text()
    assert text.startswith("Set a new password for rita; their lock-out is lifted.")
    assert "in person" in text and "choose a new password of their own" in text
    assert dialog.status.wordWrap()
    with db.read_session() as s:
        reset = s.exec(select(Event).where(Event.action == "user.password_reset")).one()
        assert "fresh start" not in json.dumps([reset.old_value, reset.new_value, reset.details])


def test_quitting_is_recorded_as_the_end_of_the_session(qtbot, runner: TaskRunner,
                                                        db: Database) -> None:
    """File ▸ Quit (or the window closed) left a sign-in with no end in the audit trail."""
    _seed(db)
    window = QMainWindow()
    qtbot.addWidget(window)
    features = ui_auth.install_user_features(window, runner, ROOT, timeout_ms=3_600_000,
                                             stamp="s")
    features.session_timer.stop()
    QApplication.instance().aboutToQuit.emit()
    QApplication.instance().aboutToQuit.emit()  # once only
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    with db.read_session() as s:
        reasons = [e.reason for e in s.exec(select(Event).where(
            Event.action == "user.signed_out"))]
    assert reasons == [ui_auth.QUIT]
    features.idle_lock.stop()


def test_a_signed_out_session_records_no_quit(qtbot, runner: TaskRunner, db: Database) -> None:
    _seed(db)
    window = QMainWindow()
    qtbot.addWidget(window)
    features = ui_auth.install_user_features(window, runner, ROOT, timeout_ms=3_600_000,
                                             stamp="s")
    features.session_timer.stop()
    features.sign_out_action.trigger()
    QApplication.instance().aboutToQuit.emit()  # the sign-out's event loop ending
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    with db.read_session() as s:
        reasons = [e.reason for e in s.exec(select(Event).where(
            Event.action == "user.signed_out"))]
    assert reasons == [ui_auth.SIGNED_OUT_FROM_MENU]


def test_a_deleted_window_of_an_earlier_user_records_nothing_at_quit(
        qtbot, runner: TaskRunner, db: Database) -> None:
    """After Sign out the app deletes that window (and its UserFeatures) and opens another:
    quitting later must not reach the deleted one."""
    _seed(db)
    window = QMainWindow()
    features = ui_auth.install_user_features(window, runner, ROOT, timeout_ms=3_600_000,
                                             stamp="s")
    features.session_timer.stop()
    features.idle_lock.stop()
    shiboken6.delete(window)  # its UserFeatures (a child) with it
    QApplication.instance().aboutToQuit.emit()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    with db.read_session() as s:
        assert s.exec(select(Event).where(Event.action == "user.signed_out")).all() == []
