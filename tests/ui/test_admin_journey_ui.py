"""pytest-qt: what an administrator's day in the real dialogs found (the Users dialog kept
from its first opening, the security settings' message over its text, the holiday
calendar editor's checks)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from approvals.services import auth, users
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")

pytestmark = pytest.mark.usefixtures("fast_hash")


@pytest.fixture
def seeded(db: Database) -> Database:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
        users.create_user(s, actor=ROOT, username="bob", password=PW, roles=["preparer"],
                          display_name="Bob")
    return db


def _names(dialog: ui_auth.UserManagementDialog) -> list[str]:
    return [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]


def test_users_dialog_opened_again_shows_what_changed_elsewhere(qtbot, runner: TaskRunner,
                                                                seeded: Database) -> None:
    """Users… keeps its dialog: opened again it read the users of its first opening, so a
    lock-out, a user added with `approvals user add` and a second administrator were not
    shown, and the first administrator stayed 'the last active administrator'."""
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    dialog.select("root")
    assert "last active administrator" in dialog.why.text()
    dialog.status.setText("Created user bob.")
    dialog.accept()  # Close

    with seeded.session() as s:  # meanwhile: the command line, a second window
        users.create_user(s, actor=ROOT, username="carol", password=PW, roles=["admin"])
    for _ in range(5):
        with seeded.session() as s:
            auth.sign_in(s, username="bob", password="not the password")

    dialog.show()  # Users… again
    qtbot.waitUntil(lambda: _names(dialog) == ["bob", "carol", "root"], timeout=10_000)
    assert dialog.status.text() == ""  # the last opening's news is gone
    dialog.select("root")
    assert dialog.role_boxes["admin"].isEnabled() and dialog.active_button.isEnabled()
    assert "last active administrator" not in dialog.why.text()
    dialog.select("bob")
    assert "locked until" in dialog.table.item(dialog.table.currentRow(), 3).text()
    assert dialog.unlock_button.isEnabled()


def test_a_reread_keeps_role_boxes_ticked_but_not_saved(qtbot, runner: TaskRunner,
                                                        seeded: Database) -> None:
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    dialog.select("bob")
    dialog.role_boxes["reviewer"].setChecked(True)  # not saved yet
    with seeded.session() as s:  # a user added elsewhere sorts before bob: rows move
        users.create_user(s, actor=ROOT, username="anna", password=PW, roles=["reviewer"])
    dialog.refresh()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=10_000)
    assert dialog.selected_username() == "bob"
    assert dialog.role_boxes["reviewer"].isChecked() and dialog.role_boxes["preparer"].isChecked()

    # Roles changed elsewhere meanwhile: the stored ones show, not the stale ticks.
    with seeded.session() as s:
        users.set_roles(s, actor=ROOT, username="bob", roles=["approver"])
    dialog.refresh()
    qtbot.waitUntil(lambda: dialog.selected() is not None
                    and dialog.selected().roles == ("approver",), timeout=10_000)
    assert [r for r, b in dialog.role_boxes.items() if b.isChecked()] == ["approver"]
    assert dialog.table.item(dialog.table.currentRow(), 0).text() == "bob"
    qtbot.mouseClick(dialog.save_roles_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: runner.idle and dialog.selected_box.isEnabled(), timeout=10_000)
