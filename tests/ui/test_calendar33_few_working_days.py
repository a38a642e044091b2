"""A year typed as twelve month-long "Closed" ranges was saved as 2027's schedule with no
working day at all: every deadline over it moved by months, without a word. Add published
year… says, beside Save, how few working days the days typed leave (said, not refused)."""

from __future__ import annotations

import calendar
from datetime import date

from approvals.store.db import Database
from approvals.ui.calendars import few_working_days_note
from approvals.ui.workers import TaskRunner
from tests.ui.test_calendar24_unlisted_statutory_ui import _add
from tests.ui.test_calendars_ui import NOTICE, type_lines

WEEKEND = frozenset({5, 6})


def test_a_usual_year_says_nothing() -> None:
    holidays = {date(2027, 1, 1), *(date(2027, 10, d) for d in range(1, 8))}
    assert few_working_days_note(2027, holidays, set(), WEEKEND) == ""


def test_a_year_of_holidays_says_how_few_days_it_leaves() -> None:
    every_day = {date(2027, m, d) for m in range(1, 13)
                 for d in range(1, calendar.monthrange(2027, m)[1] + 1)}
    assert few_working_days_note(2027, every_day, {date(2027, 2, 20)}, WEEKEND) == (
        " These days leave only 1 working day in 2027; a published schedule leaves about "
        "250: check the holiday ranges before saving.")


def test_the_dialog_says_it_beside_save(qtbot, runner: TaskRunner, db: Database) -> None:
    add = _add(qtbot, runner)
    type_lines(qtbot, add.holidays_edit, [
        f"2027-{m:02d}-01..2027-{m:02d}-{calendar.monthrange(2027, m)[1]} Closed"
        for m in range(1, 13)])
    qtbot.keyClicks(add.source_edit, NOTICE)
    assert add.save_button.isEnabled()  # said, not refused: the notice is the authority
    assert "These days leave only 0 working days in 2027" in add.summary.text()
