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
from sqlmodel import Session, col, select

from approvals.domain.audit import (  # noqa: F401  (CLI_LOGIN, is_command_line_login: here too)
    CLI_LOGIN,
    GENESIS,
    ChainBreak,
    event_hash,
    find_break,
    is_command_line_login,
)
from approvals.domain.typed_input import controls_shown
from approvals.store import anchor
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

    @property
    def on_command_line(self) -> bool:
        return is_command_line_login(self.username)


def _json_or_none(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


# The chain head's id and hash, newest first: built once (a statement is immutable, and
# SQLAlchemy keeps its cache key with it), as only these two columns are needed.
_HEAD = select(Event.id, Event.hash).order_by(col(Event.id).desc()).limit(1)


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
    """Append one event to the chain. Old and new values are stored as JSON. A control
    character or a text-direction control in the reason is recorded as its code point,
    ⟨U+202E⟩ (typed_input.controls_shown): a U+202E showed the reason reversed wherever
    the trail is read, and a reason the app words itself may quote a file's name."""
    reason = controls_shown(reason)
    # Read on the unit of work's connection, not through the ORM's execution (half the
    # cost): the row is plain data. What the ORM did first is kept: pending rows written.
    session.flush()
    head = session.connection().execute(_HEAD).first()
    head_id, prev_hash = head if head is not None else (0, GENESIS)
    event = Event(
        id=(head_id or 0) + 1,
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
    session.info[anchor.APPENDED] = True  # the unit of work anchors the new head after commit
    return event


def reset_anchor_after_commit(session: Session) -> None:
    """Have this unit of work set the anchor to the head whatever it named before: only for
    a restore, which legitimately replaces the database (and records that it did)."""
    session.info[anchor.RESET] = True


def iter_events(session: Session, batch: int = 5000, *,
                case_id: int | None = None) -> Iterator[dict[str, Any]]:
    """Every event in id order (with `case_id`, that case's), as plain dicts read straight
    from the table, a batch at a time."""
    last = 0
    # SQLModel sets __table__ on a table class when it is created; its type does not declare it.
    columns = [c.name for c in Event.__table__.columns]  # type: ignore[attr-defined]
    only = "" if case_id is None else " AND case_id = :case"
    connection = session.connection()
    raw = connection.connection.driver_connection
    # Text that is not UTF-8 (bytes written into a column from outside the app) read with
    # a replacement character, so its event fails its hash and is named, where sqlite3's
    # decoding error stopped the check as an internal error.
    kept = raw.text_factory  # type: ignore[union-attr]
    raw.text_factory = _lenient_text  # type: ignore[union-attr]
    try:
        while True:
            rows = connection.execute(
                text(f"SELECT {', '.join(columns)} FROM events WHERE id > :last{only} "
                     "ORDER BY id LIMIT :n"),
                {"last": last, "n": batch, "case": case_id},
            ).all()
            if not rows:
                return
            for row in rows:
                yield dict(zip(columns, row, strict=True))
            last = rows[-1][0]
    finally:
        raw.text_factory = kept  # type: ignore[union-attr]


def _lenient_text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


@dataclass(frozen=True)
class ChainWalk:
    count: int  # events read
    broken: ChainBreak | None  # the first break, if any
    last_id: int  # the highest event id read (0 for none)
    hash_at: str | None  # the stored hash of event `at`, when asked for and read


def walk_chain(session: Session, *, at: int | None = None) -> ChainWalk:
    """Check the chain in one pass, noting its last id and the hash of event `at` (what the
    anchor is compared with)."""
    count, last_id, hash_at = 0, 0, None

    def counted() -> Iterator[dict[str, Any]]:
        nonlocal count, last_id, hash_at
        for event in iter_events(session):
            count += 1
            last_id = int(event["id"])
            if last_id == at:
                hash_at = event["hash"]
            yield event

    broken = find_break(counted())
    return ChainWalk(count, broken, last_id, hash_at)


def verify_chain(session: Session) -> tuple[int, ChainBreak | None]:
    """(number of events checked, first break or None)."""
    walk = walk_chain(session)
    return walk.count, walk.broken


def chain_head(session: Session) -> str:
    head = session.exec(select(Event).order_by(col(Event.id).desc()).limit(1)).first()
    return head.hash if head else GENESIS
