"""Fields say what they are once typed into: the sign-in fields have names a screen
reader says like every other form's, and the selected user's new-password fields a
label that stays (their grey hints went at the first key, two unnamed dotted fields)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from approvals.store.audit import Actor
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner

ROOT = Actor("root", ("admin",))

pytestmark = pytest.mark.usefixtures("fast_hash")


def test_sign_in_fields_have_names(qtbot, runner: TaskRunner) -> None:
    dialog = ui_auth.SignInDialog(runner)
    qtbot.addWidget(dialog)
    assert dialog.username.accessibleName() == "User name"
    assert dialog.password.accessibleName() == "Password"


def test_the_reset_fields_have_a_label_that_stays(qtbot, runner: TaskRunner) -> None:
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    buddies = {label.text().replace("&", ""): label.buddy()
               for label in dialog.findChildren(QLabel)}
    assert buddies["New password"] is dialog.reset_password
    assert buddies["Again"] is dialog.reset_confirmation
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
