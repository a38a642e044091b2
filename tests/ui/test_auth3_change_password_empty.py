"""Change my password with the current password left empty: said at the field, at once,
and not sent. It was checked like a sign-in, so an empty field cost one of the five tries
before the lock-out (and said "is not the current password" after a wait)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import PW, ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


def test_an_empty_current_password_is_not_a_failed_attempt(qtbot, runner: TaskRunner,
                                                           db: Database) -> None:
    make_root(db)
    dialog = ui_auth.ChangePasswordDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.new, "a new long password")
    qtbot.keyClicks(dialog.confirmation, "a new long password")
    dialog.confirmation.setFocus()
    dialog.submit()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert "is required" in dialog.errors["old_password"].text()
    assert dialog.focusWidget() is dialog.old  # the field to fill, not Password again
    with db.read_session() as s:
        failed = s.exec(select(Event).where(Event.action == "user.sign_in_failed")).all()
        assert failed == []
    # Both new-password problems at once with it, the cursor in the first field.
    dialog.new.clear()
    dialog.confirmation.setFocus()
    dialog.submit()
    assert dialog.errors["old_password"].text() and dialog.errors["new_password"].text()
    assert dialog.focusWidget() is dialog.old


def test_the_same_password_again_is_said_under_new_password(qtbot, runner: TaskRunner,
                                                            db: Database) -> None:
    make_root(db)
    dialog = ui_auth.ChangePasswordDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    for edit in (dialog.old, dialog.new, dialog.confirmation):
        qtbot.keyClicks(edit, PW)
    dialog.submit()
    qtbot.waitUntil(lambda: runner.idle and dialog.errors["new_password"].text() != "",
                    timeout=10_000)
    assert dialog.errors["new_password"].text() == ("is the current password: choose a "
                                                   "different one")
    assert dialog.isVisible()  # not closed as if changed
