"""Accepting a re-screening asks why, as every other recorded decision does: a blank reason
is refused at the reason field before anything is written, and the reason given is the
audit event's reason (one reason for all the cases accepted at once)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from approvals.domain.errors import InputError
from approvals.services.screening import accept_rescreen, accept_rescreens, check_open_cases
from approvals.store.models import Event
from tests.unit.test_open_cases_check import NEW_DAY
from tests.unit.test_screening_service import (
    _create,
    _table_counts,
    stricter_rulebook,  # noqa: F401 (fixture)
)

AFFECTED = {"target.ai.max_training_compute_ops": 5e22}


@pytest.mark.parametrize("blank", ["", "   \n"])
def test_a_blank_reason_is_refused_at_its_field_and_nothing_is_written(
        db, admin, stricter_rulebook, blank) -> None:  # noqa: F811
    case = _create(db, admin, AFFECTED)
    with db.read_session() as session:
        before = _table_counts(session)
    with pytest.raises(InputError) as one, db.session() as session:
        accept_rescreen(session=session, case_id=case.id, actor=admin, reason=blank,
                        as_of=NEW_DAY, rulebook=stricter_rulebook)
    with pytest.raises(InputError) as several, db.session() as session:
        accept_rescreens(session=session, references=[case.reference], actor=admin,
                         reason=blank, as_of=NEW_DAY, rulebook=stricter_rulebook)
    for refused in (one.value, several.value):
        assert [p.path for p in refused.problems] == ["reason"]
        assert "why" in str(refused)
    with db.read_session() as session:
        assert _table_counts(session) == before
        # Still listed: the stored screening is the old one.
        assert check_open_cases(session=session, as_of=NEW_DAY,
                                rulebook=stricter_rulebook).cases_changed == 1


def test_the_reason_is_the_events_reason_for_one_case_and_for_several(
        db, admin, stricter_rulebook) -> None:  # noqa: F811
    alone = _create(db, admin, AFFECTED)
    first, second = _create(db, admin, AFFECTED), _create(db, admin, AFFECTED)
    with db.session() as session:
        accept_rescreen(session=session, case_id=alone.id, actor=admin, as_of=NEW_DAY,
                        rulebook=stricter_rulebook, reason="  US threshold lowered  ")
    with db.session() as session:
        accept_rescreens(session=session, references=[first.reference, second.reference],
                         actor=admin, as_of=NEW_DAY, rulebook=stricter_rulebook,
                         reason="2027 US-OISP rule in force")
    with db.read_session() as session:
        reasons = {e.case_id: e.reason for e in session.exec(
            select(Event).where(Event.action == "case.rescreen_accepted"))}
    assert reasons == {alone.id: "US threshold lowered",
                       first.id: "2027 US-OISP rule in force",
                       second.id: "2027 US-OISP rule in force"}
