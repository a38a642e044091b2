"""The case window's Timeline: an event whose words are longer than their cell (an
accepted proposal with long old and new values, a reason of several lines) is read whole:
in the What cell's tooltip and in the details pane under the list, which the keyboard
reaches and whose text can be copied."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from sqlmodel import select

from approvals.domain import workflow as wf
from approvals.domain.event_text import EventFacts, event_sentence, stored_value_shown
from approvals.paths import DataDir
from approvals.services import audit_view
from approvals.services.cases import case_id_by_reference
from approvals.store.audit import Actor, append_event
from approvals.store.db import Database
from approvals.store.models import Event, FilingTrack
from approvals.ui.audit_trail import event_fields
from approvals.ui.case_view import CaseView
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_case_view_wording import case_ref  # noqa: F401  (fixture)
from tests.workflow_support import take_step

ANNA = "anna (Anna's laptop)"
OLD = "Beijing Frontier Holdings Ltd., holding 35 % through a VIE; " * 4
NEW = "Shenzhen Deep Vision Partners L.P., holding 51 % directly, board control; " * 4
REASON = ("Accepted after the call with counsel on 12 Nov.\n"
          "The shareholder register of 30 Oct confirms it.\n"
          "See memo CM-2026-114, paragraph 3.")
WHAT, REASON_COLUMN = 2, 5


def add_proposal(db: Database, reference: str, actor: Actor) -> Event:
    with db.session() as s:
        event = append_event(
            s, actor=actor, action="review.proposal_accepted", entity="case",
            entity_id=reference, case_id=case_id_by_reference(s, reference),
            field="target.controlling_shareholder", old=OLD, new=NEW, reason=REASON,
            details={"reviewer": ANNA, "proposal_id": 7})
        s.flush()
        s.expunge(event)
        return event


def row_of(view: CaseView, action: str) -> int:
    view.tabs.setCurrentWidget(view.timeline_page)
    return next(r for r in range(view.timeline.rowCount())
                if view.timeline.item(r, WHAT).data(Qt.ItemDataRole.UserRole) == action)


def test_a_long_event_is_read_whole_in_the_tooltip_and_the_details_pane(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        case_ref: str) -> None:  # noqa: F811
    stored = add_proposal(db, case_ref, admin)
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    view.tabs.setCurrentWidget(view.timeline_page)
    row = row_of(view, "review.proposal_accepted")
    sentence = event_sentence(EventFacts(
        "review.proposal_accepted", case_ref, "target.controlling_shareholder", OLD, NEW,
        {"reviewer": ANNA, "proposal_id": 7}))
    # Both values whole, as the status report says them; the cell cannot hold that.
    assert OLD in sentence and NEW in sentence and ANNA in sentence
    assert view.timeline.item(row, WHAT).toolTip() == sentence
    assert view.timeline.columnWidth(WHAT) < view.timeline.fontMetrics().horizontalAdvance(
        sentence)
    # A reason of several lines: one line in its cell, whole in its tooltip.
    cell = view.timeline.item(row, REASON_COLUMN)
    assert "\n" not in cell.text() and cell.text().startswith("Accepted after the call")
    assert cell.toolTip() == REASON

    # Nothing selected: the pane says what it is for, and there is nothing to copy.
    view.timeline.setCurrentCell(-1, -1)
    assert view.timeline_details.toPlainText() == ""
    assert not view.timeline_copy_button.isEnabled() and view.timeline_copy_button.toolTip()

    view.timeline.selectRow(row)
    shown = view.timeline_details.toPlainText()
    assert shown.startswith(sentence)
    for line in REASON.splitlines():
        assert line in shown
    assert "alice, as preparer, reviewer, approver, administrator" in shown
    assert f"Review input from: {ANNA}" in view.event_details(row)
    assert stored.hash in shown and stored.prev_hash in shown
    assert stored.occurred_at.replace("T", " ").rstrip("Z") in shown
    assert f"#{stored.id} · review.proposal_accepted" in shown

    # The plain text Copy event puts on the clipboard: one "Label: value" line each.
    details = view.event_details(row)
    assert details.splitlines()[0] == sentence
    assert f"Old value: {OLD}" in details and f"New value: {NEW}" in details
    assert "Reason:\n  Accepted after the call with counsel on 12 Nov.\n  The shareholder" \
        in details
    assert f"Hash (SHA-256): {stored.hash}" in details
    QGuiApplication.clipboard().clear()
    assert view.timeline_copy_button.isEnabled()
    qtbot.mouseClick(view.timeline_copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == details


def test_the_details_pane_is_reached_and_copied_with_the_keyboard(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        case_ref: str) -> None:  # noqa: F811
    add_proposal(db, case_ref, admin)
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    view.activateWindow()
    view.tabs.setCurrentWidget(view.timeline_page)
    row = row_of(view, "review.proposal_accepted")
    view.timeline.setFocus()
    qtbot.waitUntil(view.timeline.hasFocus)
    # The arrows move through the events; the pane follows.
    view.timeline.setCurrentCell(0, 0)
    for _ in range(row):
        qtbot.keyClick(view.timeline, Qt.Key.Key_Down)
    assert view.timeline.currentRow() == row
    assert view.timeline_details.toPlainText().startswith(
        view.timeline.item(row, WHAT).toolTip())
    # Ctrl+C in the list copies the event in full.
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(view.timeline, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == view.event_details(row)
    # Tab leaves the list for the pane (not cell to cell), then goes on to Copy event.
    qtbot.keyClick(view.timeline, Qt.Key.Key_Tab)
    qtbot.waitUntil(view.timeline_details.hasFocus)
    qtbot.keyClick(view.timeline_details, Qt.Key.Key_Tab)
    qtbot.waitUntil(view.timeline_copy_button.hasFocus)
    # In the pane, Ctrl+A then Ctrl+C copies what it shows.
    view.timeline_details.setFocus()
    qtbot.keyClick(view.timeline_details, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.timeline_details, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert NEW.strip() in QGuiApplication.clipboard().text()


def test_the_filter_finds_words_only_the_whole_sentence_holds(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        case_ref: str) -> None:  # noqa: F811
    add_proposal(db, case_ref, admin)
    with db.session() as s:  # a field changed by hand: its Change cell shortens the values
        append_event(s, actor=admin, action="field.changed", entity="case",
                     entity_id=case_ref, case_id=case_id_by_reference(s, case_ref),
                     field="target.controlling_shareholder", old=OLD,
                     new=NEW + "see annex ZX-991")
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    row = row_of(view, "field.changed")
    assert "ZX-991" not in view.timeline.item(row, 4).text()
    assert view.timeline.item(row, WHAT).toolTip().endswith("see annex ZX-991")
    view.timeline_filter.setText("zx-991")
    assert view.visible_timeline_rows() == 1 and not view.timeline.isRowHidden(row)
    # "CM-2026-114" is on the proposal's reason's third line.
    proposal = row_of(view, "review.proposal_accepted")
    view.timeline_filter.setText("cm-2026-114")
    assert view.visible_timeline_rows() == 1 and not view.timeline.isRowHidden(proposal)
    view.timeline.selectRow(proposal)
    assert view.timeline_details.toPlainText()
    # Filtered out, the selected event leaves the pane (nothing hidden is "selected").
    view.timeline_filter.setText("no such words anywhere")
    assert view.visible_timeline_rows() == 0
    assert view.timeline_details.toPlainText() == ""
    assert not view.timeline_copy_button.isEnabled()
    view.timeline_filter.clear()
    assert view.timeline_details.toPlainText().startswith(
        view.timeline.item(proposal, WHAT).toolTip())


def test_a_track_step_reads_in_its_workflows_words_with_the_regime(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        case_ref: str) -> None:  # noqa: F811
    with db.read_session() as s:
        track = s.exec(select(FilingTrack).where(FilingTrack.regime == "CN-FISR")).one()
        track_id, kind = track.id, track.kind
    assert track_id is not None
    take_step(db, track_id, "submit_for_review", admin, reason="Draft complete.\nSee checklist.")
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    row = row_of(view, "track.transition")
    tip = view.timeline.item(row, WHAT).toolTip()
    # The status report's sentence: the regime first, the states by their names.
    assert tip.startswith(f"CN-FISR: {wf.state_label(kind, 'draft')} → "
                          f"{wf.state_label(kind, 'internal_review')}; on ")
    view.timeline.selectRow(row)
    assert view.timeline_details.toPlainText().startswith(tip)
    assert "Reason:\n  Draft complete.\n  See checklist." in view.event_details(row)
    assert view.timeline.item(row, REASON_COLUMN).text() == "Draft complete. / See checklist."
    # The states in words beside their stored codes: "phase_1_review" alone was read as a
    # code to look up (as the Field row names a fact by label and path).
    draft, internal = wf.state_label(kind, "draft"), wf.state_label(kind, "internal_review")
    details = view.event_details(row).splitlines()
    assert f"Old value: {draft} (draft)" in details
    assert f"New value: {internal} (internal_review)" in details
    # The Audit trail window's details say the event the same way.
    with db.read_session() as s:
        page = audit_view.audit_page(s, actor=admin)
    entry = next(e for e in page.entries if e.action == "track.transition")
    assert ("Old value", f"{draft} (draft)") in event_fields(entry)
    assert ("New value", f"{internal} (internal_review)") in event_fields(entry)


def test_a_stored_value_is_shown_exactly_and_a_state_also_in_words() -> None:
    named = {"materials_requested": "Materials requested"}.get
    assert stored_value_shown("materials_requested", field="state",
                              state_name=lambda s: named(s, s)) == (
        "Materials requested (materials_requested)")
    # A state the workflow has no other words for, a fact's value, nothing: as stored.
    assert stored_value_shown("draft", field="state", state_name=lambda s: s) == "draft"
    assert stored_value_shown("phase_1_review", field="deal.instrument",
                              state_name=lambda s: "Phase 1") == "phase_1_review"
    assert stored_value_shown(None, field="state", state_name=lambda s: "x") == "∅"
    assert stored_value_shown({"b": 1, "a": 2}) == '{\n  "a": 2,\n  "b": 1\n}'


def test_at_200_percent_the_timeline_fits_its_width_and_keeps_a_dragged_one(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        case_ref: str) -> None:  # noqa: F811
    """At 200 % on a 1366×768 screen (a 648×345 logical window) the list scrolled
    sideways past Reason: What, Field and Change now give way; the details pane has the
    event whole. A width the officer drags stays."""
    add_proposal(db, case_ref, admin)
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    view.resize(648, 345)
    view.tabs.setCurrentWidget(view.timeline_page)
    table, header = view.timeline, view.timeline.horizontalHeader()
    # As narrow as the window's least width lets it be: far narrower than the columns.
    narrow = sum(table.WIDTHS) + table.REASON_LEAST - 200
    qtbot.waitUntil(lambda: table.viewport().width() < narrow)
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0)
    assert header.length() <= table.viewport().width()
    assert header.sectionSize(REASON_COLUMN) >= table.REASON_LEAST
    assert header.sectionSize(0) == table.WIDTHS[0]  # the time is never cut
    for col in (2, 4):
        title = header.fontMetrics().horizontalAdvance(table.horizontalHeaderItem(col).text())
        assert title < header.sectionSize(col) < table.WIDTHS[col]
    # Field gives way last (test_loose5_timeline_field): the name of the field changed.
    assert header.sectionSize(3) > header.fontMetrics().horizontalAdvance("Field") + 16
    # A whole screen again: the fitted widths come back.
    view.resize(1280, 780)
    qtbot.waitUntil(lambda: header.sectionSize(3) == table.field_width()
                    and header.sectionSize(2) > table.WIDTHS[2] * 0.8)
    # Dragged: the officer's from then on.
    header.resizeSection(WHAT, 400)
    assert not table.fitting
    view.resize(648, 345)
    qtbot.waitUntil(lambda: table.viewport().width() < narrow)
    assert header.sectionSize(WHAT) == 400


def test_the_selected_event_stays_selected_when_the_case_reloads(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        case_ref: str) -> None:  # noqa: F811
    stored = add_proposal(db, case_ref, admin)
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    row = row_of(view, "review.proposal_accepted")
    view.timeline.selectRow(row)
    shown = view.timeline_details.toPlainText()
    # Another event is stored (a new top row) and the window reloads.
    with db.session() as s:
        append_event(s, actor=admin, action="comment.added", entity="comment",
                     entity_id="c-9", case_id=case_id_by_reference(s, case_ref),
                     new={"body": "Checked."})
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    assert view.timeline.currentRow() == row + 1
    assert view.timeline_details.toPlainText() == shown
    assert f"#{stored.id} · review.proposal_accepted" in shown


def test_the_details_hint_is_whole_in_a_narrow_window(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        case_ref: str) -> None:  # noqa: F811
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    view.resize(900, 640)
    view.tabs.setCurrentWidget(view.timeline_page)
    view.timeline.setCurrentCell(-1, -1)
    details = view.timeline_details
    qtbot.waitUntil(lambda: details.viewport().width() < 900)
    hint = details.placeholderText()
    assert hint and details.toPlainText() == ""
    assert details.fontMetrics().horizontalAdvance(hint) < details.viewport().width()
