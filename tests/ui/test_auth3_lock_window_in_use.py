"""The idle lock with two windows open (the main window and a case window with a
half-typed comment): the password goes into the cover of the window in use, and after
unlock that window is in front again with the comment. The main window's cover took the
password and was raised over the case window, which stayed behind after unlock."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit, QVBoxLayout, QWidget

from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import PW, ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


class CaseWindow(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.comment = QPlainTextEdit()
        QVBoxLayout(self).addWidget(self.comment)


@pytest.mark.parametrize("in_use", ["case", "main"])
def test_the_window_in_use_takes_the_password_and_comes_back_in_front(
        qtbot, runner: TaskRunner, db: Database, in_use: str) -> None:
    make_root(db)
    main, case = QMainWindow(), CaseWindow()
    main.setCentralWidget(QPlainTextEdit())
    for window in (main, case):
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
    working = case if in_use == "case" else main
    field = case.comment if in_use == "case" else main.centralWidget()
    working.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is working, timeout=5_000)
    field.setFocus()
    qtbot.keyClicks(field, "Please check the USCC before")

    lock = ui_auth.IdleLock(runner, ROOT, timeout_ms=3_600_000)
    try:
        lock.lock()
        front = next(o for o in lock.overlays if o.password.hasFocus())
        assert front.parentWidget() is working
        assert front.reachable
        qtbot.waitUntil(lambda: QApplication.activeWindow() is working, timeout=5_000)

        with qtbot.waitSignal(lock.unlocked, timeout=10_000):
            qtbot.keyClicks(front.password, PW)
            front.unlock_button.click()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is working, timeout=5_000)
        assert field.hasFocus()
        assert field.toPlainText() == "Please check the USCC before"
    finally:
        lock.stop()
