"""Users window: an administrator corrects a user's full name (printed on filings and in
the audit trail). A typo made when the user was created could not be put right in the
app: the service existed, no window offered it."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select

from approvals.services import users
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")
BOB = Actor("bob", ("preparer",), "Bob")

pytestmark = pytest.mark.usefixtures("fast_hash")


def _open(qtbot, runner: TaskRunner, db: Database,
          actor: Actor = ROOT) -> ui_auth.UserManagementDialog:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
        users.create_user(s, actor=ROOT, username="bob", password=PW, roles=["preparer"],
                          display_name="Bob Lii")
    dialog = ui_auth.UserManagementDialog(runner, actor)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == 2, timeout=10_000)
    return dialog


def test_the_full_name_is_corrected_with_enter(qtbot, runner: TaskRunner,
                                               db: Database) -> None:
    dialog = _open(qtbot, runner, db)
    dialog.select("bob")
    assert dialog.name_edit.text() == "Bob Lii"
    assert not dialog.save_name_button.isEnabled()  # nothing to save yet
    dialog.name_edit.setText("Bob Li")
    assert dialog.save_name_button.isEnabled()
    dialog.name_edit.setFocus()
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: runner.idle and dialog.selected() is not None
                    and dialog.selected().display_name == "Bob Li", timeout=10_000)
    assert dialog.table.item(0, 1).text() == "Bob Li"  # the list shows it too
    # Named as the window names people, the new full name first (not the login alone).
    assert dialog.status.text() == "Saved the full name of Bob Li (bob)."
    assert not dialog.save_name_button.isEnabled()
    with db.read_session() as s:
        event = s.exec(select(Event).where(Event.action == "user.changed")).one()
        assert (event.actor, event.entity_id, event.field) == ("root", "bob", "display_name")
        assert (json.loads(event.old_value), json.loads(event.new_value)) == ("Bob Lii",
                                                                             "Bob Li")


def test_a_refused_full_name_is_said_under_the_field(qtbot, runner: TaskRunner,
                                                     db: Database) -> None:
    dialog = _open(qtbot, runner, db)
    dialog.select("bob")
    dialog.name_edit.setText("Bob\u202eiL")  # a right-to-left override
    dialog.save_name_button.click()
    qtbot.waitUntil(lambda: runner.idle and dialog.name_error.text() != "", timeout=10_000)
    assert dialog.name_error.text().startswith("Full name must not contain invisible")
    with db.read_session() as s:
        assert users.get_user(s, "bob").display_name == "Bob Lii"


def test_switching_users_shows_their_own_name(qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = _open(qtbot, runner, db)
    dialog.select("bob")
    dialog.name_edit.setText("typed, not saved")
    dialog.refresh()  # a re-read (the window came back to the front) keeps what was typed
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert dialog.name_edit.text() == "typed, not saved"
    dialog.select("root")
    assert dialog.name_edit.text() == "Root"


def test_only_an_administrator_may_change_it(qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = _open(qtbot, runner, db, actor=BOB)
    dialog.select("bob")
    assert not dialog.name_edit.isEnabled() and not dialog.save_name_button.isEnabled()
    assert "administrator" in dialog.save_name_button.toolTip()
