"""The open-cases check (View → Check open cases…): every open case screened again on a
date, what changes and why, progress and cancel; accepting the re-screening of several
cases at once, a case closed since the listing left out and said."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import text
from sqlmodel import select

from approvals.domain.errors import Cancelled, PermissionDenied
from approvals.domain.rulebook import default_rulebook
from approvals.services import screening as service
from approvals.services.screening import accept_rescreens, check_open_cases, current_screening
from approvals.store.audit import Actor, verify_chain
from approvals.store.models import Event
from tests.unit.test_screening_service import (
    _create,
    _table_counts,
    _tracks,
    stricter_rulebook,  # noqa: F401 (fixture)
)

NEW_DAY = date(2027, 1, 1)


def test_the_check_counts_the_open_cases_and_says_why_each_outcome_changes(
        db, admin, stricter_rulebook) -> None:  # noqa: F811
    affected = _create(db, admin, {"target.ai.max_training_compute_ops": 5e22})
    _create(db, admin, {"target.ai.max_training_compute_ops": 1e21})
    closed = _create(db, admin, {"target.ai.max_training_compute_ops": 5e22})
    with db.session() as session:
        session.connection().execute(text("UPDATE cases SET status = 'closed' WHERE id = :i"),
                                     {"i": closed.id})
    with db.read_session() as session:
        before = _table_counts(session)
        check = check_open_cases(session=session, as_of=NEW_DAY, rulebook=stricter_rulebook)
        assert _table_counts(session) == before  # a read: nothing stored
    assert (check.as_of, check.rulebook, check.open_cases) == (
        NEW_DAY, stricter_rulebook.version, 2)
    assert check.cases_changed == 1
    [change] = check.changes
    assert (change.reference, change.regime, change.old_outcome, change.new_outcome) == (
        affected.reference, "US-OISP", "not_required", "notification_required")
    assert change.target and change.target == affected.facts.target.name_en
    assert change.old_as_of == date(2026, 12, 1)  # the stored screening's date
    assert "US-OISP.notifiable.2027-test" in change.rules
    # The reason that decides it quotes the fact and the new threshold.
    assert any("5e22" in line and "1e22" in line for line in change.why), change.why


def test_the_check_reports_progress_by_batch_and_stops_when_cancelled(
        db, admin, monkeypatch) -> None:
    monkeypatch.setattr(service, "RESCREEN_BATCH", 2)
    for _ in range(5):
        _create(db, admin, {})
    said: list[tuple[float, str]] = []
    with db.read_session() as session:
        check = check_open_cases(session=session, as_of=date(2026, 12, 1),
                                 progress=lambda f, m: said.append((f, m)))
    assert check.open_cases == 5 and check.changes == ()
    assert [round(f, 2) for f, _m in said] == [0.4, 0.8, 1.0]
    assert said[-1][1] == "Screened 5 of 5 open cases"
    with pytest.raises(Cancelled), db.read_session() as session:
        check_open_cases(session=session, as_of=date(2026, 12, 1), cancelled=lambda: True)


def test_accepting_several_stores_each_and_leaves_out_a_case_closed_since(
        db, admin, stricter_rulebook) -> None:  # noqa: F811
    first = _create(db, admin, {"target.ai.max_training_compute_ops": 5e22})
    second = _create(db, admin, {"target.ai.max_training_compute_ops": 5e22})
    closed_since = _create(db, admin, {"target.ai.max_training_compute_ops": 5e22})
    with db.read_session() as session:
        listed = check_open_cases(session=session, as_of=NEW_DAY, rulebook=stricter_rulebook)
    assert listed.cases_changed == 3
    with db.session() as session:
        session.connection().execute(text("UPDATE cases SET status = 'closed' WHERE id = :i"),
                                     {"i": closed_since.id})
    with db.session() as session:
        done = accept_rescreens(session=session, actor=admin, as_of=NEW_DAY,
                                rulebook=stricter_rulebook,
                                references=[c.reference for c in listed.changes],
                                reason="stricter rulebook in force")
    assert [ref for ref, _a in done.accepted] == [first.reference, second.reference]
    assert [ref for ref, _why in done.refused] == [closed_since.reference]
    assert "closed" in done.refused[0][1]
    with db.read_session() as session:
        for case in (first, second):
            stored = current_screening(session, case.id)
            assert stored is not None and stored.rulebook_version == stricter_rulebook.version
            assert _tracks(session, case.id)["US-OISP"].outcome == "notification_required"
        accepted = session.exec(select(Event).where(Event.action == "case.rescreen_accepted")).all()
        assert sorted(e.case_id for e in accepted) == sorted([first.id, second.id])
        assert json.loads(accepted[0].details)["changes"][0]["new"] == "notification_required"
        assert current_screening(session, closed_since.id).rulebook_version == \
            default_rulebook().version
        assert verify_chain(session)[1] is None
        # Nothing left to accept for the two.
        left = check_open_cases(session=session, as_of=NEW_DAY, rulebook=stricter_rulebook)
        assert left.changes == ()


def test_a_reviewer_may_check_but_not_accept(db, admin) -> None:
    case = _create(db, admin, {})
    reviewer = Actor("rita", ("reviewer",))
    with db.read_session() as session:
        assert check_open_cases(session=session, as_of=date(2026, 12, 1)).open_cases == 1
    with pytest.raises(PermissionDenied), db.session() as session:
        accept_rescreens(session=session, references=[case.reference], actor=reviewer,
                         reason="new rules")
    with db.read_session() as session:
        assert session.exec(select(Event).where(
            Event.action == "case.rescreen_accepted")).all() == []
