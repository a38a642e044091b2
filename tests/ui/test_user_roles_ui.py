"""Users window: Save roles is offered only when the ticks differ from the user's roles
(saving unchanged roles said "Saved the roles of …" and did nothing)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from approvals.services import auth, users
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event, User
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import create_user_with_own_password

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")

pytestmark = pytest.mark.usefixtures("fast_hash")


def open_users_dialog(qtbot, runner: TaskRunner) -> ui_auth.UserManagementDialog:
    """Users… as root opens it, its list of the two users read."""
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == 2, timeout=10_000)
    return dialog


def test_save_roles_waits_for_a_change(qtbot, runner: TaskRunner, db: Database) -> None:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
        users.create_user(s, actor=ROOT, username="bob", password=PW, roles=["preparer"])
    dialog = open_users_dialog(qtbot, runner)
    dialog.select("bob")
    save = dialog.save_roles_button
    assert not save.isEnabled()
    assert save.toolTip() == "Tick or clear a role above to change it."

    dialog.role_boxes["reviewer"].setChecked(True)
    assert save.isEnabled() and save.toolTip() == ""
    dialog.role_boxes["reviewer"].setChecked(False)  # back as stored
    assert not save.isEnabled()

    dialog.role_boxes["approver"].setChecked(True)
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        save.click()
    qtbot.waitUntil(lambda: runner.idle and dialog.selected() is not None
                    and dialog.selected().roles == ("preparer", "approver"), timeout=10_000)
    assert not save.isEnabled()  # saved: nothing left to save
    dialog.close()


def two_users(db: Database) -> None:
    """root and bob, who has signed in once and chosen his own password."""
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
        create_user_with_own_password(s, actor=ROOT, username="bob", password=PW,
                                      roles=["preparer"])


def test_the_last_message_stays_with_its_user(qtbot, runner: TaskRunner, db: Database) -> None:
    """"Saved the roles of bob." stayed under the form while root was selected."""
    two_users(db)
    dialog = open_users_dialog(qtbot, runner)
    dialog.select("bob")
    dialog.role_boxes["reviewer"].setChecked(True)
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        dialog.save_roles_button.click()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert dialog.status.text() == "Saved the roles of bob."  # kept through the re-read
    dialog.select("root")
    assert dialog.status.text() == ""
    dialog.close()


def test_an_expired_lock_out_leaves_the_list(qtbot, runner: TaskRunner, db: Database) -> None:
    """The list said "locked until …" and offered Lift lock-out after the lock ran out."""
    two_users(db)
    with db.session() as s:
        for _ in range(auth.MAX_FAILED_ATTEMPTS):
            auth.sign_in(s, username="bob", password="wrong password!")
    dialog = open_users_dialog(qtbot, runner)
    dialog.select("bob")
    def status_of_bob() -> str:
        row = next(r for r in range(dialog.table.rowCount())
                   if dialog.table.item(r, 0).text() == "bob")
        return dialog.table.item(row, 3).text()

    assert "locked until" in status_of_bob()
    assert dialog.unlock_button.isEnabled()
    # Read again when the lock runs out (5 minutes and a second from now).
    assert dialog.lock_expiry.isActive()
    assert 0 < dialog.lock_expiry.interval() <= (auth.LOCKOUT.total_seconds() + 1) * 1000
    with db.session() as s:  # the lock has run out
        user = s.exec(select(User).where(User.username == "bob")).one()
        user.locked_until = auth.iso(auth.utc(None) - timedelta(seconds=1))
        s.add(user)
    dialog.lock_expiry.timeout.emit()
    qtbot.waitUntil(lambda: status_of_bob() == "active", timeout=10_000)
    assert not dialog.unlock_button.isEnabled()
    assert not dialog.lock_expiry.isActive()  # nobody else locked out: nothing to wait for
    dialog.close()


def test_deactivation_is_confirmed_with_its_reason(qtbot, runner: TaskRunner,
                                                   db: Database) -> None:
    """Deactivate, just under Save roles, signed a colleague out at one click, with no
    reason recorded; it now asks, and the reason goes into the audit trail."""
    two_users(db)
    dialog = open_users_dialog(qtbot, runner)
    dialog.select("bob")
    dialog.active_button.click()
    confirm = dialog.confirm_dialog
    assert confirm is not None and confirm.isVisible()
    assert "Deactivate bob?" in confirm.message.text()
    assert not confirm.action.isEnabled()  # the reason first
    confirm.reject()  # Cancel: nothing happens
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    with db.read_session() as s:
        assert users.get_user(s, "bob").active

    dialog.active_button.click()
    confirm = dialog.confirm_dialog
    assert confirm is not None and confirm.reason is not None
    qtbot.keyClicks(confirm.reason, "left the firm")
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        confirm.action.click()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert dialog.status.text() == "Deactivated bob."
    with db.read_session() as s:
        assert not users.get_user(s, "bob").active
        event = s.exec(select(Event.entity_id, Event.reason)
                       .where(Event.action == "user.deactivated")).one()
    assert tuple(event) == ("bob", "left the firm")
    # Reactivating asks nothing: it takes nobody's work away.
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        dialog.active_button.click()
    dialog.close()


def test_the_new_user_fields_have_alt_keys(qtbot, runner: TaskRunner, db: Database) -> None:
    """The first-start form's fields had Alt keys, the New user box's none."""
    from PySide6.QtWidgets import QFormLayout, QLabel

    from tests.ui.ux_checks import mnemonic_clashes

    two_users(db)
    dialog = open_users_dialog(qtbot, runner)
    form = dialog.new_box.layout()
    assert isinstance(form, QFormLayout)
    buddies = {}
    for row in range(4):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
        assert isinstance(label, QLabel) and "&" in label.text()
        buddies[label.text()] = label.buddy()
    assert buddies == {"User &name": dialog.new_username, "&Full name": dialog.new_display_name,
                       "&Password": dialog.new_password,
                       "Password &again": dialog.new_confirmation}
    dialog.select("bob")
    assert mnemonic_clashes(dialog) == []
    dialog.close()


def test_roles_changed_by_another_administrator_meanwhile_are_not_saved_over(
        qtbot, runner: TaskRunner, db: Database) -> None:
    """Save roles stored every ticked box: an administrator whose list was read before a
    colleague granted bob a role took that role back without a word."""
    two_users(db)
    dialog = open_users_dialog(qtbot, runner)
    dialog.select("bob")
    # Meanwhile, on another computer, bob is made an approver.
    with db.session() as s:
        users.set_roles(s, actor=ROOT, username="bob", roles=["preparer", "approver"])
    dialog.role_boxes["reviewer"].setChecked(True)  # ticked on the list as read before
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        dialog.save_roles_button.click()
    qtbot.waitUntil(lambda: runner.idle and dialog.selected() is not None
                    and dialog.selected().roles == ("preparer", "approver"), timeout=10_000)
    assert "Someone else changed the roles of" in dialog.status.text()
    assert "preparer then, preparer, approver now" in dialog.status.text()
    with db.read_session() as s:
        bob = s.exec(select(User).where(User.username == "bob")).one()
        assert users.user_roles(bob) == ("preparer", "approver")  # nothing taken back
    dialog.close()


def test_a_full_name_changed_meanwhile_is_not_saved_over(db: Database) -> None:
    from approvals.domain.errors import ConflictError

    two_users(db)
    with db.session() as s:
        users.set_display_name(s, actor=ROOT, username="bob", display_name="Bob Li")
    with db.session() as s, pytest.raises(ConflictError) as err:
        users.set_display_name(s, actor=ROOT, username="bob", display_name="Robert",
                               shown="")
    assert "no full name then, Bob Li now" in str(err.value)
    with db.session() as s:  # as shown: saved
        users.set_display_name(s, actor=ROOT, username="bob", display_name="Robert Li",
                               shown="Bob Li")
    with db.read_session() as s:
        assert s.exec(select(User).where(User.username == "bob")).one().display_name == \
            "Robert Li"
