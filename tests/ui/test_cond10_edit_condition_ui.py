"""Edit condition… on the Tracks tab: a condition mistyped when the decision was recorded
is corrected in a dialog prefilled with it; bad input is said at its field and a refusal
keeps everything typed."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton
from sqlmodel import col, select

from approvals.paths import DataDir
from approvals.services.workflow import edit_condition, set_obligation_status
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui.case_dialogs import EditConditionDialog
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_conditions_ui import (  # noqa: F401  (fixtures)
    RITA,
    cleared,
    click,
    obligations,
    under_review,
)


def _edits(db: Database) -> list[tuple[str | None, str | None, str | None, str]]:
    with db.read_session() as s:
        return [(e.field, e.old_value, e.new_value, e.reason) for e in s.exec(
            select(Event).where(Event.action == "obligation.edited").order_by(col(Event.id)))]


def _open_dialog(qtbot, view) -> EditConditionDialog:
    click(qtbot, view.edit_condition_button)
    dialog = view.edit_condition_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.editor.calendar is not None, timeout=10_000)
    return dialog


def test_the_button_opens_the_condition_prefilled_and_saves_the_correction(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        cleared: tuple[str, int]) -> None:  # noqa: F811
    reference, track_id = cleared
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    assert view.edit_condition_button.text() == "Ed&it condition…"  # Alt+I
    assert "Keep design data in China" in view.edit_condition_button.toolTip()
    # On a line of their own under the status buttons: five in a row were wider than
    # the details pane at 200 %.
    assert view.edit_condition_button.y() > view.fulfil_button.y() + view.fulfil_button.height() / 2
    assert view.add_condition_button.y() == view.edit_condition_button.y()
    # Alt+I is no other control's of the window (a shared key only moves the focus).
    keys = [w.text().lower().split("&")[1][:1] for w in view.findChildren(QAbstractButton)
            if "&" in w.text() and w.isVisible()]
    keys += [t.lower().split("&")[1][:1] for t in
             (view.tabs.tabText(i) for i in range(view.tabs.count())) if "&" in t]
    assert keys.count("i") == 1
    dialog = _open_dialog(qtbot, view)
    row = dialog.editor.rows[0]
    assert (row.text.text(), row.due_date.text(), row.due_days.text()) == (
        "Keep design data in China", "2026-11-25", "")
    assert not row.remove.isVisible() and not dialog.editor.add_button.isVisible()
    row.text.setText("Keep chip design data in China")
    row.due_date.clear()
    qtbot.keyClicks(row.due_days, "36")
    assert row.due.text().startswith("Due 28 Dec 2026")  # counted as the service will
    qtbot.keyClicks(dialog.reason, "mistyped; see the decision letter")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    first = obligations(db, track_id)[0]
    assert (first.text, first.due_date, first.due_days) == (
        "Keep chip design data in China", "2026-12-28", 36)
    assert _edits(db) == [
        ("text", '"Keep design data in China"', '"Keep chip design data in China"',
         "mistyped; see the decision letter"),
        ("due_date", '"2026-11-25"', '"2026-12-28"', "mistyped; see the decision letter")]
    assert view.obligations_table.item(0, 0).text() == "Keep chip design data in China"
    assert view.current_obligation().id == first.id  # still the one selected
    view.tabs.setCurrentWidget(view.timeline_page)
    timeline = view.timeline  # in words, as the status report says them
    rows = [tuple(timeline.item(r, c).text() for c in (2, 3, 4))
            for r in range(timeline.rowCount())]
    assert ("CN-FISR: condition corrected", "condition",
            "condition corrected: 'Keep design data in China' → "
            "'Keep chip design data in China'") in rows
    assert ("CN-FISR: condition corrected", "due date",
            "condition 'Keep chip design data in China' due date corrected: 25 Nov 2026 → "
            "28 Dec 2026 (36 calendar days after 20 Nov 2026)") in rows
    runner.wait_for_done()


def test_bad_input_is_said_at_its_field_and_nothing_is_saved(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        cleared: tuple[str, int]) -> None:  # noqa: F811
    reference, _track_id = cleared
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    dialog = _open_dialog(qtbot, view)
    row = dialog.editor.rows[0]
    row.due_date.setText("2026-11-01")  # before the decision of 20 Nov 2026
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    # At the row, under its fields (said once: not again under the reason).
    assert row.due.text() == "Due date: 1 Nov 2026 is before the decision date, 20 Nov 2026"
    assert dialog.problem.text() == "Reason: say why the condition is corrected"
    assert row.due_date.hasFocus()
    row.due_date.setText("2027-01-15")
    qtbot.keyClicks(dialog.reason, "typo")
    row.text.setText("Keep design data in China")  # as it was
    row.due_date.setText("2026-11-25")
    click(qtbot, dialog.ok_button)  # nothing changed: refused by the service, in the dialog
    qtbot.waitUntil(lambda: "nothing to correct" in dialog.problem.text(), timeout=10_000)
    assert dialog.ok_button.isEnabled()
    assert dialog.reason.text() == "typo" and dialog.isVisible()
    assert _edits(db) == []
    dialog.reject()
    runner.wait_for_done()


def test_a_condition_changed_meanwhile_is_refused_in_the_dialog_keeping_what_was_typed(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        cleared: tuple[str, int]) -> None:  # noqa: F811
    reference, track_id = cleared
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    dialog = _open_dialog(qtbot, view)
    first = obligations(db, track_id)[0]
    with db.session() as s:  # a colleague corrected it while the dialog was open
        edit_condition(session=s, obligation_id=first.id, actor=admin, reason="letter",
                       text="Keep all design data in China", due_date="2026-11-25")
    dialog.editor.rows[0].text.setText("Keep design data in the PRC")
    qtbot.keyClicks(dialog.reason, "typo")
    with qtbot.waitSignal(view.loaded, timeout=10_000):  # shown again as it is now
        click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and "changed since you saw it" in dialog.problem.text()
    assert dialog.editor.rows[0].text.text() == "Keep design data in the PRC"
    assert obligations(db, track_id)[0].text == "Keep all design data in China"
    assert view.obligations_table.item(0, 0).text() == "Keep all design data in China"
    # Told, Save again corrects the condition as it is now (it was refused each time
    # until the dialog was closed and opened again).
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    assert obligations(db, track_id)[0].text == "Keep design data in the PRC"
    assert _edits(db)[-1][2:] == ('"Keep design data in the PRC"', "typo")
    runner.wait_for_done()


def test_greyed_out_saying_why_for_a_waived_condition_and_a_reviewer(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        cleared: tuple[str, int]) -> None:  # noqa: F811
    reference, track_id = cleared
    with db.session() as s:
        set_obligation_status(session=s, obligation_id=obligations(db, track_id)[0].id,
                              status="waived", actor=admin, reason="lifted")
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    view.obligations_table.selectRow(0)
    button = view.edit_condition_button
    assert not button.isEnabled() and "Re-open it first" in button.toolTip()
    assert view.ask_edit_condition() is None
    reader = open_view(qtbot, runner, RITA, data_dir, reference, track="CN-FISR")
    assert not reader.edit_condition_button.isEnabled()
    assert reader.edit_condition_button.toolTip().startswith(
        "rita may not correct conditions: that needs the")
    runner.wait_for_done()


def test_a_condition_the_authority_set_later_is_added_through_its_button(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        cleared: tuple[str, int]) -> None:  # noqa: F811
    reference, track_id = cleared
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    assert view.add_condition_button.text() == "Add anot&her condition…"  # Alt+H
    click(qtbot, view.add_condition_button)
    dialog = view.edit_condition_dialog
    assert dialog is not None and dialog.isVisible() and dialog.obligation is None
    assert dialog.editor.rows[0].text.text() == "" and dialog.ok_button.text().replace("&", "") == "Add"
    qtbot.waitUntil(lambda: dialog.editor.calendar is not None, timeout=10_000)
    row = dialog.editor.rows[0]
    qtbot.keyClicks(row.text, "Notify MOFCOM of any new shareholder")
    qtbot.keyClicks(row.due_date, "2027-02-01")
    click(qtbot, dialog.ok_button)  # no reason: said at the field, nothing stored
    assert dialog.isVisible() and dialog.reason.hasFocus()
    assert dialog.problem.text() == "Reason: say why the condition is added"
    qtbot.keyClicks(dialog.reason, "MOFCOM letter of 9 Dec")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    assert [o.text for o in obligations(db, track_id)][-1] == "Notify MOFCOM of any new shareholder"
    assert view.obligations_table.rowCount() == 4
    runner.wait_for_done()
