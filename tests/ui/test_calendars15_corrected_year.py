"""A year with a day an officer corrected says so in the years list and its title: a
shipped year with a typhoon closure entered read "Official — shipped with the app", as if
untouched, until its days were read one by one."""

from __future__ import annotations

from datetime import date

from approvals.services.workflow import correct_calendar_day
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import OFFICER, open_dialog


def _row_of(dialog, year: int) -> int:
    return next(r for r in range(dialog.years_table.rowCount())
                if dialog.years_table.item(r, 0).text() == str(year))


def test_a_corrected_shipped_year_says_which_days(qtbot, runner: TaskRunner,
                                                  db: Database) -> None:
    with db.session() as s:
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2026, 12, 21),
                             kind="holiday", name="Typhoon closure", source="city notice",
                             reason="offices closed")
    dialog = open_dialog(qtbot, runner, OFFICER)
    dialog.select_year(2026)
    said = ("Official — shipped with the app; 1 day corrected by an officer (2026-12-21)")
    assert said in dialog.year_title.text()
    row = _row_of(dialog, 2026)
    status, year = dialog.years_table.item(row, 1), dialog.years_table.item(row, 0)
    assert status.text() == "Official — shipped with the app"  # the column keeps its width
    assert status.toolTip() == said and year.toolTip() == said
    assert year.font().underline() and year.font().bold()  # as the legend's corrected day
    untouched = dialog.years_table.item(_row_of(dialog, 2025), 0)
    assert not untouched.font().underline() and untouched.toolTip() == ""
    dialog.select_year(2025)
    assert "corrected" not in dialog.year_title.text()
