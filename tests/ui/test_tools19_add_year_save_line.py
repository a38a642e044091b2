"""Add published year…: while Save year is greyed out, the line beside it says why even when
every field's own message says it. The line went empty once the mistakes were shown at
their fields, and at 200 % on a laptop screen those fields are scrolled out of sight: a
greyed-out Save year with nothing beside it."""

from __future__ import annotations

from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import NOTICE, OFFICER, open_dialog, type_lines


def test_a_mistake_said_at_its_field_is_named_beside_save(qtbot, runner: TaskRunner) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    add = dialog.open_add_year()
    type_lines(qtbot, add.holidays_edit, ["2027-01-01 New Year's Day",
                                          "2027-02-30 Spring Festival"])
    add.source_edit.setFocus()
    qtbot.keyClicks(add.source_edit, NOTICE)
    assert add.holidays_error.isVisibleTo(add)
    assert "February 2027 has no day 30" in add.holidays_error.text()
    assert not add.save_button.isEnabled()
    assert add.summary.text() == "To save: correct Holidays (said in red under it)."
    add.source_edit.clear()  # a second field said at its place: both named
    assert add.summary.text() == ("To save: correct Holidays and Source (said in red under "
                                  "each).")
    add.source_edit.setText(NOTICE)
    add.holidays_edit.setPlainText("2027-01-01 New Year's Day\n"
                                   "2027-02-06..2027-02-13 Spring Festival")
    assert add.save_button.isEnabled()
    # A schedule typed in part: the days the law fixes that it lacks are said after it
    # (test_calendar24_unlisted_statutory_ui).
    assert add.summary.text().startswith("9 holidays and 0 make-up working days in 2027.")
    add.reject()
