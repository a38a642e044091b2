"""A colleague an administrator created signs in for the first time: the sign-in dialog
asks for a password of their own (as after a reset), and the Users window says that the
account awaits it ("own password due")."""

from __future__ import annotations

import pytest

from approvals.services import auth, users
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.ui.test_auth17_reset_sign_in import press_sign_in, type_into
from tests.users_support import PW, ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")

OWN = "my own quiet harbour"


@pytest.fixture
def created(db: Database) -> Database:
    make_root(db)
    with db.session() as s:
        users.create_user(s, actor=ROOT, username="bob", password=PW, roles=["preparer"],
                          display_name="Bob")
    return db


def status_of(dialog: ui_auth.UserManagementDialog, name: str) -> str:
    row = next(r for r in range(dialog.table.rowCount())
               if dialog.table.item(r, 0).text() == name)
    return dialog.table.item(row, 3).text()


def test_the_first_sign_in_asks_for_a_password_of_ones_own(qtbot, runner: TaskRunner,
                                                           created: Database) -> None:
    dialog = ui_auth.make_sign_in_dialog(runner)
    assert isinstance(dialog, ui_auth.SignInDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.username, "bob")
    type_into(qtbot, dialog.password, PW)
    press_sign_in(qtbot, dialog)
    assert dialog.actor is None and dialog.choosing_new_password
    assert dialog.message.text().startswith(
        "Your account was created with a password set by Root (root).")
    label = dialog.message
    assert label.height() >= label.heightForWidth(label.width())  # not cut off

    type_into(qtbot, dialog.new_password, OWN)
    type_into(qtbot, dialog.new_confirmation, OWN)
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000):
        press_sign_in(qtbot, dialog)
    assert dialog.actor is not None and dialog.actor.username == "bob"
    with created.session() as s:
        assert auth.sign_in(s, username="bob", password=OWN).ok


def test_the_users_window_says_the_account_awaits_its_users_password(
        qtbot, runner: TaskRunner, created: Database) -> None:
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == 2, timeout=10_000)
    assert status_of(dialog, "bob") == "active,\nown password due"
    assert status_of(dialog, "root") == "active"
    row = next(r for r in range(dialog.table.rowCount())
               if dialog.table.item(r, 0).text() == "bob")
    assert dialog.table.item(row, 3).toolTip() == (
        "The account was created by Root (root), with a password they chose; bob chooses "
        "their own at the first sign-in.")
    dialog.find_edit.setText("own password")  # Find finds them
    assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())
            if not dialog.table.isRowHidden(r)] == ["bob"]
    dialog.find_edit.clear()
    with created.session() as s:
        assert auth.sign_in(s, username="bob", password=PW, new_password=OWN).ok
    dialog.refresh()
    qtbot.waitUntil(lambda: runner.idle and status_of(dialog, "bob") == "active",
                    timeout=10_000)
    dialog.close()
