"""Editing one fact of an open case: Save changes is on every page, and before Review it
goes there (past the pages with nothing to fix) with the cursor in the reason; it saved
nothing by itself. Before, the officer pressed Next on every page to reach it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWizard
from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner
from tests.ui.test_wizard import edit
from tests.ui.test_wizard_audit2 import example


def _edit(qtbot, runner: TaskRunner, admin: Actor, db: Database) -> IntakeWizard:
    with db.session() as s:
        case = create_case(s, facts=parse_facts(example("frontier-lab.json")), actor=admin)
    w = IntakeWizard(runner, admin, mode="edit", reference=case.reference,
                     data=case.facts.to_json_dict(), version=case.version)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitActive(w)
    return w


def test_save_changes_on_the_first_page_goes_to_review_and_the_reason(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    w = _edit(qtbot, runner, admin, db)
    edit(w, "field_target_name_en").setText("Renamed AI Co., Ltd.")
    save = w.button(QWizard.WizardButton.FinishButton)
    assert save.isVisible() and save.isEnabled()
    assert "To Review" in save.toolTip()
    assert w.buttonText(QWizard.WizardButton.CancelButton) == "&Cancel"  # Alt+C
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert w.currentPage() is w.review_page
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.review_page.reason_edit,
                    timeout=2_000)
    with db.read_session() as s:
        assert s.exec(select(Event).where(Event.action == "field.changed")).all() == []
    qtbot.keyClicks(w.review_page.reason_edit, "registered name changed")
    with qtbot.waitSignal(w.case_saved, timeout=20_000):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    with db.read_session() as s:
        assert [e.field for e in s.exec(
            select(Event).where(Event.action == "field.changed")).all()] == ["target.name_en"]


def test_save_changes_stops_at_a_page_with_something_to_fix(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    w = _edit(qtbot, runner, admin, db)
    w.next()
    w.next()  # the investor page
    investor = w.currentPage()
    edit(w, "field_investor_lei").setText("5493001KJTIIGC8Y1R13")  # check digits 12
    w.back()
    w.back()
    w.accept()  # Save changes from the first page
    assert w.currentPage() is investor
    assert w.focusWidget() is w.findChild(QLineEdit, "field_investor_lei")
    w._discard_ok = True


def test_the_changes_are_listed_in_the_order_of_the_pages(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    w = _edit(qtbot, runner, admin, db)
    edit(w, "field_target_name_en").setText("Renamed AI Co., Ltd.")
    edit(w, "field_deal_stake_after_pct").setText("9")
    edit(w, "field_investor_name").setText("Renamed Ventures LP")
    w.accept()  # to Review
    shown = w.review_page.summary.toPlainText()
    positions = [shown.index(label) for label in (
        "Name (English) (Target company):", "Name (Investor):", "Stake after the deal (%)")]
    assert positions == sorted(positions), shown[:400]
    w._discard_ok = True
