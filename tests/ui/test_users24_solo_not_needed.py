"""Security settings say when solo mode is no longer needed: with solo mode on and a
second person who may approve, the dialog names who may approve and that solo mode can be
turned off. Nothing said so, and an office that had added its approver kept approving
its own work, each approval a self-approval four-eyes would have refused."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from approvals.services import auth, users
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import PW, ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


def _solo_on(session: Session) -> None:
    auth.set_solo_mode(session, actor=ROOT, enabled=True, reason="one-person office")


def _dialog(qtbot, runner: TaskRunner) -> ui_auth.SecuritySettingsDialog:
    dialog = ui_auth.SecuritySettingsDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.idle.isEnabled(), timeout=10_000)
    return dialog


def test_solo_mode_with_a_second_approver_is_said_not_needed(
    qtbot, runner: TaskRunner, db: Database,
) -> None:
    make_root(db)
    with db.session() as s:
        _solo_on(s)
        users.create_user(s, actor=ROOT, username="sarah.chen", password=PW,
                          roles=["reviewer", "approver"], display_name="Sarah Chen")
        users.create_user(s, actor=ROOT, username="li.wei", password=PW, roles=["preparer"],
                          display_name="Li Wei")
    dialog = _dialog(qtbot, runner)
    hint = dialog.solo_hint
    assert hint.isVisible()
    assert hint.text().startswith("Root (root) and Sarah Chen (sarah.chen) may approve: "
                                  "a second person can sign off, so solo mode is not needed.")
    assert "Li Wei" not in hint.text()  # a preparer signs nothing off
    # The dialog grows for it: every wrapped line has the height its words need.
    for label in (hint, dialog.solo_help):
        assert label.height() >= label.heightForWidth(label.width())
    dialog.solo.setChecked(False)  # what it asks for: the line goes
    assert not hint.isVisible()
    dialog.close()


def test_solo_mode_alone_or_off_says_nothing_more(
    qtbot, runner: TaskRunner, db: Database,
) -> None:
    make_root(db)
    with db.session() as s:
        _solo_on(s)
        users.create_user(s, actor=ROOT, username="li.wei", password=PW, roles=["preparer"],
                          display_name="Li Wei")
        users.create_user(s, actor=ROOT, username="old.hand", password=PW,
                          roles=["approver"], display_name="Old Hand")
        users.deactivate_user(s, actor=ROOT, username="old.hand", reason="left")
    dialog = _dialog(qtbot, runner)
    assert dialog.solo.isChecked() and not dialog.solo_hint.isVisible()
    dialog.close()
