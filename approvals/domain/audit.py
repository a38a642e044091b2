"""Canonical content and hashing of audit events (pure; the store persists them).

Each event's hash is SHA-256 over the previous event's hash and the canonical JSON of the
event's own content, sequence number included, so an edited, deleted, inserted or
reordered event breaks the chain at that event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
HASHED_FIELDS: tuple[str, ...] = (
    "id",
    "occurred_at",
    "actor",
    "role",
    "action",
    "entity",
    "entity_id",
    "case_id",
    "track_id",
    "field",
    "old_value",
    "new_value",
    "reason",
    "details",
)


def canonical_json(value: Any) -> str:
    """Stable JSON: sorted keys, no insignificant whitespace, UTF-8 kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_content(event: Mapping[str, Any]) -> dict[str, Any]:
    return {name: event.get(name) for name in HASHED_FIELDS}


def event_hash(prev_hash: str, event: Mapping[str, Any]) -> str:
    payload = prev_hash + "\n" + canonical_json(event_content(event))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    message: str


def find_break(events: Iterable[Mapping[str, Any]]) -> ChainBreak | None:
    """The first event (in id order) whose links or hash do not check out, if any."""
    prev_hash = GENESIS
    expected_id: int | None = None
    for event in events:
        event_id = int(event["id"])
        if expected_id is not None and event_id != expected_id:
            return ChainBreak(
                event_id,
                f"event {event_id} follows event {expected_id - 1}: "
                f"{'events are missing' if event_id > expected_id else 'the order was changed'}",
            )
        if event["prev_hash"] != prev_hash:
            return ChainBreak(
                event_id,
                f"event {event_id} does not link to the event before it "
                "(an event before it was removed, inserted or reordered)",
            )
        if event_hash(prev_hash, event) != event["hash"]:
            return ChainBreak(
                event_id, f"event {event_id} was altered after it was recorded (hash mismatch)"
            )
        prev_hash = event["hash"]
        expected_id = event_id + 1
    return None
