"""Listing a case's tracks with their actions (the Tracks tab's buttons and their "why
not" tooltips) read the whole case for a filing once per track whose next step waits for
a complete filing (Approve for filing): four tracks in internal review, four whole-case
reads. One listing reads it once and shares it.

Measured on DEMO-02's facts (four tracks, all in internal review), in SQL statements: the
listing 121 before, 61 after (the four tracks listed one by one: 123); one whole-case read
is 20 of them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlmodel import col, select

from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.services.filings import load_filing_data
from approvals.services.workflow import case_tracks, track_view
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import FilingTrack
from tests.workflow_support import complete_for_filing, take_step


@contextmanager
def counted(db: Database) -> Iterator[list[str]]:
    """The SQL statements run on `db` inside the block."""
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _statements(db: Database, read: Callable[[Any], Any]) -> int:
    with db.read_session() as s, counted(db) as statements:
        read(s)
    return len(statements)


def test_one_listing_reads_the_case_for_the_filings_once(db: Database, admin: Actor) -> None:
    facts = next(f for f in demo_facts() if f["reference"] == "DEMO-02")
    with db.session() as s:
        case = create_case(s, facts=parse_facts(facts), actor=admin)
        complete_for_filing(s, case.reference, admin)
        case_id, reference = case.id, case.reference
    with db.read_session() as s:
        track_ids = s.exec(select(FilingTrack.id).where(FilingTrack.case_id == case_id)
                           .order_by(col(FilingTrack.id))).all()
    for track_id in track_ids:
        take_step(db, track_id, "submit_for_review", admin, reason="ready", on="2026-11-02")
    assert len(track_ids) == 4

    listing = _statements(db, lambda s: case_tracks(session=s, case_id=case_id, actor=admin))
    each = sum(_statements(db, lambda s, i=i: track_view(session=s, track_id=i, actor=admin))
               for i in track_ids)
    whole_case = _statements(db, lambda s: load_filing_data(s, reference))
    print(f"listing {listing}, tracks one by one {each}, one whole-case read {whole_case}")
    # Each track alone reads the case once; the listing of all four, once in all.
    assert listing <= each - (len(track_ids) - 1) * whole_case
    # The buttons still say what the filing lacks (the shared read serves every track).
    with db.read_session() as s:
        listed = case_tracks(session=s, case_id=case_id, actor=admin)
        alone = [track_view(session=s, track_id=i, actor=admin) for i in track_ids]
    assert [t.actions for t in listed] == [t.actions for t in alone]
