"""The case view: tracks driven through the real buttons, and the other tabs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QLineEdit, QPushButton, QWizard
from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import users
from approvals.services.cases import create_case
from approvals.services.workflow import transition
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event, FilingTrack
from approvals.ui.case_view import CaseView
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view, select_track
from tests.ui.test_step_dialog_fields import said_at
from tests.workflow_support import complete_for_filing, set_screened_outcome

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cases.json"
BOB = Actor(username="bob", roles=("approver", "reviewer"))


def demo_facts(reference: str) -> dict:
    return next(d for d in json.loads(DEMO.read_text(encoding="utf-8"))
                if d["reference"] == reference)


@pytest.fixture
def fisr_case(db: Database, admin: Actor) -> str:
    """A case whose screening opens a CN-FISR track (semiconductor design, control)."""
    with db.session() as session:
        case = create_case(session, facts=parse_facts(demo_facts("DEMO-04")), actor=admin)
        # What the Chinese application needs, so Approve for filing waits for nothing else
        # (no organisation chart: the tests count the documents they attach).
        complete_for_filing(session, case.reference, admin, attach=False)
    return case.reference


def pretend_fisr_was_not_required(db: Database) -> None:
    """As if the case's current screening had been made under rules that asked nothing
    for CN-FISR (a re-screening then changes it)."""
    set_screened_outcome(db, "CN-FISR", "not_required")


def wait_laid_out(qtbot, button: QPushButton) -> None:
    """New buttons are shown and sized by the layout on the next event-loop pass."""
    qtbot.waitUntil(lambda: button.isVisible() and button.height() > 0, timeout=2_000)


def click_action(qtbot, view: CaseView, name: str, reason: str) -> None:
    button = view.track_buttons[name]
    assert button.isEnabled(), button.toolTip()
    wait_laid_out(qtbot, button)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = view.action_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.reason, reason)
    with qtbot.waitSignal(view.action_done, timeout=10_000), \
            qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button,
                         Qt.MouseButton.LeftButton)


def test_track_through_transitions_with_the_buttons(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str
) -> None:
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentIndex(2)
    select_track(view, "CN-FISR")
    assert "Draft" in view.track_state.text()
    assert view.diagram.current == "draft"

    click_action(qtbot, view, "submit_for_review", "ready for review")
    select_track(view, "CN-FISR")
    assert "Internal review" in view.track_state.text()
    assert view.diagram.current == "internal_review"

    # The same user may not approve what they submitted; the button says why.
    approve = view.track_buttons["approve_for_filing"]
    assert not approve.isEnabled()
    assert "four-eyes" in approve.toolTip()

    other = open_view(qtbot, runner, BOB, data_dir, fisr_case)
    other.tabs.setCurrentIndex(2)
    select_track(other, "CN-FISR")
    click_action(qtbot, other, "approve_for_filing", "checked the facts")
    select_track(other, "CN-FISR")
    assert "Approved for filing" in other.track_state.text()
    history = [other.history.item(r, 2).text() for r in range(other.history.rowCount())]
    assert history == ["Submit for internal review", "Approve for filing"]

    # Bob may not record the filing: the button says which role it needs.
    file_button = other.track_buttons["file"]
    assert not file_button.isEnabled()
    assert "preparer" in file_button.toolTip()

    # The preparer records it, with the authority's reference the step asks for.
    view.reload()
    qtbot.waitUntil(lambda: "Approved for filing" in view.track_state.text(), timeout=10_000)
    button = view.track_buttons["file"]
    wait_laid_out(qtbot, button)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = view.action_dialog
    assert dialog is not None and "filing_reference" in dialog.inputs
    qtbot.keyClicks(dialog.inputs["filing_reference"], "FISR-2026-0001")
    with qtbot.waitSignal(view.action_done, timeout=10_000), \
            qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button,
                         Qt.MouseButton.LeftButton)
    select_track(view, "CN-FISR")
    assert "Filed" in view.track_state.text()


def test_an_action_that_needs_a_reason_waits_for_one(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str
) -> None:
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentIndex(2)
    select_track(view, "CN-FISR")
    wait_laid_out(qtbot, view.track_buttons["withdraw"])
    qtbot.mouseClick(view.track_buttons["withdraw"], Qt.MouseButton.LeftButton)
    dialog = view.action_dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.ok_button,
                     Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and said_at(dialog, "reason")  # under the Reason field
    dialog.reject()
    runner.wait_for_done()
    assert "Draft" in view.track_state.text()


def test_overview_screening_timeline_and_comments(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str
) -> None:
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    assert "Shanghai Xinhe Semiconductor Design" in view.overview.toPlainText()
    assert view.overview.wordWrapMode() == QTextOption.WrapMode.WordWrap  # never mid-word
    view.tabs.setCurrentWidget(view.screening_page)
    assert view.determinations.outcomes()["CN-FISR"] == "approval_required"
    assert "rulebook" in view.screening_info.text()

    view.tabs.setCurrentWidget(view.timeline_page)
    total = view.visible_timeline_rows()
    assert total >= 3  # created, screened, tracks opened
    qtbot.keyClicks(view.timeline_filter, "track.opened")
    assert 0 < view.visible_timeline_rows() < total
    view.timeline_filter.clear()
    assert view.visible_timeline_rows() == total

    view.tabs.setCurrentWidget(view.comments_page)
    qtbot.keyClicks(view.comment_edit, "Ask the target for its 2025 turnover split.")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(view.findChild(QPushButton, "addCommentButton"),
                         Qt.MouseButton.LeftButton)
    assert "2025 turnover split" in view.comments.toPlainText()
    assert view.comment_edit.toPlainText() == ""


def test_rescreen_shows_nothing_changes_for_fresh_screening(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str
) -> None:
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentIndex(1)
    qtbot.mouseClick(view.rescreen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.changes_label.text() != "", timeout=10_000)
    assert "Nothing would change" in view.changes_label.text()
    assert not view.accept_button.isVisibleTo(view)


def test_attach_a_document_with_its_hash_and_checklist(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str, tmp_path: Path,
    db: Database, fast_hash: None,
) -> None:
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentWidget(view.documents_page)
    assert "✘" in view.checklist.text() and "Chinese application" in view.checklist.text()
    source = tmp_path / "application.pdf"
    source.write_bytes(b"%PDF-1.4 application")
    # A scan of the signed application: its own type; the stored final is still owed.
    view.doc_type.setCurrentText("Chinese application (signed copy)")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.attach_document(str(source))
    assert view.documents.rowCount() == 1
    assert view.documents.item(0, 0).text() == "application.pdf"
    assert view.documents.item(0, 2).toolTip() == hashlib.sha256(source.read_bytes()).hexdigest()
    assert "✘ missing" in view.checklist.text()
    assert "signed copy attached: application.pdf" in view.checklist.text()

    with db.session() as session:  # a restriction names known users
        users.create_first_admin(session, username="alice", password="correct horse battery",
                                 display_name="Alice")
    view.documents.selectRow(0)
    view.restrict_button.click()  # asks first, with an optional reason
    assert view.restriction_dialog is not None
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.restriction_dialog.action.click()
    assert view.documents.item(0, 5).text() == "yes: Alice (alice)"
    view.restrict_button.click()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.restriction_dialog.action.click()
    assert view.documents.item(0, 5).text() == "no"


def test_edit_facts_records_each_change(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str, db: Database
) -> None:
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    wizard = view.wizard
    assert wizard is not None and wizard.mode == "edit" and wizard.isVisible()
    stake = wizard.findChild(QLineEdit, "field_deal_stake_after_pct")
    assert stake.text() == "55"  # the stored facts are in the fields
    stake.clear()
    qtbot.keyClicks(stake, "45")
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    while wizard.currentPage() is not wizard.review_page:
        assert next_button.isEnabled(), wizard.currentPage().blocked_label.text()
        qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    save = wizard.button(QWizard.WizardButton.FinishButton)
    assert not save.isEnabled()  # an edit needs its reason
    qtbot.keyClicks(wizard.review_page.reason_edit, "signed term sheet changed the stake")
    assert save.isEnabled()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    with db.read_session() as session:
        changes = session.exec(select(Event).where(Event.action == "field.changed")).all()
        assert [(e.field, json.loads(e.old_value), json.loads(e.new_value), e.reason)
                for e in changes] == [("deal.stake_after_pct", 55, 45,
                                       "signed term sheet changed the stake")]
    assert "45" in view.overview.toPlainText()


def test_rescreen_shows_a_change_and_accepting_stores_it(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str, db: Database
) -> None:
    pretend_fisr_was_not_required(db)
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentWidget(view.screening_page)
    assert view.determinations.outcomes()["CN-FISR"] == "not_required"
    view.tabs.setCurrentIndex(1)
    assert not view.accept_button.isVisibleTo(view)
    qtbot.mouseClick(view.rescreen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.changes_label.text() != "", timeout=10_000)
    assert "CN-FISR" in view.changes_label.text()
    assert "Approval required" in view.changes_label.text()
    assert view.accept_button.isVisibleTo(view)
    qtbot.mouseClick(view.accept_button, Qt.MouseButton.LeftButton)
    dialog = view.rescreen_confirm  # asks why first
    assert dialog is not None and dialog.reason is not None
    dialog.reason.setText("FISR threshold corrected")
    with qtbot.waitSignal(view.changed, timeout=10_000), \
            qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.action, Qt.MouseButton.LeftButton)
    assert view.determinations.outcomes()["CN-FISR"] == "approval_required"


def test_completion_waits_for_clearances_and_says_why(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str, db: Database
) -> None:
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    assert not view.complete_button.isEnabled()
    assert "CN-FISR: clearance is needed before completion" in view.complete_button.toolTip()

    with db.session() as session:  # a deal that needs only a notification afterwards
        reference = create_case(session, facts=parse_facts(demo_facts("DEMO-09")),
                                actor=admin).reference
    other = open_view(qtbot, runner, admin, data_dir, reference)
    assert other.complete_button.isEnabled(), other.complete_button.toolTip()
    qtbot.mouseClick(other.complete_button, Qt.MouseButton.LeftButton)
    dialog = other.action_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.reason, "closing took place")
    with qtbot.waitSignal(other.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button,
                         Qt.MouseButton.LeftButton)
    assert other.data is not None and other.data.bundle.case.status == "completed"
    assert not other.complete_button.isEnabled()


def test_conditions_of_a_conditional_clearance_are_listed(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str, db: Database
) -> None:
    steps = [("submit_for_review", admin, {}), ("approve_for_filing", BOB, {}),
             ("file", admin, {"filing_reference": "FISR-1"}), ("accept", admin, {}),
             ("start_preliminary_review", admin, {}), ("start_general_review", admin, {}),
             ("clear_with_conditions", admin,
              {"conditions": [{"text": "Keep design data in China", "due_date": "2027-06-30"}]})]
    with db.session() as session:
        track = session.exec(select(FilingTrack).where(FilingTrack.regime == "CN-FISR")).one()
        track_id = track.id
    for name, actor, params in steps:
        with db.session() as session:
            version = session.get(FilingTrack, track_id).version
            transition(session=session, track_id=track_id, transition_name=name, actor=actor,
                       reason="test", expected_version=version, **params)
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentIndex(2)
    select_track(view, "CN-FISR")
    assert "Cleared with conditions" in view.track_state.text()
    assert view.obligations.isVisibleTo(view)
    table = view.obligations_table
    assert table.item(0, 0).text() == "Keep design data in China"
    assert table.item(0, 1).text() == "30 Jun 2027"
    assert table.item(0, 2).text() == "Open"


def test_closing_a_case_window_before_it_loaded_is_harmless(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str
) -> None:
    view = CaseView(runner, admin, data_dir, fisr_case)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    view.show()
    view.close()  # deleted while its read is still on the worker
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    qtbot.wait(50)  # any late result is delivered (and must be dropped) here


def test_who_may_open_restricts_from_the_documents_tab_and_reloads(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str, tmp_path: Path,
    db: Database, fast_hash: None,
) -> None:
    with db.session() as session:
        users.create_first_admin(session, username="alice", password="correct horse battery")
        users.create_user(session, actor=admin, username="pat", password="correct horse battery",
                          roles=("preparer",))
    source = tmp_path / "contract.pdf"
    source.write_bytes(b"%PDF-1.4 contract")
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentWidget(view.documents_page)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.attach_document(str(source))
    assert view.selected_document().file_name == "contract.pdf"  # the file just attached
    view.documents.setCurrentCell(-1, -1)
    assert not view.access_button.isEnabled()  # nothing selected
    assert view.access_button.toolTip() == "Select a document first."
    view.documents.selectRow(0)
    assert view.access_button.isEnabled()
    qtbot.mouseClick(view.access_button, Qt.MouseButton.LeftButton)
    dialog = view.access_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.people.count() == 2, timeout=10_000)
    dialog.restricted.setChecked(True)
    dialog.set_checked("pat", True)
    with qtbot.waitSignal(view.loaded, timeout=10_000):  # saved -> the tab reloads
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert view.documents.item(0, 5).text() == "yes: alice, pat"


def test_who_may_open_is_disabled_without_the_permission(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str, tmp_path: Path,
) -> None:
    source = tmp_path / "memo.pdf"
    source.write_bytes(b"%PDF-1.4 memo")
    owner = open_view(qtbot, runner, admin, data_dir, fisr_case)
    owner.tabs.setCurrentWidget(owner.documents_page)
    with qtbot.waitSignal(owner.loaded, timeout=10_000):
        owner.attach_document(str(source))
    reviewer = Actor(username="rita", roles=("reviewer",))
    view = open_view(qtbot, runner, reviewer, data_dir, fisr_case)
    view.tabs.setCurrentWidget(view.documents_page)
    view.documents.selectRow(0)
    assert not view.access_button.isEnabled()
    assert "rita may not" in view.access_button.toolTip()
    assert view.edit_access() is None


def test_proposed_changes_shows_only_this_cases_proposals(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str, db: Database,
) -> None:
    from approvals.store.models import Case, ReviewProposal

    with db.session() as session:
        other = create_case(session, facts=parse_facts(demo_facts("DEMO-09")), actor=admin)
        for ref, value in ((fisr_case, "Renamed Co."), (other.reference, "Elsewhere Ltd.")):
            case = session.exec(select(Case).where(Case.reference == ref)).one()
            session.add(ReviewProposal(case_id=case.id, pack_id="pack-1", reviewer="rita",
                                       field_path="target.name_en",
                                       base_value=json.dumps(case.target_name),
                                       proposed_value=json.dumps(value)))
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    with qtbot.waitSignal(view.proposals_button.clicked, timeout=5_000):
        qtbot.mouseClick(view.proposals_button, Qt.MouseButton.LeftButton)
    dialog = view.proposals
    assert dialog is not None and dialog.reference == fisr_case
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    assert dialog.table.item(0, 0).text() == fisr_case
    assert "Renamed Co." in dialog.table.item(0, 4).text()
    # Accepting a proposal changes the case: the case view reloads with the new name.
    dialog.table.selectRow(0)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert "Renamed Co." in view.header.text()


def test_a_review_start_step_offers_the_acceptance_date(qtbot) -> None:
    from approvals.services.workflow import ActionView
    from approvals.ui.case_dialogs import ActionDialog

    start = ActionView("start_preliminary_review", "Preliminary review started", "", True, None,
                       False, (), default_on="2026-09-23")
    dialog = ActionDialog(start)
    qtbot.addWidget(dialog)
    assert "acceptance date, 2026-09-23" in dialog.on.placeholderText()
    other = ActionDialog(ActionView("file", "Filed", "", True, None, False, ()))
    qtbot.addWidget(other)
    assert other.on.placeholderText().startswith("default today")


def test_overview_shows_facts_the_screening_needs_as_not_stated(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database
) -> None:
    """A list left out of the facts is unknown: the Overview names it 'not stated' where the
    screening needs it (why a regime says Needs info), instead of leaving it out."""
    facts = demo_facts("DEMO-04")
    facts["target"].pop("security_sectors", None)
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(facts), actor=admin).reference
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.tabs.setCurrentWidget(view.screening_page)
    assert view.determinations.outcomes()["CN-FISR"] == "needs_info"
    cells = [c.strip() for c in view.overview.toPlainText().splitlines() if c.strip()]
    label = cells.index("Security-review fields")
    assert cells[label + 1] == "not stated", cells[label: label + 2]
