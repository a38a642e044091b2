"""Users: the reset fields are reached with Alt keys (Alt+W, Alt+G), clashing with none."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.ui.workers import TaskRunner
from tests.ui.ux_checks import mnemonic_clashes
from tests.users_support import open_users_window

pytestmark = pytest.mark.usefixtures("fast_hash")


def test_alt_keys_reach_the_reset_fields(qtbot, runner: TaskRunner, db) -> None:
    dialog = open_users_window(qtbot, runner, db, active=True)
    dialog.select("bob")
    qtbot.waitUntil(lambda: dialog.reset_password.isEnabled(), timeout=10_000)
    assert mnemonic_clashes(dialog) == []
    dialog.find_edit.setFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.reset_password, timeout=5_000)
    qtbot.keyClick(dialog, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.reset_confirmation,
                    timeout=5_000)
