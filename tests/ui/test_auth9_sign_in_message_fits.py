"""The sign-in refusal (the lock-out rule, four lines) is shown whole in a dialog held
narrower than it wants: on a small screen at 200 % a window gets at most two thirds of
the screen's width, adjustSize sized the dialog for the wider width it wanted, and the
message's last line was cut off."""

from __future__ import annotations

import pytest

from approvals.services import auth
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


def test_the_refusal_is_not_cut_off_in_a_narrow_dialog(qtbot, runner: TaskRunner,
                                                       db: Database) -> None:
    make_root(db)
    dialog = ui_auth.SignInDialog(runner)
    qtbot.addWidget(dialog)
    dialog.setMaximumWidth(dialog.minimumWidth())  # as narrow as a small screen holds it
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.username.setText("root")
    dialog.password.setText("not the password")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.message.text() == auth.BAD_CREDENTIALS, timeout=10_000)
    message = dialog.message
    assert message.width() <= dialog.minimumWidth()
    assert message.height() >= message.heightForWidth(message.width())
    assert message.geometry().bottom() < dialog.sign_in_button.geometry().top()
