"""A day corrected in an officer-entered year, citing the same notice as the year's
schedule, is a correction: listed as corrected, and Remove correction takes it back. It
was taken for a day of the entered schedule (its source the year's), so it showed as
uncorrected and Remove correction refused it ("part of the schedule entered for 2027")."""

from __future__ import annotations

from datetime import date

import pytest

from approvals.domain.errors import InputError
from approvals.services.calendar_effects import remove_calendar_correction
from approvals.services.workflow import add_calendar_year, calendar_for, correct_calendar_day
from approvals.store.db import Database
from approvals.ui.calendars import load_calendar
from tests.ui.test_calendars_ui import NOTICE, OFFICER

SCHEDULE = [{"day": "2027-01-01", "kind": "holiday", "name": "New Year's Day"},
            {"day": "2027-01-31", "kind": "workday", "name": "Make-up working day"}]


def _corrected(db: Database) -> set[date]:
    with db.read_session() as s:
        row = load_calendar(s, "CN").year(2027)
    assert row is not None
    return {d.day for d in row.days if d.corrected}


def test_a_correction_citing_the_years_notice_is_a_correction(db: Database) -> None:
    with db.session() as s:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027, source=NOTICE,
                          days=SCHEDULE)
    assert _corrected(db) == set()  # the schedule's own days are not corrections
    with db.session() as s:
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2027, 10, 8),
                             kind="holiday", name="National Day (extra day off)",
                             source=NOTICE, reason="in the notice")
        # An entered day corrected, citing the notice too: a correction as well.
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2027, 1, 31),
                             kind="holiday", name="Make-up day called off", source=NOTICE,
                             reason="called off")
    assert _corrected(db) == {date(2027, 10, 8), date(2027, 1, 31)}
    with db.session() as s:
        assert remove_calendar_correction(session=s, actor=OFFICER, calendar="CN",
                                          day=date(2027, 10, 8), reason="entered by mistake")[0]
        # The entered day is back as the schedule has it: a make-up working day.
        assert remove_calendar_correction(session=s, actor=OFFICER, calendar="CN",
                                          day=date(2027, 1, 31), reason="not called off")[0]
    assert _corrected(db) == set()
    with db.read_session() as s:
        assert calendar_for(s, "CN").day_info(date(2027, 1, 31)) == (True, "Make-up working day")
        with pytest.raises(InputError, match="part of the schedule entered for 2027"):
            remove_calendar_correction(session=s, actor=OFFICER, calendar="CN",
                                       day=date(2027, 1, 1), reason="no")
