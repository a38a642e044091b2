"""Screening services: stored screenings, opened tracks, re-screening listed then accepted."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import select

from approvals.domain.errors import PermissionDenied
from approvals.domain.facts import parse_facts
from approvals.domain.rulebook import default_rulebook, default_rulebook_dir, load_rulebook
from approvals.domain.screening import ScreeningResult
from approvals.domain.workflow import track_kind_for
from approvals.services.cases import create_case
from approvals.services.screening import (
    accept_rescreen,
    current_screening,
    open_tracks,
    rescreen_open_cases,
    screen_case,
    screening_history,
)
from approvals.store.audit import Actor, verify_chain
from approvals.store.models import Case, Event, FilingTrack, Screening
from tests.unit.test_screening import facts_with

TODAY = date(2026, 12, 1)


def _create(db, admin, changes, status="open"):
    with db.session() as session:
        return create_case(session, facts=parse_facts(facts_with(changes)), actor=admin, status=status, today=TODAY)


def _tracks(session, case_id):
    return {t.regime: t for t in session.exec(select(FilingTrack).where(FilingTrack.case_id == case_id)).all()}


def _table_counts(session) -> dict[str, int]:
    return {
        name: session.connection().execute(text(f"SELECT count(*) FROM {name}")).scalar_one()
        for name in ("screenings", "filing_tracks", "events", "cases")
    }


def test_created_case_is_screened_and_tracks_opened(db, admin) -> None:
    case = _create(db, admin, {"target.ai.max_training_compute_ops": 3.1e25,
                               "deal.data_export.pi_subjects_current_year": 250_000})
    with db.read_session() as session:
        stored = current_screening(session, case.id)
        assert stored is not None
        assert stored.rulebook_version == default_rulebook().version
        assert stored.as_of == TODAY and stored.current
        row = session.exec(select(Screening).where(Screening.case_id == case.id)).one()
        # The stored result is the `screen --json` document plus each reason's Chinese
        # text and citation (the bilingual filings print them).
        assert json.loads(row.result) == stored.result.to_storage_dict()
        stored_reasons = [r for d in json.loads(row.result)["determinations"] for r in d["reasons"]]
        assert all(list(r) == ["rule", "citation", "text", "text_zh", "citation_zh"] for r in stored_reasons)
        assert all(r["text_zh"] and r["citation_zh"] for r in stored_reasons)
        assert list(json.loads(row.result)) == ["as_of", "rulebook", "determinations"]
        assert row.rulebook_version == json.loads(row.result)["rulebook"]
        tracks = _tracks(session, case.id)
        assert set(tracks) == {"US-OISP", "CN-DATA-EXPORT"}
        assert tracks["US-OISP"].kind == "US-OISP" and tracks["US-OISP"].outcome == "prohibited"
        assert tracks["CN-DATA-EXPORT"].kind == track_kind_for("CN-DATA-EXPORT", "filing_required")
        assert all(t.state == "draft" for t in tracks.values())
        actions = [e.action for e in session.exec(select(Event).where(Event.case_id == case.id)).all()]
        assert actions[:2] == ["case.created", "case.screened"]
        assert actions.count("track.opened") == 2
        assert verify_chain(session)[1] is None


def test_draft_case_is_not_screened(db, admin) -> None:
    case = _create(db, admin, {"target.ai.max_training_compute_ops": 3.1e25}, status="draft")
    with db.read_session() as session:
        assert current_screening(session, case.id) is None
        assert _tracks(session, case.id) == {}


def test_rescreening_keeps_history_and_skips_existing_tracks(db, admin) -> None:
    case = _create(db, admin, {"target.ai.max_training_compute_ops": 3.1e25})
    with db.session() as session:
        second = screen_case(session=session, case_id=case.id, actor=admin, as_of=date(2026, 12, 2),
                             include_proposed=True)
        assert open_tracks(session=session, case_id=case.id, actor=admin) == ()
    with db.read_session() as session:
        history = screening_history(session, case.id)
        assert [s.current for s in history] == [True, False]
        assert history[0].id == second.id and history[0].include_proposed
        assert history[0].result.determination("CN-US-CAPITAL") is not None
        assert list(_tracks(session, case.id)) == ["US-OISP"]


def test_reviewer_may_screen_but_not_accept(db, admin) -> None:
    case = _create(db, admin, {})
    reviewer = Actor("rita", ("reviewer",))
    with db.session() as session:
        screen_case(session=session, case_id=case.id, actor=reviewer, as_of=TODAY)
    with pytest.raises(PermissionDenied), db.session() as session:
        accept_rescreen(session=session, case_id=case.id, actor=reviewer, as_of=TODAY,
                        reason="new rules")
    with pytest.raises(PermissionDenied), db.session() as session:
        screen_case(session=session, case_id=case.id, actor=Actor("nobody", ()), as_of=TODAY)


@pytest.fixture
def stricter_rulebook(tmp_path: Path):
    """The shipped rulebook with a lower US notification threshold from 2027-01-01."""
    target = tmp_path / "rulebook"
    shutil.copytree(default_rulebook_dir(), target)
    path = target / "us-oisp.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["rules"].append({
        "id": "US-OISP.notifiable.2027-test",
        "provision": "notifiable",
        "title": "Test version",
        "title_zh": "测试版本",
        "citation": "Test citation",
        "citation_zh": "测试依据",
        "effective_from": "2027-01-01",
        "effective_to": None,
        "status": "in_force",
        "verified": False,
        "parameters": {"ai_compute_more_than_ops": 1e22, "ai_end_uses": [], "activities": []},
    })
    path.write_text(json.dumps(data), encoding="utf-8")
    return load_rulebook(target)


def test_rescreen_lists_changes_without_changing_then_accept_applies(db, admin, stricter_rulebook) -> None:
    affected = _create(db, admin, {"target.ai.max_training_compute_ops": 5e22})
    unaffected = _create(db, admin, {"target.ai.max_training_compute_ops": 1e21})
    closed = _create(db, admin, {"target.ai.max_training_compute_ops": 5e22})
    with db.session() as session:
        session.connection().execute(text("UPDATE cases SET status = 'closed' WHERE id = :i"), {"i": closed.id})

    with db.read_session() as session:
        before = _table_counts(session)
        changes = rescreen_open_cases(session=session, as_of=date(2027, 1, 1), rulebook=stricter_rulebook)
        assert _table_counts(session) == before
        assert _tracks(session, affected.id) == {}
    assert [(c.reference, c.regime, c.old_outcome, c.new_outcome) for c in changes] == [
        (affected.reference, "US-OISP", "not_required", "notification_required")
    ]
    assert changes[0].new_rulebook == stricter_rulebook.version
    assert changes[0].old_rulebook == default_rulebook().version
    assert unaffected.id not in {c.case_id for c in changes}

    # Re-listing with the shipped rulebook on the same date changes nothing.
    with db.read_session() as session:
        assert rescreen_open_cases(session=session, as_of=date(2027, 1, 1)) == []

    with db.session() as session:
        accepted = accept_rescreen(session=session, case_id=affected.id, actor=admin,
                                   as_of=date(2027, 1, 1), rulebook=stricter_rulebook,
                                   reason="stricter rulebook in force")
    assert [(c.regime, c.old_outcome, c.new_outcome) for c in accepted.changes] == [
        ("US-OISP", "not_required", "notification_required")
    ]
    assert [(t.regime, t.kind, t.outcome) for t in accepted.opened] == [
        ("US-OISP", "US-OISP", "notification_required")
    ]
    with db.read_session() as session:
        stored = current_screening(session, affected.id)
        assert stored is not None
        assert stored.rulebook_version == stricter_rulebook.version
        assert stored.as_of == date(2027, 1, 1)
        assert isinstance(stored.result, ScreeningResult)
        assert [s.current for s in screening_history(session, affected.id)] == [True, False]
        tracks = _tracks(session, affected.id)
        assert tracks["US-OISP"].state == "draft"
        event = session.exec(
            select(Event).where(Event.case_id == affected.id, Event.action == "case.rescreen_accepted")
        ).one()
        assert json.loads(event.details)["changes"] == [
            {"regime": "US-OISP", "old": "not_required", "new": "notification_required"}
        ]
        assert verify_chain(session)[1] is None
        # Accepted: nothing left to re-screen for that case.
        left = rescreen_open_cases(session=session, as_of=date(2027, 1, 1), rulebook=stricter_rulebook)
        assert affected.id not in {c.case_id for c in left}


def test_rescreen_reads_cases_in_batches_with_the_same_result(db, admin, stricter_rulebook,
                                                              monkeypatch) -> None:
    """Two queries per batch of open cases, not one per case; the listing is the one a
    case-by-case pass gives (reference order, the newest current screening, none for a
    case never screened, closed cases left out)."""
    from sqlalchemy import event

    from approvals.services import screening as service

    made = [_create(db, admin, {"target.ai.max_training_compute_ops": ops})
            for ops in (5e22, 1e21, 5e22, 5e22, 1e21)]
    with db.session() as session:
        conn = session.connection()
        conn.execute(text("UPDATE cases SET status = 'closed' WHERE id = :i"), {"i": made[2].id})
        conn.execute(text("DELETE FROM screenings WHERE case_id = :i"), {"i": made[3].id})
        conn.execute(text("UPDATE cases SET reference = 'AP-2000-0001' WHERE id = :i"),
                     {"i": made[4].id})  # reference order is not id order
    with db.session() as session:  # a second, newer screening for one case
        screen_case(session=session, case_id=made[0].id, actor=admin, as_of=date(2026, 12, 2),
                    rulebook=stricter_rulebook)
    day = date(2027, 1, 1)
    with db.read_session() as session:
        expected = []
        for case_id in session.exec(select(Case.id).where(Case.status == "open")
                                    .order_by(Case.reference)).all():
            case = session.get(Case, case_id)
            old = current_screening(session, case_id)
            new = service.screen(service._facts(case), day, old.include_proposed if old else False,
                                 rulebook=stricter_rulebook)
            expected.extend(service._changes(case, old, new))
    assert made[3].id in {c.case_id for c in expected}  # never screened: every regime is new

    statements: list[str] = []
    monkeypatch.setattr(service, "RESCREEN_BATCH", 2)
    listen = lambda _c, _cur, statement, *_a: statements.append(statement)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        with db.read_session() as session:
            changes = rescreen_open_cases(session=session, as_of=day, rulebook=stricter_rulebook)
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    assert changes == expected
    assert made[2].id not in {c.case_id for c in changes}
    # Four open cases, two a batch: one query for the ids, then two per batch.
    assert len([s for s in statements if "FROM screenings" in s]) == 2
    assert len([s for s in statements if "FROM cases" in s]) == 3
