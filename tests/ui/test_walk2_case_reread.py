"""Coming back to a case window re-reads its case when anything of it changed since it was
shown (a comment, a document, a track step, by anyone), and only then; what is typed in
the window survives the re-read, and a step dialog opened before it still answers for the
track as it was when opened."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import users
from approvals.services import workflow as workflow_service
from approvals.services.cases import create_case
from approvals.services.documents import attach_document
from approvals.services.workspace import add_comment, case_bundle, case_stamp
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_view import CaseView
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")
PAT = Actor("pat", ("preparer",), "Pat")
DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cases.json"

pytestmark = pytest.mark.usefixtures("fast_hash")


@pytest.fixture
def case_ref(db: Database) -> str:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
        users.create_user(s, actor=ROOT, username="pat", password=PW, roles=["preparer"],
                          display_name="Pat")
    facts = next(d for d in json.loads(DEMO.read_text(encoding="utf-8"))
                 if d["reference"] == "DEMO-04")  # opens a CN-FISR track
    with db.session() as s:
        return create_case(s, facts=parse_facts(facts), actor=ROOT).reference


def come_back(view: CaseView, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(view, "isActiveWindow", lambda: True)
    QApplication.sendEvent(view, QEvent(QEvent.Type.ActivationChange))


def loads_counted(view: CaseView) -> list[str]:
    seen: list[str] = []
    view.loaded.connect(seen.append)
    return seen


def fisr_track(db: Database, ref: str) -> tuple[int, int]:
    with db.session() as s:
        track = next(t for t in case_bundle(s, reference=ref).tracks if t.regime == "CN-FISR")
    return track.id, track.version


def test_the_stamp_changes_with_a_comment_a_document_and_a_step(
        db: Database, data_dir: DataDir, case_ref: str, tmp_path: Path) -> None:
    def stamp() -> object:
        with db.session() as s:
            return case_stamp(s, reference=case_ref)

    first = stamp()
    with db.session() as s:  # as the window's load reads it
        assert case_bundle(s, reference=case_ref).stamp() == first
    assert stamp() == first  # a read changes nothing
    with db.session() as s:
        add_comment(s, actor=ROOT, reference=case_ref, body="Checked the cap table.")
    after_comment = stamp()
    assert after_comment != first
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(b"%PDF-1.4\n%%EOF\n")
    with db.session() as s:
        case_id = case_bundle(s, reference=case_ref).case.id
        attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id, source=letter)
    after_document = stamp()
    assert after_document != after_comment
    track_id, version = fisr_track(db, case_ref)
    with db.session() as s:
        workflow_service.transition(session=s, track_id=track_id,
                                    transition_name="submit_for_review", actor=ROOT,
                                    reason="ready", expected_version=version)
    assert stamp() != after_document


def test_coming_back_unchanged_reads_the_case_no_more(
        qtbot, runner: TaskRunner, data_dir: DataDir, case_ref: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    view = open_view(qtbot, runner, PAT, data_dir, case_ref)
    loads = loads_counted(view)
    come_back(view, monkeypatch)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    QApplication.processEvents()
    assert loads == []


def test_coming_back_after_a_colleagues_comment_shows_it_and_keeps_what_is_typed(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, case_ref: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    view = open_view(qtbot, runner, PAT, data_dir, case_ref)
    view.tabs.setCurrentWidget(view.comments_page)
    view.comment_edit.setPlainText("My half-written note")
    view.tabs.setCurrentWidget(view.documents_page)
    view.attach_reason.setText("signed copy from the target")
    with db.session() as s:  # root, at another desk
        add_comment(s, actor=ROOT, reference=case_ref, body="Board minutes are missing.")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        come_back(view, monkeypatch)
    view.tabs.setCurrentWidget(view.comments_page)  # filled from the reading when shown
    assert "Board minutes are missing." in view.comments.toPlainText()
    assert view.comment_edit.toPlainText() == "My half-written note"
    assert view.attach_reason.text() == "signed copy from the target"


def test_a_step_dialog_open_over_the_re_read_answers_for_the_track_it_was_opened_on(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, case_ref: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    view = open_view(qtbot, runner, PAT, data_dir, case_ref, track="CN-FISR")
    dialog = view.ask_action(next(a for a in view.current_track().actions
                                  if a.name == "submit_for_review"))
    dialog.reason.setText("ready for review")
    track_id, version = fisr_track(db, case_ref)
    with db.session() as s:  # root submits it and takes it back, at another desk: the
        # same step is offered again, on a later version
        workflow_service.transition(session=s, track_id=track_id,
                                    transition_name="submit_for_review", actor=ROOT,
                                    reason="root's", expected_version=version)
        workflow_service.transition(session=s, track_id=track_id,
                                    transition_name="return_to_preparer", actor=ROOT,
                                    reason="not yet", expected_version=version + 1)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        come_back(view, monkeypatch)
    assert dialog.reason.text() == "ready for review"  # typed, kept over the re-read
    # OK now is refused as a conflict (said in the dialog), not taken over the colleague's
    # step on the version the re-read brought.
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert dialog.isVisible()
    with db.session() as s:
        history = workflow_service.track_history(s, track_id)
    assert [h.reason for h in history if h.transition == "submit_for_review"] == ["root's"]
    dialog.reject()
