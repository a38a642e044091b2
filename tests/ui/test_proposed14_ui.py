"""The wizard's "Include reported / proposed measures" box decides how the new case is
screened (as its review page showed it), and the Screening tab's box lets an open case be
re-screened with them, accepted with a reason, opening the CN-US-CAPITAL track."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.cases import create_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import FilingTrack
from approvals.ui.case_view import CaseView
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import accept_rescreen, open_view
from tests.ui.test_wizard_audit2 import example, to_review


def _regimes(db: Database, reference: str) -> set[str]:
    from approvals.services.cases import case_id_for

    with db.read_session() as session:
        case_id = case_id_for(session, reference)
        return set(session.exec(select(FilingTrack.regime)
                                .where(FilingTrack.case_id == case_id)).all())


def _frontier_view(qtbot, db: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
                   *, include_proposed: bool = False) -> tuple[str, CaseView]:
    """The frontier-lab example as an open case, screened with or without the reported
    measures, in its window."""
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(example("frontier-lab.json")),
                                actor=admin, include_proposed=include_proposed).reference
    return reference, open_view(qtbot, runner, admin, data_dir, reference)


def test_finishing_with_the_box_ticked_opens_the_cn_us_capital_track(
        qtbot, wizard: IntakeWizard, db: Database) -> None:
    wizard.load_data(example("frontier-lab.json"))
    to_review(qtbot, wizard)
    box = wizard.review_page.include_proposed
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert box.isChecked()
    qtbot.waitUntil(lambda: any("CN-US-CAPITAL" in label.text()
                                for label in wizard.review_page.determinations.labels),
                    timeout=10_000)
    with qtbot.waitSignal(wizard.case_saved, timeout=20_000) as saved:
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton),
                         Qt.MouseButton.LeftButton)
    assert "CN-US-CAPITAL" in _regimes(db, saved.args[0])


def test_the_screening_tab_rescreens_with_the_reported_measures_and_accepts(
        qtbot, db: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    reference, view = _frontier_view(qtbot, db, runner, data_dir, admin)
    view.tabs.setCurrentWidget(view.screening_page)
    box = view.include_proposed_box
    assert not box.isChecked()  # as the case was screened
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    view.rescreen()
    qtbot.waitUntil(lambda: view.changes_label.text() != "", timeout=20_000)
    shown = view.changes_label.text()
    assert "CN-US-CAPITAL</b>: not screened →" in shown, shown
    assert "opens a new filing track for <b>CN-US-CAPITAL</b>" in shown
    assert "including the reported / proposed measures" in view.rescreen_question
    accept_rescreen(qtbot, view, "screen the reported NDRC approval too", timeout=20_000)
    assert "CN-US-CAPITAL" in _regimes(db, reference)
    assert box.isChecked()  # the stored screening's setting now
    assert "including reported measures" in view.screening_info.text()
    # Unticked again: CN-US-CAPITAL would no longer be screened, and that can be accepted.
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert view.changes_label.text() == "" and view.accept_button.isHidden()
    view.rescreen()
    qtbot.waitUntil(lambda: view.changes_label.text() != "", timeout=20_000)
    assert "CN-US-CAPITAL</b>:" in view.changes_label.text()
    assert "→ not screened" in view.changes_label.text()
    assert not view.accept_button.isHidden()
    runner.wait_for_done()


def test_the_box_is_kept_with_the_draft_and_reopened_ticked(
        qtbot, wizard: IntakeWizard, runner: TaskRunner, admin: Actor, db: Database) -> None:
    from approvals.services.drafts import load_draft
    from approvals.ui.wizard import open_draft

    wizard.load_data(example("frontier-lab.json"))
    to_review(qtbot, wizard)
    qtbot.mouseClick(wizard.review_page.include_proposed, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(wizard.draft_saved, timeout=20_000):
        wizard.save_draft_now()
    reference = wizard.reference
    assert reference is not None
    with db.read_session() as session:
        assert load_draft(session, actor=admin, reference=reference).include_proposed
    wizard._dirty = False
    wizard.close()
    reopened: list[IntakeWizard] = []
    open_draft(runner, admin, reference, reopened.append)
    qtbot.waitUntil(lambda: bool(reopened), timeout=20_000)
    again = reopened[0]
    qtbot.addWidget(again)
    assert again.review_page.include_proposed.isChecked()
    # Reopened as saved: nothing new to save until something changes.
    assert not again._dirty
    again.review_page.include_proposed.click()
    assert again._dirty
    with qtbot.waitSignal(again.draft_saved, timeout=20_000):
        again.save_draft_now()
    with db.read_session() as session:
        assert not load_draft(session, actor=admin, reference=reference).include_proposed
    again._dirty = False
    runner.wait_for_done()


def test_edit_facts_previews_with_the_cases_own_setting(
        qtbot, db: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    _reference, view = _frontier_view(qtbot, db, runner, data_dir, admin, include_proposed=True)
    view.edit_facts()
    wizard = view.wizard
    assert wizard is not None and wizard.review_page.include_proposed.isChecked()
    wizard._discard_ok = True
    wizard.reject()
    runner.wait_for_done()


def test_no_empty_line_waits_under_the_rescreen_button(
        qtbot, db: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    _reference, view = _frontier_view(qtbot, db, runner, data_dir, admin)
    view.tabs.setCurrentWidget(view.screening_page)
    assert view.changes_label.isHidden()  # nothing re-screened yet: no blank line
    view.rescreen()
    qtbot.waitUntil(lambda: view.changes_label.text() != "", timeout=20_000)
    assert not view.changes_label.isHidden()
    view.include_proposed_box.click()  # the result shown no longer applies
    assert view.changes_label.isHidden()
    runner.wait_for_done()
