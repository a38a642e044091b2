"""Correct a day… offers Remove correction on a corrected day: the day goes back to its
year's schedule, and the calendars window says so and which deadlines moved."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from approvals.services.workflow import calendar_for, correct_calendar_day
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import OFFICER, open_correct, open_dialog


def test_remove_a_correction_through_the_dialog(qtbot, runner: TaskRunner, db: Database) -> None:
    with db.session() as s:
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2026, 10, 22),
                             kind="holiday", name="Typhoon closure", source="test notice",
                             reason="typhoon")
    dialog = open_dialog(qtbot, runner, OFFICER)

    plain = open_correct(qtbot, dialog, date(2026, 10, 23))  # not corrected: no button
    assert plain.remove_button.isHidden()
    plain.reject()

    correct = open_correct(qtbot, dialog, date(2026, 10, 22))
    assert not correct.remove_button.isHidden()
    assert "corrected by an officer" in correct.current.text()
    assert not correct.remove_button.isEnabled()  # the reason first, said on the button
    assert "say why" in correct.remove_button.toolTip()
    qtbot.keyClicks(correct.reason_edit, "the closure was called off")
    assert correct.remove_button.isEnabled()
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.mouseClick(correct.remove_button, Qt.MouseButton.LeftButton)

    assert dialog.message.text() == ("CN 2026-10-22: correction removed; a working day as "
                                     "the schedule has it. No deadline changed.")
    row = dialog.year_row(2026)
    assert row is not None and date(2026, 10, 22) not in {d.day for d in row.days}
    with db.read_session() as s:
        assert calendar_for(s, "CN").override(date(2026, 10, 22)) is None


def test_a_weekday_corrected_to_working_is_no_make_up_day(qtbot, runner: TaskRunner,
                                                          db: Database) -> None:
    """National Day corrected to a working day: a Thursday worked, not a "Make-up working
    day" (those are the weekend days the notice says are worked)."""
    with db.session() as s:
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2026, 10, 1),
                             kind="workday", source="test notice", reason="office open")
    dialog = open_dialog(qtbot, runner, OFFICER)
    dialog.select_year(2026)
    kinds = {dialog.days_table.item(r, 0).text(): dialog.days_table.item(r, 2).text()
             for r in range(dialog.days_table.rowCount())}
    assert kinds["2026-10-01"] == "Working day (corrected)"
    assert kinds["2026-10-10"] == "Make-up working day"  # a Saturday worked


def test_a_correction_citing_the_shipped_notice_is_still_a_correction(
        qtbot, runner: TaskRunner, db: Database) -> None:
    """Citing the shipped year's own notice as the source, the correction was taken for a
    day of the schedule: not marked corrected, and no Remove correction offered."""
    with db.read_session() as s:
        notice = calendar_for(s, "CN").schedule(2026).source
    with db.session() as s:
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2026, 10, 22),
                             kind="holiday", source=notice, reason="as the notice says")
    dialog = open_dialog(qtbot, runner, OFFICER)
    row = dialog.year_row(2026)
    assert row is not None
    assert [d.corrected for d in row.days if d.day == date(2026, 10, 22)] == [True]
    correct = open_correct(qtbot, dialog, date(2026, 10, 22))
    assert not correct.remove_button.isHidden()


def test_the_deadlines_removing_a_correction_moves_are_shown_first(
        qtbot, runner: TaskRunner, db: Database) -> None:
    """Remove correction was the one calendar change with no preview, and the line beside
    Save pointed to recording a second correction instead."""
    with db.session() as s:
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2026, 10, 22),
                             kind="holiday", name="Typhoon closure", source="test notice",
                             reason="typhoon")
    dialog = open_dialog(qtbot, runner, OFFICER)
    correct = open_correct(qtbot, dialog, date(2026, 10, 22))
    assert not correct.preview_button.isEnabled()  # the reason first
    assert "Remove correction (Alt+R)" in correct.message.text()
    qtbot.keyClicks(correct.reason_edit, "the closure was called off")
    assert correct.preview_button.isEnabled() and correct.remove_button.isEnabled()
    assert not correct.save_button.isEnabled()  # nothing new to save: the same holiday
    correct.preview_deadlines()
    qtbot.waitUntil(lambda: "changes" in correct.preview.text(), timeout=10_000)
    assert correct.preview.text().startswith("Removing the correction changes ")
    with db.read_session() as s:  # nothing saved by the preview
        assert calendar_for(s, "CN").override(date(2026, 10, 22)) is not None
    # A source typed: a new correction is being entered, and the preview is of that.
    qtbot.keyClicks(correct.source_edit, "municipal notice No. 13")
    assert correct.preview_subject() == "Saving this"
    correct.reject()
    runner.wait_for_done()
