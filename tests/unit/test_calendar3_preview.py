"""A calendar edit's effect on the deadlines, said before it is saved
(services.calendar_effects.preview_deadline_changes): the same sentences as after saving,
and nothing kept — no day, no year, no event, no moved due date."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from approvals.domain.errors import InputError
from approvals.services.calendar_effects import preview_deadline_changes, with_deadline_changes
from approvals.services.workflow import add_calendar_year, correct_calendar_day
from approvals.store import anchor
from approvals.store.db import Database
from approvals.store.models import CalendarDay, CalendarYear, Event, FilingTrack
from tests.unit.test_calendar_deadline_changes import NOTICE, OFFICER, running_clock

YEAR_2027 = [{"day": "2027-01-01", "kind": "holiday", "name": "New Year"},
             {"day": "2027-01-31", "kind": "workday", "name": "Make-up working day"}]


def _state(db: Database) -> tuple[object, ...]:
    with db.read_session() as s:
        return (s.exec(select(CalendarYear)).all(), s.exec(select(CalendarDay)).all(),
                len(s.exec(select(Event)).all()),
                [(t.due_date, t.due_estimated) for t in s.exec(select(FilingTrack))])


def test_the_preview_says_what_saving_says_and_keeps_nothing(db: Database) -> None:
    reference = running_clock(db)
    before = _state(db)
    with db.session() as s:
        preview = preview_deadline_changes(s, lambda: add_calendar_year(
            session=s, actor=OFFICER, calendar="CN", year=2027, source=NOTICE, days=YEAR_2027))
        assert not s.info.get(anchor.APPENDED)  # nothing for the anchor to record
    assert [c.reference for c in preview] == [reference]
    assert _state(db) == before  # nothing kept
    with db.session() as s:
        _view, saved = with_deadline_changes(s, lambda: add_calendar_year(
            session=s, actor=OFFICER, calendar="CN", year=2027, source=NOTICE, days=YEAR_2027))
    assert [c.line for c in saved] == [c.line for c in preview]


def test_a_correction_previewed_then_refused_input_still_raises(db: Database) -> None:
    running_clock(db)
    with db.session() as s:
        [moved] = preview_deadline_changes(s, lambda: correct_calendar_day(
            session=s, actor=OFFICER, calendar="CN", day=date(2027, 1, 25), kind="holiday",
            source="test notice", reason="extra day off"))
        assert "CN-FISR" in moved.sentence
        with pytest.raises(InputError):  # the service's own checks still answer
            preview_deadline_changes(s, lambda: correct_calendar_day(
                session=s, actor=OFFICER, calendar="CN", day=date(2027, 1, 25),
                kind="holiday", source="test notice", reason=""))
    with db.read_session() as s:
        assert s.exec(select(CalendarDay)).all() == []
