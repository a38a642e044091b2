"""The statutory period of a security review runs from the acceptance of a complete filing
(Order 37 art. 7: 15 working days from receipt; Order 11 art. 12: 45 working days from the
acceptance notice). Acceptance started no clock: a track accepted and not yet marked "in
review" showed no due date and was never overdue, and a review phase recorded two weeks
late started its 15 days late."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import col, select

from approvals.services.cases import create_case
from approvals.services.workflow import track_view
from approvals.store.db import Database
from approvals.store.models import Event, FilingTrack
from tests.unit.test_locking import _facts
from tests.unit.test_tracks14_conflict import ALICE, BOB, _step
from tests.workflow_support import complete_for_filing

# kind -> (its review step, the clock's phase, the due date of a filing accepted on
# Friday 9 Oct 2026: Saturday 10 Oct is a make-up working day)
KINDS = {
    "CN-FISR": ("start_preliminary_review", "preliminary_review", "2026-10-29"),
    "CN-DATA-EXPORT": ("start_assessment", "assessment", "2026-12-10"),
}


def _accepted(db: Database, kind: str) -> int:
    with db.session() as s:
        case = create_case(s, facts=_facts(), actor=ALICE, status="draft")
        track = FilingTrack(case_id=case.id, regime=kind, kind=kind)
        s.add(track)
        s.flush()
        complete_for_filing(s, case.reference, ALICE)
        tid = track.id
    assert tid is not None
    _step(db, tid, "submit_for_review", ALICE, on="2026-10-01")
    _step(db, tid, "approve_for_filing", BOB, on="2026-10-02")
    _step(db, tid, "file", ALICE, on="2026-10-05", filing_reference="R-1")
    _step(db, tid, "accept", ALICE, on="2026-10-09")
    return tid


def _clock(db: Database, tid: int) -> tuple[str | None, str | None, str | None]:
    with db.read_session() as s:
        track = s.get(FilingTrack, tid)
        assert track is not None
        return track.clock_phase, track.clock_start, track.due_date


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_acceptance_starts_the_review_clock_and_a_late_review_step_keeps_it(
        db: Database, kind: str) -> None:
    step, phase, due = KINDS[kind]
    tid = _accepted(db, kind)
    assert _clock(db, tid) == (phase, "2026-10-09", due)
    with db.read_session() as s:  # running, and said so, before any review step
        view = track_view(session=s, track_id=tid, today=date(2026, 10, 20))
        assert view.clock is not None and view.clock.due == due and not view.clock.stopped
    _step(db, tid, step, ALICE, on="2026-10-20")
    assert _clock(db, tid) == (phase, "2026-10-09", due)
    with db.read_session() as s:  # the review step started no second clock
        last = s.exec(select(Event).where(Event.track_id == tid,
                                          Event.action == "track.transition")
                      .order_by(col(Event.id).desc())).first()
        assert last is not None and "clock" not in json.loads(last.details or "{}")


def test_a_track_accepted_before_acceptance_started_the_clock_counts_from_the_acceptance(
        db: Database) -> None:
    tid = _accepted(db, "CN-FISR")
    with db.session() as s:  # as stored by the previous version: accepted, no clock
        track = s.get(FilingTrack, tid)
        assert track is not None
        track.clock_phase = track.clock_start = track.due_date = None
        track.clock_days = None
        track.clock_calendar = track.clock_unit = None
        s.add(track)
    _step(db, tid, "start_preliminary_review", ALICE, on="2026-10-20")
    assert _clock(db, tid) == ("preliminary_review", "2026-10-09", "2026-10-29")
