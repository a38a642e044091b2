"""Users → Sign out and Quit list every window's input not saved yet: the organisation-wide
filing particulars, a New user half entered in Users…, and Change my password dropped
their input without a word (only a case's windows and Security settings were listed)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.particulars import ParticularsEditor
from approvals.ui.widgets import unsaved_lines
from approvals.ui.workers import TaskRunner
from tests.ui.test_admin_journey_ui import ROOT, seeded  # noqa: F401
from tests.ui.test_particulars_ui import edit, opened, retype


def _listed() -> list[str]:
    return unsaved_lines(QApplication.topLevelWidgets())


def test_the_organisation_defaults_being_edited_are_listed(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    editor = opened(qtbot, ParticularsEditor(runner, admin, None))
    editor.show()
    assert editor.unsaved_input() == []
    retype(qtbot, edit(editor, "representative", "email"), "counsel@org.example")
    assert editor.unsaved_input() == [
        "the organisation-wide filing particulars being edited (Save)"]
    assert any(line.startswith("• the organisation-wide filing particulars being edited")
               for line in _listed())


def test_a_new_user_and_a_new_password_half_entered_are_listed(
        qtbot, runner: TaskRunner, seeded: Database) -> None:  # noqa: F811
    users_dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(users_dialog)
    users_dialog.show()
    qtbot.waitUntil(lambda: users_dialog.table.rowCount() == 2, timeout=10_000)
    assert users_dialog.unsaved_input() == []
    users_dialog.new_username.setText("li.wei")
    assert users_dialog.unsaved_input() == ["the new user being entered (Create user)"]
    users_dialog.reset_password.setText("half a password")
    assert "the password typed to reset (Reset password)" in users_dialog.unsaved_input()
    password = ui_auth.ChangePasswordDialog(runner, ROOT)
    qtbot.addWidget(password)
    password.show()
    assert password.unsaved_input() == []
    password.new.setText("a new passphrase")
    assert password.unsaved_input() == ["the new password being entered (Change password)"]
    listed = _listed()
    assert any("the new user being entered" in line for line in listed), listed
    assert any("the new password being entered" in line for line in listed), listed
    runner.wait_for_done()
