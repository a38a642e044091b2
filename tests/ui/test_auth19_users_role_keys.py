"""Every role box of the Users window has an Alt key: the selected user's Approver, whose
letters the window's other controls all use, Alt+B in brackets after its name; the New
user boxes Alt+1 … Alt+4 in their order. No key is the key of two controls, and each key
ticks its box."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox

from approvals.domain.permissions import ROLES
from approvals.store.db import Database
from approvals.ui.widgets import access_key, alt_keys_in_use
from approvals.ui.workers import TaskRunner
from tests.ui.ux_checks import mnemonic_clashes
from tests.users_support import open_users_window

pytestmark = pytest.mark.usefixtures("fast_hash")


def test_every_role_box_has_a_key_of_its_own(qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = open_users_window(qtbot, runner, db)
    dialog.select("bob")
    assert dialog.role_boxes["approver"].text() == (
        "Approver (&B) — signs off internal reviews")
    assert [dialog.new_role_boxes[r].text() for r in ROLES] == [
        "Preparer (&1)", "Reviewer (&2)", "Approver (&3)", "Administrator (&4)"]
    boxes: list[QCheckBox] = [*dialog.role_boxes.values(), *dialog.new_role_boxes.values()]
    assert all(access_key(box.text()) for box in boxes)
    # None of them takes a key another control of the window has.
    others = alt_keys_in_use(dialog, leave_out=boxes)
    assert not {access_key(box.text()) for box in boxes} & others
    assert mnemonic_clashes(dialog) == []
    dialog.close()


@pytest.mark.parametrize(("key", "role", "new"), [
    (Qt.Key.Key_B, "approver", False),
    (Qt.Key.Key_1, "preparer", True),
    (Qt.Key.Key_4, "admin", True),
])
def test_the_key_ticks_its_box(qtbot, runner: TaskRunner, db: Database, key: Qt.Key,
                               role: str, new: bool) -> None:
    dialog = open_users_window(qtbot, runner, db, active=True)
    dialog.select("bob")
    qtbot.waitUntil(lambda: dialog.role_boxes[role].isEnabled(), timeout=10_000)
    box = (dialog.new_role_boxes if new else dialog.role_boxes)[role]
    before = box.isChecked()
    qtbot.keyClick(QApplication.focusWidget() or dialog, key, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: box.isChecked() != before, timeout=5_000)
    assert box.hasFocus()
    dialog.close()
