"""The lock cover and the Users window name people as the rest of the app does: "李伟
(li.wei)". Two colleagues can share a full name, and the login is what tells them apart;
"Deactivate li.wei (李伟)?" had it the other way round."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMainWindow

from approvals.services import users
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")
LI_WEI = Actor("li.wei", ("preparer",), "李伟")

pytestmark = pytest.mark.usefixtures("fast_hash")


@pytest.mark.parametrize("manual", [True, False])
def test_the_lock_cover_names_the_person_with_their_login(qtbot, manual: bool) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    overlay = ui_auth.LockOverlay(window, LI_WEI, manual=manual)
    text = overlay.findChild(ui_auth.QLabel, "lockReason").text()
    assert "李伟 (li.wei)" in text
    assert text.count("(li.wei)") == 1  # once is enough
    if manual:
        assert text.startswith("Locked by 李伟 (li.wei).")


def _open(qtbot, runner: TaskRunner, db: Database) -> ui_auth.UserManagementDialog:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == 1, timeout=10_000)
    return dialog


def test_users_window_messages_name_the_person_in_words(qtbot, runner: TaskRunner,
                                                       db: Database) -> None:
    dialog = _open(qtbot, runner, db)
    qtbot.keyClicks(dialog.new_username, "li.wei")
    dialog.new_display_name.insert("李伟")  # as an input method gives it
    qtbot.keyClicks(dialog.new_password, PW)
    qtbot.keyClicks(dialog.new_confirmation, PW)
    dialog.new_role_boxes["preparer"].setChecked(True)
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        dialog.create_button.click()
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == 2, timeout=10_000)
    assert dialog.status.text() == ("Created user 李伟 (li.wei). They choose their own "
                                    "password at the first sign-in.")

    dialog.select("li.wei")
    dialog.active_button.click()
    confirm = dialog.confirm_dialog
    assert confirm is not None
    assert confirm.message.text().startswith("Deactivate 李伟 (li.wei)? ")
    qtbot.keyClicks(confirm.reason, "left the firm")
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        confirm.action.click()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert dialog.status.text() == "Deactivated 李伟 (li.wei)."

    dialog.select("li.wei")
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        dialog.active_button.click()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert dialog.status.text() == "Reactivated 李伟 (li.wei)."

    dialog.select("li.wei")
    dialog.role_boxes["reviewer"].setChecked(True)
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        dialog.save_roles_button.click()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert dialog.status.text() == "Saved the roles of 李伟 (li.wei)."


def test_the_last_administrator_guard_names_them_in_words(qtbot, runner: TaskRunner,
                                                         db: Database) -> None:
    with db.session() as s:
        users.create_first_admin(s, username="ada.wong", password=PW, display_name="王艾达")
    dialog = ui_auth.UserManagementDialog(runner, Actor("ada.wong", ("admin",), "王艾达"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == 1, timeout=10_000)
    dialog.select("ada.wong")
    assert dialog.why.text().startswith("王艾达 (ada.wong) is the last active administrator")
    assert dialog.role_boxes["admin"].toolTip().startswith("王艾达 (ada.wong) is the last")
