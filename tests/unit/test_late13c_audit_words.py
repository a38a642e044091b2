"""A broken audit chain is said once, plainly, with the next step: "audit trail broken at
event 5: event 5 was altered after it was recorded (hash mismatch) (5 events read)" named
the event twice, in two brackets, one of them jargon."""

from __future__ import annotations

import re

import pytest

from approvals.domain.audit import GENESIS, event_hash, find_break
from approvals.services.audit import BROKEN_NEXT_STEP, VerifyReport


def _chain(count: int) -> list[dict[str, object]]:
    events: list[dict[str, object]] = []
    prev = GENESIS
    for event_id in range(1, count + 1):
        event: dict[str, object] = {"id": event_id, "occurred_at": "2026-12-01T00:00:00Z",
                                    "actor": "ada", "action": "case.created", "reason": "r"}
        event["prev_hash"] = prev
        event["hash"] = prev = event_hash(prev, event)
        events.append(event)
    return events


def _summary(events: list[dict[str, object]]) -> str:
    broken = find_break(events)
    assert broken is not None
    read = next(i for i, e in enumerate(events, 1) if e["id"] == broken.event_id)
    return VerifyReport(False, read, broken.event_id, broken.message, cause=broken.cause).summary


def test_an_altered_event_is_named_once_with_what_to_do() -> None:
    events = _chain(6)
    events[4]["actor"] = "mallory"
    said = _summary(events)
    assert said == ("audit trail broken at event 5: it was altered after it was recorded "
                    f"(the 4 events before it are intact). {BROKEN_NEXT_STEP}")
    assert len(re.findall(r"\bevent 5\b", said)) == 1
    assert "hash" not in said and said.count("(") == 1
    assert "administrator" in said and "backup" in said


@pytest.mark.parametrize(("drop", "expected"), [
    ([2], "event 4: it follows event 2: event 3 is missing before it (the 2 events before"),
    ([2, 3], "event 5: it follows event 2: events 3 to 4 are missing before it"),
])
def test_missing_events_are_named(drop: list[int], expected: str) -> None:
    events = [e for i, e in enumerate(_chain(6)) if i not in drop]
    assert expected in _summary(events)


def test_the_break_alone_still_names_its_event() -> None:
    events = _chain(3)
    events[0]["reason"] = "rewritten"
    broken = find_break(events)
    assert broken is not None
    assert broken.message == "event 1 was altered after it was recorded"
    assert "(it is the first event the database holds)" in _summary(events)


def test_the_first_events_deleted_are_named_missing() -> None:
    """Event 1 deleted: "it does not link to the event before it (it is the first event)"
    named no event missing, and contradicted itself."""
    events = _chain(4)[1:]
    said = _summary(events)
    assert said.startswith("audit trail broken at event 2: event 1 is missing before it "
                           "(it is the first event the database holds)"), said
    assert "events 1 to 2 are missing before it" in _summary(_chain(4)[2:])


def test_a_relinked_event_says_what_could_have_happened() -> None:
    events = _chain(4)
    events[2]["prev_hash"] = "ab" * 32
    said = _summary(events)
    assert said.startswith("audit trail broken at event 3: it does not link to the event "
                           "before it: an event was removed, inserted or moved before it (")
