"""The first-start form and New user say in their empty fields what goes where: a new
office could not tell the user name (typed to sign in) from the full name (printed on
filings) and typed "Anna Berg" as the user name. The examples given are accepted; New
user's password says its minimum length, as the first-start form's does."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QLineEdit

from approvals.services import auth, users
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


def _example(field: QLineEdit) -> str:
    match = re.search(r"e\.g\. (.+)$", field.placeholderText())
    assert match, field.placeholderText()
    return match.group(1)


def _fields(dialog) -> tuple[QLineEdit, QLineEdit, QLineEdit]:
    if isinstance(dialog, ui_auth.FirstStartDialog):
        return dialog.username, dialog.display_name, dialog.password
    return dialog.new_username, dialog.new_display_name, dialog.new_password


@pytest.mark.parametrize("which", ["first start", "new user"])
def test_the_empty_fields_say_what_goes_where(qtbot, runner: TaskRunner, db: Database,
                                              which: str) -> None:
    make_root(db)
    dialog = (ui_auth.FirstStartDialog(runner) if which == "first start"
              else ui_auth.UserManagementDialog(runner, ROOT))
    qtbot.addWidget(dialog)
    username, full_name, password = _fields(dialog)
    assert "sign in" in username.placeholderText()
    assert "filings" in full_name.placeholderText()
    assert str(auth.MIN_PASSWORD_LENGTH) in password.placeholderText()
    name, display = _example(username), _example(full_name)
    assert " " not in name and " " in display
    # The examples are what the rules accept.
    stored = users.check_new_user(name, display, "correct horse battery", ["preparer"])
    assert stored[:2] == (name, display)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
