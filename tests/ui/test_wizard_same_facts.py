"""Finish in the intake wizard, with facts a case already holds (the same file imported
through Import JSON…, or the deal typed in twice), asks first, as File → Import case
facts… does: another case of one deal is made only on purpose; Cancel makes nothing and
leaves the intake open. The intake's own draft is not "a case that holds them"."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QWizard
from sqlmodel import select

import approvals.ui.wizard as wizard_module
from approvals.services.cases import import_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case
from approvals.ui.wizard import IntakeWizard
from tests.conftest import EXAMPLES_DIR
from tests.ui.test_wizard import click_next
from tests.ui.test_wizard_audit2 import example, to_review

FACTS = EXAMPLES_DIR / "frontier-lab.json"


def _cases(db: Database) -> list[tuple[str, str]]:
    with db.read_session() as s:
        return [(r, st) for r, st in s.exec(select(Case.reference, Case.status).order_by(Case.id))]


@pytest.fixture
def first(db: Database, admin: Actor) -> str:
    """The reference of a case imported from FACTS before the intake starts."""
    with db.session() as s:
        data = json.loads(FACTS.read_text(encoding="utf-8"))
        return import_case(s, data=data, actor=admin).reference


def _imported_and_at_review(qtbot, wizard: IntakeWizard) -> None:
    wizard.import_file(FACTS)
    name = wizard.findChild(QLineEdit, "field_target_name_en")
    qtbot.waitUntil(lambda: name.text() != "", timeout=10_000)
    while wizard.currentPage() is not wizard.review_page:
        click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.reference is not None and wizard.runner.idle, timeout=10_000)


def _finish_asks(qtbot, wizard: IntakeWizard) -> QMessageBox:
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isEnabled()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)

    def shown() -> list[QMessageBox]:
        return [b for b in wizard.findChildren(QMessageBox, "sameFactsQuestion") if b.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1 and wizard.runner.idle, timeout=20_000)
    return shown()[0]


def _button(box: QMessageBox, text: str):
    return next(b for b in box.buttons() if b.text().replace("&", "") == text)


def test_finish_on_facts_a_case_holds_asks_and_cancel_makes_nothing(
        qtbot, wizard: IntakeWizard, db: Database, first: str) -> None:
    _imported_and_at_review(qtbot, wizard)
    draft = wizard.reference
    assert draft != first

    box = _finish_asks(qtbot, wizard)
    assert box.text() == f"These facts are already in {first} (open)."
    assert "another case of the same deal" in box.informativeText()
    assert [b.text().replace("&", "") for b in box.buttons()
            if b.text().startswith("&Open")] == []  # the wizard has no case to open into
    assert box.defaultButton() is box.escapeButton() is _button(box, "Cancel")
    assert _cases(db) == [(first, "open"), (draft, "draft")]  # nothing written

    box.escapeButton().click()
    qtbot.waitUntil(lambda: wizard.runner.idle, timeout=10_000)
    assert wizard.isVisible() and wizard.currentPage() is wizard.review_page
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert _cases(db) == [(first, "open"), (draft, "draft")]


def test_make_another_case_finishes_the_intake_as_a_second_case(
        qtbot, wizard: IntakeWizard, db: Database, first: str) -> None:
    _imported_and_at_review(qtbot, wizard)
    draft = wizard.reference

    box = _finish_asks(qtbot, wizard)
    with qtbot.waitSignal(wizard.case_saved, timeout=20_000) as saved:
        _button(box, "Make another case").click()
    assert saved.args == [draft]
    assert _cases(db) == [(first, "open"), (draft, "open")]


def test_new_facts_finish_without_a_question(
        qtbot, wizard: IntakeWizard, db: Database) -> None:
    """Only the intake's own draft holds these facts: Finish makes the case at once."""
    _imported_and_at_review(qtbot, wizard)
    draft = wizard.reference
    with qtbot.waitSignal(wizard.case_saved, timeout=20_000) as saved:
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton),
                         Qt.MouseButton.LeftButton)
    assert saved.args == [draft]
    assert wizard.findChildren(QMessageBox, "sameFactsQuestion") == []
    assert _cases(db) == [(draft, "open")]


def test_finish_during_the_first_draft_save_makes_that_draft_the_case(
        qtbot, wizard: IntakeWizard, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Finish clicked while the intake's first save is still under way waits for it: the
    draft it stores becomes the case. Before, Finish made a second draft and finished that
    one (the first stayed behind as an "intake not finished" of the same deal); asking about
    the same facts, it took its own draft for another case's."""
    release = threading.Event()
    store = wizard_module.save_draft

    def held_back(session: Any, **kwargs: Any) -> Any:
        assert release.wait(10), "the test never let the save through"
        return store(session, **kwargs)

    monkeypatch.setattr(wizard_module, "save_draft", held_back)
    wizard.load_data(example("frontier-lab.json"))
    to_review(qtbot, wizard)
    wizard.save_draft_now()  # Ctrl+S, the autosave timer or focus moving: held back
    assert wizard.saving and wizard.reference is None
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(wizard.case_saved, timeout=20_000) as saved:
        release.set()
    assert wizard.findChildren(QMessageBox, "sameFactsQuestion") == []
    assert _cases(db) == [(saved.args[0], "open")]


def test_the_same_deal_typed_in_again_with_a_name_changed_asks_too(
        qtbot, wizard: IntakeWizard, db: Database, admin: Actor) -> None:
    """Not the same facts, but an open case of the same target (its USCC) and investor:
    most likely one deal entered twice, whose filings would be made twice."""
    from tests.unit.test_same_deal import deal

    with db.session() as s:
        first = import_case(s, data=deal(), actor=admin).reference
    wizard.load_data(deal(**{"target.name_en": "Journey Test Robotics Co., Ltd."}))
    to_review(qtbot, wizard)
    box = _finish_asks(qtbot, wizard)
    assert box.text() == ("The same target company (by its USCC) and investor are already "
                          f"in {first} (open).")
    assert box.informativeText().startswith("It may be the same deal entered again. ")
    with qtbot.waitSignal(wizard.case_saved, timeout=20_000) as saved:
        _button(box, "Make another case").click()  # a deal of its own: made on purpose
    assert _cases(db) == [(first, "open"), (saved.args[0], "open")]
