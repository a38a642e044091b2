"""Conditions of a conditional clearance in the case view: each gets its own due date in
the step dialog, and is marked fulfilled, waived or re-opened on the Tracks tab."""

from __future__ import annotations

import json
from datetime import date
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from sqlmodel import col, select

from approvals.domain.errors import PermissionDenied
from approvals.domain.event_text import day_text
from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.cases import create_case
from approvals.services.workflow import (
    calendar_for,
    condition_due,
    set_obligation_status,
)
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event, FilingTrack, Obligation
from approvals.ui.case_view import CaseView
from approvals.ui.workers import TaskRunner
from tests.conftest import FolderTemplates
from tests.ui.case_window import open_view
from tests.ui.test_step_dialog_fields import said_at
from tests.workflow_support import complete_for_filing, take_step

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cases.json"
BOB = Actor(username="bob", roles=("approver", "reviewer"))
RITA = Actor(username="rita", roles=("reviewer",))  # may read a case, not edit it
DECIDED = "2026-11-20"  # a Friday; 36 days later is Saturday 26 Dec 2026


def _facts(reference: str) -> dict:
    return next(d for d in json.loads(DEMO.read_text(encoding="utf-8"))
                if d["reference"] == reference)


_step = partial(take_step, reason="test")


def _to_general_review(db: Database, admin: Actor) -> tuple[str, int]:
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(_facts("DEMO-04")),
                                actor=admin).reference
        complete_for_filing(session, reference, admin)
        track_id = session.exec(select(FilingTrack.id)
                                .where(FilingTrack.regime == "CN-FISR")).one()
    for name, actor, params in (
            ("submit_for_review", admin, {"on": "2026-10-01"}),
            ("approve_for_filing", BOB, {"on": "2026-10-02"}),
            ("file", admin, {"filing_reference": "FISR-1", "on": "2026-10-05"}),
            ("accept", admin, {"on": "2026-10-09"}),
            ("start_preliminary_review", admin, {"on": "2026-10-09"}),
            ("start_general_review", admin, {"on": "2026-10-20"})):
        _step(db, track_id, name, actor, **params)
    return reference, track_id


@pytest.fixture
def under_review(db: Database, admin: Actor, folder_templates: FolderTemplates
                 ) -> tuple[str, int]:
    """A CN-FISR track in general review: the next step may clear it with conditions.
    Copied into the test's database from the same made once per session (the case, its
    filing's particulars and six steps cost about 0.3 s of CPU per test)."""
    return folder_templates.load_into(
        "test_conditions_ui under review",
        lambda database, _folder: _to_general_review(database, admin), db)


@pytest.fixture
def cleared(db: Database, admin: Actor, under_review: tuple[str, int]) -> tuple[str, int]:
    """The track cleared with three conditions: one overdue, one due next year, one
    without a due date."""
    reference, track_id = under_review
    _step(db, track_id, "clear_with_conditions", admin, on=DECIDED, conditions=[
        {"text": "Keep design data in China", "due_date": "2026-11-25"},
        {"text": "Report to MOFCOM yearly", "due_date": "2027-06-30"},
        "No board seat for the investor"])
    return reference, track_id


def click(qtbot, button: QPushButton) -> None:
    qtbot.waitUntil(lambda: button.isVisible() and button.height() > 0, timeout=2_000)
    assert button.isEnabled(), button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def open_clear_dialog(qtbot, view: CaseView):
    click(qtbot, view.track_buttons["clear_with_conditions"])
    dialog = view.action_dialog
    assert dialog is not None and dialog.isVisible()
    editor = dialog.conditions
    assert editor is not None
    qtbot.waitUntil(lambda: editor.calendar is not None, timeout=10_000)
    return dialog, editor


def events(db: Database, action: str) -> list[SimpleNamespace]:
    with db.read_session() as session:
        return [SimpleNamespace(**e.model_dump()) for e in session.exec(
            select(Event).where(Event.action == action).order_by(col(Event.id))).all()]


def obligations(db: Database, track_id: int) -> list[SimpleNamespace]:
    """The stored rows, as plain values (read after their session has closed)."""
    with db.read_session() as session:
        return [SimpleNamespace(**o.model_dump()) for o in session.exec(
            select(Obligation).where(Obligation.track_id == track_id)
            .order_by(col(Obligation.id))).all()]


# -- the step dialog ------------------------------------------------------------------------
def test_two_conditions_cleared_through_the_dialog_keep_their_own_due_dates(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        under_review: tuple[str, int]) -> None:
    reference, track_id = under_review
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    dialog, editor = open_clear_dialog(qtbot, view)
    qtbot.keyClicks(dialog.on, DECIDED)
    first = editor.rows[0]
    qtbot.keyClicks(first.text, "Keep design data in China")
    qtbot.keyClicks(first.due_date, "2027-06-30")
    assert first.due.text() == "Due 30 Jun 2027"
    click(qtbot, editor.add_button)
    assert len(editor.rows) == 2
    second = editor.rows[1]
    assert second.text.hasFocus()  # Add condition goes to the new row's text
    qtbot.keyClicks(second.text, "Report to MOFCOM")
    qtbot.keyClicks(second.due_days, "36")
    # 36 calendar days after Fri 20 Nov 2026 is Sat 26 Dec 2026: the next working day.
    assert second.due.text() == "Due 28 Dec 2026 (26 Dec 2026 is not a working day)"
    assert second.due.toolTip().startswith("36 calendar days after the decision date "
                                           "(20 Nov 2026)")
    # A third row left empty is not sent.
    click(qtbot, editor.add_button)
    with qtbot.waitSignal(view.action_done, timeout=10_000), \
            qtbot.waitSignal(view.loaded, timeout=10_000):
        click(qtbot, dialog.ok_button)
    stored = obligations(db, track_id)
    assert [(o.text, o.due_date, o.status) for o in stored] == [
        ("Keep design data in China", "2027-06-30", "open"),
        ("Report to MOFCOM", "2026-12-28", "open")]
    created = events(db, "obligation.created")
    assert [json.loads(e.new_value)["due_date"] for e in created] == ["2027-06-30", "2026-12-28"]
    # The table on the Tracks tab shows both, with their due dates.
    table = view.obligations_table
    assert view.obligations.isVisibleTo(view)
    assert [(table.item(r, 0).text(), table.item(r, 1).text(), table.item(r, 2).text())
            for r in range(table.rowCount())] == [
        ("Keep design data in China", "30 Jun 2027", "Open"),
        ("Report to MOFCOM", "28 Dec 2026", "Open")]


def test_the_days_preview_is_the_services_rule_and_says_estimated(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        under_review: tuple[str, int]) -> None:
    reference, track_id = under_review
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    dialog, editor = open_clear_dialog(qtbot, view)
    qtbot.keyClicks(dialog.on, DECIDED)
    row = editor.rows[0]
    qtbot.keyClicks(row.text, "Report yearly")
    qtbot.keyClicks(row.due_days, "400")  # into 2027, whose schedule is not official
    with db.read_session() as session:
        due, guessed = condition_due(calendar_for(session, "CN"), date(2026, 11, 20), 400)
    assert guessed == [2027]
    assert row.due.text().startswith(f"Due {due.day} {due.strftime('%b %Y')}")
    assert row.due.text().endswith("\nEstimated: no official CN holiday schedule is held "
                                   "for 2027")
    # The decision date changes: the days count from the new one.
    dialog.on.setText("2026-11-23")
    assert "after the decision date (23 Nov 2026)" in row.due.toolTip()
    dialog.on.setText("2026-11-3x")
    assert row.due.text() == "Give a valid decision date to count the days from"
    dialog.on.setText(DECIDED)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        click(qtbot, dialog.ok_button)
    [stored] = obligations(db, track_id)
    assert stored.due_date == due.isoformat()
    assert "(due date estimated: no official CN holiday schedule is held for 2027)" in stored.text
    # The Conditions table's Due column says it too, as the status report does.
    table = view.obligations_table
    qtbot.waitUntil(lambda: table.rowCount() == 1)
    assert table.item(0, 1).text() == f"{due.day} {due.strftime('%b %Y')} (estimated)"
    # The Timeline names the condition and says the date is estimated; whole on hover.
    view.tabs.setCurrentWidget(view.timeline_page)
    timeline = view.timeline
    row = next(r for r in range(timeline.rowCount())
               if timeline.item(r, 2).data(Qt.ItemDataRole.UserRole) == "obligation.created")
    due_words = f"due {due.day} {due.strftime('%b %Y')}"
    assert timeline.item(row, 4).text() == f"condition 'Report yearly', {due_words} (estimated)"
    assert timeline.item(row, 4).toolTip() == f"condition '{stored.text}', {due_words}"


@pytest.mark.parametrize(("text", "due_date", "days", "field", "message"), [
    ("Keep data in China", "2027-13-01", "", "due_date",
     "Condition 1 — due date: '2027-13-01' is not a date (there is no month 13): use "
     "YYYY-MM-DD, e.g. 2026-10-22"),
    ("Keep data in China", "", "-5", "due_days",
     "Condition 1 — days after the decision: cannot be negative"),
    ("Keep data in China", "", "ninety", "due_days",
     "Condition 1 — days after the decision: expected a whole number of days"),
    ("Keep data in China", "2027-03-31", "90", "due_days",
     "Condition 1 — days after the decision: give a due date or a number of days, not both"),
    ("", "2027-03-31", "", "text",
     "Condition 1 — condition: write the condition, or clear its due date"),
    ("Keep data in China", "2026-11-01", "", "due_date",
     "Condition 1 — due date: 1 Nov 2026 is before the decision date, 20 Nov 2026"),
])
def test_a_bad_row_is_refused_at_the_row_with_the_dialog_open(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        under_review: tuple[str, int], text: str, due_date: str, days: str, field: str,
        message: str) -> None:
    reference, track_id = under_review
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    dialog, editor = open_clear_dialog(qtbot, view)
    qtbot.keyClicks(dialog.on, DECIDED)
    row = editor.rows[0]
    for edit, value in ((row.text, text), (row.due_date, due_date), (row.due_days, days)):
        qtbot.keyClicks(edit, value)
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    wrong = {"text": row.text, "due_date": row.due_date, "due_days": row.due_days}[field]
    assert QApplication.focusWidget() is wrong
    assert "border" in wrong.styleSheet()  # marked at the field, and said under the row
    said = row.due.text()
    assert row.due.isVisible() and said[:1].lower() + said[1:] == message.split(" — ", 1)[1]
    # Not said again under all the rows, nor under the form.
    assert said_at(dialog, "conditions") == "" and dialog.problem.text() == ""
    assert (row.text.text(), row.due_date.text(), row.due_days.text()) == (text, due_date, days)
    assert obligations(db, track_id) == []
    # Corrected in place, the step goes through.
    row.due_days.clear()
    row.due_date.setText("2027-03-31")
    row.text.setText(text or "Keep data in China")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        click(qtbot, dialog.ok_button)
    assert [(o.text, o.due_date) for o in obligations(db, track_id)] == [
        (text or "Keep data in China", "2027-03-31")]


def test_the_second_row_is_named_and_no_condition_at_all_is_refused(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        under_review: tuple[str, int]) -> None:
    reference, _track_id = under_review
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    dialog, editor = open_clear_dialog(qtbot, view)
    click(qtbot, dialog.ok_button)  # nothing typed
    assert dialog.isVisible()
    assert said_at(dialog, "conditions") == "List the conditions of the clearance."
    assert QApplication.focusWidget() is editor.rows[0].text
    qtbot.keyClicks(editor.rows[0].text, "First")
    click(qtbot, editor.add_button)
    second = editor.rows[1]
    assert second.due_days.accessibleName() == "Condition 2: or days after the decision"
    qtbot.keyClicks(second.text, "Second")
    qtbot.keyClicks(second.due_days, "1.5")
    click(qtbot, dialog.ok_button)
    assert second.due.isVisible() and second.due.text() == (
        "Days after the decision: expected a whole number of days")
    assert said_at(dialog, "conditions") == ""
    assert QApplication.focusWidget() is second.due_days
    # Removing a row: the one after it takes its place and its name.
    click(qtbot, editor.rows[0].remove)
    assert [r.text.text() for r in editor.rows] == ["Second"]
    assert editor.rows[0].text.accessibleName() == "Condition 1"


# -- the Tracks tab -------------------------------------------------------------------------
def test_mark_fulfilled_waive_with_a_reason_and_reopen_through_the_buttons(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        cleared: tuple[str, int]) -> None:
    reference, track_id = cleared
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    table = view.obligations_table
    first_id, second_id, _third_id = (o.id for o in obligations(db, track_id))
    assert table.rowCount() == 3
    # The first is overdue (due 25 Nov 2026, still open): said in words and in red.
    assert table.item(0, 1).text() == "25 Nov 2026 (overdue)"
    assert table.item(0, 1).foreground().color().name() in ("#c62828", "#ef9a9a")
    assert table.item(2, 1).text() == "no due date"
    # The first open one is selected: it may be fulfilled or waived, not re-opened.
    assert view.current_obligation().id == first_id
    assert view.fulfil_button.isEnabled() and view.waive_button.isEnabled()
    assert not view.reopen_button.isEnabled()
    assert view.reopen_button.toolTip() == "The condition is open already."

    click(qtbot, view.fulfil_button)  # asks why: optional for a fulfilment
    assert view.condition_status_dialog is not None
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        click(qtbot, view.condition_status_dialog.ok_button)
    assert table.item(0, 2).text() == "Fulfilled by alice"
    assert "overdue" not in table.item(0, 1).text()  # a met condition is not overdue
    assert view.current_obligation().id == first_id  # still selected after the reload
    assert not view.fulfil_button.isEnabled()
    assert "already fulfilled" in view.fulfil_button.toolTip()
    assert view.reopen_button.isEnabled()

    click(qtbot, view.reopen_button)  # asks why: required to undo what was recorded
    reopen = view.condition_status_dialog
    assert reopen is not None and reopen.windowTitle() == "Re-open the condition"
    qtbot.keyClicks(reopen.reason, "fulfilled by mistake")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        click(qtbot, reopen.ok_button)
    assert table.item(0, 2).text() == "Open"

    table.selectRow(1)
    assert view.current_obligation().id == second_id
    click(qtbot, view.waive_button)
    dialog = view.waive_dialog
    assert dialog is not None and dialog.isVisible()
    click(qtbot, dialog.ok_button)  # no reason: refused in the open dialog
    assert dialog.isVisible()
    assert dialog.problem.text() == "Say why the condition is waived."
    assert dialog.focusWidget() is dialog.reason
    qtbot.keyClicks(dialog.reason, "MOFCOM letter of 1 Dec lifts it")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        click(qtbot, dialog.ok_button)
    assert table.item(1, 2).text() == "Waived by alice"
    assert table.item(1, 2).toolTip().startswith("Waived by alice at ")
    assert table.item(1, 2).toolTip().endswith(" UTC: MOFCOM letter of 1 Dec lifts it")

    assert [(o.id, o.status) for o in obligations(db, track_id)][:2] == [
        (first_id, "open"), (second_id, "waived")]
    changes = events(db, "obligation.status")
    assert [(e.entity_id, json.loads(e.old_value), json.loads(e.new_value), e.reason,
             e.actor) for e in changes] == [
        (str(first_id), "open", "fulfilled", "", "alice"),
        (str(first_id), "fulfilled", "open", "fulfilled by mistake", "alice"),
        (str(second_id), "open", "waived", "MOFCOM letter of 1 Dec lifts it", "alice")]

    # The Timeline says which condition and what became of it.
    view.tabs.setCurrentWidget(view.timeline_page)
    timeline = view.timeline
    said = [timeline.item(r, 4).text() for r in range(timeline.rowCount())]
    assert said[:3] == ["condition 'Report to MOFCOM yearly' waived",
                        "condition 'Keep design data in China' re-opened",
                        "condition 'Keep design data in China' marked fulfilled"]
    assert timeline.item(0, 5).text() == "MOFCOM letter of 1 Dec lifts it"
    assert timeline.item(0, 4).toolTip() == said[0]
    assert timeline.item(0, 3).text() == ""  # the change says it; no bare "status"
    assert "condition 'No board seat for the investor', no due date" in said
    assert "condition 'Report to MOFCOM yearly', due 30 Jun 2027" in said


def test_without_case_edit_the_buttons_say_why_and_the_service_refuses(
        qtbot, runner: TaskRunner, data_dir: DataDir, db: Database,
        cleared: tuple[str, int]) -> None:
    reference, track_id = cleared
    view = open_view(qtbot, runner, RITA, data_dir, reference, track="CN-FISR")
    assert view.obligations_table.rowCount() == 3
    for button in (view.fulfil_button, view.waive_button, view.reopen_button):
        assert not button.isEnabled()
        assert "may not mark conditions fulfilled" in button.toolTip(), button.toolTip()
        assert button.accessibleDescription() == button.toolTip()
    assert view.ask_waive() is None
    first = obligations(db, track_id)[0]
    with pytest.raises(PermissionDenied), db.session() as session:
        set_obligation_status(session=session, obligation_id=first.id, status="fulfilled",
                              actor=RITA)
    assert obligations(db, track_id)[0].status == "open"
    assert events(db, "obligation.status") == []


def test_a_track_without_conditions_shows_no_conditions_table(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        under_review: tuple[str, int]) -> None:
    reference, _track_id = under_review
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    assert not view.obligations.isVisibleTo(view)
    assert view.current_obligation() is None


def test_from_the_keyboard_the_focus_goes_back_to_the_list(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        cleared: tuple[str, int]) -> None:
    reference, track_id = cleared
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    view.activateWindow()
    view.obligations_table.setFocus()
    qtbot.keyClick(view.obligations_table, Qt.Key.Key_Down)  # the second condition
    assert view.current_obligation().text == "Report to MOFCOM yearly"
    view.fulfil_button.setFocus()
    qtbot.keyClick(view.fulfil_button, Qt.Key.Key_Space)  # asks why (optional)
    dialog = view.condition_status_dialog
    assert dialog is not None and dialog.isVisible()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    view.activateWindow()  # the dialog closed: back to the window (a window manager's part)
    qtbot.waitUntil(view.isActiveWindow, timeout=2_000)
    assert [o.status for o in obligations(db, track_id)] == ["open", "fulfilled", "open"]
    # Greyed out now: the focus is on the list, with the condition just fulfilled.
    assert view.obligations_table.hasFocus()
    assert view.current_obligation().text == "Report to MOFCOM yearly"


def test_a_condition_counted_in_working_days_through_the_dialog(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        under_review: tuple[str, int]) -> None:
    """"20 working days after clearance": the dialog counts working days when asked (the
    preview is the service's own count) and the stored condition keeps how it was counted."""
    reference, track_id = under_review
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    dialog, editor = open_clear_dialog(qtbot, view)
    qtbot.keyClicks(dialog.on, DECIDED)
    row = editor.rows[0]
    qtbot.keyClicks(row.text, "Report the integration plan")
    qtbot.keyClicks(row.due_days, "20")
    calendar_days, _ = condition_due(editor.calendar, date(2026, 11, 20), 20)
    assert row.due.text().startswith(f"Due {calendar_days.day} ")  # calendar days at first
    row.due_unit.setCurrentIndex(row.due_unit.findData("working"))
    working, _ = condition_due(editor.calendar, date(2026, 11, 20), 20, "working")
    assert working > calendar_days
    assert row.due.text().startswith(f"Due {working.strftime('%-d %b %Y')}")
    assert "working day" in row.due.toolTip() and "next working day" not in row.due.toolTip()
    assert row.due_unit.accessibleName() == "Condition 1: days counted as"
    assert editor.conditions() == [{"text": "Report the integration plan", "due_days": 20,
                                    "due_unit": "working"}]
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    runner.wait_for_done()
    (stored,) = obligations(db, track_id)
    assert stored.due_date == working.isoformat()
    assert stored.due_unit == "working" and stored.due_days == 20


def test_a_recounted_due_date_reads_as_a_sentence_in_the_timeline(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        under_review: tuple[str, int]) -> None:
    """Entering the official schedule recounts a condition counted in days: the Timeline
    names the condition, how it was counted and that it is no longer estimated."""
    from approvals.services.workflow import add_calendar_year

    reference, track_id = under_review
    _step(db, track_id, "clear_with_conditions", admin, on=DECIDED, conditions=[
        {"text": "Localise the model weights", "due_days": 40, "due_unit": "working"}])
    with db.session() as session:
        add_calendar_year(session=session, actor=admin, calendar="CN", year=2027,
                          source="State Council notice", reason="notice published",
                          days=[{"day": "2027-01-01", "kind": "holiday", "name": "New Year"},
                                {"day": "2027-01-04", "kind": "holiday", "name": "Bridge"}])
    (recount,) = events(db, "obligation.due_recounted")
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    view.tabs.setCurrentWidget(view.timeline_page)
    changes = [view.timeline.item(r, 4).text() for r in range(view.timeline.rowCount())]
    said = next(c for c in changes if "recounted" in c)
    assert said.startswith("condition 'Localise the model weights' due date recounted on the "
                           "newly entered 2027 holiday schedule: ")
    assert (f"{day_text(json.loads(recount.old_value))} → "
            f"{day_text(json.loads(recount.new_value))}") in said
    assert said.endswith("(40 working days after 20 Nov 2026); no longer estimated")
