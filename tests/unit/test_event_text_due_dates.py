"""A track step's sentence (the Timeline's details, the status report's audit timeline)
says the due date it moved in the officer's dates: "due date ∅ → 2027-01-12" read as a
formula."""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import col, select

from approvals.domain.event_text import EventFacts, event_sentence
from approvals.store.db import Database
from approvals.store.models import Event, FilingTrack
from tests.unit.test_workflow import PREP, make_track, set_state
from tests.workflow_support import take_step


def _step(due: list[str | None]) -> str:
    return event_sentence(EventFacts(
        action="track.transition", field="state", old="filed", new="accepted",
        details={"from": "filed", "to": "accepted", "transition": "accept",
                 "on": "2026-11-30", "due_date": due}))


def test_a_clock_started_gives_the_due_date() -> None:
    assert _step([None, "2027-01-12"]).endswith("; on 30 Nov 2026; due 12 Jan 2027")


def test_a_clock_stopped_or_ended_says_there_is_none_now() -> None:
    assert _step(["2027-01-12", None]).endswith("; no due date (was 12 Jan 2027)")


def test_a_moved_due_date_gives_both() -> None:
    said = _step(["2026-12-21", "2027-01-12"])
    assert said.endswith("; due date 21 Dec 2026 → 12 Jan 2027") and "∅" not in said


def _estimated_step(due: list[str | None]) -> str:
    return event_sentence(EventFacts(
        action="track.transition", field="state", old="materials_requested",
        new="general_review", details={"from": "materials_requested", "to": "general_review",
                                       "transition": "resume", "on": "2026-12-08",
                                       "due_date": due, "due_estimated": True}))


def test_an_estimated_due_date_says_so_as_the_tracks_tab_does() -> None:
    """Counted through a year without an official schedule: the condition sentences said
    "(estimated)", a step's did not."""
    assert _estimated_step([None, "2027-01-04"]).endswith("; due 4 Jan 2027 (estimated)")
    assert _estimated_step(["2026-12-30", "2027-01-04"]).endswith(
        "; due date 30 Dec 2026 → 4 Jan 2027 (estimated)")
    assert not _step([None, "2027-01-04"]).endswith("(estimated)")


def test_a_step_records_whether_its_due_date_is_estimated(db: Database) -> None:
    """The service writes the mark into the step's details when its due date is estimated."""
    tid = make_track(db, "CN-FISR")
    set_state(db, tid, "preliminary_review")
    take_step(db, tid, "start_general_review", PREP, on="2026-12-01", today=date(2026, 12, 1))
    with db.read_session() as s:
        track = s.get(FilingTrack, tid)
        assert track is not None and track.due_estimated  # 30 working days: into 2027
        event = s.exec(select(Event).where(Event.action == "track.transition")
                       .order_by(col(Event.id).desc())).first()
        assert event is not None
        assert json.loads(event.details).get("due_estimated") is True


def test_a_date_a_step_recorded_is_written_as_the_sentence_writes_dates() -> None:
    """"completion date 2026-10-20; on 20 Oct 2026": two ways of writing dates in one line."""
    said = event_sentence(EventFacts(
        action="track.transition", field="state", old="draft", new="draft",
        details={"from": "draft", "to": "draft", "transition": "record_completion",
                 "completion_date": "2026-10-20", "on": "2026-10-20",
                 "filing_reference": "2026-10-20-A"}))
    assert "completion date 20 Oct 2026" in said and "2026-10-20;" not in said
    assert "filing reference 2026-10-20-A" in said  # a number recorded stays as typed
