"""A dialog of the case window writes against the case or track as the officer saw it when
it opened. Coming back to the window reloads the case; Mark completed… then completed a
case whose facts a colleague had changed meanwhile, and Add condition… added to a track
a colleague had closed meanwhile: nothing told the officer. Both are refused as a
conflict that names what changed, said in the dialog with what was typed kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlmodel import select

from approvals.domain.errors import ConflictError
from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import documents
from approvals.services.case_edit import update_case_facts
from approvals.services.cases import create_case, get_case
from approvals.services.demo import demo_facts
from approvals.services.workflow import complete_case
from approvals.store.audit import Actor
from approvals.store.cases import case_by_reference
from approvals.store.db import Database
from approvals.store.models import Document, Screening
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_case_view import fisr_case, pretend_fisr_was_not_required  # noqa: F401
from tests.ui.test_conditions_ui import (  # noqa: F401  (fixtures)
    cleared,
    click,
    obligations,
    under_review,
)
from tests.users_support import ROOT, make_root
from tests.workflow_support import take_step

NO_FILING = "DEMO-13"  # a deal that needs no filing: nothing blocks its completion
AMY = Actor(username="amy", roles=("preparer",))  # the colleague in another window


def _case(db: Database, admin: Actor) -> str:
    facts = next(f for f in demo_facts() if f["reference"] == NO_FILING)
    with db.session() as s:
        return create_case(s, facts=parse_facts(facts), actor=admin).reference


def _colleague_renames_the_target(db: Database, reference: str) -> None:
    with db.session() as s:
        case = get_case(s, reference)
        facts = case.facts.to_json_dict()
        facts["target"]["name_en"] = "Renamed Target Ltd"
        update_case_facts(session=s, case_id=case.id, expected_version=case.version,
                          new_facts=parse_facts(facts), actor=AMY, reason="name per SAMR")


def test_a_completion_is_checked_against_the_case_as_seen(db: Database, admin: Actor) -> None:
    """The service's refusal names what the colleague changed, in the officer's words."""
    reference = _case(db, admin)
    with db.session() as s:
        seen = get_case(s, reference).version
    _colleague_renames_the_target(db, reference)
    with db.session() as s:
        case = get_case(s, reference)
        try:
            complete_case(session=s, case_id=case.id, actor=admin, expected_version=seen,
                          completed_on=date(2026, 11, 2))
        except ConflictError as exc:
            said = str(exc)
        else:
            raise AssertionError("completed over a change not seen")
    assert said.startswith(f"Case {reference} was saved by someone else since you opened it")
    assert ": amy changed Name (English) (Target company) [target.name_en] at " in said
    with db.session() as s:
        assert get_case(s, reference).status == "open"


def test_mark_completed_uses_the_version_its_dialog_was_opened_on(
        qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir) -> None:
    reference = _case(db, admin)
    view = open_view(qtbot, runner, admin, data_dir, reference)
    dialog = view.ask_complete()
    dialog.reason.setText("SPA closed")
    dialog.on.setText("2026-11-02")
    _colleague_renames_the_target(db, reference)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()  # what coming back to the window does: the case as it is now
    with qtbot.waitSignal(view.loaded, timeout=10_000):  # refused, then shown as it is now
        dialog.ok_button.click()
    assert dialog.isVisible(), "the dialog went, and the reason typed with it"
    assert (dialog.reason.text(), dialog.on.text()) == ("SPA closed", "2026-11-02")
    said = dialog.problem.text()
    assert "saved by someone else" in said and "[target.name_en]" in said
    assert said.endswith("Nothing was saved. The case window shows the case as it is now: "
                         "OK acts on it as shown.")
    assert "Reload it" not in said  # the window has reloaded already
    assert view.findChild(QMessageBox, "errorDialog") is None
    with db.session() as s:
        assert get_case(s, reference).status == "open"
    # Told, and shown the case as it is now: OK again completes it.
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        dialog.ok_button.click()
    with db.session() as s:
        assert get_case(s, reference).status == "completed"
    runner.wait_for_done()


def test_add_condition_uses_the_track_version_its_dialog_was_opened_on(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        cleared: tuple[str, int]) -> None:  # noqa: F811
    reference, track_id = cleared
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    click(qtbot, view.add_condition_button)
    dialog = view.edit_condition_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.editor.calendar is not None, timeout=10_000)
    row = dialog.editor.rows[0]
    qtbot.keyClicks(row.text, "Keep the plant in Suzhou")
    qtbot.keyClicks(dialog.reason, "MOFCOM letter of 1 Dec")
    before = len(obligations(db, track_id))
    take_step(db, track_id, "close", admin, reason="all done", on="2026-12-01")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()  # coming back to the window
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert (row.text.text(), dialog.reason.text()) == (
        "Keep the plant in Suzhou", "MOFCOM letter of 1 Dec")
    said = dialog.problem.text()
    assert "changed by someone else" in said and "Close" in said, said
    assert len(obligations(db, track_id)) == before
    dialog.reject()
    runner.wait_for_done()


def test_a_rescreening_is_accepted_only_for_the_facts_it_screened(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        fisr_case: str, db: Database) -> None:  # noqa: F811
    """Accept new screening… stored a screening of facts a colleague edited after the
    comparison was shown: one the officer never saw."""
    pretend_fisr_was_not_required(db)
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentIndex(1)
    qtbot.mouseClick(view.rescreen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.accept_button.isVisibleTo(view), timeout=10_000)
    qtbot.mouseClick(view.accept_button, Qt.MouseButton.LeftButton)
    dialog = view.rescreen_confirm
    assert dialog is not None and dialog.reason is not None
    dialog.reason.setText("FISR threshold corrected")
    _colleague_renames_the_target(db, fisr_case)
    with db.read_session() as s:
        screenings = len(s.exec(select(Screening)).all())
    qtbot.mouseClick(dialog.action, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.findChild(QMessageBox, "errorDialog") is not None,
                    timeout=10_000)
    box = view.findChild(QMessageBox, "errorDialog")
    said = f"{box.text()} {box.informativeText()}"
    assert "saved by someone else" in said and "[target.name_en]" in said, said
    with db.read_session() as s:
        assert len(s.exec(select(Screening)).all()) == screenings
    box.close()
    runner.wait_for_done()


def _attached_and_selected(qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir,
                           admin: Actor, scan: Path, content: bytes) -> tuple[Any, Any]:
    """`scan` (written with `content`) attached to AP-2026-0002, and that case's window
    open on its Documents tab with the document selected."""
    scan.write_bytes(content)
    reference = "AP-2026-0002"
    with demo.session() as s:
        doc = documents.attach_document(s, actor=admin, data_dir=data_dir,
                                        case_id=case_by_reference(s, reference).id,
                                        source=scan)
    view = open_view(qtbot, runner, admin, data_dir, reference, documents=True)
    assert view.data is not None
    view.documents.selectRow(next(i for i, d in enumerate(view.data.documents)
                                  if d.id == doc.id))
    return doc, view


@pytest.mark.usefixtures("fast_hash")
def test_set_type_is_checked_against_the_type_its_dialog_showed(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path) -> None:
    """Set type… overwrote, unseen, the type a colleague gave the document meanwhile."""
    doc, view = _attached_and_selected(qtbot, demo, runner, data_dir, admin,
                                       tmp_path / "scan-0001.pdf",
                                       b"%PDF-1.4 the post-closing chart")
    dialog = view.set_document_type()
    assert dialog is not None
    dialog.type_box.setCurrentIndex(dialog.type_box.findData("org_chart"))
    dialog.reason.setText("the post-closing chart")
    with demo.session() as s:  # a colleague classifies it first, in another window
        documents.set_document_type(s, actor=AMY, document_id=doc.id,
                                    doc_type="kyc")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "since you opened it" in dialog.problem.text(), timeout=10_000)
    said = dialog.problem.text()
    assert dialog.isVisible() and dialog.reason.text() == "the post-closing chart"
    assert said.startswith("The type of scan-0001.pdf was changed by amy at "), said
    assert "Nothing was changed" in said
    with demo.read_session() as s:
        assert s.get(Document, doc.id).doc_type == "kyc"
    # Told: Save again sets the type chosen over the colleague's.
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    with demo.read_session() as s:
        assert s.get(Document, doc.id).doc_type == "org_chart"
    runner.wait_for_done()


@pytest.mark.usefixtures("fast_hash")
def test_restrict_is_checked_against_who_could_open_it_when_asked(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, tmp_path: Path) -> None:
    """Restrict… ("only you") replaced, unseen, whatever restriction was set on the
    document in another window meanwhile (a list of several people); Who may open… sends
    what its ticks were opened on the same way."""
    make_root(demo)  # a restriction names users of the database
    admin = ROOT
    doc, view = _attached_and_selected(qtbot, demo, runner, data_dir, admin,
                                       tmp_path / "side-letter.pdf", b"%PDF-1.4 a side letter")
    question = view.toggle_restriction()  # "Restrict side-letter.pdf to you"
    assert question is not None
    with demo.session() as s:  # meanwhile it is restricted in another window
        documents.set_restriction(s, actor=admin, document_id=doc.id, restricted=True,
                                  reason="board only")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        question.action.click()
    box = view.findChild(QMessageBox, "errorDialog")
    assert box is not None
    said = f"{box.text()} {box.informativeText()}"
    assert "Who may open side-letter.pdf was changed by Root (root) at " in said, said
    assert "Nothing was changed" in said
    box.close()
    # The service: a stale (restricted, users) is refused, the one seen now is taken.
    with demo.session() as s, pytest.raises(ConflictError):
        documents.set_restriction(s, actor=admin, document_id=doc.id, restricted=False,
                                  expected=(False, ()))
    with demo.session() as s:
        documents.set_restriction(s, actor=admin, document_id=doc.id, restricted=False,
                                  expected=(True, ("root",)))
    with demo.read_session() as s:
        assert not s.get(Document, doc.id).restricted
    runner.wait_for_done()
