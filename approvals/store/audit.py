"""The append-only audit trail: write events into the hash chain, read and verify it.

Appends run inside the caller's write transaction (BEGIN IMMEDIATE), so the chain head
read here cannot move before the new event is inserted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, select

from approvals.domain.audit import GENESIS, ChainBreak, event_hash, find_break
from approvals.store.models import Event, utc_now


@dataclass(frozen=True)
class Actor:
    """Who does something: the signed-in user (or the CLI/system) and the role they act in."""

    username: str
    roles: tuple[str, ...] = ()
    display_name: str = ""

    @property
    def role(self) -> str:
        return ",".join(self.roles)

    def has_role(self, role: str) -> bool:
        return role in self.roles


def _json_or_none(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def append_event(
    session: Session,
    *,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: str | int = "",
    case_id: int | None = None,
    track_id: int | None = None,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    reason: str = "",
    details: dict[str, Any] | None = None,
    role: str | None = None,
) -> Event:
    """Append one event to the chain. Old and new values are stored as JSON."""
    head = session.exec(select(Event).order_by(Event.id.desc()).limit(1)).first()  # type: ignore[union-attr]
    prev_hash = head.hash if head else GENESIS
    event = Event(
        id=(head.id or 0) + 1 if head else 1,
        occurred_at=utc_now(),
        actor=actor.username,
        role=role if role is not None else actor.role,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        case_id=case_id,
        track_id=track_id,
        field=field,
        old_value=_json_or_none(old),
        new_value=_json_or_none(new),
        reason=reason,
        details=json.dumps(details or {}, ensure_ascii=False, sort_keys=True),
        prev_hash=prev_hash,
    )
    event.hash = event_hash(prev_hash, event.model_dump())
    session.add(event)
    session.flush()
    return event


def iter_events(session: Session, batch: int = 5000) -> Iterator[dict[str, Any]]:
    """Every event in id order, as plain dicts read straight from the table."""
    last = 0
    columns = [c.name for c in Event.__table__.columns]  # type: ignore[attr-defined]
    while True:
        rows = session.connection().execute(
            text(f"SELECT {', '.join(columns)} FROM events WHERE id > :last ORDER BY id LIMIT :n"),
            {"last": last, "n": batch},
        ).all()
        if not rows:
            return
        for row in rows:
            yield dict(zip(columns, row, strict=True))
        last = rows[-1][0]


def verify_chain(session: Session) -> tuple[int, ChainBreak | None]:
    """(number of events checked, first break or None)."""
    count = 0

    def counted() -> Iterator[dict[str, Any]]:
        nonlocal count
        for event in iter_events(session):
            count += 1
            yield event

    broken = find_break(counted())
    return count, broken


def chain_head(session: Session) -> str:
    head = session.exec(select(Event).order_by(Event.id.desc()).limit(1)).first()  # type: ignore[union-attr]
    return head.hash if head else GENESIS
