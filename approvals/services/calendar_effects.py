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
    changes = []
    for event in events:
        case = session.get(Case, event.case_id) if event.case_id is not None else None
        track = session.get(FilingTrack, event.track_id) if event.track_id is not None else None
        details = _decoded(event.details) or {}
        condition = None
        if event.action == "obligation.due_recounted":
            texts = details.get("text")
            obligation = session.get(Obligation, int(event.entity_id)) \
                if event.entity_id.isdigit() else None
            # The condition's words after the recount (they drop "due date estimated…").
            condition = (texts[-1] if isinstance(texts, list) and texts
                         else obligation.text if obligation is not None else None)
        facts = EventFacts(event.action, event.entity_id, event.field, _decoded(event.old_value),
                           _decoded(event.new_value), details)
        sentence = event_sentence(facts, condition=condition,
                                  regime=track.regime if track is not None else None)
        changes.append(DeadlineChange(case.reference if case is not None else "(no case)",
                                      sentence))
    return changes


def with_deadline_changes(session: Session,
                          change: Callable[[], T]) -> tuple[T, list[DeadlineChange]]:
    """Run `change` (a calendar edit in this session) and say which deadlines it changed."""
    before = last_event_id(session)
    result = change()
    session.flush()
    return result, deadline_changes_since(session, before)
