"""Taking back an officer's correction of one day (services.calendar_effects): the day is
again as its year's schedule has it, the deadlines counted through it move back, and the
trail says so. Before, a mistaken correction could only be "corrected" the other way, and
the day stayed stored (and shown) as an officer's correction."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import col, select

from approvals.domain.errors import InputError, PermissionDenied
from approvals.services.calendar_effects import remove_calendar_correction, with_deadline_changes
from approvals.services.workflow import add_calendar_year, calendar_for, correct_calendar_day
from approvals.store.db import Database
from approvals.store.models import CalendarDay, Event, FilingTrack
from tests.unit.test_calendar_deadline_changes import NOTICE, OFFICER, PREPARER, running_clock


def _correct(db: Database, day: date, kind: str) -> None:
    with db.session() as s:
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=day, kind=kind,
                             source="test notice", reason="typhoon closure")


def _due(db: Database) -> tuple[str | None, bool]:
    with db.read_session() as s:
        track = s.exec(select(FilingTrack)).one()
        return track.due_date, track.due_estimated


def test_removing_a_correction_moves_the_deadline_back(db: Database) -> None:
    reference = running_clock(db)  # 30 working days from 2026-12-20
    baseline = ("2027-02-01", True)
    assert _due(db) == baseline
    _correct(db, date(2027, 1, 25), "holiday")
    assert _due(db) == ("2027-02-02", True)

    with db.session() as s:
        (working, name), changes = with_deadline_changes(s, lambda: remove_calendar_correction(
            session=s, actor=OFFICER, calendar="CN", day=date(2027, 1, 25),
            reason="the closure was called off"))
    assert (working, name) == (True, "")  # a Monday of the estimated 2027 again
    assert _due(db) == baseline
    assert [c.reference for c in changes] == [reference]
    with db.read_session() as s:
        assert calendar_for(s, "CN").override(date(2027, 1, 25)) is None
        event = s.exec(select(Event).where(Event.action == "calendar.day_corrected")
                       .order_by(col(Event.id).desc())).first()
        assert event is not None and event.field == "2027-01-25"
        assert json.loads(event.details or "{}")["correction_removed"] is True
        assert json.loads(event.old_value or "{}")["working"] is False
        assert json.loads(event.new_value or "{}")["working"] is True
        assert event.reason == "the closure was called off"


def test_a_corrected_day_of_an_entered_year_gets_its_entry_back(db: Database) -> None:
    with db.session() as s:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027, source=NOTICE,
                          days=[{"day": "2027-02-08", "kind": "holiday", "name": "Spring Festival"},
                                {"day": "2027-02-20", "kind": "workday",
                                 "name": "Make-up working day"}])
    _correct(db, date(2027, 2, 20), "holiday")  # the make-up Saturday made a day off
    with db.session() as s:
        assert not calendar_for(s, "CN").is_working_day(date(2027, 2, 20))
        assert remove_calendar_correction(session=s, actor=OFFICER, calendar="CN",
                                          day=date(2027, 2, 20), reason="misread the notice") \
            == (True, "Make-up working day")
    with db.read_session() as s:
        row = s.exec(select(CalendarDay).where(CalendarDay.day == "2027-02-20")).one()
        assert (row.kind, row.source) == ("workday", NOTICE)  # part of the schedule again


def test_what_cannot_be_removed_is_refused_at_its_field(db: Database) -> None:
    with db.session() as s:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027, source=NOTICE,
                          days=[{"day": "2027-02-08", "kind": "holiday", "name": "Spring Festival"}])
    cases = [(date(2027, 2, 8), "reason", "day", "is part of the schedule entered for 2027"),
             (date(2026, 10, 1), "reason", "day", "has no correction to remove"),
             (date(2026, 10, 1), "  ", "reason", "say why")]
    for day, reason, path, words in cases:
        with db.session() as s, pytest.raises(InputError) as err:
            remove_calendar_correction(session=s, actor=OFFICER, calendar="CN", day=day,
                                       reason=reason)
        [problem] = err.value.problems
        assert problem.path == path and words in problem.message
    _correct(db, date(2026, 10, 22), "holiday")
    with db.session() as s, pytest.raises(PermissionDenied):
        remove_calendar_correction(session=s, actor=PREPARER, calendar="CN",
                                   day=date(2026, 10, 22), reason="not mine to undo")
    with db.read_session() as s:  # nothing removed by the refusals
        assert not calendar_for(s, "CN").is_working_day(date(2026, 10, 22))
        assert calendar_for(s, "CN").override(date(2027, 2, 8)) is not None


def test_names_and_sources_hold_no_control_character_and_no_paste_of_any_length(
        db: Database) -> None:
    """"New\\x0bYear" showed as "New⎕Year" in the calendar, and a pasted source ran off the
    window: refused at the field (the entered year's day by its line), nothing saved."""
    with db.session() as s, pytest.raises(InputError) as year:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027, source="x" * 1001,
                          days=[{"day": "2027-01-01", "kind": "holiday", "name": "New\x0bYear"}])
    assert [p.path for p in year.value.problems] == ["source"]
    with db.session() as s, pytest.raises(InputError) as named:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027, source=NOTICE,
                          days=[{"day": "2027-01-01", "kind": "holiday", "name": "New\x0bYear"}])
    (problem,) = named.value.problems
    assert problem.path == "days[0].name" and "U+000B" in problem.message
    with db.session() as s, pytest.raises(InputError) as day:
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2027, 1, 4),
                             kind="holiday", name="Extra\u202eday", source="s" * 1200,
                             reason="notice")
    assert [p.path for p in day.value.problems] == ["name", "source"]
    with db.read_session() as s:
        assert not s.exec(select(CalendarDay)).all()
