"""Users window: Enter acts on the form it is typed in. Qt made Save roles the dialog's
default button, so Enter in the New user form saved the ticks of the user selected above
(and created nobody), and Enter in a new-password field did nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select

from approvals.services import auth, users
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui.workers import TaskRunner
from tests.users_support import open_users_window

pytestmark = pytest.mark.usefixtures("fast_hash")


def _actions(db: Database) -> list[str]:
    with db.read_session() as s:
        return [e.action for e in s.exec(select(Event).order_by(Event.id))]


def test_enter_in_the_new_user_form_creates_the_user_not_the_selected_roles(
        qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = open_users_window(qtbot, runner, db)
    dialog.select("bob")
    dialog.role_boxes["reviewer"].setChecked(True)  # ticked, not saved
    qtbot.keyClicks(dialog.new_username, "carol")
    qtbot.keyClicks(dialog.new_password, "staple gun orange")
    qtbot.keyClicks(dialog.new_confirmation, "staple gun orange")
    dialog.new_role_boxes["approver"].setChecked(True)
    dialog.new_confirmation.setFocus()
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        qtbot.keyClick(dialog.new_confirmation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == 3, timeout=10_000)
    assert dialog.status.text() == ("Created user carol. They choose their own password "
                                    "at the first sign-in.")
    assert "user.roles_changed" not in _actions(db)  # bob's ticks were not saved
    with db.read_session() as s:
        assert users.get_user(s, "bob").roles == ("preparer",)


def test_enter_on_a_new_role_tick_asks_for_what_is_missing(qtbot, runner: TaskRunner,
                                                           db: Database) -> None:
    dialog = open_users_window(qtbot, runner, db)
    dialog.select("bob")
    dialog.role_boxes["reviewer"].setChecked(True)
    qtbot.keyClicks(dialog.new_username, "carol")
    box = dialog.new_role_boxes["preparer"]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert dialog.new_errors["password"].text()  # the form was checked: say what is missing
    assert "user.roles_changed" not in _actions(db)


def test_enter_in_the_new_password_fields_sets_the_password(qtbot, runner: TaskRunner,
                                                            db: Database) -> None:
    dialog = open_users_window(qtbot, runner, db)
    dialog.select("bob")
    qtbot.keyClicks(dialog.reset_password, "fresh start password")
    qtbot.keyClicks(dialog.reset_confirmation, "fresh start password")
    dialog.reset_confirmation.setFocus()
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        qtbot.keyClick(dialog.reset_confirmation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert "user.password_reset" in _actions(db)
    with db.session() as s:
        # The password set is the one in force; bob chooses his own with it at sign-in.
        assert auth.sign_in(s, username="bob", password="fresh start password").must_change


def test_enter_in_the_table_presses_no_button(qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = open_users_window(qtbot, runner, db)
    dialog.select("bob")
    dialog.role_boxes["reviewer"].setChecked(True)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert dialog.isVisible()
    assert "user.roles_changed" not in _actions(db)


def test_the_last_administrator_is_told_how_to_hand_over(qtbot, runner: TaskRunner,
                                                         db: Database) -> None:
    dialog = open_users_window(qtbot, runner, db)
    dialog.select("root")
    assert not dialog.role_boxes["admin"].isEnabled()
    why = dialog.why.text()
    assert "last active administrator" in why
    assert "tick Administrator and Save roles" in why  # the next step, not only the refusal
    assert dialog.role_boxes["admin"].toolTip() == why
