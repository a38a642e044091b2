"""The trail is looked up by case, track and field without reading it whole: a years-old
installation holds a million events, and the case view, each track step and each filing
rendering ask these (migration 0006 indexes track_id and field)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlmodel import Session, select

from approvals.services import filings, workflow
from approvals.services.demo import load_demo
from approvals.services.workspace import case_bundle
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, FilingTrack


def _statements(db: Database, work: Callable[[Session], Any]) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []

    def note(_conn, _cursor, statement, parameters, *_args) -> None:
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        with db.read_session() as session:
            work(session)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return seen


def test_opening_a_case_and_its_filings_never_scans_the_trail(db: Database, admin: Actor) -> None:
    with db.session() as session:
        load_demo(session, actor=admin)
    with db.read_session() as session:
        track = session.exec(select(FilingTrack).where(FilingTrack.state != "draft")
                             .order_by(FilingTrack.id)).first()  # one with steps taken
        assert track is not None and track.id is not None
        track_id, case_id = track.id, track.case_id
        case = session.get(Case, case_id)
        assert case is not None
        reference = case.reference

    def open_case(session: Session) -> None:
        case_bundle(session, reference=reference)
        assert workflow.case_tracks(session=session, case_id=case_id, actor=admin)
        assert workflow.track_history(session, track_id)
        filings.last_particulars_change(session, reference)
        filings.load_filing_data(session, reference)

    on_events = [(s, p) for s, p in _statements(db, open_case) if "FROM events" in s]
    assert on_events
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        for statement, parameters in on_events:
            plan = [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + statement,
                                                  parameters)]
            # The chain's head (ORDER BY id DESC LIMIT 1, no WHERE) reads one row.
            head = " WHERE " not in statement and "LIMIT" in statement
            assert head or not any(step.startswith("SCAN events") for step in plan), (
                statement, plan)
