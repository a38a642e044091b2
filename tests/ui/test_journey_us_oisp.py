"""Defects found walking the app as a US fund's compliance officer with an outbound
(US-OISP) notification: 150 % scale, dark palette, completion date → due date → PDF."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QFormLayout, QLabel, QTableWidget

from approvals.domain.clocks import fmt_date
from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.cases import create_case
from approvals.store.audit import Actor
from approvals.ui.case_view import CaseView
from approvals.ui.filing_preview import FilingDialog
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view, select_track
from tests.ui.test_case_view import click_action
from tests.ui.test_journeys import demo_facts
from tests.ui.test_step_dialog_fields import said_at


def _column(table: QTableWidget, col: int) -> list[str]:
    return [table.item(r, col).text() for r in range(table.rowCount())]


def _us_case(qtbot, db, runner: TaskRunner, admin: Actor, data_dir: DataDir) -> CaseView:
    """A notifiable US-OISP deal (DEMO-06), open on its US-OISP track."""
    facts = demo_facts("DEMO-06")
    facts["deal"]["commercial_rationale"] = "Minority stake in a security-analytics developer"
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(facts),
                                actor=admin).reference
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.tabs.setCurrentWidget(view.tracks_page)
    select_track(view, "US-OISP")
    return view


def test_the_timeline_says_which_completion_date_was_recorded(
        qtbot, db, runner: TaskRunner, admin: Actor, data_dir: DataDir) -> None:
    # Recording the completion date (the step that starts the 30-day notification clock)
    # showed in the Timeline as "Draft → Draft": neither the step nor the date.
    view = _us_case(qtbot, db, runner, admin, data_dir)
    button = view.track_buttons["record_completion"]
    assert button.isEnabled(), button.toolTip()
    view.track_buttons["record_completion"].click()
    view.action_dialog.inputs["completion_date"].setText("2026-11-20")
    view.action_dialog.reason.setText("closing memo signed")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.action_dialog.ok_button.click()
    view.tabs.setCurrentWidget(view.timeline_page)
    what, change = _column(view.timeline, 2), _column(view.timeline, 4)
    row = what.index("US-OISP: track step")
    assert "Draft → Draft" not in change
    assert change[row] == "completion date 2026-11-20 recorded (stays Draft)"
    # A step that moves the track still reads as before.
    view.tabs.setCurrentWidget(view.tracks_page)
    click_action(qtbot, view, "submit_for_review", "ready")
    view.tabs.setCurrentWidget(view.timeline_page)  # filled from the reading when shown
    change = _column(view.timeline, 4)
    assert change[0] == "Draft → Internal review"


def test_the_timeline_shows_the_comment_not_changed_body(
        qtbot, db, runner: TaskRunner, admin: Actor, data_dir: DataDir) -> None:
    view = _us_case(qtbot, db, runner, admin, data_dir)
    view.tabs.setCurrentWidget(view.comments_page)
    view.comment_edit.setPlainText("Notification due 30 days\nafter closing (850.402).")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.add_comment_button.click()
    view.tabs.setCurrentWidget(view.timeline_page)
    what, change = _column(view.timeline, 2), _column(view.timeline, 4)
    row = what.index("Comment added")
    assert change[row] == "Notification due 30 days after closing (850.402)."


def test_the_overview_writes_training_compute_as_the_screening_reasons_do(
        qtbot, db, runner: TaskRunner, admin: Actor, data_dir: DataDir) -> None:
    # The Overview said "6e23" beside reasons reading "largest training run 6 × 10²³
    # operations": two spellings of the figure that decides whether the deal is notifiable.
    view = _us_case(qtbot, db, runner, admin, data_dir)
    overview = view.overview.toPlainText()
    view.tabs.setCurrentWidget(view.screening_page)
    reasons = view.findChild(QLabel, "determination_US-OISP").text()
    assert "largest training run 6 × 10²³ operations" in reasons
    assert "6 × 10²³" in overview
    assert "6e23" not in overview


def test_an_empty_completion_date_is_asked_for_in_the_open_dialog(
        qtbot, db, runner: TaskRunner, admin: Actor, data_dir: DataDir) -> None:
    # OK with the completion date left empty closed the dialog, then a message said
    # "… refused: give the completion date (completion_date missing)": the reason typed
    # was lost and the officer had to start the step again.
    view = _us_case(qtbot, db, runner, admin, data_dir)
    view.track_buttons["record_completion"].click()
    dialog = view.action_dialog
    assert dialog is not None
    dialog.reason.setText("closing memo signed")
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert said_at(dialog, "completion_date") == "Give the completion date."
    date_field = dialog.inputs["completion_date"]
    # The form marks it as required, as it marks a required reason; the optional
    # knowledge date is not.
    form = dialog.layout()
    assert isinstance(form, QFormLayout)
    label = form.labelForField(date_field)
    assert isinstance(label, QLabel) and label.text().endswith(" *")
    knowledge = form.labelForField(dialog.inputs["knowledge_date"])
    assert isinstance(knowledge, QLabel) and not knowledge.text().endswith("*")
    completed = date.today() - timedelta(days=3)
    date_field.setText(completed.isoformat())
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        dialog.ok_button.click()
    # 30 calendar days after completion (31 CFR 850.401).
    assert f"due {fmt_date(completed + timedelta(days=30))}" in view.track_clock.text()


def test_generate_filing_from_the_us_track_offers_the_us_notification(
        qtbot, db, runner: TaskRunner, admin: Actor, data_dir: DataDir) -> None:
    # On the US-OISP track, Generate filing… had the Chinese application chosen (the first
    # kind this case calls for): Generate rendered a 7-page Chinese form.
    view = _us_case(qtbot, db, runner, admin, data_dir)
    view.generate_filing()
    dialog = view.preview
    assert isinstance(dialog, FilingDialog)
    qtbot.waitUntil(lambda: bool(dialog.applicable), timeout=10_000)
    assert dialog.kind.currentData() == "us-notification"
    dialog.close()
    select_track(view, "CN-DATA-EXPORT")
    view.generate_filing()
    other = view.preview
    assert isinstance(other, FilingDialog) and other is not dialog
    qtbot.waitUntil(lambda: bool(other.applicable), timeout=10_000)
    assert other.kind.currentData() == "cn-application"
    other.close()


def test_a_final_stored_from_generate_filing_shows_in_documents_at_once(
        qtbot, db, runner: TaskRunner, admin: Actor, data_dir: DataDir) -> None:
    """The final was stored (the dialog said so) but the case window's Documents tab and
    its checklist went on without it until Refresh: an officer concluded it was not."""
    view = _us_case(qtbot, db, runner, admin, data_dir)
    view.tabs.setCurrentWidget(view.documents_page)
    before = view.documents.rowCount()
    view.generate_filing()
    dialog = view.preview
    assert isinstance(dialog, FilingDialog)
    qtbot.waitUntil(lambda: bool(dialog.applicable), timeout=10_000)
    dialog.kind.setCurrentIndex(dialog.kind.findData("status-report"))
    qtbot.waitUntil(lambda: dialog.final.isEnabled(), timeout=10_000)
    dialog.final.setChecked(True)
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        dialog.generate_button.click()
    names = [view.documents.item(r, 0).text() for r in range(view.documents.rowCount())]
    assert view.documents.rowCount() == before + 1, names
    assert any("status-report" in name for name in names), names
    dialog.close()
