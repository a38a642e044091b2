"""After a holiday-calendar edit, the deadlines it recounted are said in words with their
case (services.calendar_effects), as the case's Timeline says them."""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import col, select

from approvals.domain.event_text import EventFacts, event_sentence
from approvals.domain.facts import parse_facts
from approvals.services.calendar_effects import last_event_id, with_deadline_changes
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.services.workflow import add_calendar_year, correct_calendar_day
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event, FilingTrack

OFFICER = Actor("olga", ("approver",))
PREPARER = Actor("pat", ("preparer",))
NOTICE = "State Council General Office notice on the 2027 holidays (gov.cn)"


def running_clock(db: Database) -> str:
    """A CN-FISR clock of 30 working days from 2026-12-20: due 2027-02-01, estimated."""
    with db.session() as s:
        case = create_case(s, facts=parse_facts(demo_facts()[0]), actor=PREPARER,
                           status="draft", today=date(2026, 11, 2))
        s.add(FilingTrack(case_id=case.id, regime="CN-FISR", kind="CN-FISR",
                          state="general_review", clock_phase="general_review",
                          clock_calendar="CN", clock_unit="working", clock_days=30,
                          clock_start="2026-12-20", due_date="2027-02-01", due_estimated=True))
        return case.reference


def timeline_sentence(db: Database, action: str) -> str:
    """The last `action` event as the case's Timeline says it."""
    with db.read_session() as s:
        event = s.exec(select(Event).where(Event.action == action)
                       .order_by(col(Event.id).desc())).first()
        assert event is not None
        facts = EventFacts(event.action, event.entity_id, event.field,
                           json.loads(event.old_value or "null"),
                           json.loads(event.new_value or "null"),
                           json.loads(event.details or "{}"))
    return event_sentence(facts, regime="CN-FISR")


def test_a_calendar_edit_says_which_deadlines_it_changed(db: Database) -> None:
    reference = running_clock(db)
    with db.session() as s:
        view, changes = with_deadline_changes(s, lambda: add_calendar_year(
            session=s, actor=OFFICER, calendar="CN", year=2027, source=NOTICE,
            days=[{"day": "2027-01-01", "kind": "holiday", "name": "New Year"}]))
    assert view.year == 2027
    assert [c.reference for c in changes] == [reference]
    # The case's Timeline sentence for the recount, with the track's regime in front.
    assert changes[0].line.startswith(f"{reference}: CN-FISR: ")
    assert changes[0].sentence == timeline_sentence(db, "track.due_recomputed")

    with db.session() as s:
        _none, changes = with_deadline_changes(s, lambda: correct_calendar_day(
            session=s, actor=OFFICER, calendar="CN", day=date(2027, 1, 25), kind="holiday",
            source="test notice", reason="extra day off"))
    [moved] = changes
    assert moved.reference == reference
    assert moved.sentence == timeline_sentence(db, "track.due_recomputed")  # the latest


def test_an_edit_that_moves_nothing_says_none(db: Database) -> None:
    running_clock(db)
    with db.session() as s:
        before = last_event_id(s)
        _none, changes = with_deadline_changes(s, lambda: correct_calendar_day(
            session=s, actor=OFFICER, calendar="CN", day=date(2030, 5, 6), kind="holiday",
            source="test notice", reason="after every clock"))
        assert last_event_id(s) == before + 1  # the correction itself, nothing recounted
    assert changes == []


def test_a_recounted_condition_is_named_by_its_words(demo: Database) -> None:
    """The demo's AP-2026-0004 keeps a condition counted 180 days on the CN calendar, due
    in 2027 and estimated until the 2027 schedule is entered."""
    with demo.session() as s:
        _view, changes = with_deadline_changes(s, lambda: add_calendar_year(
            session=s, actor=OFFICER, calendar="CN", year=2027, source=NOTICE,
            days=[{"day": "2027-01-01", "kind": "holiday", "name": "New Year"}]))
    [condition] = [c for c in changes if "condition" in c.sentence]
    assert condition.reference == "AP-2026-0004"
    assert condition.sentence.startswith("CN-FISR: condition 'Keep the design data")  # not "#1"
    assert "estimated" not in condition.sentence.split("'")[1]  # after the recount
