"""Ctrl+L (Users ▸ Lock now) locks from any window of the app. It worked only in the main
window: in a case window it did nothing, and the password the officer then typed to
unlock went into the comment being written, in clear text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit, QVBoxLayout, QWidget

from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner

ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")


def test_ctrl_l_in_a_case_window_locks(qtbot, runner: TaskRunner, db: Database) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    features = ui_auth.install_user_features(window, runner, ROOT, timeout_ms=3_600_000,
                                             stamp="s")
    features.session_timer.stop()
    case = QWidget()  # a case window: a top-level window of its own
    comment = QPlainTextEdit()
    QVBoxLayout(case).addWidget(comment)
    qtbot.addWidget(case)
    case.show()
    case.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is case, timeout=5_000)
    comment.setFocus()
    qtbot.keyClicks(comment, "Check the USCC")
    try:
        with qtbot.waitSignal(features.idle_lock.locked, timeout=5_000):
            qtbot.keyClick(comment, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        assert features.idle_lock.is_locked
        assert comment.toPlainText() == "Check the USCC"
    finally:
        features.idle_lock.stop()
        features.idle_lock.unlock()
