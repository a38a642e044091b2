"""Edit facts' Review page in edit words: its preview of the screening says which outcomes
differ from the case's stored screening and that only an accepted re-screening changes
them (officers read "CN-FISR: Not required" as already so); the reported / proposed box
is the case's setting, not a preview toggle saved nowhere; "Finish opens the case",
"Fix these before finishing" and "Next is unavailable" named the new-case wizard."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard

from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.services.screening import current_screening
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.wizard import IntakeWizard, needed_later_text
from approvals.ui.workers import TaskRunner
from tests.ui.test_wizard import edit
from tests.ui.test_wizard_audit2 import example


def _edit_with_screening(qtbot, runner: TaskRunner, admin: Actor, db: Database) -> IntakeWizard:
    with db.session() as s:
        case = create_case(s, facts=parse_facts(example("vision-startup.json")), actor=admin)
        stored = current_screening(s, case.id)
        assert stored is not None
        outcomes = {d.regime: d.outcome for d in stored.result.determinations}
    w = IntakeWizard(runner, admin, mode="edit", reference=case.reference,
                     data=case.facts.to_json_dict(), version=case.version,
                     stored_outcomes=outcomes)
    qtbot.addWidget(w)
    w.show()
    return w


def test_the_preview_names_the_outcomes_a_re_screening_would_change(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    w = _edit_with_screening(qtbot, runner, admin, db)
    w.go_to_review()
    page = w.review_page
    assert not page.stays_label.isVisibleTo(w)  # unchanged facts: the same outcomes
    assert not page.include_proposed.isEnabled()
    assert "Screening tab" in page.include_proposed.toolTip()
    edit(w, "field_target_ai_max_training_compute_ops").setText("2e25")
    page.refresh()
    said = page.stays_label.text()
    assert page.stays_label.isVisibleTo(w)
    assert said.startswith("<b>The case keeps its screening until you re-screen:</b> ")
    assert "US-OISP: notification required → prohibited. " in said, said
    assert said.endswith("Save changes saves the facts only; then Re-screen on the case's "
                         "Screening tab and accept the new screening to change the outcomes "
                         "and the tracks.")


def test_edit_mode_words_its_own_buttons(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    w = _edit_with_screening(qtbot, runner, admin, db)
    edit(w, "field_target_uscc").setText("91110000MA00000000")
    page = w.currentPage()
    assert not page.isComplete()
    assert page.blocked_label.text().startswith(
        "Next and Save changes are unavailable until this is fixed — ")
    assert not w.button(QWizard.WizardButton.FinishButton).isEnabled()
    edit(w, "field_target_name_en").setText("")
    w.review_page.refresh()
    assert w.review_page.problems_label.text().startswith("<b>Fix these before saving:</b>")
    assert needed_later_text([("US-OISP", "fill in X.")], editing=True).endswith(
        "Save changes saves the facts all the same: fill in what is named now, or later with "
        "Edit facts… again.")


def test_a_files_three_decimals_are_shown_so_that_they_read_back(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    """A BHD amount of 1.125 from a facts file was shown as "1.125" and refused under its
    field as "could be 1.125 or 1,125", a case File → Import facts… takes."""
    data = example("vision-startup.json")
    data["deal"]["amount"] = {"value": 1.125, "currency": "BHD"}
    w = IntakeWizard(runner, admin, data=data)
    qtbot.addWidget(w)
    amount = edit(w, "field_deal_amount_value")
    assert amount.text() == "1.1250"
    field = next(f for f in w.fields if f.path == ("deal", "amount"))
    assert field.problem() is None
    assert w.collect()["deal"]["amount"] == {"value": 1.125, "currency": "BHD"}
