"""Alt+1 (a New user role box) and Enter at once creates the user with that role. Qt
ticks a box reached by its key 100 ms late (it animates the click), so an Enter within
that time found no role ticked: "tick at least one role" flashed and went as the tick
landed, and nothing was created, though the administrator had done everything right."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.services import users
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.users_support import PW, open_users_window

pytestmark = pytest.mark.usefixtures("fast_hash")


def test_enter_right_after_a_role_key_creates_the_user_with_that_role(
    qtbot, runner: TaskRunner, db: Database,
) -> None:
    dialog = open_users_window(qtbot, runner, db, active=True)
    qtbot.keyClicks(dialog.new_username, "newbie")
    qtbot.keyClicks(dialog.new_display_name, "New Bie")
    qtbot.keyClicks(dialog.new_password, PW)
    qtbot.keyClicks(dialog.new_confirmation, PW)
    dialog.new_confirmation.setFocus()
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_1,
                   Qt.KeyboardModifier.AltModifier)
    box = dialog.new_role_boxes["preparer"]
    assert box.hasFocus() and not box.isChecked()  # the tick is still on its way
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Created user New Bie (newbie)"),
                    timeout=10_000)
    with db.read_session() as session:
        assert users.get_user(session, "newbie").roles == ("preparer",)
    assert not any(error.text() for error in dialog.new_errors.values())
    dialog.close()


def test_enter_with_no_role_ticked_still_asks_for_one(
    qtbot, runner: TaskRunner, db: Database,
) -> None:
    """Enter on a box already ticked and cleared again (no click on its way) is refused
    at once, as before: only a tick still on its way is waited for."""
    dialog = open_users_window(qtbot, runner, db, active=True)
    qtbot.keyClicks(dialog.new_username, "newbie")
    qtbot.keyClicks(dialog.new_password, PW)
    qtbot.keyClicks(dialog.new_confirmation, PW)
    box = dialog.new_role_boxes["reviewer"]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert any("role" in error.text() for error in dialog.new_errors.values())
    dialog.close()
