"""Users: the reset fields are reached with Alt keys (Alt+W, Alt+G), clashing with none; the
Status column says whose reset password still awaits their own (on a line of its own)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.services import auth
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


def test_the_status_column_says_a_reset_awaits_the_users_own_password(
        qtbot, runner: TaskRunner, db) -> None:
    dialog = open_users_window(qtbot, runner, db)
    dialog.select("bob")
    qtbot.waitUntil(lambda: dialog.reset_password.isEnabled(), timeout=10_000)
    qtbot.keyClicks(dialog.reset_password, "fresh start password")
    qtbot.keyClicks(dialog.reset_confirmation, "fresh start password")
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        dialog.reset_button.click()
    qtbot.waitUntil(lambda: runner.idle and "reset" in status_of(dialog, "bob"),
                    timeout=10_000)
    assert status_of(dialog, "bob") == "active,\npassword reset"
    row = next(r for r in range(dialog.table.rowCount())
               if dialog.table.item(r, 0).text() == "bob")
    assert "reset by Root (root)" in dialog.table.item(row, 3).toolTip()
    assert status_of(dialog, "root") == "active"
    dialog.find_edit.setText("reset")  # Find finds them
    assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())
            if not dialog.table.isRowHidden(r)] == ["bob"]
    dialog.find_edit.clear()
    # The column is no wider for it than for "deactivated" plus a little.
    metrics = dialog.table.fontMetrics()
    assert dialog.table.horizontalHeader().sectionSize(3) < metrics.horizontalAdvance(
        "active, password reset")
    with db.session() as s:
        assert auth.sign_in(s, username="bob", password="fresh start password",
                            new_password="bob's own passphrase").ok
    dialog.refresh()
    qtbot.waitUntil(lambda: runner.idle and status_of(dialog, "bob") == "active",
                    timeout=10_000)


def status_of(dialog, username: str) -> str:
    for r in range(dialog.table.rowCount()):
        if dialog.table.item(r, 0).text() == username:
            return dialog.table.item(r, 3).text()
    return ""
