"""The lock screen's Sign out asks nobody about unsaved input (the work is not the person's
at the desk): its tooltip says what closing the windows keeps and what it does not."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from approvals.store.audit import Actor
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner


def test_the_lock_screens_sign_out_says_what_stays(qtbot, runner: TaskRunner) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    lock = ui_auth.IdleLock(runner, Actor("bob", ("preparer",), "Bob Li"), timeout_ms=60_000)
    try:
        lock.lock()
        [overlay] = lock.overlays
        tip = overlay.sign_out_button.toolTip()
        assert tip.startswith("Sign Bob Li out, to sign in as someone else.")
        assert "without asking" in tip and "draft" in tip and "review-mode typing" in tip
        assert "comment not yet added is not" in tip
    finally:
        lock.stop()
        window.close()
