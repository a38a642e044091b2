"""The Screening tab said "The facts have changed since … re-screen" after the officer had
re-screened the edited facts and nothing would change: there was nothing to accept, so
it stayed. Such a re-screening answers the note and may be accepted to record it."""

from __future__ import annotations

from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.case_edit import update_case_facts
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_case_view import demo_facts, fisr_case, pretend_fisr_was_not_required

__all__ = ["fisr_case"]  # the fixture, used by name

STALE = "The facts have changed since"


def _edit_rationale(db: Database, admin: Actor, reference: str) -> None:
    facts = demo_facts("DEMO-04")
    facts.setdefault("deal", {})["commercial_rationale"] = "A changed rationale."
    with db.session() as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        assert case.id is not None
        update_case_facts(session=session, case_id=case.id, expected_version=case.version,
                          new_facts=parse_facts(facts), actor=admin)


def _rescreen(qtbot, view) -> None:
    view.rescreen()
    qtbot.waitUntil(lambda: view.changes_label.text() != "", timeout=20_000)


def test_the_stale_note_goes_once_the_new_screening_is_accepted(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str,
        db: Database) -> None:
    pretend_fisr_was_not_required(db)  # so the re-screening has something to accept
    _edit_rationale(db, admin, fisr_case)
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentWidget(view.screening_page)
    assert STALE in view.screening_info.text()
    _rescreen(qtbot, view)
    assert not view.accept_button.isHidden()
    dialog = view.accept_rescreen()
    assert dialog is not None and dialog.reason is not None
    dialog.reason.setText("rationale corrected")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        dialog.action.click()
    assert STALE not in view.screening_info.text(), view.screening_info.text()


def test_the_stale_note_goes_once_a_re_screening_shows_nothing_would_change(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str,
        db: Database) -> None:
    _edit_rationale(db, admin, fisr_case)
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentWidget(view.screening_page)
    assert STALE in view.screening_info.text()
    # No reason quotes the rationale: the screening holds, and nothing waits for a new one.
    assert "word for word, so no new screening is needed" in view.screening_info.text()
    assert "wait for it" not in view.screening_info.text()
    _rescreen(qtbot, view)
    assert STALE not in view.screening_info.text(), view.screening_info.text()
    assert "no determination would change" in view.screening_info.text()
    # Nothing changes, and accepting records that the edited facts were screened again:
    # the note does not come back with the window.
    assert not view.accept_button.isHidden(), view.changes_label.text()
    dialog = view.accept_rescreen()
    assert dialog is not None and dialog.reason is not None
    assert "No determination changes." in view.rescreen_question
    dialog.reason.setText("rationale corrected")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        dialog.action.click()
    assert STALE not in view.screening_info.text(), view.screening_info.text()
