"""Case life cycle loose ends: "Cannot close yet" names an open condition by its own words,
not cut short by the estimated-due-date note the app appends to its stored text."""

from __future__ import annotations

from sqlmodel import select

from approvals.services import case_lifecycle as lc
from approvals.store.db import Database
from approvals.store.models import Obligation
from tests.unit.test_case_lifecycle import (
    cleared_with_conditions,
)

# Under 80 characters: fits the message's 80 alone, not with the note after it.
CONDITION = "Keep the personal data of mainland users on servers located in mainland China"
NOTE = " (due date estimated: no official CN holiday schedule is held for 2027)"


def test_cannot_close_yet_names_the_condition_without_the_estimate_note(db: Database) -> None:
    _case_id, ref, fisr_id = cleared_with_conditions(db, [CONDITION])
    with db.session() as s:  # as stored when its due date fell in an estimated year
        condition = s.exec(select(Obligation).where(Obligation.track_id == fisr_id)).one()
        condition.text = CONDITION + NOTE
    with db.read_session() as s:
        close = lc.lifecycle_availability(s, reference=ref).close
    assert f"condition “{CONDITION}” is open" in close
    assert "estimated" not in close
