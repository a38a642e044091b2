"""The title bar's close box (or Alt+F4) still worked behind the idle lock: it closed the
intake wizard with its typing, a confirmation with its reason, or the main window (the
session), no password asked. The window system's close request (the one close a widget
receives as spontaneous) is refused while locked; the program's own closes still close."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QCloseEvent

from approvals.store.audit import Actor
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.ui.test_auth_ui import Form


class CloseBoxClicked(QCloseEvent):
    """What a click on the title bar's close box delivers to the window: a close event from
    the window system (a test cannot make Qt deliver one of those)."""

    def spontaneous(self) -> bool:
        return True


def _lock(runner: TaskRunner) -> ui_auth.IdleLock:
    return ui_auth.IdleLock(runner, Actor("bob", ("preparer",), "Bob"), timeout_ms=3_600_000)


@pytest.fixture
def form(qtbot) -> Form:
    """An open form, shown."""
    shown = Form()
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def test_the_close_box_is_refused_while_locked(form: Form, runner: TaskRunner) -> None:
    lock = _lock(runner)
    try:
        clicked = CloseBoxClicked()
        assert lock.eventFilter(form, clicked) is False  # unlocked: the window closes
        lock.lock(manual=True)
        assert lock.is_locked
        clicked = CloseBoxClicked()
        assert lock.eventFilter(form, clicked) is True and not clicked.isAccepted()
        assert lock.eventFilter(form, QCloseEvent()) is False  # the program's own close
    finally:
        lock.stop()


def test_the_program_still_closes_a_window_while_locked(form: Form, runner: TaskRunner) -> None:
    lock = _lock(runner)
    try:
        lock.lock(manual=True)
        assert form.close() and not form.isVisible()  # a finished task's window, say
    finally:
        lock.stop()


def test_a_new_idle_timeout_reaches_every_open_session(qtbot, runner: TaskRunner,
                                                       fast_hash: None) -> None:
    """Another administrator (another computer) sets 2 minutes: this session followed only
    its own Security settings dialog, and kept 15 minutes until its user signed in again."""
    from PySide6.QtWidgets import QMainWindow

    from approvals.services import auth, users

    db = runner.db
    root = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")
    with db.session() as s:
        users.create_first_admin(s, username="root", password="correct horse battery",
                                 display_name="Root")
    window = QMainWindow()
    qtbot.addWidget(window)
    features = ui_auth.install_user_features(window, runner, root, timeout_ms=None, stamp="")
    features.session_timer.stop()
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    lock = features.idle_lock
    try:
        assert lock.timer.interval() == 15 * 60_000
        with db.session() as s:
            auth.set_idle_timeout(s, actor=root, minutes=2)
        features.check_session()
        qtbot.waitUntil(lambda: lock.timer.interval() == 2 * 60_000, timeout=10_000)
        assert lock.timer.isActive()
        # Unchanged, a check leaves the countdown alone (it is not restarted each time).
        remaining = lock.timer.remainingTime()
        qtbot.wait(30)
        features.check_session()
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        assert lock.timer.remainingTime() < remaining
    finally:
        lock.stop()
