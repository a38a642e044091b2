"""A signing date copied from a deal tracker or a database export carries a time
("2026-06-30T00:00:00.000Z", "2026-06-30 00:00:00") and was "not a date". At midnight (how
such tools keep a date) it is read as the date and shown as such on leaving the field;
another time of day is refused with the date to write, never dropped unseen."""

from __future__ import annotations

import pytest

from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard import edit


def _date_field(wizard: IntakeWizard):
    return next(f for f in wizard.fields if f.path == ("deal", "signing_date"))


@pytest.mark.parametrize("typed", ["2026-06-30T00:00:00.000Z", "2026-06-30 00:00:00",
                                   "2026-06-30 00:00", "2026-06-30T00:00:00+08:00"])
def test_a_midnight_timestamp_is_read_as_its_date(qtbot, wizard: IntakeWizard,
                                                  typed: str) -> None:
    box = edit(wizard, "field_deal_signing_date")
    box.setText(typed)
    assert _date_field(wizard).parse() == "2026-06-30"
    box.editingFinished.emit()
    assert box.text() == "2026-06-30"


def test_another_time_of_day_is_asked_about(qtbot, wizard: IntakeWizard) -> None:
    edit(wizard, "field_deal_signing_date").setText("2026-06-30 14:30")
    assert _date_field(wizard).problem() == (
        "'2026-06-30 14:30' has a time of day: write the date alone, YYYY-MM-DD, "
        "e.g. 2026-06-30")


def test_a_timestamp_of_a_day_that_does_not_exist_is_refused(
        qtbot, wizard: IntakeWizard) -> None:
    edit(wizard, "field_deal_signing_date").setText("2026-02-30T00:00:00Z")
    assert _date_field(wizard).problem() is not None
