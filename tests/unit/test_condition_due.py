"""The due date of a condition given in days: the rule the step dialog previews and the
transition stores (services.workflow.condition_due)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.services.workflow import calendar_for, condition_due, conditions_calendar
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import FilingTrack


def test_calendar_days_rolled_to_the_next_working_day(db: Database) -> None:
    with db.read_session() as session:
        calendar = calendar_for(session, "CN")
    decided = date(2026, 11, 20)  # a Friday
    assert condition_due(calendar, decided, 36) == (date(2026, 12, 28), [])  # Sat 26 Dec
    assert condition_due(calendar, decided, 0) == (decided, [])
    assert condition_due(calendar, decided, 5) == (date(2026, 11, 25), [])  # a Wednesday
    # 30 days after 1 Sep 2026 is 1 Oct, National Day: due on the first day after the break.
    due, guessed = condition_due(calendar, date(2026, 9, 1), 30)
    assert guessed == [] and calendar.is_working_day(due)
    assert due > date(2026, 10, 1)
    assert not any(calendar.is_working_day(date(2026, 10, 1) + timedelta(days=d))
                   for d in range((due - date(2026, 10, 1)).days))


def test_a_year_without_an_official_schedule_is_named(db: Database) -> None:
    with db.read_session() as session:
        calendar = calendar_for(session, "CN")
    due, guessed = condition_due(calendar, date(2026, 11, 20), 400)
    assert due >= date(2027, 12, 25) and guessed == [2027]


def test_the_tracks_calendar_is_the_one_its_clock_ran_on(db: Database, admin: Actor) -> None:
    demo = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cases.json"
    facts = json.loads(demo.read_text(encoding="utf-8"))[0]
    with db.session() as session:
        case = create_case(session, facts=parse_facts(facts), actor=admin)
        track = FilingTrack(case_id=case.id, regime="US-OISP", kind="US-NOTIFY", outcome="x",
                            state="draft", clock_calendar="US")
        session.add(track)
        session.flush()
        assert conditions_calendar(session=session, track_id=track.id).code == "US"
        track.clock_calendar = None  # no clock ran: the Chinese calendar, as transition uses
        assert conditions_calendar(session=session, track_id=track.id).code == "CN"
