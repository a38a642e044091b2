"""The lock cover and the sign-in window from the keyboard: Alt+U unlocks, Alt+O signs out
and Alt+Q quits, each underlined, instead of Tab, Tab, Space to reach Sign out."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QPushButton

from approvals.store.audit import Actor
from approvals.ui.auth import LockOverlay, SignInDialog
from approvals.ui.workers import TaskRunner
from tests.ui.ux_checks import alt_keys_taken_away, dead_alt_keys, mnemonic_clashes


def test_alt_u_and_alt_o_on_the_lock_cover(qtbot: Any) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(600, 400)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    overlay = LockOverlay(window, Actor("officer", ("preparer",)), manual=True)
    qtbot.waitUntil(overlay.password.hasFocus, timeout=2_000)
    unlocks: list[str] = []
    sign_outs: list[bool] = []
    overlay.unlock_requested.connect(unlocks.append)
    overlay.sign_out_requested.connect(lambda: sign_outs.append(True))
    qtbot.keyClicks(overlay.password, "pw")
    qtbot.keyClick(overlay.password, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: unlocks == ["pw"], timeout=2_000)
    qtbot.keyClick(overlay.password, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: sign_outs == [True], timeout=2_000)
    assert alt_keys_taken_away(overlay) == [] and mnemonic_clashes(overlay) == []


def test_alt_q_quits_the_sign_in(qtbot: Any, runner: TaskRunner) -> None:
    dialog = SignInDialog(runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    quit_button = next(b for b in dialog.findChildren(QPushButton)
                       if b.text().replace("&", "") == "Quit")
    assert quit_button.text() == "&Quit"
    with qtbot.waitSignal(dialog.rejected, timeout=2_000):
        qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)
    assert mnemonic_clashes(dialog) == [] and dead_alt_keys(dialog) == []
