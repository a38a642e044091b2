"""Properties of the audit chain's hashing (domain.audit): the hash covers exactly the hashed
fields, whatever order a mapping holds them in; any change to one of them, however small
(one character, NFC against NFD, 1 against "1"), changes it; and any edit, removal,
insertion or reordering inside a chain is found at the first event it touches."""

from __future__ import annotations

import unicodedata
from typing import Any

from hypothesis import assume, example, given
from hypothesis import strategies as st

from approvals.domain.audit import (
    ACTIONS_CHANGING_CONTENT,
    GENESIS,
    HASHED_FIELDS,
    Anchor,
    anchor_break,
    canonical_json,
    event_hash,
    find_break,
)

texts = st.sampled_from(["", "alice", "Café", "税务局", "line\nbreak"]) | st.text(max_size=6)
json_texts = st.none() | st.sampled_from(['"draft"', "51", "null", '["CN"]', '{"a": 1}', '"Café"'])
events = st.fixed_dictionaries({
    "occurred_at": st.integers(0, 10**9).map(lambda s: f"2026-11-29T12:00:00.{s:09d}Z"),
    "actor": texts,
    "role": st.sampled_from(["preparer", "reviewer", "approver", "admin"]),
    "action": st.sampled_from(sorted(ACTIONS_CHANGING_CONTENT)),
    "entity": st.sampled_from(["case", "track", "document", "user"]),
    "entity_id": st.none() | st.integers(1, 10**6) | texts,
    "case_id": st.none() | st.integers(1, 10**6),
    "track_id": st.none() | st.integers(1, 10**6),
    "field": st.none() | texts,
    "old_value": json_texts,
    "new_value": json_texts,
    "reason": st.none() | texts,
    "details": st.sampled_from(["{}", '{"clock": "stopped"}', '{"phase": "general_review"}']),
})


def chain(contents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events as the store records them: ids from 1, each linked to the one before."""
    out, prev = [], GENESIS
    for i, content in enumerate(contents, start=1):
        event = {**content, "id": i, "prev_hash": prev}
        event["hash"] = prev = event_hash(prev, event)
        out.append(event)
    return out


def other_value(value: Any, data: st.DataObject) -> Any:
    """A value that is not `value`, not even equal to it under Python's == (1 vs 1.0 vs True)."""
    new = data.draw(st.none() | st.integers() | st.text(max_size=8) | st.booleans() | st.floats(allow_nan=False))
    assume(canonical_json(new) != canonical_json(value))
    return new


@given(events, st.randoms(use_true_random=False), st.dictionaries(st.text(max_size=8), texts, max_size=3))
def test_the_hash_covers_the_hashed_fields_in_any_order_and_nothing_else(
    event: dict[str, Any], rng: Any, extra: dict[str, str],
) -> None:
    event = {**event, "id": 7}
    shuffled_keys = list(event)
    rng.shuffle(shuffled_keys)
    shuffled = {k: event[k] for k in shuffled_keys}
    # Fields that are not hashed (the hash itself, the link, anything a later version adds).
    unhashed = {k: v for k, v in {**extra, "hash": "x", "prev_hash": "y"}.items() if k not in HASHED_FIELDS}
    assert event_hash(GENESIS, shuffled) == event_hash(GENESIS, event)
    assert event_hash(GENESIS, {**event, **unhashed}) == event_hash(GENESIS, event)


@given(events, st.sampled_from(HASHED_FIELDS), st.data())
@example({"reason": "Café"}, "reason", None)  # NFC against NFD: the text as typed is the record
def test_any_change_to_a_hashed_field_changes_the_hash(
    event: dict[str, Any], name: str, data: st.DataObject | None,
) -> None:
    event = {**event, "id": 3}
    if data is None:
        changed = unicodedata.normalize("NFD", event[name])
        assert changed != event[name]
    else:
        changed = other_value(event.get(name), data)
    before = event_hash(GENESIS, event)
    assert event_hash(GENESIS, {**event, name: changed}) != before
    # ... and so does a different link to the event before.
    assert event_hash("f" * 64, event) != before


@given(st.lists(events, min_size=1, max_size=5))
def test_an_intact_chain_checks_out_and_its_head_matches_its_anchor(contents: list[dict[str, Any]]) -> None:
    events_ = chain(contents)
    assert find_break(events_) is None
    head = events_[-1]
    assert anchor_break(Anchor(head["id"], head["hash"], "2026-11-29T12:00:00Z"), head["id"], head["hash"]) is None


@given(st.lists(events, min_size=2, max_size=5), st.data())
def test_an_edited_event_is_found_where_it_was_edited(contents: list[dict[str, Any]], data: st.DataObject) -> None:
    events_ = chain(contents)
    at = data.draw(st.integers(0, len(events_) - 1))
    name = data.draw(st.sampled_from([f for f in HASHED_FIELDS if f != "id"]))
    events_[at] = {**events_[at], name: other_value(events_[at].get(name), data)}
    found = find_break(events_)
    assert found is not None and found.event_id == at + 1
    assert "altered" in found.message


@given(st.lists(events, min_size=3, max_size=5), st.data())
def test_a_removed_or_reordered_event_is_found_at_the_first_event_it_moves(
    contents: list[dict[str, Any]], data: st.DataObject,
) -> None:
    events_ = chain(contents)
    at = data.draw(st.integers(0, len(events_) - 2))
    if data.draw(st.booleans()):
        del events_[at]  # the events after it no longer follow on
        first_moved = events_[at]["id"]
    else:
        events_[at], events_[at + 1] = events_[at + 1], events_[at]
        first_moved = events_[at]["id"]
    found = find_break(events_)
    assert found is not None and found.event_id == first_moved


@given(st.lists(events, min_size=2, max_size=5), st.data())
def test_a_chain_cut_at_the_end_is_found_by_its_anchor(contents: list[dict[str, Any]], data: st.DataObject) -> None:
    """Cutting the newest events leaves a chain that checks out by itself: the anchor (the
    head recorded outside the database) is what tells."""
    events_ = chain(contents)
    head = events_[-1]
    anchor = Anchor(head["id"], head["hash"], "2026-11-29T12:00:00Z")
    kept = data.draw(st.integers(0, len(events_) - 1))
    cut = events_[:kept]
    assert find_break(cut) is None
    assert anchor_break(anchor, cut[-1]["id"] if cut else 0, None) is not None
    # Cut and written anew up to the anchor's id: the hash there no longer matches.
    rewritten = chain([*contents[:kept], *data.draw(st.lists(events, min_size=len(events_) - kept,
                                                             max_size=len(events_) - kept))])
    same = rewritten[-1]["hash"] == head["hash"]
    assert (anchor_break(anchor, rewritten[-1]["id"], rewritten[-1]["hash"]) is None) == same
