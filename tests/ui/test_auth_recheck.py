"""A message under a new-user field goes (or changes) as the field changes, not only when
Create is clicked again: "'admin' is a role, not a person…" must not stay under a user
name changed to "liwei". A field without a message gets none while it is typed into."""

from __future__ import annotations

import pytest

from approvals.services import users
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.ui.test_auth_ui import PW, click, type_into, users_dialog

pytestmark = pytest.mark.usefixtures("fast_hash")

ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")


def _first_start(qtbot, runner: TaskRunner) -> ui_auth.FirstStartDialog:
    dialog = ui_auth.make_sign_in_dialog(runner)
    assert isinstance(dialog, ui_auth.FirstStartDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_role_message_goes_when_the_name_is_changed(qtbot, runner: TaskRunner,
                                                        db: Database) -> None:
    dialog = _first_start(qtbot, runner)
    qtbot.waitExposed(dialog)
    before = dialog.height()
    type_into(qtbot, dialog.username, "admin")
    type_into(qtbot, dialog.display_name, "Li Wei")
    type_into(qtbot, dialog.password, PW)
    type_into(qtbot, dialog.confirmation, PW)
    click(qtbot, dialog.create_button)
    assert "is a role, not a person" in dialog.username_error.text()
    assert dialog.username_error.isVisible()
    grown = dialog.height()
    assert grown > before  # room made for the message
    type_into(qtbot, dialog.username, "liwei")
    assert dialog.username_error.text() == ""
    assert not dialog.username_error.isVisible()
    # The room goes with it (a gap had pushed the field away from its label).
    qtbot.waitUntil(lambda: dialog.height() == before, timeout=2_000)
    # Changed from one bad name to another (pasted): the message says the new problem.
    dialog.username.setText("li wei!")
    click(qtbot, dialog.create_button)
    assert "letters, digits" in dialog.username_error.text()
    dialog.username.setText("admin")
    assert "is a role, not a person" in dialog.username_error.text()
    with db.read_session() as s:
        assert users.first_start_needed(s)  # nothing was sent
    dialog.reject()


def test_untouched_fields_get_no_message_while_typing(qtbot, runner: TaskRunner,
                                                      db: Database) -> None:
    dialog = _first_start(qtbot, runner)
    type_into(qtbot, dialog.username, "admin")  # never submitted: not judged yet
    type_into(qtbot, dialog.password, "short")
    assert dialog.username_error.text() == "" and dialog.password_error.text() == ""
    click(qtbot, dialog.create_button)
    assert dialog.password_error.text() != "" and dialog.username_error.text() != ""
    # Fixing the password clears its message; the name's stays until the name is right.
    type_into(qtbot, dialog.password, PW)
    assert dialog.password_error.text() == ""
    assert "is a role" in dialog.username_error.text()
    # The confirmation, not judged before, gets no message while the password is typed.
    assert dialog.confirmation_error.text() == ""
    dialog.reject()


def test_the_users_dialog_rechecks_its_new_user_form(qtbot, runner: TaskRunner,
                                                     db: Database) -> None:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
    dialog = users_dialog(qtbot, runner)
    type_into(qtbot, dialog.new_username, "admin")
    type_into(qtbot, dialog.new_password, PW)
    type_into(qtbot, dialog.new_confirmation, PW)
    click(qtbot, dialog.create_button)  # no role ticked either
    assert "is a role" in dialog.new_errors["username"].text()
    assert dialog.new_errors["roles"].text() != ""
    type_into(qtbot, dialog.new_username, "liwei")
    assert dialog.new_errors["username"].text() == ""
    dialog.new_role_boxes["preparer"].setChecked(True)
    assert dialog.new_errors["roles"].text() == ""
