"""Officer overrides of the holiday calendars: a newly published year, a corrected day —
permission-checked, audited, and used by every deadline computed afterwards."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import select

from approvals.domain.clocks import compute_deadline
from approvals.domain.errors import InputError, PermissionDenied
from approvals.services.workflow import (
    add_calendar_year,
    calendar_for,
    calendar_years,
    correct_calendar_day,
)
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import CalendarDay, Event

OFFICER = Actor("olga", ("approver",))
PREPARER = Actor("pat", ("preparer",))
NOTICE = "State Council General Office notice on the 2027 holidays (gov.cn)"
DAYS_2027 = [
    {"day": "2027-01-01", "kind": "holiday", "name": "New Year"},
    {"day": "2027-02-05", "kind": "holiday", "name": "Spring Festival"},
    {"day": "2027-02-08", "kind": "holiday", "name": "Spring Festival"},
    {"day": "2027-02-20", "kind": "workday", "name": "Make-up working day"},
]


def test_entering_a_published_year_removes_the_estimate(db: Database) -> None:
    with db.read_session() as s:
        before = compute_deadline(calendar_for(s, "CN"), date(2026, 12, 20), 30, "working")
    assert before.estimated
    with db.session() as s:
        view = add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027,
                                 source=NOTICE, days=DAYS_2027, reason="notice published")
    assert view.origin == "officer" and view.official and view.source == NOTICE
    with db.read_session() as s:
        cal = calendar_for(s, "CN")
        after = compute_deadline(cal, date(2026, 12, 20), 30, "working")
        assert not after.estimated and after.warnings == []
        assert cal.is_working_day(date(2027, 2, 20))  # the entered make-up Saturday
        assert not cal.is_working_day(date(2027, 2, 8))
        assert cal.is_working_day(date(2027, 2, 9))  # estimated holiday no longer applies
        assert [v.year for v in calendar_years(s, "CN")][-1] == 2027
        event = s.exec(select(Event).where(Event.action == "calendar.year_set")).one()
        assert event.actor == "olga" and json.loads(event.new_value)["source"] == NOTICE
    # Entering the year again replaces its days rather than adding to them.
    with db.session() as s:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027, source=NOTICE,
                          days=DAYS_2027[:1])
    with db.read_session() as s:
        assert len(s.exec(select(CalendarDay)).all()) == 1


def test_correcting_one_day_is_audited_and_used(db: Database) -> None:
    with db.session() as s:
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2026, 10, 22),
                             kind="holiday", name="typhoon closure", source="Guangdong notice",
                             reason="offices closed")
    with db.read_session() as s:
        d = compute_deadline(calendar_for(s, "CN"), date(2026, 9, 24), 15, "working")
        assert d.due == date(2026, 10, 23)
        event = s.exec(select(Event).where(Event.action == "calendar.day_corrected")).one()
        assert event.field == "2026-10-22"
        assert json.loads(event.old_value)["working"] is True
        assert json.loads(event.new_value)["working"] is False
    # Correcting it back replaces the earlier correction.
    with db.session() as s:
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2026, 10, 22),
                             kind="workday", reason="closure cancelled")
    with db.read_session() as s:
        assert len(s.exec(select(CalendarDay)).all()) == 1
        assert calendar_for(s, "CN").is_working_day(date(2026, 10, 22))


def test_refusals_name_the_field_and_write_nothing(db: Database) -> None:
    with db.session() as s, pytest.raises(PermissionDenied):
        correct_calendar_day(session=s, actor=PREPARER, calendar="CN", day=date(2026, 1, 5),
                             kind="holiday", reason="x")
    with db.session() as s, pytest.raises(InputError) as err:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027, source=NOTICE,
                          days=[{"day": "2027-02-30", "kind": "holiday"},
                                {"day": "2028-01-01", "kind": "holiday"},
                                {"day": "2027-03-01", "kind": "festival"}])
    assert [p.path for p in err.value.problems] == ["days[0].day", "days[1].day", "days[2].kind"]
    with db.session() as s, pytest.raises(InputError) as err:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027, source=" ", days=[])
    assert err.value.problems[0].path == "source"
    with db.session() as s, pytest.raises(InputError):
        correct_calendar_day(session=s, actor=OFFICER, calendar="JP", day=date(2026, 1, 5),
                             kind="holiday", reason="x")
    with db.session() as s, pytest.raises(InputError):
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2026, 1, 5),
                             kind="holiday", reason="")
    with db.read_session() as s:
        assert s.exec(select(CalendarDay)).all() == []
        assert s.exec(select(Event)).all() == []
