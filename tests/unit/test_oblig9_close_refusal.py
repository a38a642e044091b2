"""Closing a case with open conditions: the refusal says where each is dealt with, and a
track's many conditions are one problem naming the first few, not one line each (five
open conditions made the Close case… tooltip five sentences of "the CN-FISR condition …
is open: mark it fulfilled or waived")."""

from __future__ import annotations

from approvals.services import case_lifecycle as lc
from approvals.store.db import Database
from approvals.store.models import Obligation
from tests.unit.test_case_lifecycle import (
    cleared_with_conditions,
    new_case,
    set_track,
    tracks,
)

CONDITIONS = [f"Condition number {n}" for n in range(1, 6)]


def _cleared_with(db: Database, conditions: list[str]) -> str:
    return cleared_with_conditions(db, conditions)[1]


def _close_refusal(db: Database, ref: str) -> str:
    with db.read_session() as s:
        return lc.lifecycle_availability(s, reference=ref).close


def test_many_open_conditions_are_one_problem_naming_the_first_three(db: Database) -> None:
    close = _close_refusal(db, _cleared_with(db, CONDITIONS))
    assert ("5 CN-FISR conditions are open (“Condition number 1”, “Condition number 2”, "
            "“Condition number 3” and 2 more): mark each fulfilled or waived "
            "(case window, Tracks tab)") in close
    assert "Condition number 4" not in close
    assert close.count("is open") == 0


def test_each_problem_says_where_it_is_dealt_with(db: Database) -> None:
    close = _close_refusal(db, _cleared_with(db, CONDITIONS[:1]))
    assert "CN-FISR is Cleared with conditions: record its Close step first (case window, " \
           "Tracks tab)" in close
    assert "the CN-FISR condition “Condition number 1” is open: mark it fulfilled or " \
           "waived (case window, Tracks tab)" in close


def test_a_plain_clearances_follow_up_is_called_so(db: Database) -> None:
    """A renewal the rules made after a plain clearance was "the … condition …"; the
    Tracks tab calls it a follow-up."""
    case_id, ref = new_case(db)
    fisr = next(t for t in tracks(db, case_id) if t.regime == "CN-FISR")
    set_track(db, fisr.id, state="cleared")
    with db.session() as s:
        s.add(Obligation(track_id=fisr.id, text="Apply to renew the assessment"))
    close = _close_refusal(db, ref)
    assert "the CN-FISR follow-up “Apply to renew the assessment” is open: mark it " \
           "fulfilled or waived (case window, Tracks tab)" in close
    assert "condition" not in close
