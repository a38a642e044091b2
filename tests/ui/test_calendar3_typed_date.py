"""Correct a day…: a date typed as the notice and the app write it (2027-10-08) is the date
corrected. Qt moved on to the next part of the date after a full year and then again at
the "-" typed after it, so 2027-10-08 typed over today became 2027-11-10 — silently."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDateTimeEdit

from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import OFFICER, open_dialog


@pytest.mark.parametrize(("typed", "expected"), [
    ("2027-10-08", date(2027, 10, 8)),
    ("2027-1-8", date(2027, 1, 8)),
    ("2027-10-8", date(2027, 10, 8)),
    ("2027/10/08", date(2027, 10, 8)),
    ("20271008", date(2027, 10, 8)),
])
def test_a_typed_iso_date_is_the_date_corrected(qtbot, runner: TaskRunner, typed: str,
                                                expected: date) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    dialog.select_year(2026)
    correct = dialog.open_correct_day()
    correct.date_edit.setDate(date(2026, 11, 30))
    correct.date_edit.setFocus()
    correct.date_edit.setSelectedSection(QDateTimeEdit.Section.YearSection)
    qtbot.keyClicks(correct.date_edit, typed)
    assert correct.day() == expected
    correct.reject()
