"""The sign-up forms (first start, a new user) put the cursor in the first field to fix:
it stayed in Password again, where Enter was pressed, below the user name to correct."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import PW, ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


def test_first_start_goes_back_to_the_user_name(qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = ui_auth.make_sign_in_dialog(runner)
    assert isinstance(dialog, ui_auth.FirstStartDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.keyClicks(dialog.username, "ada lovelace")
    dialog.password.setText(PW)
    dialog.confirmation.setFocus()
    qtbot.keyClicks(dialog.confirmation, PW)
    qtbot.keyClick(dialog.confirmation, Qt.Key.Key_Return)
    assert dialog.username_error.isVisible()
    assert dialog.focusWidget() is dialog.username
    assert dialog.username.selectedText() == "ada lovelace"  # ready to be typed over


def test_a_new_user_without_roles_goes_to_the_roles(qtbot, runner: TaskRunner,
                                                    db: Database) -> None:
    make_root(db)
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    dialog.new_username.setText("carol")
    dialog.new_password.setText(PW)
    dialog.new_confirmation.setText("not the same password")
    dialog.new_confirmation.setFocus()
    dialog.create_button.click()
    assert dialog.focusWidget() is dialog.new_confirmation  # the first problem
    dialog.new_confirmation.setText(PW)
    dialog.create_button.click()  # no role ticked: said by the form, before any work
    assert dialog.new_errors["roles"].isVisible()
    assert dialog.focusWidget() is dialog.new_role_boxes["preparer"]
    dialog.close()
