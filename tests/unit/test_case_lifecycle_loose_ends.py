"""Case life cycle loose ends: "Cannot close yet" names an open condition by its own words,
not cut short by the estimated-due-date note the app appends to its stored text."""

from __future__ import annotations

from sqlmodel import select

from approvals.services import case_lifecycle as lc
from approvals.services.workflow import transition
from approvals.store.db import Database
from approvals.store.models import Obligation
from tests.unit.test_case_lifecycle import ALL, TODAY, new_case, set_track, tracks

# Under 80 characters: fits the message's 80 alone, not with the note after it.
CONDITION = "Keep the personal data of mainland users on servers located in mainland China"
NOTE = " (due date estimated: no official CN holiday schedule is held for 2027)"


def test_cannot_close_yet_names_the_condition_without_the_estimate_note(db: Database) -> None:
    case_id, ref = new_case(db)
    fisr = next(t for t in tracks(db, case_id) if t.regime == "CN-FISR")
    set_track(db, fisr.id, state="general_review")
    with db.session() as s:
        transition(session=s, track_id=fisr.id, transition_name="clear_with_conditions",
                   actor=ALL, reason="decided", expected_version=fisr.version, today=TODAY,
                   conditions=[CONDITION])
    with db.session() as s:  # as stored when its due date fell in an estimated year
        condition = s.exec(select(Obligation).where(Obligation.track_id == fisr.id)).one()
        condition.text = CONDITION + NOTE
    with db.read_session() as s:
        close = lc.lifecycle_availability(s, reference=ref).close
    assert f"condition “{CONDITION}” is open" in close
    assert "estimated" not in close
