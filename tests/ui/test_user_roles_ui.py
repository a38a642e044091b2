"""Users window: Save roles is offered only when the ticks differ from the user's roles
(saving unchanged roles said "Saved the roles of …" and did nothing)."""

from __future__ import annotations

import pytest

from approvals.services import users
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")

pytestmark = pytest.mark.usefixtures("fast_hash")


def test_save_roles_waits_for_a_change(qtbot, runner: TaskRunner, db: Database) -> None:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
        users.create_user(s, actor=ROOT, username="bob", password=PW, roles=["preparer"])
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == 2, timeout=10_000)
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
