"""Officer overrides of the holiday calendars: a newly published year, a corrected day —
permission-checked, audited, and used by every deadline computed afterwards."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import select

from approvals.domain.clocks import compute_deadline
from approvals.domain.errors import InputError, PermissionDenied
from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.services.workflow import (
    add_calendar_year,
    calendar_for,
    calendar_years,
    correct_calendar_day,
)
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import CalendarDay, Event, FilingTrack

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
                             kind="workday", source="test notice", reason="closure cancelled")
    with db.read_session() as s:
        assert len(s.exec(select(CalendarDay)).all()) == 1
        assert calendar_for(s, "CN").is_working_day(date(2026, 10, 22))


def test_refusals_name_the_field_and_write_nothing(db: Database) -> None:
    with db.session() as s, pytest.raises(PermissionDenied):
        correct_calendar_day(session=s, actor=PREPARER, calendar="CN", day=date(2026, 1, 5),
                             kind="holiday", source="test notice", reason="x")
    with db.session() as s, pytest.raises(InputError) as err:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027, source=NOTICE,
                          days=[{"day": "2027-02-30", "kind": "holiday"},
                                {"day": "2028-01-01", "kind": "holiday"},
                                {"day": "2027-03-01", "kind": "festival"}])
    assert [p.path for p in err.value.problems] == ["days[0].day", "days[1].day", "days[2].kind"]
    # A day listed twice (here as a holiday and as a working day) is ambiguous: refused.
    with db.session() as s, pytest.raises(InputError) as err:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027, source=NOTICE,
                          days=[{"day": "2027-02-20", "kind": "holiday"},
                                {"day": "2027-02-20", "kind": "workday"}])
    assert [str(p) for p in err.value.problems] == [
        "days[1].day: 2027-02-20 is already listed as days[0]"]
    with db.session() as s, pytest.raises(InputError) as err:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027, source=" ", days=[])
    assert err.value.problems[0].path == "source"
    # A make-up working day on a weekday is a mistyped date, as the dialog says.
    with db.session() as s, pytest.raises(InputError) as err:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027, source=NOTICE,
                          days=[{"day": "2027-02-17", "kind": "workday", "name": "Make-up"}])
    assert [str(p) for p in err.value.problems] == [
        "days[0].day: 2027-02-17 is a Wednesday, a working day anyway; make-up working days "
        "are the weekend days the notice says are worked"]
    with db.session() as s, pytest.raises(InputError):
        correct_calendar_day(session=s, actor=OFFICER, calendar="JP", day=date(2026, 1, 5),
                             kind="holiday", source="test notice", reason="x")
    with db.session() as s, pytest.raises(InputError):
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2026, 1, 5),
                             kind="holiday", source="test notice", reason="")
    with db.read_session() as s:
        assert s.exec(select(CalendarDay)).all() == []
        assert s.exec(select(Event)).all() == []


def test_calendar_edits_move_the_stored_due_dates_of_running_clocks(db: Database) -> None:
    """The case list, the dashboard and the PDFs read a track's stored due date: entering
    the official year or correcting a day must move it (and say it is no longer estimated),
    with an audit event for each track whose date or estimate changed."""
    with db.session() as s:
        case = create_case(s, facts=parse_facts(demo_facts()[0]), actor=PREPARER,
                           status="draft", today=date(2026, 11, 2))
        clock = dict(case_id=case.id, regime="CN-FISR", kind="CN-FISR", state="general_review",
                     clock_phase="general_review", clock_calendar="CN", clock_unit="working",
                     clock_days=30, clock_start="2026-12-20")
        due = compute_deadline(calendar_for(s, "CN"), date(2026, 12, 20), 30, "working")
        assert due.estimated and due.due == date(2027, 2, 1)
        running = FilingTrack(**clock, due_date="2027-02-01", due_estimated=True)
        stopped = FilingTrack(**clock, clock_pauses='[["2026-12-22", null]]',
                              clock_stopped_on="2026-12-22")
        us = FilingTrack(case_id=case.id, regime="US-OISP", kind="US-OISP",
                         clock_phase="notification", clock_calendar="US", clock_unit="calendar",
                         clock_days=30, clock_start="2026-12-20", due_date="2027-01-19")
        s.add_all([running, stopped, us])
        s.flush()
        ids = running.id, stopped.id, us.id
    with db.session() as s:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027, source=NOTICE,
                          days=DAYS_2027, reason="notice published")
    with db.read_session() as s:
        track = s.get(FilingTrack, ids[0])
        assert track is not None and (track.due_date, track.due_estimated) == ("2027-02-01", False)
        (event,) = s.exec(select(Event).where(Event.action == "track.due_recomputed")).all()
        assert event.track_id == ids[0] and event.actor == "olga"
        assert json.loads(event.details)["estimated"] == [True, False]
    with db.session() as s:
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2027, 1, 25),
                             kind="holiday", source="test notice", reason="extra day off")
    with db.read_session() as s:
        track = s.get(FilingTrack, ids[0])
        assert track is not None and track.due_date == "2027-02-02"
        moved = s.exec(select(Event).where(Event.action == "track.due_recomputed")).all()[-1]
        assert (moved.field, json.loads(moved.old_value), json.loads(moved.new_value)) == (
            "due_date", "2027-02-01", "2027-02-02")
        assert "2027-01-25" in moved.reason
        # A stopped clock keeps no due date; another calendar's clock is not touched.
        assert s.get(FilingTrack, ids[1]).due_date is None  # type: ignore[union-attr]
        assert s.get(FilingTrack, ids[2]).due_date == "2027-01-19"  # type: ignore[union-attr]
        assert {e.track_id for e in s.exec(select(Event).where(
            Event.action == "track.due_recomputed")).all()} == {ids[0]}


def test_the_same_schedule_entered_twice_records_nothing_new(db: Database) -> None:
    for _ in range(2):
        with db.session() as s:
            add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027,
                              source=NOTICE, days=DAYS_2027, reason="notice published")
    with db.read_session() as s:
        assert len(s.exec(select(Event).where(Event.action == "calendar.year_set")).all()) == 1
    # Another source, or another day, is a change, recorded.
    with db.session() as s:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027,
                          source=NOTICE + " (corrected)", days=DAYS_2027)
    with db.session() as s:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027,
                          source=NOTICE + " (corrected)", days=DAYS_2027[:-1])
    with db.read_session() as s:
        assert len(s.exec(select(Event).where(Event.action == "calendar.year_set")).all()) == 3
