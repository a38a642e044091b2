"""Correcting a condition after the decision was recorded: its text mistyped, its due date
wrong. Before, a condition could only be marked fulfilled, waived or re-opened; a typo
stayed in the record, the deadline list and the status report for good."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlmodel import col, select

from approvals.domain import workflow as wf
from approvals.domain.errors import (
    ConflictError,
    InputError,
    PermissionDenied,
    TransitionRefused,
)
from approvals.domain.event_text import EventFacts, event_sentence
from approvals.domain.permissions import PERMISSIONS
from approvals.services.workflow import (
    add_condition,
    edit_condition,
    list_obligations,
    set_obligation_status,
)
from approvals.store.audit import Actor, verify_chain
from approvals.store.db import Database
from approvals.store.models import Case, Event, Obligation
from tests.unit.test_case_lifecycle import (
    ALL,
    BOSS,
    PREP,
    TODAY,
    cleared_with_conditions,
    tracks,
)

DECIDED = TODAY  # the decision takes effect on the day it is recorded (no date given)


def _conditions(db: Database, *conditions: Any) -> tuple[int, list[int]]:
    """A case whose CN-FISR track was cleared with `conditions` (the case id, their ids)."""
    case_id = cleared_with_conditions(db, list(conditions))[0]
    with db.read_session() as s:
        ids = [i for i in s.exec(select(Obligation.id).order_by(col(Obligation.id))).all()
               if i is not None]
    return case_id, ids


def _seen(db: Database, obligation_id: int) -> Any:
    with db.read_session() as s:
        track_id = s.get(Obligation, obligation_id).track_id  # type: ignore[union-attr]
        return next(o for o in list_obligations(session=s, track_id=track_id, today=TODAY)
                    if o.id == obligation_id)


def _edit(db: Database, obligation_id: int, actor: Actor = ALL, **changes: Any) -> None:
    seen = _seen(db, obligation_id)
    given: dict[str, Any] = {"text": seen.text, "due_date": seen.due_date,
                             "reason": "typo in the decision", "expected": seen, **changes}
    with db.session() as s:
        edit_condition(session=s, obligation_id=obligation_id, actor=actor, today=TODAY,
                       **given)


def _edits(db: Database) -> list[Event]:
    with db.read_session() as s:
        return [Event(**e.model_dump()) for e in s.exec(
            select(Event).where(Event.action == "obligation.edited").order_by(col(Event.id)))]


def test_the_text_and_the_due_date_corrected_each_leave_an_event_old_to_new(
        db: Database) -> None:
    _case, (oid,) = _conditions(db, {"text": "Keep the dta in China", "due_date": "2027-03-01"})
    _edit(db, oid, text="Keep the data in China", due_date="2027-04-01",
          reason="the letter says 1 April")
    seen = _seen(db, oid)
    assert (seen.text, seen.due_date, seen.status) == (
        "Keep the data in China", "2027-04-01", "open")
    text, due = _edits(db)
    assert (text.field, text.old_value, text.new_value, text.reason) == (
        "text", '"Keep the dta in China"', '"Keep the data in China"', "the letter says 1 April")
    assert (due.field, due.old_value, due.new_value, due.reason) == (
        "due_date", '"2027-03-01"', '"2027-04-01"', "the letter says 1 April")
    assert due.actor == "alice" and due.role  # who, as which role
    with db.read_session() as s:
        assert verify_chain(s)[1] is None  # the trail still verifies


def test_the_events_are_said_in_words(db: Database) -> None:
    text = event_sentence(EventFacts("obligation.edited", "7", "text", "Keep dta", "Keep data"))
    assert text == "condition corrected: 'Keep dta' → 'Keep data'"
    due = event_sentence(EventFacts("obligation.edited", "7", "due_date", "2027-03-01",
                                    "2027-03-31", {"counted": [None, "90 calendar days after "
                                                               "1 Dec 2026"]}),
                         condition="Keep data")
    assert due == ("condition 'Keep data' due date corrected: 1 Mar 2027 → 31 Mar 2027 "
                   "(90 calendar days after 1 Dec 2026)")


def test_a_due_date_in_days_is_counted_from_the_decision_on_the_tracks_calendar(
        db: Database) -> None:
    _case, (oid,) = _conditions(db, "Report yearly")
    _edit(db, oid, due_date=None, due_days=20, due_unit="working")
    seen = _seen(db, oid)
    assert (seen.due_days, seen.due_unit) == (20, "working")
    assert seen.counted and seen.counted.startswith("20 working days after")
    assert seen.due_date is not None and date.fromisoformat(seen.due_date) > DECIDED
    (due,) = _edits(db)
    assert due.old_value is None and due.new_value == f'"{seen.due_date}"'


def test_only_the_roles_that_record_the_decision_may_correct_it(db: Database) -> None:
    deciding = next(t for t in wf.workflow("CN-FISR").transitions
                    if t.name == "clear_with_conditions").roles
    assert PERMISSIONS["case.edit"] == frozenset(deciding)  # the permission edit_condition asks
    _case, (oid,) = _conditions(db, "Keep the data in China")
    for refused in (BOSS, Actor("rita", ("reviewer",))):
        with pytest.raises(PermissionDenied):
            _edit(db, oid, actor=refused, text="Keep all data in China")
    assert _edits(db) == []
    _edit(db, oid, actor=PREP, text="Keep all data in China")
    _edit(db, oid, actor=Actor("ada", ("admin",)), text="Keep every byte in China")
    assert [e.actor for e in _edits(db)] == ["pat", "ada"]


def test_a_condition_changed_since_it_was_seen_is_refused_and_left_as_it_is(
        db: Database) -> None:
    _case, (oid,) = _conditions(db, "Keep the data in China")
    stale = _seen(db, oid)
    _edit(db, oid, text="Keep all data in China")  # a colleague corrected it first
    with pytest.raises(ConflictError, match="changed since you saw it"), db.session() as s:
        edit_condition(session=s, obligation_id=oid, actor=ALL, reason="typo",
                       text="Keep the data in the PRC", expected=stale)
    assert _seen(db, oid).text == "Keep all data in China"
    assert len(_edits(db)) == 1


@pytest.mark.parametrize(("changes", "path", "message"), [
    ({"due_date": "2026-10-01"}, "due_date", "1 Oct 2026 is before the decision date, 2 Nov 2026"),
    ({"due_date": "2027-02-30"}, "due_date", ""),
    ({"due_date": "2027-03-01", "due_days": 10}, "due_days", "not both"),
    ({"due_date": None, "due_days": -3}, "due_days", "whole number"),
    ({"text": "  "}, "text", "required"),
    ({"reason": " "}, "reason", "say why"),
    ({}, "text", "nothing to correct"),
])
def test_bad_input_is_refused_at_its_field_and_nothing_changes(
        db: Database, changes: dict[str, Any], path: str, message: str) -> None:
    _case, (oid,) = _conditions(db, {"text": "Keep the data in China",
                                     "due_date": "2027-03-01"})
    with pytest.raises(InputError) as refused:
        _edit(db, oid, **changes)
    assert path in [p.path for p in refused.value.problems]
    assert message in str(refused.value)
    assert _seen(db, oid).due_date == "2027-03-01" and _edits(db) == []


def test_a_waived_condition_or_a_closed_case_is_not_corrected(db: Database) -> None:
    case_id, (waived, kept) = _conditions(db, "Keep the data in China", "Report yearly")
    with db.session() as s:
        set_obligation_status(session=s, obligation_id=waived, status="waived", actor=ALL,
                              reason="lifted")
    with pytest.raises(TransitionRefused, match="Re-open it first"):
        _edit(db, waived, text="Keep all data in China")
    with db.session() as s:  # closed (its conditions still open: as a closing leaves them)
        case = s.get(Case, case_id)
        assert case is not None
        case.status = "closed"
        s.add(case)
    with pytest.raises(TransitionRefused, match="closed"):
        _edit(db, kept, text="Report every year")
    assert _edits(db) == []


# -- a condition the authority adds later ---------------------------------------------------
def _fisr(db: Database, case_id: int) -> Any:
    return next(t for t in tracks(db, case_id) if t.regime == "CN-FISR")


def test_a_condition_added_later_is_stored_with_its_reason(db: Database) -> None:
    case_id, _ids = _conditions(db, "Keep the data in China")
    fisr = _fisr(db, case_id)
    with db.session() as s:
        add_condition(session=s, track_id=fisr.id, actor=PREP, reason="MOFCOM letter of 9 Dec",
                      text="Report yearly", due_days=30, expected_version=fisr.version,
                      today=TODAY)
    with db.read_session() as s:
        rows = list_obligations(session=s, track_id=fisr.id, today=TODAY)
        (event,) = s.exec(select(Event).where(Event.action == "obligation.created",
                                              Event.entity_id == str(rows[1].id))).all()
        assert (event.actor, event.reason) == ("pat", "MOFCOM letter of 9 Dec")
    assert [r.text for r in rows] == ["Keep the data in China", "Report yearly"]
    assert rows[1].due_days == 30 and rows[1].counted == "30 calendar days after 2 Nov 2026"


def test_adding_is_refused_for_a_stale_track_a_bad_date_a_reviewer_and_a_plain_clearance(
        db: Database) -> None:
    case_id, _ids = _conditions(db, "Keep the data in China")
    fisr = _fisr(db, case_id)
    given = {"track_id": fisr.id, "reason": "letter", "text": "Report yearly", "today": TODAY}
    with pytest.raises(ConflictError), db.session() as s:
        add_condition(session=s, actor=ALL, expected_version=fisr.version - 1, **given)
    with pytest.raises(InputError, match="before the decision date"), db.session() as s:
        add_condition(session=s, actor=ALL, expected_version=fisr.version,
                      **{**given, "due_date": "2026-11-01"})
    with pytest.raises(InputError, match="say why"), db.session() as s:
        add_condition(session=s, actor=ALL, expected_version=fisr.version,
                      **{**given, "reason": ""})
    with pytest.raises(PermissionDenied), db.session() as s:
        add_condition(session=s, actor=BOSS, expected_version=fisr.version, **given)
    other = next(t for t in tracks(db, case_id) if t.regime != "CN-FISR")
    with pytest.raises(TransitionRefused, match="not cleared with conditions"), \
            db.session() as s:
        add_condition(session=s, actor=ALL, expected_version=other.version,
                      **{**given, "track_id": other.id})
    with db.read_session() as s:
        assert len(list_obligations(session=s, track_id=fisr.id)) == 1
