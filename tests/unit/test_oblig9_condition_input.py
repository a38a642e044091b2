"""The service refuses what the step dialog refuses, for every caller: a condition due
before the decision, or given both a due date and days (the days were dropped without a
word). Refused, the step changes nothing."""

from __future__ import annotations

import pytest

from approvals.domain.errors import InputError
from approvals.services.workflow import transition
from approvals.store.db import Database
from tests.unit.test_case_lifecycle import ALL, TODAY, everything, new_case, set_track, tracks


@pytest.mark.parametrize("condition, path, message", [
    ({"text": "Report to NDRC", "due_date": "2026-10-30"}, "conditions[0].due_date",
     "30 Oct 2026 is before the decision date, 2 Nov 2026"),
    ({"text": "Report to NDRC", "due_date": "2027-01-15", "due_days": 30},
     "conditions[0].due_days", "give a due date or a number of days, not both"),
])
def test_a_condition_the_dialog_refuses_is_refused_by_the_service(
        db: Database, condition: dict, path: str, message: str) -> None:
    case_id, _ref = new_case(db)
    fisr = next(t for t in tracks(db, case_id) if t.regime == "CN-FISR")
    set_track(db, fisr.id, state="general_review")
    before = everything(db)
    with pytest.raises(InputError) as refused, db.session() as s:
        transition(session=s, track_id=fisr.id, transition_name="clear_with_conditions",
                   actor=ALL, reason="decided", expected_version=fisr.version, today=TODAY,
                   on=TODAY.isoformat(), conditions=[condition])
    assert [(p.path, p.message) for p in refused.value.problems] == [(path, message)]
    assert everything(db) == before
