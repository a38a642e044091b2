"""The calendars window: an estimated year is marked grey and in italics, not amber (amber
elsewhere says due within 3 working days, or an expected completion passed), and the
legend says so; a make-up working day's Name says which day off it is worked for (it said
"Make-up working day" again, as Kind does), and the day off which day is worked instead."""

from __future__ import annotations

from PySide6.QtCore import QDate

from approvals.store.db import Database
from approvals.ui.calendars import HolidayCalendarsDialog
from approvals.ui.widgets import due_soon_colour
from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import OFFICER, open_dialog

OLD_AMBER = ("#fff1c2", "#6b5a1e")


def _days(dialog: HolidayCalendarsDialog) -> dict[str, tuple[str, str, str]]:
    """Each listed day: (Kind, Name, Name's tooltip)."""
    table = dialog.days_table
    return {table.item(r, 0).text(): (table.item(r, 2).text(), table.item(r, 3).text(),
                                       table.item(r, 3).toolTip())
            for r in range(table.rowCount())}


def test_an_estimated_year_is_grey_and_italic_not_amber(qtbot, runner: TaskRunner,
                                                        db: Database) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    legend = dialog.legend.text()
    assert "amber" not in legend and "italics" in legend
    assert not any(colour in legend for colour in OLD_AMBER)
    estimated = next(y for y in dialog.data.years if not y.official)
    official = next(y for y in dialog.data.years if y.official)
    table = dialog.years_table
    fonts = {table.item(r, 1).data(0x0100): table.item(r, 1) for r in range(table.rowCount())}
    assert fonts[estimated.year].font().italic() and not fonts[official.year].font().italic()
    background = fonts[estimated.year].background().color()
    assert background.name() not in OLD_AMBER and background != due_soon_colour()
    dialog.select_year(estimated.year)
    day = QDate(estimated.year, 3, 10)
    fmt = dialog.month_view.dateTextFormat(day)
    assert fmt.fontItalic() and fmt.background().color() == background
    dialog.select_year(official.year)
    assert not dialog.month_view.dateTextFormat(QDate(official.year, 3, 10)).fontItalic()


def test_a_make_up_day_names_the_day_off_it_is_worked_for(qtbot, runner: TaskRunner,
                                                         db: Database) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    dialog.select_year(2016)
    days = _days(dialog)
    assert days["2016-10-08"][:2] == ("Make-up working day",
                                      "For the National Day day off on 2016-10-06")
    assert days["2016-06-12"][1] == "For the Dragon Boat Festival day off on 2016-06-10"
    # The day off says the day worked instead ("Day off (substituted from 2016-10-08)").
    assert days["2016-10-06"][:2] == ("Holiday",
                                      "National Day day off (2016-10-08 worked instead)")
    assert "substituted from 2016-10-08" in days["2016-10-06"][2]
    for year in (y for y in dialog.data.years if y.status == "shipped"):  # every one paired
        dialog.select_year(year.year)
        made_up = [v for v in _days(dialog).values() if v[0] == "Make-up working day"]
        assert made_up and all(name.startswith("For the ") for _k, name, _t in made_up)
