"""The idle lock of an app in the background (the officer works in the e-mail program):
the windows are covered, but none is brought to the front. It activated the main window,
which took the keyboard from the other program: the e-mail being typed went into the
password field, and Enter counted it as a wrong password."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QWidget

from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner

ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")


def _locked(qtbot, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch,
            in_front: bool) -> tuple[QMainWindow, list[QWidget]]:
    """A window of the app, locked while it is in front or while another program is
    (no window of the app active); the windows the lock activated."""
    window = QMainWindow()
    window.setCentralWidget(QLineEdit())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    activated: list[QWidget] = []
    monkeypatch.setattr(QWidget, "activateWindow", lambda self: activated.append(self))
    monkeypatch.setattr(QApplication, "activeWindow",
                        staticmethod(lambda: window if in_front else None))
    lock = ui_auth.IdleLock(runner, ROOT, timeout_ms=3_600_000)
    try:
        lock.lock()
        assert lock.is_locked and lock.overlays[0].isVisible()
        return window, list(activated)  # by the lock, not by the unlock below
    finally:
        lock.stop()
        lock.unlock()


def test_a_lock_in_the_background_does_not_take_the_keyboard(
        qtbot, runner: TaskRunner, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    _window, activated = _locked(qtbot, runner, monkeypatch, in_front=False)
    assert activated == []


def test_a_lock_in_front_still_puts_the_password_row_in_front(
        qtbot, runner: TaskRunner, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    window, activated = _locked(qtbot, runner, monkeypatch, in_front=True)
    assert activated == [window]
