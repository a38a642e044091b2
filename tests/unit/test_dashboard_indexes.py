"""Migration 0009: the dashboard chart's count of tracks by kind and state reads a covering
index, and the case list finds closed refusals through a partial index of the refusal
events, on a database upgraded from the first revision as on a new one. The plans are
SQLite's own (EXPLAIN QUERY PLAN) for the statements the services really run: without
ANALYZE statistics SQLite plans a small table as it plans one of 100,000 rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import workflow as workflow_service
from approvals.services.cases import create_case, list_cases
from approvals.services.demo import demo_facts
from approvals.services.workflow import transition
from approvals.services.workspace import expected_notifications, track_states
from approvals.store.audit import Actor
from approvals.store.db import Database, make_engine
from approvals.store.migrate import current_revision, head_revision, open_database, upgrade
from approvals.store.models import Case, FilingTrack

PREP = Actor("pat", ("preparer",))
TODAY = date(2026, 12, 16)
REFUSAL_INDEX = "ix_events_refusals"
CHART_INDEX = "ix_filing_tracks_chart"


def _case(db: Database, *tracks: tuple[str, str]) -> tuple[int, list[int]]:
    """An open case with (kind, state) tracks (made as a draft: no screening opens tracks)."""
    with db.session() as s:
        case = create_case(s, facts=parse_facts(demo_facts()[0]), actor=PREP, today=TODAY,
                           status="draft")
        rows = [FilingTrack(case_id=case.id, regime=kind, kind=kind, state=state,
                            outcome="approval_required") for kind, state in tracks]
        s.add_all(rows)
        s.flush()
        ids = [t.id for t in rows if t.id is not None]
        stored = s.get(Case, case.id)
        assert stored is not None
        stored.status = "open"
        s.add(stored)
    assert case.id is not None
    return case.id, ids


def _close(db: Database, track_id: int) -> None:
    """Close through the workflow service: it records the step as the list looks it up."""
    with db.session() as s:
        track = s.get(FilingTrack, track_id)
        assert track is not None
        transition(session=s, track_id=track_id, transition_name="close", actor=PREP,
                   expected_version=track.version, today=TODAY)


def _statements(db: Database, read: Callable[[Any], Any]) -> tuple[Any, list[str]]:
    """What `read` returns, and the statements it ran on the session's connection (with
    their values in place, as SQLite expands them)."""
    seen: list[str] = []
    with db.read_session() as s:
        driver = s.connection().connection.driver_connection
        driver.set_trace_callback(seen.append)
        try:
            result = read(s)
        finally:
            driver.set_trace_callback(None)
    return result, seen


def _plan(db: Database, sql: str) -> list[str]:
    with db.engine.connect() as conn:
        return [r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql).all()]


def _refusal_statements(statements: list[str]) -> list[str]:
    found = [sql for sql in statements if "JOIN events" in sql]
    assert found, statements
    return found


def _index_sql(db: Database, name: str) -> str | None:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)).scalar()


def test_the_chart_counts_tracks_from_the_covering_index(db: Database) -> None:
    _case(db, ("CN-FISR", "draft"), ("CN-SAMR", "filed"), ("CN-DATA-EXPORT", "assessment"))
    _case(db, ("CN-FISR", "draft"), ("CN-SAMR", "filed"))
    _case(db, ("CN-FISR", "general_review"))
    states, statements = _statements(db, track_states)

    with db.read_session() as s:
        expected = Counter((t.kind, t.state) for t in s.exec(select(FilingTrack)).all())
    assert {(kind, state): n for kind, state, n in states} == expected
    assert [n for *_, n in states] == sorted((n for *_, n in states), reverse=True)
    (sql,) = [s for s in statements if "GROUP BY kind, state" in s]
    plan = _plan(db, sql)
    assert f"SCAN filing_tracks USING COVERING INDEX {CHART_INDEX}" in plan
    assert "USE TEMP B-TREE FOR GROUP BY" not in plan  # read group by group


def test_the_us_notifications_still_scan_the_tracks(db: Database) -> None:
    """Led by kind, the chart's index would be searched for `kind = 'US-OISP'` and a third
    of the tracks fetched one by one (slower at 100,000 cases than the scan)."""
    _case(db, ("US-OISP", "draft"), ("CN-FISR", "draft"))
    _, statements = _statements(db, expected_notifications)
    (sql,) = [s for s in statements if "'US-OISP'" in s]
    assert not any(CHART_INDEX in step for step in _plan(db, sql))


def test_closed_refusals_are_found_through_the_partial_index(db: Database) -> None:
    refused_case, (refused, cleared) = _case(db, ("CN-DATA-EXPORT", "prohibited"),
                                             ("CN-FISR", "cleared"))
    other_case, (other,) = _case(db, ("CN-SAMR", "cleared"))
    for track_id in (refused, cleared, other):
        _close(db, track_id)

    for kwargs in ({}, {"first": 50}):  # the whole list, and the first rows shown at once
        rows, statements = _statements(db, lambda s, kw=kwargs: list_cases(s, **kw))
        blocked = {r.id: r.blocked for r in rows}
        assert blocked[refused_case] == (("CN-DATA-EXPORT", "Assessment not passed"),)
        assert blocked[other_case] == ()  # closed after clearance: nothing blocks
        for sql in _refusal_statements(statements):
            plan = _plan(db, sql)
            assert any(REFUSAL_INDEX in step for step in plan), plan
            assert not any("ix_events_track_id" in step for step in plan), plan

    # Only the refusal is in the index: one entry, whatever else the trail holds.
    with db.engine.connect() as conn:
        indexed = conn.exec_driver_sql(
            f"SELECT track_id FROM events INDEXED BY {REFUSAL_INDEX} "
            "WHERE action = 'track.transition' AND old_value = '\"prohibited\"'").all()
    assert indexed == [(refused,)]


def test_the_list_says_the_same_without_the_index(db: Database) -> None:
    """The index only finds the events: the trail stays the one record of a refusal."""
    case_id, (refused,) = _case(db, ("CN-TECH-EXPORT", "prohibited"))
    _close(db, refused)
    with db.read_session() as s:
        with_index = list_cases(s)
    with db.session() as s:  # dropped in a transaction that is rolled back
        conn = s.connection()
        conn.exec_driver_sql(f"DROP INDEX {REFUSAL_INDEX}")
        without = list_cases(s)
        s.rollback()
    assert without == with_index
    assert next(r for r in with_index if r.id == case_id).blocked == (
        ("CN-TECH-EXPORT", "Export refused"),)
    assert _index_sql(db, REFUSAL_INDEX) is not None


_LENT_COLUMNS = ("identifiers", "screening_blocks")


def test_an_upgrade_from_the_first_revision_indexes_the_refusals_already_recorded(
    data_dir: DataDir, monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine = make_engine(data_dir.database)
    upgrade(engine, "0001")
    upgrade(engine, "0008")  # the step before 0009: a trail recorded without the index
    # Today's Case model reads columns of 0011 and 0012 (identifiers, screening_blocks):
    # lent to the 0008 schema while the trail is recorded with today's services, taken
    # back before the upgrade.
    with engine.begin() as conn:
        for column in _LENT_COLUMNS:
            conn.exec_driver_sql(f"ALTER TABLE cases ADD COLUMN {column} VARCHAR NOT NULL DEFAULT ''")
    before = Database(data_dir, engine)
    case_id, (refused, cleared) = _case(before, ("CN-TECH-EXPORT", "prohibited"),
                                        ("CN-FISR", "cleared"))
    with monkeypatch.context() as m:
        # Today's workflow on a 0008 schema: its documents guard reads a column of 0010
        # (withdrawn_at), and closing a track needs no document.
        m.setattr(workflow_service, "_documents", lambda _s, _t: frozenset())
        _close(before, refused)
        _close(before, cleared)
    assert _index_sql(before, REFUSAL_INDEX) is None
    assert _index_sql(before, CHART_INDEX) is None
    with engine.begin() as conn:
        for column in _LENT_COLUMNS:
            conn.exec_driver_sql(f"ALTER TABLE cases DROP COLUMN {column}")
    before.dispose()

    db = open_database(data_dir)
    try:
        assert current_revision(db.engine) == head_revision()
        assert _index_sql(db, CHART_INDEX) == (
            f"CREATE INDEX {CHART_INDEX} ON filing_tracks (state, kind)")
        assert _index_sql(db, REFUSAL_INDEX) == (
            f"CREATE INDEX {REFUSAL_INDEX} ON events (track_id) WHERE action = "
            "'track.transition' AND old_value = '\"prohibited\"'")
        rows, statements = _statements(db, list_cases)
        assert next(r for r in rows if r.id == case_id).blocked == (
            ("CN-TECH-EXPORT", "Export refused"),)
        for sql in _refusal_statements(statements):
            assert any(REFUSAL_INDEX in step for step in _plan(db, sql))
        _, statements = _statements(db, track_states)
        (sql,) = [s for s in statements if "GROUP BY kind, state" in s]
        assert f"SCAN filing_tracks USING COVERING INDEX {CHART_INDEX}" in _plan(db, sql)
    finally:
        db.dispose()
