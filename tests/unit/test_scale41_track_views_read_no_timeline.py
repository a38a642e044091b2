"""A case's tracks as the case window shows them read what a track's filing lacks (the
step note under Submit for internal review) without writing the audit timeline's
sentences, which only the status report prints: for a case of thousands of events those
sentences were most of a second of every opening of its window."""

from __future__ import annotations

import pytest

from approvals.domain.facts import parse_facts
from approvals.services import filings
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.services.filings import load_filing_data
from approvals.services.workflow import case_tracks
from approvals.store.audit import Actor
from approvals.store.db import Database


def test_the_tracks_view_writes_no_timeline_sentence(db: Database, admin: Actor,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    with db.session() as s:
        case = create_case(s, facts=parse_facts(demo_facts()[0]), actor=admin)
    written: list[int] = []
    summary = filings._summary

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        written.append(1)
        return summary(*args, **kwargs)

    monkeypatch.setattr(filings, "_summary", counted)
    with db.read_session() as s:
        views = case_tracks(session=s, case_id=case.id)
    assert views and not written
    # What a track still lacks for its filing is read all the same (no particulars yet).
    notes = [a.note for v in views for a in v.actions if a.name == "submit_for_review"]
    assert notes and all(n.startswith("Approve for filing will wait until the filing is "
                                      "complete: it lacks") for n in notes), notes
    with db.read_session() as s:
        data = load_filing_data(s, case.reference)
    assert data.timeline and written  # the status report's reading keeps its timeline
