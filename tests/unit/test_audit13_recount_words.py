"""A condition's due date recounted after a holiday calendar edit says which edit it was:
a newly published year entered read "on the corrected holiday calendar", as if a day had
been corrected. The edit is recorded in the recount's details; an event recorded before
says neither, and reads "updated"."""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import col, select

from approvals.domain.event_text import EventFacts, event_sentence
from approvals.services.calendar_effects import remove_calendar_correction
from approvals.services.workflow import correct_calendar_day
from approvals.store.db import Database
from approvals.store.models import Event
from tests.unit.test_conditions_counted import (
    CONDITIONS,
    OFFICER,
    WORKING,
    _cleared,
    _enter_2027,
)


def _recounts(db: Database) -> list[str]:
    """Each recount's sentence, as the Timeline and the audit window say it."""
    with db.read_session() as s:
        events = s.exec(select(Event).where(Event.action == "obligation.due_recounted")
                        .order_by(col(Event.id))).all()
        return [event_sentence(EventFacts(
            e.action, e.entity_id, e.field, json.loads(e.old_value or "null"),
            json.loads(e.new_value or "null"), json.loads(e.details or "{}")),
            condition=WORKING) for e in events]


def test_a_year_entered_is_named_as_such(db: Database) -> None:
    _cleared(db, CONDITIONS)
    _enter_2027(db)
    said = _recounts(db)
    assert said and said[0].startswith(
        f"condition '{WORKING}' due date recounted on the newly entered 2027 holiday "
        "schedule: ")
    assert not any("corrected" in s for s in said)


def test_a_corrected_day_and_its_correction_taken_back_are_named(db: Database) -> None:
    _cleared(db, [{"text": WORKING, "due_days": 5, "due_unit": "working"}])
    day = date(2026, 12, 21)
    with db.session() as s:
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=day,
                             kind="holiday", name="test", source="gazette", reason="gazette")
    with db.session() as s:
        remove_calendar_correction(session=s, actor=OFFICER, calendar="CN", day=day,
                                   reason="misread the gazette")
    corrected, taken_back = _recounts(db)
    assert corrected.startswith(f"condition '{WORKING}' due date recounted on the holiday "
                                "calendar corrected for 21 Dec 2026: ")
    assert taken_back.startswith(f"condition '{WORKING}' due date recounted on the holiday "
                                 "calendar with the correction of 21 Dec 2026 taken back: ")


def test_an_event_recorded_before_says_updated_not_corrected() -> None:
    details = {"counted": "20 working days after 15 Dec 2026"}
    same = event_sentence(EventFacts("obligation.due_recounted", "3", "due_date",
                                     "2027-01-13", "2027-01-13", details), condition="Report")
    assert same == ("condition 'Report' due date 13 Jan 2027 confirmed on the updated "
                    "holiday calendar (20 working days after 15 Dec 2026)")
