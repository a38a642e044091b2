"""The case window's changes each ask for their reason (every change is an audit event with
actor, role, UTC time and reason): Mark fulfilled… (optional) and Re-open… (required) on a
condition, and attaching a document (the Documents tab's Reason field, optional). The
Timeline keeps its rows in a short window with the distillation flag shown, and Verify
started from the audit trail window opens its progress and result over that window."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QWidget
from sqlmodel import col, select

from approvals.domain.errors import InputError, Problem
from approvals.paths import DataDir
from approvals.services import users
from approvals.services import workflow as workflow_service
from approvals.services.workflow import set_obligation_status
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui import case_tracks_tab, case_view
from approvals.ui.audit_trail import AuditTrailWindow
from approvals.ui.workers import TaskRunner
from tests.conftest import FolderTemplates
from tests.ui.case_window import open_view
from tests.ui.test_audit_trail_window import opened_trail
from tests.ui.test_casewin_attach_many import papers
from tests.ui.test_conditions_ui import (  # noqa: F401  (fixtures)
    cleared,
    click,
    obligations,
    open_clear_dialog,
    under_review,
)
from tests.ui.test_step_dialog_fields import said_at


def _events(db: Database, action: str) -> list[SimpleNamespace]:
    """The stored events, as plain values (read after their session has closed)."""
    with db.read_session() as s:
        return [SimpleNamespace(**e.model_dump()) for e in s.exec(
            select(Event).where(Event.action == action).order_by(col(Event.id))).all()]


# -- conditions ------------------------------------------------------------------------------

def test_mark_fulfilled_asks_why_and_the_event_keeps_the_reason(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        cleared: tuple[str, int]) -> None:  # noqa: F811
    reference, track_id = cleared
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    assert view.fulfil_button.text() == "Mark &fulfilled…"
    click(qtbot, view.fulfil_button)
    dialog = view.condition_status_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Mark the condition fulfilled"
    assert dialog.reason.placeholderText().startswith("optional:")
    assert obligations(db, track_id)[0].status == "open"  # nothing stored before OK
    qtbot.keyClicks(dialog.reason, "CAC filing receipt of 28 Nov")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    assert obligations(db, track_id)[0].status == "fulfilled"
    (event,) = _events(db, "obligation.status")
    assert (event.reason, event.actor, json.loads(event.new_value)) == (
        "CAC filing receipt of 28 Nov", "alice", "fulfilled")
    assert event.role and event.occurred_at  # who in which role, when (UTC)
    assert view.obligations_table.item(0, 2).toolTip().endswith(
        " UTC: CAC filing receipt of 28 Nov")
    runner.wait_for_done()


def test_reopen_needs_a_reason_said_in_its_dialog_and_kept(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        cleared: tuple[str, int]) -> None:  # noqa: F811
    reference, track_id = cleared
    first = obligations(db, track_id)[0]
    with db.session() as s:
        set_obligation_status(session=s, obligation_id=first.id, status="fulfilled",
                              actor=admin)
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    view.obligations_table.selectRow(0)
    assert view.reopen_button.text() == "Re-ope&n…"
    click(qtbot, view.reopen_button)
    dialog = view.condition_status_dialog
    assert dialog is not None and dialog.windowTitle() == "Re-open the condition"
    click(qtbot, dialog.ok_button)  # no reason: said in the open dialog, nothing stored
    assert dialog.isVisible()
    assert dialog.problem.text() == "Say why the condition is re-opened."
    assert dialog.focusWidget() is dialog.reason
    assert obligations(db, track_id)[0].status == "fulfilled"
    qtbot.keyClicks(dialog.reason, "receipt was for another filing")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        click(qtbot, dialog.ok_button)
    assert obligations(db, track_id)[0].status == "open"
    reopened = _events(db, "obligation.status")[-1]
    assert (json.loads(reopened.old_value), json.loads(reopened.new_value),
            reopened.reason) == ("fulfilled", "open", "receipt was for another filing")
    runner.wait_for_done()


def test_the_service_refuses_a_reopening_without_a_reason(
        db: Database, admin: Actor, cleared: tuple[str, int]) -> None:  # noqa: F811
    _reference, track_id = cleared
    first = obligations(db, track_id)[0]
    with db.session() as s:
        set_obligation_status(session=s, obligation_id=first.id, status="waived",
                              actor=admin, reason="lifted")
    with pytest.raises(InputError) as refused, db.session() as s:
        set_obligation_status(session=s, obligation_id=first.id, status="open",
                              actor=admin, reason="  ")
    assert [p.path for p in refused.value.problems] == ["reason"]
    assert obligations(db, track_id)[0].status == "waived"
    assert len(_events(db, "obligation.status")) == 1


# -- documents -------------------------------------------------------------------------------

pytest_fast_hash = pytest.mark.usefixtures("fast_hash")
REF = "AP-2026-0002"


@pytest_fast_hash
def test_the_reason_typed_goes_with_each_file_attached_and_is_then_emptied(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path) -> None:
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    assert view.attach_reason.isEnabled()
    assert view.attach_reason.placeholderText().startswith("optional:")
    before = len(_events(demo, "document.attached"))
    qtbot.keyClicks(view.attach_reason, "requested by MOFCOM on 28 Nov")
    one, two, three = papers(tmp_path, "kyc-1.pdf", "kyc-2.pdf", "kyc-3.pdf")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.attach_document(str(one))
    runner.wait_for_done()
    assert view.attach_reason.text() == ""  # not carried over to the next, unrelated file
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.attach_document(str(two))  # none typed: none recorded
    runner.wait_for_done()
    qtbot.keyClicks(view.attach_reason, "signed copy")
    view.documents.selectRow(view.document_row(
        next(d.id for d in view.data.documents if d.file_name == "kyc-1.pdf")))
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.attach_new_version(str(three))
    runner.wait_for_done()
    attached = _events(demo, "document.attached")[before:]
    assert [(json.loads(e.new_value)["file_name"], e.reason) for e in attached] == [
        ("kyc-1.pdf", "requested by MOFCOM on 28 Nov"), ("kyc-2.pdf", ""),
        ("kyc-3.pdf", "signed copy")]
    assert view.attach_reason.text() == ""


@pytest_fast_hash
def test_a_batch_takes_the_reason_typed_when_the_files_were_chosen(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path) -> None:
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    before = len(_events(demo, "document.attached"))
    view.attach_reason.setText("board pack")
    chosen = papers(tmp_path, "a.pdf", "b.pdf")
    view.attach_documents([str(p) for p in chosen])
    view.attach_reason.setText("board pack")  # typed again meanwhile: the same words
    qtbot.waitUntil(lambda: len(_events(demo, "document.attached")) == before + 2,
                    timeout=10_000)
    runner.wait_for_done()
    assert [e.reason for e in _events(demo, "document.attached")[before:]] == [
        "board pack", "board pack"]


def test_the_reason_field_is_greyed_out_with_attach_for_a_reviewer(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir) -> None:
    view = open_view(qtbot, runner, Actor("rita", ("reviewer",)), data_dir, REF,
                     documents=True)
    assert not view.attach_button.isEnabled()
    assert not view.attach_reason.isEnabled()
    assert view.attach_reason.toolTip() == view.attach_button.toolTip()
    runner.wait_for_done()


def _tab_after(widget: QWidget) -> QWidget:
    """Where Tab goes from `widget`: the next widget in the chain that takes Tab focus
    (a label between them, as "Reason:", is passed over)."""
    after = widget.nextInFocusChain()
    while not after.focusPolicy() & Qt.FocusPolicy.TabFocus or widget.isAncestorOf(after):
        after = after.nextInFocusChain()
    return after


def test_the_reason_comes_after_the_type_and_before_attach_in_the_tab_order(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    assert _tab_after(view.doc_type) is view.doc_restricted
    assert _tab_after(view.doc_restricted) is view.attach_reason
    assert _tab_after(view.attach_reason) is view.attach_button
    assert _tab_after(view.attach_button) is view.new_version_button
    assert _tab_after(view.new_version_button) is view.set_type_button
    assert _tab_after(view.set_type_button) is view.open_document_button
    runner.wait_for_done()


# -- the Timeline in a short window ----------------------------------------------------------

def test_a_short_window_with_the_distillation_flag_keeps_four_timeline_rows(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    """At 200 % on 1366×768 the flag above the tabs left the list about one row; the list
    keeps its rows and the tab scrolls to the pane below instead."""
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0001")  # the flag is shown
    assert view.flag_label.isVisible()
    view.tabs.setCurrentWidget(view.timeline_page)
    view.resize(683, 300)
    qtbot.wait(50)
    table = view.timeline
    assert table.rowCount() >= 4
    row = table.verticalHeader().defaultSectionSize()
    assert table.viewport().height() >= 4 * row  # four events in sight
    # The pane is still whole, below the list, the tab scrolled to reach it.
    page = view.timeline_page
    assert isinstance(page, QScrollArea) and page.verticalScrollBar().maximum() > 0
    details = view.timeline_details
    assert details.height() >= details.minimumHeight()
    details.setFocus(Qt.FocusReason.TabFocusReason)
    page.ensureWidgetVisible(details)
    assert page.verticalScrollBar().value() > 0
    view.find_events()  # Ctrl+F: the filter, scrolled back into sight
    assert view.timeline_filter.hasFocus() or view.focusWidget() is view.timeline_filter
    assert page.verticalScrollBar().value() == 0
    runner.wait_for_done()


# -- Verify from the audit trail window --------------------------------------------------------

@pytest.fixture
def window(qtbot: Any, folder_templates: FolderTemplates, db: Database, data_dir: DataDir,
           admin: Actor) -> Any:
    yield from opened_trail(qtbot, folder_templates, db, data_dir, admin)


def test_verify_from_the_audit_trail_window_opens_over_it(
        qtbot: Any, window: AuditTrailWindow) -> None:
    main = window.main
    main.audit_verify_box = None
    window.verify_button.click()
    assert main.audit_verify_progress.parentWidget() is window
    qtbot.waitUntil(lambda: getattr(main, "audit_verify_box", None) is not None,
                    timeout=10_000)
    box = main.audit_verify_box
    assert box.parentWidget() is window  # not behind it, over the main window
    assert box.text().startswith("Audit trail intact")
    box.close()


def test_verify_from_the_menu_still_opens_over_the_main_window(
        qtbot: Any, window: AuditTrailWindow) -> None:
    main = window.main
    main.audit_verify_box = None
    main.audit_verify_action.trigger()
    qtbot.waitUntil(lambda: getattr(main, "audit_verify_box", None) is not None,
                    timeout=10_000)
    assert main.audit_verify_box.parentWidget() is main
    main.audit_verify_box.close()


def test_verify_ends_over_the_main_window_when_the_trail_window_closed_meanwhile(
        qtbot: Any, window: AuditTrailWindow) -> None:
    main = window.main
    main.audit_verify_box = None
    window.verify_button.click()
    window.close()  # deleted on close, with the progress window over it
    qtbot.waitUntil(lambda: getattr(main, "audit_verify_box", None) is not None,
                    timeout=10_000)
    assert main.audit_verify_box.parentWidget() is main
    assert main.audit_verify_action.isEnabled()
    main.audit_verify_box.close()


# -- Restrict… asks why ------------------------------------------------------------------------

@pytest_fast_hash
def test_restrict_asks_first_and_the_event_keeps_the_reason_typed(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path) -> None:
    """The restriction's event said "restricted from the case view", never the officer's
    why; Cancel changes nothing."""
    with demo.session() as s:  # a restriction names known users
        users.create_first_admin(s, username="alice", password="correct horse battery",
                                 display_name="Alice")
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    (paper,) = papers(tmp_path, "side-letter.pdf")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.attach_document(str(paper))
    runner.wait_for_done()
    doc_id = next(d.id for d in view.data.documents if d.file_name == "side-letter.pdf")
    view.documents.selectRow(view.document_row(doc_id))
    assert view.restrict_button.text() == "Restr&ict…"
    before = len(_events(demo, "document.restriction_changed"))
    view.restrict_button.click()
    dialog = view.restriction_dialog
    assert dialog is not None and dialog.isVisible()
    assert "side-letter.pdf" in dialog.message.text()
    dialog.reject()  # Cancel: nothing changed
    runner.wait_for_done()
    assert not view.selected_document().restricted
    view.restrict_button.click()
    dialog = view.restriction_dialog
    qtbot.keyClicks(dialog.reason, "price terms under NDA")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        dialog.action.click()
    runner.wait_for_done()
    changes = _events(demo, "document.restriction_changed")[before:]
    assert [(e.entity_id, e.reason) for e in changes] == [
        (str(doc_id), "price terms under NDA")]


def _fulfil_dialog(qtbot: Any, view: Any) -> Any:
    click(qtbot, view.fulfil_button)
    return view.condition_status_dialog


@pytest.mark.parametrize(("service", "open_dialog", "typed", "title"), [
    ("set_obligation_status", _fulfil_dialog, "receipt of 28 Nov", "Could not change the condition"),
    ("edit_condition", lambda _qtbot, view: view.ask_edit_condition(), "mistyped",
     "Could not correct the condition"),
])
def test_an_unexpected_failure_leaves_the_condition_dialog_usable(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        cleared: tuple[str, int], monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        service: str, open_dialog: Any, typed: str, title: str) -> None:
    """Not a refusal (a disk error): the message box said it, and the dialog (Mark
    fulfilled…, Edit condition…) stayed at "Working…" with its button greyed out, the
    reason typed unreachable but by Cancel."""
    reference, _track_id = cleared
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    shown: list[str] = []
    monkeypatch.setattr(case_view, "show_error", lambda _parent, title, _exc: shown.append(title))

    def broken(**_kwargs: Any) -> None:
        raise OSError("disk I/O error")

    monkeypatch.setattr(workflow_service, service, broken)
    dialog = open_dialog(qtbot, view)
    assert dialog is not None
    qtbot.keyClicks(dialog.reason, typed)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: shown == [title], timeout=10_000)
    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    assert dialog.problem.text() == "Not stored (see the message); nothing was changed."
    assert dialog.reason.text() == typed
    dialog.reject()
    runner.wait_for_done()


# -- a refused step keeps its dialog ------------------------------------------------------------

def test_a_step_refused_for_what_was_typed_opens_again_with_everything_kept(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        under_review: tuple[str, int], monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """The service refused the step for an input: the dialog had gone, its reason, date
    and conditions with it, and a message box said why."""
    reference, _track_id = under_review
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    dialog, editor = open_clear_dialog(qtbot, view)
    qtbot.keyClicks(dialog.on, "2026-11-20")
    qtbot.keyClicks(editor.rows[0].text, "Keep design data in China")
    qtbot.keyClicks(dialog.reason, "NDRC decision letter")
    shown: list[str] = []
    # Either module's message box: the step's own failure, or a refusal through _refused.
    for module in (case_tracks_tab, case_view):
        monkeypatch.setattr(module, "show_error",
                            lambda _parent, title, _exc: shown.append(title))

    def refuses(**_kwargs: Any) -> None:
        raise InputError(Problem("reason", "name the letter's number"))

    monkeypatch.setattr(workflow_service, "transition", refuses)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: dialog.isVisible() and bool(said_at(dialog, "reason")),
                    timeout=10_000)
    assert said_at(dialog, "reason") == "name the letter's number"
    assert dialog.reason.text() == "NDRC decision letter"
    assert dialog.on.text() == "2026-11-20"
    assert editor.rows[0].text.text() == "Keep design data in China"
    assert dialog.focusWidget() is dialog.reason
    assert shown == []  # said in the dialog, not in a box of its own
    dialog.reject()
    runner.wait_for_done()


def test_the_distillation_flag_names_the_first_three_models_and_counts_the_rest() -> None:
    """The banner named every model: with the wizard's 200 lines of 300 characters it took
    the window's height from the tabs below it."""
    from approvals.ui.case_view import flag_models

    assert flag_models([]) == "models not named"
    assert flag_models(["A", "B"]) == "A, B"
    many = [f"Model {i}" for i in range(1, 11)]
    assert flag_models(many) == "Model 1, Model 2, Model 3 and 7 more (hover to see them all)"
    long = flag_models(["x" * 300])
    assert len(long) == 80 and long.endswith("…")


def test_the_banner_with_many_models_stays_short_and_names_them_all_on_hover(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    import json

    from sqlmodel import select

    from approvals.store.models import Case

    models = [f"US frontier model number {i} with a long descriptive name" for i in range(40)]
    with demo.session() as s:
        case = s.exec(select(Case).where(Case.reference == "AP-2026-0001")).one()
        facts = json.loads(case.facts)
        facts["target"]["ai"]["us_models_used"] = models
        case.facts = json.dumps(facts)
        s.add(case)
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0001")
    text = view.flag_label.text()
    assert "and 37 more" in text and models[3] not in text
    assert all(m in view.flag_label.toolTip() for m in models)
    view.resize(900, 600)
    qtbot.wait(20)
    assert view.flag_label.height() < 120
