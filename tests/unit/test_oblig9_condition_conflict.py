"""Marking a condition from a stale view: the status the officer saw is checked, so a
colleague's waiver is not turned into a fulfilment unseen (it was, its reason left
behind, with an audit event saying "waived → fulfilled" the officer never meant)."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from approvals.domain.errors import ConflictError
from approvals.services.workflow import set_obligation_status
from approvals.store.db import Database
from approvals.store.models import Event, Obligation
from tests.unit.test_case_lifecycle import (
    ALL,
    cleared_with_conditions,
)


def _one_condition(db: Database) -> int:
    cleared_with_conditions(db, ["Keep the data in China"])
    with db.read_session() as s:
        obligation_id = s.exec(select(Obligation.id)).one()
    assert obligation_id is not None
    return obligation_id


def _state(db: Database, obligation_id: int) -> tuple[str, int]:
    with db.read_session() as s:
        row = s.get(Obligation, obligation_id)
        assert row is not None
        events = s.exec(select(Event.id).where(col(Event.action) == "obligation.status")).all()
        return row.status, len(events)


def test_a_status_changed_since_it_was_seen_is_refused_and_left_as_it_is(
        db: Database) -> None:
    obligation_id = _one_condition(db)
    with db.session() as s:  # a colleague waives it
        set_obligation_status(session=s, obligation_id=obligation_id, status="waived",
                              actor=ALL, reason="lifted by letter", expected="open")
    before = _state(db, obligation_id)
    with pytest.raises(ConflictError) as refused, db.session() as s:
        set_obligation_status(session=s, obligation_id=obligation_id, status="fulfilled",
                              actor=ALL, expected="open")
    assert str(refused.value) == (
        "The condition “Keep the data in China” is waived now: someone else changed it "
        "since you saw it open. Nothing was changed; it is shown as it is now.")
    assert _state(db, obligation_id) == before == ("waived", 1)


def test_the_status_seen_still_there_lets_the_change_through(db: Database) -> None:
    obligation_id = _one_condition(db)
    with db.session() as s:
        set_obligation_status(session=s, obligation_id=obligation_id, status="fulfilled",
                              actor=ALL, expected="open")
    assert _state(db, obligation_id) == ("fulfilled", 1)
