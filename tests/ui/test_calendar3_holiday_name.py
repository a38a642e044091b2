"""Add published year…: a holiday typed without its name is said at its line, as the notice
names every holiday; it was saved as "Public holiday", hiding which holiday the day was. A
make-up working day needs none (the notice names none)."""

from __future__ import annotations

from approvals.ui.calendars import parse_day_lines
from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import NOTICE, OFFICER, open_dialog, type_lines


def test_a_holiday_without_its_name_is_said_at_its_line(qtbot, runner: TaskRunner) -> None:
    add = open_dialog(qtbot, runner, OFFICER).open_add_year()
    type_lines(qtbot, add.holidays_edit, ["2027-01-01 New Year's Day", "2027-05-01 ",
                                          "2027-10-01..2027-10-07"])
    type_lines(qtbot, add.workdays_edit, ["2027-01-31"])  # a make-up day: no name needed
    qtbot.keyClicks(add.source_edit, NOTICE)
    assert add.holidays_error.text().splitlines() == [
        "line 2: 2027-05-01 has no name: type the holiday's name after the date, as the "
        "notice gives it",
        "line 3: 2027-10-01..2027-10-07 has no name: type the holiday's name after the "
        "date, as the notice gives it",
    ]
    assert not add.workdays_error.isVisibleTo(add)
    assert not add.save_button.isEnabled()
    add.holidays_edit.setPlainText("2027-01-01 New Year's Day\n2027-05-01 Labour Day")
    assert add.save_button.isEnabled()
    add.done(0)


def test_a_default_name_still_names_a_bare_date() -> None:
    days, problems = parse_day_lines("2027-01-31", 2027, "Make-up working day")
    assert problems == [] and days[0].name == "Make-up working day"
    _days, problems = parse_day_lines("2027-01-31", 2027, None)
    assert problems == ["line 1: 2027-01-31 has no name: type the holiday's name after the "
                        "date, as the notice gives it"]
