"""Users… on a data folder with the demo loaded: the demo's steps name li.wei and
sarah.chen, who have no accounts in a new installation. The New user box names them;
a click on a name fills in the form as the demo has the person (user name, full name,
roles), the cursor in Password; once created they are no longer offered."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from approvals.store.audit import Actor, append_event
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import PW, ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


def _demo_acted(db: Database) -> None:
    with db.session() as s:
        for actor in (Actor("li.wei", ("preparer",), "Li Wei"),
                      Actor("sarah.chen", ("approver", "reviewer"), "Sarah Chen")):
            append_event(s, actor=actor, action="comment.added", entity="case", entity_id=1)


def _buttons(dialog: ui_auth.UserManagementDialog) -> list[QPushButton]:
    """The demo people's buttons of the latest reading (those of an earlier one wait for
    their deletion outside the row)."""
    row = dialog.demo_people_buttons
    return [w for i in range(row.count())
            if isinstance(w := row.itemAt(i).widget(), QPushButton)]


def _offered(dialog: ui_auth.UserManagementDialog) -> list[str]:
    return [b.text() for b in _buttons(dialog)]


def _open(qtbot, runner: TaskRunner) -> ui_auth.UserManagementDialog:
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == 1, timeout=10_000)
    return dialog


def test_the_demo_people_are_offered_and_a_click_fills_in_the_form(
        qtbot, runner: TaskRunner, db: Database) -> None:
    make_root(db)
    _demo_acted(db)
    dialog = _open(qtbot, runner)
    line = dialog.demo_people_line
    qtbot.waitUntil(line.isVisible, timeout=10_000)
    assert _offered(dialog) == ["Li Wei (li.wei)", "Sarah Chen (sarah.chen)"]

    sarah = next(b for b in _buttons(dialog) if b.objectName() == "demoPerson_sarah.chen")
    sarah.setFocus()  # by keyboard: Space presses it
    qtbot.keyClick(sarah, Qt.Key.Key_Space)
    assert dialog.new_username.text() == "sarah.chen"
    assert dialog.new_display_name.text() == "Sarah Chen"
    ticked = [r for r, box in dialog.new_role_boxes.items() if box.isChecked()]
    assert ticked == ["reviewer", "approver"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.new_password, timeout=5_000)

    qtbot.keyClicks(dialog.new_password, PW)
    qtbot.keyClicks(dialog.new_confirmation, PW)
    dialog.create_button.click()
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == 2
                    and _offered(dialog) == ["Li Wei (li.wei)"], timeout=10_000)
    assert line.isVisible()


def test_nothing_is_offered_without_the_demo(qtbot, runner: TaskRunner, db: Database) -> None:
    make_root(db)
    dialog = _open(qtbot, runner)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert not dialog.demo_people_line.isVisible()
    assert _offered(dialog) == []
