"""A draft reopened on the page it was closed on put the cursor in that page's first
field even when a field further down was to fix (a USCC typed wrong, marked in red two
rows below): now the cursor is in the field to fix."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from approvals.services.drafts import save_draft
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner
from tests.ui.test_wizard4_draft_page import _reopen


def test_a_draft_reopens_with_the_cursor_in_the_field_to_fix(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    with db.session() as s:
        info = save_draft(s, actor=admin, page="targetPage", data={
            "target": {"name_en": "Kowloon Bay AI Holdings Limited", "uscc": "n/a"}})
    w: IntakeWizard = _reopen(qtbot, runner, admin, db, info.reference)
    assert w.currentPage().objectName() == "targetPage"
    assert w.focusWidget() is w.findChild(QLineEdit, "field_target_uscc")
    w._dirty = False
