"""A holiday's name and a correction's source with a control character ("New\\x0bYear"
showed as "New⎕Year") or a paste of a page were saved into the official schedule; a week
typed twice gave seven messages. Each is said once, at its line or field, and Save waits."""

from __future__ import annotations

from datetime import date

from approvals.store.db import Database
from approvals.ui.calendars import parse_day_lines
from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import OFFICER, open_correct, open_dialog


def test_a_name_with_a_control_character_and_a_week_typed_twice_are_said_once() -> None:
    _days, problems = parse_day_lines(
        "2027-10-01..2027-10-07 National Day\n2027-10-01..2027-10-07 National Day\n"
        "2027-05-01 Labour\x07Day", 2027, None)
    assert problems == [
        "line 2: 2027-10-01..2027-10-07 are already on line 1",
        "line 3: the name contains a control character (U+0007) at character 7, which "
        "cannot be printed; type the text again rather than paste it"]


def test_correct_a_day_refuses_such_a_name_and_source_at_their_fields(
        qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    correct = open_correct(qtbot, dialog, date(2026, 10, 1))
    correct.kind_combo.setCurrentIndex(correct.kind_combo.findData("holiday"))
    correct.name_edit.setText("National\x07Day")
    correct.source_edit.setText("notice " + "x" * 1000)
    correct.reason_edit.setText("the notice was reissued")
    correct.validate()
    assert "U+0007" in correct.name_error.text()
    assert correct.source_error.text() == ("is 1,007 characters long; a source takes at most "
                                           "1,000: shorten it")
    assert not correct.save_button.isEnabled()
    assert correct.save_button.toolTip() == "To save: correct the name."


def test_a_changed_deadline_cut_short_keeps_its_new_date_in_view(
        qtbot, runner: TaskRunner, db: Database) -> None:
    """"… corrected for 14 Apr 2027: 2027-04-14 → 2027-0…": the new date was the part cut."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    from approvals.services.calendar_effects import DeadlineChange

    dialog = open_dialog(qtbot, runner, OFFICER)
    line = ("condition of the CN-FISR clearance (Keep the design data of the target's IP "
            "blocks onshore) corrected for 14 Apr 2027: 2027-04-14 → 2027-04-15")
    dialog.show_deadline_changes([DeadlineChange("AP-2026-0004", line)])
    option = QStyleOptionViewItem()
    dialog.deadline_changes.initViewItemOption(option)
    listed = dialog.deadline_changes.fontMetrics().elidedText(
        dialog.deadline_changes.item(0).text(), option.textElideMode, 300)
    assert listed.startswith("AP-2026-0004: ") and listed.endswith("→ 2027-04-15"), listed
    assert "…" in listed
