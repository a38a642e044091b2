"""A year an officer entered says who entered it and when, in the years list and above
the months: an auditor reads it without searching the audit trail."""

from __future__ import annotations

from datetime import date

from approvals.domain.clocks import fmt_date
from approvals.services.workflow import add_calendar_year
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import NOTICE, OFFICER, open_dialog


def _row_of(dialog, year: int) -> int:
    table = dialog.years_table
    return next(r for r in range(table.rowCount()) if table.item(r, 0).text() == str(year))


def test_an_entered_year_names_who_entered_it_and_when(qtbot, runner: TaskRunner,
                                                       db: Database) -> None:
    with db.session() as s:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027, source=NOTICE,
                          days=[{"day": "2027-01-01", "kind": "holiday", "name": "New Year"}])
    dialog = open_dialog(qtbot, runner, OFFICER)
    entered = f"Official — entered by olga on {fmt_date(date.today())}"
    row = _row_of(dialog, 2027)
    assert dialog.years_table.item(row, 1).text() == entered
    dialog.years_table.selectRow(row)
    assert entered in dialog.year_title.text()
    # A shipped year names no one.
    shipped = _row_of(dialog, 2026)
    assert dialog.years_table.item(shipped, 1).text() == "Official — shipped with the app"


def test_an_entered_year_leaves_the_source_column_its_room(qtbot, runner: TaskRunner,
                                                           db: Database) -> None:
    # The Status column grew to "Official — entered by … on …" and cut Source to "ourc".
    with db.session() as s:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027, source=NOTICE,
                          days=[{"day": "2027-01-01", "kind": "holiday", "name": "New Year"}])
    dialog = open_dialog(qtbot, runner, OFFICER)
    header = dialog.years_table.horizontalHeader()
    metrics = dialog.years_table.fontMetrics()
    row = _row_of(dialog, 2027)
    status = dialog.years_table.item(row, 1)
    assert header.sectionSize(1) < metrics.horizontalAdvance(status.text())
    assert status.text() in status.toolTip()  # whole on hover
    assert header.sectionSize(2) >= metrics.horizontalAdvance("Source")
