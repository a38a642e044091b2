"""Users → Users…, New user: the "Roles" label stands level with its checkboxes, as the
form's other labels stand level with their fields (it sat higher: the checkboxes' row kept
its layout's default margins, which pushed them down and in)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from approvals.services import users
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")

pytestmark = pytest.mark.usefixtures("fast_hash")


def _label_for(form: QFormLayout, field: QWidget) -> QLabel:
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if item is not None and item.widget() is not None and (
                item.widget() is field or item.widget().isAncestorOf(field)):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
            assert isinstance(label, QLabel)
            return label
    raise AssertionError("no row holds the field")


def _middle_y(widget: QWidget, on: QWidget) -> int:
    return widget.mapTo(on, widget.rect().center()).y()


def test_the_roles_label_is_level_with_its_checkboxes(qtbot: Any, runner: TaskRunner,
                                                     db: Database) -> None:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == 1, timeout=10_000)
    form = dialog.new_box.layout()
    assert isinstance(form, QFormLayout)
    box = dialog.new_role_boxes["preparer"]
    roles_label = _label_for(form, box)
    assert roles_label.text().replace("&", "") == "Roles"
    # As "User name" stands to its field: the same offset, within a pixel or two.
    name_label = _label_for(form, dialog.new_username)
    usual = _middle_y(name_label, dialog) - _middle_y(dialog.new_username, dialog)
    offset = _middle_y(roles_label, dialog) - _middle_y(box, dialog)
    assert abs(offset - usual) <= 2, (offset, usual)
    # And the boxes start where the fields above them start.
    left = box.mapTo(dialog, box.rect().topLeft()).x()
    assert abs(left - dialog.new_username.mapTo(dialog, dialog.new_username.rect().topLeft()).x()) <= 2
