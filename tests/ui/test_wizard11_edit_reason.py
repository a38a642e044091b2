"""The reason for changing an open case's facts, recorded whole in the audit trail, took
any length: a pasted page went into the trail. Over REASON_CHARS it is refused under the
field, with its length and the most; Save changes waits until it is shortened."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard

from approvals.domain.typed_input import REASON_CHARS
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.test_wizard import edit
from tests.ui.test_wizard4_edit_to_review import _edit


def test_an_over_long_reason_is_refused_until_shortened(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    w = _edit(qtbot, runner, admin, db)
    edit(w, "field_target_name_en").setText("Renamed AI Co., Ltd.")
    w.go_to_review()
    assert w.currentPage() is w.review_page
    save = w.button(QWizard.WizardButton.FinishButton)
    w.review_page.reason_edit.setText("r" * (REASON_CHARS + 1))
    assert not save.isEnabled()
    assert w.review_page.blocked_label.text() == (
        "Save changes is unavailable: the reason is 1,001 characters long; a reason takes "
        "at most 1,000: shorten it")
    w.review_page.reason_edit.setText("r" * REASON_CHARS)
    assert save.isEnabled()
    assert w.review_page.blocked_label.isHidden()
    w._dirty = False
