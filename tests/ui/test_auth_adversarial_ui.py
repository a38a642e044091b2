"""pytest-qt: the sign-in and user forms with input from the real world — a password
pasted into one field and typed into the other, a full-width user name, a password that is
the user name — and solo mode switched on without a reason."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from approvals.services import auth, users
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def fill(edit: QLineEdit, text: str) -> None:
    edit.setText(text)  # as a paste does: the characters exactly as given


def test_first_start_with_a_pasted_password_a_full_width_name_and_the_name_as_password(
        qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = ui_auth.make_sign_in_dialog(runner)
    assert isinstance(dialog, ui_auth.FirstStartDialog)
    qtbot.addWidget(dialog)
    dialog.show()

    fill(dialog.username, "ａｄａ．ｗｏｎｇ．ｌｅｇａｌ")  # an input method in full-width mode
    fill(dialog.password, "Ada.Wong.Legal")
    fill(dialog.confirmation, "Ada.Wong.Legal")
    click(qtbot, dialog.create_button)
    assert dialog.password_error.text() == "must not be the user name or the full name"
    with db.read_session() as s:
        assert users.first_start_needed(s)

    # Pasted from a password manager with a no-break space, typed with a plain one.
    fill(dialog.password, "two\u00a0words and then some")
    fill(dialog.confirmation, "two words and then some")
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000) as signal:
        click(qtbot, dialog.create_button)
    assert signal.args[0].username == "ada.wong.legal"
    with db.session() as s:
        assert auth.sign_in(s, username="ADA.wong.legal", password="two words and then some").ok


def test_solo_mode_without_a_reason_is_refused_and_nothing_is_saved(qtbot, runner: TaskRunner,
                                                                    db: Database) -> None:
    make_root(db)
    dialog = ui_auth.SecuritySettingsDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    dialog.idle.setValue(5)
    dialog.solo.setChecked(True)
    fill(dialog.reason, "   ")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: "say why one person may approve" in dialog.message.text(),
                    timeout=10_000)
    with db.read_session() as s:  # neither the timeout nor solo mode: one unit of work
        assert auth.get_security_settings(s) == auth.SecuritySettings(15, False)
    fill(dialog.reason, "one-person office")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        click(qtbot, dialog.save_button)
    with db.read_session() as s:
        assert auth.get_security_settings(s) == auth.SecuritySettings(5, True)
