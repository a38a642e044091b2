"""Edit facts finished without a change: the review page asked for a reason for the change
anyway, and Save changes waited for one to record nothing. Now no reason is asked, the page
says there are no changes to save, and Save changes closes the window recording nothing
(a field changed and changed back is no change either)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from sqlmodel import select

from approvals.services.cases import get_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner
from tests.ui.test_wizard import edit
from tests.ui.test_wizard4_edit_to_review import _edit


def _closes_recording_nothing(qtbot, w: IntakeWizard, db: Database) -> None:
    assert w.currentPage() is w.review_page
    page = w.review_page
    assert not page.reason_edit.isVisible() and not page.reason_label.isVisible()
    assert page.blocked_label.text() == ""
    assert page.summary.toPlainText().startswith("No changes to save")
    assert page.subTitle() == page.UNCHANGED_SUBTITLE  # not "give the reason for the change"
    save = w.button(QWizard.WizardButton.FinishButton)
    assert save.isEnabled()
    assert save.toolTip() == "Nothing has changed: closes the window and records nothing"
    saved: list[str] = []
    w.case_saved.connect(saved.append)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not w.isVisible() and w.result() == QWizard.DialogCode.Accepted
    assert saved == []  # the case view reloads nothing
    with db.read_session() as session:
        assert session.exec(select(Event).where(Event.action == "field.changed")).all() == []
        assert get_case(session, w.reference or "").version == w.version


def test_finishing_an_edit_without_a_change_asks_no_reason_and_records_nothing(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    w = _edit(qtbot, runner, admin, db)
    w.go_to_review()
    _closes_recording_nothing(qtbot, w, db)


def test_a_change_typed_and_undone_is_no_change(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    w = _edit(qtbot, runner, admin, db)
    name = edit(w, "field_target_name_en")
    before = name.text()
    name.setText("Renamed AI Co., Ltd.")
    assert w.has_unsaved_changes()
    name.setText(before)
    assert not w.has_unsaved_changes()  # Cancel closes without asking to discard
    w.go_to_review()
    _closes_recording_nothing(qtbot, w, db)


def test_a_change_on_review_asks_for_the_reason_again(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    """Back from an unchanged Review, a change made: the reason is asked for again."""
    w = _edit(qtbot, runner, admin, db)
    w.go_to_review()
    assert not w.review_page.reason_edit.isVisible()
    while w.currentPage() is not w.page(w.startId()):
        w.back()
    edit(w, "field_target_name_en").setText("Renamed AI Co., Ltd.")
    w.go_to_review()
    assert w.review_page.reason_edit.isVisible()
    assert w.review_page.subTitle() == w.review_page.EDIT_SUBTITLE
    assert not w.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert "reason for the change" in w.review_page.blocked_label.text()
    w._dirty = False
