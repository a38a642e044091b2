"""What a walk through a CN-FISR track at 1366×768 found: a condition's estimated-date
note crowded out the condition in the Conditions list and its buttons' tooltips; the
required-documents checklist listed withdrawn tracks' documents as missing; a long
condition typed in the step dialog stayed scrolled to its last words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlmodel import select

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import FilingTrack
from approvals.ui.case_dialogs import ConditionsEditor
from approvals.ui.case_steps import step_effect
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view, select_track
from tests.ui.test_case_view import BOB, fisr_case  # noqa: F401
from tests.workflow_support import take_step

NOTE = "(due date estimated: no official CN holiday schedule is held for 2027, 2028)"
CONDITION = "Keep chip design data in China"


def _tracks(db: Database) -> dict[str, int]:
    with db.read_session() as session:
        return {t.regime: t.id or 0 for t in session.exec(select(FilingTrack)).all()}


def test_the_conditions_list_shows_the_condition_not_the_note(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        fisr_case: str) -> None:  # noqa: F811
    track_id = _tracks(db)["CN-FISR"]
    for name, actor, params in (
            ("submit_for_review", admin, {}), ("approve_for_filing", BOB, {}),
            ("file", admin, {"filing_reference": "NDRC-1"}), ("accept", admin, {}),
            ("start_preliminary_review", admin, {}), ("start_general_review", admin, {}),
            ("clear_with_conditions", admin, {"on": "2026-12-15", "conditions": [
                {"text": CONDITION, "due_days": 400}]})):
        take_step(db, track_id, name, actor, reason="test", **params)
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentWidget(view.tracks_page)
    select_track(view, "CN-FISR")
    cell = view.obligations_table.item(0, 0)
    assert cell.text() == CONDITION
    assert cell.toolTip() == f"{CONDITION} {NOTE}"  # the whole stored text
    assert view.obligations_table.item(0, 1).text().endswith("(estimated)")
    # The track's "Close" says it closes the track for good, not the window or the case.
    assert view.track_buttons["close"].toolTip() == \
        "Moves this track to Closed (nothing leaves it). 结案"
    assert NOTE not in view.waive_button.toolTip() and CONDITION in view.waive_button.toolTip()
    dialog = view.ask_waive()
    assert dialog is not None and NOTE not in "".join(
        label.text() for label in dialog.findChildren(type(view.obligations_heading)))
    dialog.reject()
    # The Timeline's Change names the condition too; the whole stored text on hover.
    view.tabs.setCurrentWidget(view.timeline_page)
    row = next(r for r in range(view.timeline.rowCount())
               if view.timeline.item(r, 2).data(Qt.ItemDataRole.UserRole) == "obligation.created")
    change = view.timeline.item(row, 4)
    assert change.text().startswith(f"condition '{CONDITION}', due ")
    assert change.text().endswith(" (estimated)") and NOTE in change.toolTip()
    # Whole in its column in a window as wide as a laptop's screen.
    view.resize(1366, 740)
    view.tabs.setCurrentWidget(view.timeline_page)
    qtbot.waitUntil(lambda: view.timeline.viewport().width() > 1200)
    assert view.timeline.fontMetrics().horizontalAdvance(change.text()) + 8 \
        < view.timeline.columnWidth(4)
    runner.wait_for_done()


def test_a_withdrawn_track_needs_no_documents(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        fisr_case: str) -> None:  # noqa: F811
    take_step(db, _tracks(db)["US-OISP"], "withdraw", admin, reason="not a covered transaction")
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentWidget(view.documents_page)
    checklist = view.checklist.text()
    assert "<b>US-OISP</b> — withdrawn: needs no documents" in checklist
    assert "US notification" not in checklist  # its filing is not owed
    offered = [view.doc_type.itemData(i) for i in range(view.doc_type.count())]
    # A filing's signed copy is offered (its own type is the stored final's).
    assert "signed-us-notification" not in offered and "signed-cn-application" in offered
    runner.wait_for_done()


def test_a_long_condition_shows_its_start_once_typed(qtbot) -> None:
    editor = ConditionsEditor()
    qtbot.addWidget(editor)
    editor.show()
    row = editor.rows[0]
    words = "Keep all chip design data and model weights on servers located in mainland China"
    row.text.setFocus()
    qtbot.keyClicks(row.text, words)
    assert row.text.cursorPosition() == len(words)
    row.text.editingFinished.emit()  # Tab or a click elsewhere
    assert row.text.cursorPosition() == 0
    assert row.text.toolTip() == words


def test_a_reviewer_is_told_why_the_condition_buttons_are_greyed(
        qtbot, runner: TaskRunner, data_dir: DataDir, fisr_case: str) -> None:  # noqa: F811
    view = open_view(qtbot, runner, Actor("rita", ("reviewer",)), data_dir, fisr_case)
    view.tabs.setCurrentWidget(view.tracks_page)
    for button in (view.fulfil_button, view.waive_button, view.reopen_button):
        assert not button.isEnabled()
        assert button.toolTip() == ("rita may not mark conditions fulfilled, waived or open: "
                                    "that needs the preparer or administrator role.")
    runner.wait_for_done()


def test_each_step_says_what_it_does() -> None:
    assert step_effect("CN-FISR", "general_review", "request_materials") == (
        "Moves this track to Materials requested; stops the clock.")
    assert step_effect("CN-FISR", "materials_requested", "supply_materials") == (
        "Moves this track back to the review it was stopped in; restarts the clock.")
    assert step_effect("US-OISP", "draft", "record_completion") == (
        "The state stays Draft; starts the clock.")
    assert step_effect("CN-FISR", "draft", "no_such_step") == ""
    # A phase with no time limit starts no clock (CN-US-CAPITAL's review), nor does its
    # stop and resume say one: "starts the clock" was followed by "no statutory time limit".
    assert step_effect("CN-US-CAPITAL", "accepted", "start_review", timed=False) == (
        "Moves this track to Under review.")
    assert step_effect("CN-US-CAPITAL", "materials_requested", "supply_materials",
                       timed=False) == "Moves this track back to the review it was stopped in."


def test_a_steps_reason_field_has_room_for_a_sentence(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        fisr_case: str) -> None:  # noqa: F811
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentWidget(view.tracks_page)
    select_track(view, "CN-FISR")
    view.track_buttons["submit_for_review"].click()
    dialog = view.action_dialog
    assert dialog is not None
    sentence = "NDRC asks for the shareholder register of 30 Oct"
    qtbot.waitUntil(lambda: dialog.reason.width() > 0)
    assert dialog.reason.width() > dialog.reason.fontMetrics().horizontalAdvance(sentence)
    dialog.reject()
    runner.wait_for_done()
