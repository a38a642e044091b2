"""Signing in with a password an administrator reset: the sign-in dialog asks for a new
password, twice, under the same rules, before anybody gets in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QLineEdit
from sqlmodel import select

from approvals.services import auth, users
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.ui.ux_checks import mnemonic_clashes
from tests.users_support import PW, ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")

RESET = "fresh start password"
OWN = "my own quiet harbour"


@pytest.fixture
def reset(db: Database) -> Database:
    make_root(db)
    with db.session() as s:
        users.create_user(s, actor=ROOT, username="bob", password=PW, roles=["preparer"],
                          display_name="Bob")
        users.reset_password(s, actor=ROOT, username="bob", new_password=RESET)
    return db


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def press_sign_in(qtbot, dialog: ui_auth.SignInDialog) -> None:
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.sign_in_button.isEnabled(), timeout=10_000)


def test_a_reset_password_signs_in_only_with_a_new_one(qtbot, runner: TaskRunner,
                                                       reset: Database) -> None:
    dialog = ui_auth.make_sign_in_dialog(runner)
    assert isinstance(dialog, ui_auth.SignInDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.new_password_box.isHidden()
    # Until then the labels take only their own width (no gap before the fields).
    assert dialog.password.mapTo(dialog, QPoint(0, 0)).x() < dialog.width() // 3
    type_into(qtbot, dialog.username, "bob")
    type_into(qtbot, dialog.password, RESET)
    press_sign_in(qtbot, dialog)

    assert dialog.actor is None and dialog.isVisible()
    assert dialog.choosing_new_password and dialog.new_password.hasFocus()
    assert "reset by Root (root)" in dialog.message.text()
    assert not dialog.username.isEnabled() and not dialog.password.isEnabled()
    assert dialog.sign_in_button.text() == "Choose and &sign in"
    # Its rows have Alt keys, and the message is not cut off.
    buddies = {dialog.new_password, dialog.new_confirmation}
    assert {label.buddy() for label in dialog.new_password_box.findChildren(
        ui_auth.QLabel) if label.buddy() is not None} == buddies
    label = dialog.message
    assert label.height() >= label.heightForWidth(label.width())
    assert mnemonic_clashes(dialog) == []
    # The new fields line up with the ones above them.
    assert dialog.new_password.mapTo(dialog, QPoint(0, 0)).x() == \
        dialog.password.mapTo(dialog, QPoint(0, 0)).x()

    # Not matching: said at the field, nothing sent.
    type_into(qtbot, dialog.new_password, OWN)
    type_into(qtbot, dialog.new_confirmation, OWN + "x")
    press_sign_in(qtbot, dialog)
    assert dialog.new_errors["confirmation"].text() == "does not match the password"
    # The password that was set: refused by the service, at the field.
    type_into(qtbot, dialog.new_password, RESET)
    type_into(qtbot, dialog.new_confirmation, RESET)
    press_sign_in(qtbot, dialog)
    assert "set for you" in dialog.new_errors["new_password"].text()
    assert dialog.actor is None and dialog.new_password.hasFocus()

    type_into(qtbot, dialog.new_password, OWN)
    type_into(qtbot, dialog.new_confirmation, OWN)
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000):
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.username == "bob" and dialog.stamp
    assert dialog._set_password == ""
    with reset.session() as s:
        assert auth.sign_in(s, username="bob", password=OWN).ok
        actions = [e.action for e in s.exec(select(Event).where(Event.entity_id == "bob"))]
    assert actions[-4:] == ["user.sign_in_refused", "user.password_changed", "user.signed_in",
                            "user.signed_in"]
