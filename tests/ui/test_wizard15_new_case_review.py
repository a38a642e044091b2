"""The Review page of a new case asked for a "Reason for the change *" (edit mode's box,
shown since the edit-without-changes work stopped hiding it outside edit mode): the box took
the focus on reaching Review, and what was typed there went nowhere. A new case's Review
has no such box; editing an open case's facts still asks for the reason."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner
from tests.ui.test_wizard import choose, click_next, edit, tick, type_into
from tests.ui.test_wizard4_edit_to_review import _edit


def _to_review(qtbot, w: IntakeWizard) -> None:
    type_into(qtbot, w, "field_target_name_en", "Kowloon Reasoning Labs Limited")
    tick(qtbot, w, "none_target_activities")  # no AI page
    click_next(qtbot, w)
    type_into(qtbot, w, "field_investor_name", "Redwood Frontier Fund III, L.P.")
    click_next(qtbot, w)
    choose(w, "field_deal_instrument", "Equity acquisition")
    click_next(qtbot, w)
    click_next(qtbot, w)
    assert w.currentPage() is w.review_page


def test_a_new_case_s_review_asks_no_reason_for_a_change(qtbot, wizard: IntakeWizard) -> None:
    wizard.activateWindow()
    _to_review(qtbot, wizard)
    page = wizard.review_page
    assert not page.reason_edit.isVisible() and not page.reason_label.isVisible()
    assert QApplication.focusWidget() is not page.reason_edit
    assert wizard.button(wizard.WizardButton.FinishButton).isEnabled()


def test_editing_an_open_case_still_asks_for_the_reason(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    w = _edit(qtbot, runner, admin, db)
    edit(w, "field_target_name_en").setText("Renamed AI Co., Ltd.")
    w.go_to_review()
    assert w.review_page.reason_edit.isVisible() and w.review_page.reason_label.isVisible()
