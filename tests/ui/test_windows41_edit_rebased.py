"""Edit facts refused because the case was saved elsewhere since the wizard opened: the
refusal offers to put the changes typed here on the case as it is now, which the wizard
had no way to do (every change typed again after closing it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard
from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.services.case_edit import update_case_facts
from approvals.services.cases import get_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui.workers import TaskRunner
from tests.ui.test_wizard import edit
from tests.ui.test_wizard4_edit_to_review import _edit

AMY = Actor(username="amy", roles=("preparer",))


def test_a_stale_save_puts_the_changes_on_the_case_as_it_is_now(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    w = _edit(qtbot, runner, admin, db)
    reference = w.reference
    edit(w, "field_target_name_en").setText("Renamed AI Co., Ltd.")
    with db.session() as s:  # a colleague saves another fact meanwhile
        case = get_case(s, reference)
        facts = case.facts.to_json_dict()
        facts["reference"] = "AMY-7"
        update_case_facts(session=s, case_id=case.id, expected_version=case.version,
                          new_facts=parse_facts(facts), actor=AMY, reason="her reference")
    save = w.button(QWizard.WizardButton.FinishButton)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # to Review
    w.review_page.reason_edit.setText("registered name changed")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(w, "rebase_box", None) is not None
                    and w.rebase_box.isVisible(), timeout=20_000)
    assert "was saved by someone else since you opened it" in w.rebase_box.text()
    box = w.rebase_box
    next(b for b in box.buttons()
         if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole).click()
    qtbot.waitUntil(lambda: getattr(w, "rebased_box", None) is not None, timeout=20_000)
    assert "Your changes are on the case as saved since" in w.rebased_box.text()
    w.rebased_box.close()
    assert edit(w, "field_target_name_en").text() == "Renamed AI Co., Ltd."
    assert w.currentPage() is w.review_page
    w.review_page.reason_edit.setText("registered name changed")
    with qtbot.waitSignal(w.case_saved, timeout=20_000):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    with db.read_session() as s:
        case = get_case(s, reference)
        assert case.facts.target.name_en == "Renamed AI Co., Ltd."
        assert case.facts.reference == "AMY-7"  # hers kept
        fields = [e.field for e in s.exec(select(Event).where(
            Event.action == "field.changed")).all()]
    assert fields == ["reference", "target.name_en"]
