"""The source an officer gives when correcting one day (Correct a day…, Source) is shown
where the day is: in the Days table (hover over the day's cells) and in Correct a day…
opened on it. It was stored and written into the audit trail's details, but the window
showed only the year's source, so an officer looking at a typhoon closure could not see
which notice declared it."""

from __future__ import annotations

from datetime import date

from approvals.services.workflow import correct_calendar_day
from approvals.store.db import Database
from approvals.ui.calendars import HolidayCalendarsDialog
from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import OFFICER, open_correct, open_dialog

CLOSURE = date(2026, 12, 21)  # a working Monday of the shipped 2026 schedule
CLOSURE_NOTICE = "Shenzhen municipal typhoon notice No. 12 (sz.gov.cn)"


def _close_for_the_typhoon(db: Database) -> None:
    with db.session() as s:
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=CLOSURE,
                             kind="holiday", name="Typhoon closure", source=CLOSURE_NOTICE,
                             reason="typhoon")


def _row_tips(dialog: HolidayCalendarsDialog, day: date) -> list[str]:
    table = dialog.days_table
    for row in range(table.rowCount()):
        item = table.item(row, 0)
        if item is not None and item.text() == day.isoformat():
            return [table.item(row, c).toolTip() for c in range(table.columnCount())]
    raise AssertionError(f"{day} is not listed")


def test_a_corrected_days_source_is_in_the_days_table(qtbot, runner: TaskRunner,
                                                     db: Database) -> None:
    _close_for_the_typhoon(db)
    dialog = open_dialog(qtbot, runner, OFFICER)
    dialog.select_year(CLOSURE.year)
    for tip in _row_tips(dialog, CLOSURE):
        assert tip.endswith(f"\nCorrected by an officer; source: {CLOSURE_NOTICE}")
    # A day of the shipped schedule is not said to be corrected.
    assert not any("corrected" in tip for tip in _row_tips(dialog, date(2026, 10, 1)))


def test_correct_a_day_says_the_corrections_source(qtbot, runner: TaskRunner,
                                                   db: Database) -> None:
    _close_for_the_typhoon(db)
    dialog = open_dialog(qtbot, runner, OFFICER)
    correct = open_correct(qtbot, dialog, CLOSURE)
    assert correct.current.text() == (
        f"Now a holiday (Typhoon closure), corrected by an officer; source: {CLOSURE_NOTICE}.")


def test_an_ordinary_working_day_kept_working_is_nothing_to_correct(
        qtbot, runner: TaskRunner, db: Database) -> None:
    """A weekday listed nowhere, "corrected" to a working day with a source typed: Save was
    offered, and the day would have been counted as corrected though nothing changed."""
    dialog = open_dialog(qtbot, runner, OFFICER)
    correct = open_correct(qtbot, dialog, date(2026, 12, 24))  # a Thursday, worked
    correct.kind_combo.setCurrentIndex(correct.kind_combo.findData("workday"))
    qtbot.keyClicks(correct.source_edit, "State Council notice")
    qtbot.keyClicks(correct.reason_edit, "check")
    assert not correct.save_button.isEnabled()
    assert "nothing to correct" in correct.kind_error.text()
