"""The demo advances tracks through the real workflow services, with four-eyes kept."""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import select

from approvals.services.audit import verify
from approvals.services.demo import load_demo
from approvals.services.workflow import track_view
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event, FilingTrack, Obligation

LOADER = Actor("alice", ("preparer", "reviewer", "approver", "admin"))


def test_demo_tracks_show_every_kind_of_status(db: Database) -> None:
    with db.session() as s:
        load_demo(s, actor=LOADER)
    with db.read_session() as s:
        tracks = s.exec(select(FilingTrack)).all()
        states = {t.state for t in tracks}
        assert {"internal_review", "returned", "general_review", "materials_requested",
                "cleared_with_conditions", "acknowledged", "registered", "closed"} <= states
        stopped = next(t for t in tracks if t.state == "materials_requested")
        assert stopped.clock_stopped_on and stopped.due_date is None
        assert s.exec(select(Obligation)).all()
        views = [track_view(session=s, track_id=t.id, today=date(2026, 11, 29)) for t in tracks]
        assert any(v.overdue for v in views)
        # Four-eyes: whoever approved did not submit.
        submitted, approved = {}, {}
        for e in s.exec(select(Event).where(Event.action == "track.transition")).all():
            d = json.loads(e.details)
            if d["transition"] == "submit_for_review":
                submitted[e.track_id] = e.actor
            if d["transition"] == "approve_for_filing":
                approved[e.track_id] = e.actor
                assert "self_approval" not in d
        assert approved and all(approved[t] != submitted[t] for t in approved)
        assert verify(s).ok
    with db.session() as s:
        again = load_demo(s, actor=LOADER)
    assert again.created == () and again.skipped == 14
