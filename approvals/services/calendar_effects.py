"""What a holiday-calendar edit did to the deadlines: the due dates it moved, or confirmed
and stopped calling estimated, one sentence per deadline with its case.

`services.workflow` recounts every running clock and every condition counted in days on
the edited calendar, each with an audit event; this reads those events back, so the
calendars window can say after saving which deadlines changed (the officer entering a
year cannot see them otherwise without opening every case's Timeline).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlmodel import Session, col, func, select

from approvals.domain.event_text import EventFacts, event_sentence
from approvals.store.models import Case, Event, FilingTrack, Obligation

# The events a calendar edit appends for a deadline it recounted (services.workflow).
DEADLINE_ACTIONS = ("track.due_recomputed", "obligation.due_recounted")

T = TypeVar("T")


@dataclass(frozen=True)
class DeadlineChange:
    reference: str  # the case's reference, e.g. AP-2026-0004
    sentence: str  # what changed, as the case's Timeline says it

    @property
    def line(self) -> str:
        return f"{self.reference}: {self.sentence}"


def _decoded(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def last_event_id(session: Session) -> int:
    return session.exec(select(func.max(Event.id))).one() or 0


def deadline_changes_since(session: Session, after_event_id: int) -> list[DeadlineChange]:
    """The deadlines recounted by the events after `after_event_id`, in the trail's order."""
    events = session.exec(
        select(Event).where(col(Event.id) > after_event_id,
                            col(Event.action).in_(DEADLINE_ACTIONS))
        .order_by(col(Event.id))).all()
    # One read each for the cases, tracks and conditions named (a year entered can recount
    # thousands of clocks), not three per event.
    references = dict(session.exec(select(Case.id, Case.reference).where(
        col(Case.id).in_({e.case_id for e in events if e.case_id is not None}))).all())
    regimes = dict(session.exec(select(FilingTrack.id, FilingTrack.regime).where(
        col(FilingTrack.id).in_({e.track_id for e in events if e.track_id is not None}))).all())
    conditions = dict(session.exec(select(Obligation.id, Obligation.text).where(
        col(Obligation.id).in_({int(e.entity_id) for e in events
                                if e.action == "obligation.due_recounted"
                                and e.entity_id.isdigit()}))).all())
    changes = []
    for event in events:
        details = _decoded(event.details) or {}
        condition = None
        if event.action == "obligation.due_recounted":
            texts = details.get("text")
            # The condition's words after the recount (they drop "due date estimated…").
            condition = (texts[-1] if isinstance(texts, list) and texts
                         else conditions.get(int(event.entity_id))
                         if event.entity_id.isdigit() else None)
        facts = EventFacts(event.action, event.entity_id, event.field, _decoded(event.old_value),
                           _decoded(event.new_value), details)
        sentence = event_sentence(facts, condition=condition, regime=regimes.get(event.track_id))
        changes.append(DeadlineChange(references.get(event.case_id, "(no case)"), sentence))
    return changes


def with_deadline_changes(session: Session,
                          change: Callable[[], T]) -> tuple[T, list[DeadlineChange]]:
    """Run `change` (a calendar edit in this session) and say which deadlines it changed."""
    before = last_event_id(session)
    result = change()
    session.flush()
    return result, deadline_changes_since(session, before)
