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


def test_a_lock_in_the_background_does_not_take_the_keyboard(
        qtbot, runner: TaskRunner, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    window = QMainWindow()
    window.setCentralWidget(QLineEdit())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    activated: list[QWidget] = []
    monkeypatch.setattr(QWidget, "activateWindow", lambda self: activated.append(self))
    # Another program is in front: no window of this app is active.
    monkeypatch.setattr(QApplication, "activeWindow", staticmethod(lambda: None))
    lock = ui_auth.IdleLock(runner, ROOT, timeout_ms=3_600_000)
    try:
        lock.lock()
        assert lock.is_locked and lock.overlays[0].isVisible()
        assert activated == []
    finally:
        lock.stop()
        lock.unlock()


def test_a_lock_in_front_still_puts_the_password_row_in_front(
        qtbot, runner: TaskRunner, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    window = QMainWindow()
    window.setCentralWidget(QLineEdit())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    activated: list[QWidget] = []
    monkeypatch.setattr(QWidget, "activateWindow", lambda self: activated.append(self))
    monkeypatch.setattr(QApplication, "activeWindow", staticmethod(lambda: window))
    lock = ui_auth.IdleLock(runner, ROOT, timeout_ms=3_600_000)
    try:
        lock.lock()
        assert activated == [window]
    finally:
        lock.stop()
        lock.unlock()
