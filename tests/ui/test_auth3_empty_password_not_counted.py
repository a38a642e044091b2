"""Enter with an empty password (after typing the name, or to wake a locked screen) is
said at once and not checked: it counted as one of the five wrong passwords before the
lock-out, and read "Wrong user name or password" / "The password is wrong"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from sqlmodel import select

from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


def _failures(db: Database) -> int:
    with db.read_session() as s:
        return len(s.exec(select(Event).where(Event.action == "user.sign_in_failed")).all())


class FormWindow(QWidget):
    """A window with one field, for the lock to cover."""

    def __init__(self) -> None:
        super().__init__()
        QVBoxLayout(self).addWidget(QLineEdit())


@pytest.fixture
def seeded(db: Database) -> Database:
    make_root(db)
    return db


def test_enter_after_the_user_name_asks_for_the_password(qtbot, runner: TaskRunner,
                                                         seeded: Database) -> None:
    dialog = ui_auth.SignInDialog(runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.username, "root")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert dialog.message.text() == "Enter your password."
    assert dialog.focusWidget() is dialog.password
    assert _failures(seeded) == 0


def test_enter_on_the_lock_screen_is_not_a_wrong_password(qtbot, runner: TaskRunner,
                                                          seeded: Database) -> None:
    form = FormWindow()
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    lock = ui_auth.IdleLock(runner, ROOT, timeout_ms=3_600_000)
    try:
        lock.lock()
        [overlay] = lock.overlays
        qtbot.keyClick(overlay.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        assert lock.is_locked
        assert overlay.message.text() == "Type your password, then press Enter."
        assert _failures(seeded) == 0
    finally:
        lock.stop()
