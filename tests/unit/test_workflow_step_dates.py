"""A step whose effective date is one of its own inputs (a recorded completion takes
effect on the completion date) records that date as the step's `on`."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from sqlmodel import col, select

from approvals.domain import workflow as wf
from approvals.domain.errors import InputError, NotFound
from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.services.workflow import HistoryEntry, latest_step, track_view, transition
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event, FilingTrack

PREP = Actor("pat", ("preparer",))
TODAY = date(2026, 11, 29)


def us_track(db: Database) -> int:
    with db.session() as s:
        case = create_case(s, facts=parse_facts(demo_facts()[0]), actor=PREP, today=TODAY)
        track = FilingTrack(case_id=case.id, regime="US-OISP", kind="US-OISP",
                            outcome="notification_required")
        s.add(track)
        s.flush()
        assert track.id is not None
        return track.id


def record(db: Database, track_id: int, **params: Any) -> dict[str, Any]:
    """Record the completion; the step event's details."""
    with db.session() as s:
        version = s.get(FilingTrack, track_id).version  # type: ignore[union-attr]
        transition(session=s, track_id=track_id, transition_name="record_completion",
                   actor=PREP, expected_version=version, today=TODAY, **params)
    with db.read_session() as s:
        event = s.exec(select(Event).where(Event.track_id == track_id,
                                           Event.action == "track.transition")
                       .order_by(col(Event.id).desc())).first()
        assert event is not None
        return json.loads(event.details or "{}")


def test_only_the_completion_step_takes_effect_on_its_own_input() -> None:
    steps = {(w.kind, t.name): t.on_param for w in wf.WORKFLOWS.values()
             for t in w.transitions if t.on_param}
    assert steps == {("US-OISP", "record_completion"): "completion_date"}
    for w in wf.WORKFLOWS.values():
        for t in w.transitions:
            assert t.on_param is None or t.on_param in t.params


def test_a_recorded_completion_takes_effect_on_the_completion_date(db: Database) -> None:
    tid = us_track(db)
    details = record(db, tid, completion_date="2026-11-20")
    assert details["on"] == "2026-11-20"  # not TODAY, the day it was typed in
    assert details["completion_date"] == "2026-11-20" and details["start"] == "2026-11-20"
    with db.read_session() as s:
        view = track_view(session=s, track_id=tid, today=TODAY)
    assert view.history[-1].on == "2026-11-20"
    assert view.due == "2026-12-20"  # the period runs from the completion date
    action = next(a for a in view.actions if a.name == "record_completion")
    assert action.on_param == "completion_date"
    assert all(a.on_param is None for a in view.actions if a.name != "record_completion")


def test_a_knowledge_date_moves_the_clock_not_the_step(db: Database) -> None:
    details = record(db, us_track(db), completion_date="2026-09-01",
                     knowledge_date="2026-10-20")
    assert details["on"] == "2026-09-01" and details["start"] == "2026-10-20"


def test_a_completion_before_the_program_is_refused_with_a_knowledge_date_too(
        db: Database) -> None:
    """Part 850 covers transactions completed from 2025-01-02: a completion before then
    was refused alone but accepted beside a knowledge date, starting an 850.402 clock."""
    tid = us_track(db)
    for params in ({"completion_date": "2024-06-01"},
                   {"completion_date": "2024-06-01", "knowledge_date": "2026-11-01"}):
        with pytest.raises(NotFound, match="holds no US-OISP notification period for "
                                           "2024-06-01: the earliest it holds applies from "
                                           "2025-01-02"):
            record(db, tid, **params)
    with db.read_session() as s:
        track = s.get(FilingTrack, tid)
        assert track is not None and track.clock_start is None and track.state == "draft"


def test_an_explicit_effective_date_still_wins(db: Database) -> None:
    details = record(db, us_track(db), completion_date="2026-10-15", on="2026-10-25")
    assert details["on"] == "2026-10-25" and details["start"] == "2026-10-15"


def test_a_bad_completion_date_is_named_as_such(db: Database) -> None:
    tid = us_track(db)
    with pytest.raises(InputError) as err:
        record(db, tid, completion_date="20 Nov")
    assert [p.path for p in err.value.problems] == ["completion_date"]


APPROVER = Actor("ann", ("approver",))


def _step(db: Database, track_id: int, name: str, actor: Actor = PREP, **params: Any) -> None:
    with db.session() as s:
        version = s.get(FilingTrack, track_id).version  # type: ignore[union-attr]
        transition(session=s, track_id=track_id, transition_name=name, actor=actor,
                   expected_version=version, today=TODAY, reason="r", **params)


def _versions(db: Database, track_id: int) -> tuple[int, int]:
    with db.read_session() as s:
        track = s.get(FilingTrack, track_id)
        assert track is not None
        events = len(s.exec(select(Event).where(Event.track_id == track_id)).all())
        return track.version, events


def test_a_step_dated_before_the_last_one_says_so_in_its_audit_event(db: Database) -> None:
    # Completion recorded as 20 November, a submission dated 10 November (catching up, or
    # the completion date is the wrong one): recorded, and the event names the later step.
    tid = us_track(db)
    record(db, tid, completion_date="2026-11-20")
    _step(db, tid, "submit_for_review", on="2026-11-20")  # the same day is in order
    _step(db, tid, "return_to_preparer", APPROVER, on="2026-11-18")
    with db.read_session() as s:
        events = s.exec(select(Event).where(Event.track_id == tid,
                                            Event.action == "track.transition")
                        .order_by(col(Event.id))).all()
        details = [json.loads(e.details or "{}") for e in events]
    assert "before_last_step" not in details[1]
    assert details[2]["on"] == "2026-11-18"
    # Of the two steps of 20 November, the one recorded last is the track's last step.
    assert details[2]["before_last_step"] == {
        "step": "Submit for internal review", "on": "2026-11-20"}


def test_of_steps_on_one_date_the_last_recorded_is_the_latest() -> None:
    def entry(transition: str, label: str, on: str) -> HistoryEntry:
        return HistoryEntry(at=f"{on}T09:00:00", actor="pat", role="preparer",
                            transition=transition, label=label, from_state="", to_state="",
                            to_label="", reason="r", on=on)

    history = [entry("accept", "Application accepted", "2026-09-01"),
               entry("start_assessment", "Assessment started", "2026-09-01"),
               entry("submit_for_review", "Submit", "2026-08-20")]  # backdated after them
    assert latest_step(history, "CN-DATA-EXPORT") == (date(2026, 9, 1), "Assessment started")
    assert latest_step(history[:1], "CN-DATA-EXPORT") == (date(2026, 9, 1),
                                                          "Application accepted")
    assert latest_step([], "CN-DATA-EXPORT") is None


def test_the_status_report_sentence_says_a_step_was_dated_out_of_order() -> None:
    from approvals.domain.event_text import EventFacts, event_sentence

    event = EventFacts(action="track.transition", field="state", old="filed", new="accepted",
                       details={"from": "filed", "to": "accepted", "transition": "accept",
                                "on": "2026-11-18",
                                "before_last_step": {"step": "Record filing",
                                                     "on": "2026-11-20"}})
    assert event_sentence(event, regime="CN-FISR") == (
        "CN-FISR: Filed → Accepted; on 18 Nov 2026; dated before the earlier-recorded step "
        "Record filing of 20 Nov 2026")


def test_a_completion_date_recorded_again_needs_a_reason(db: Database) -> None:
    """Recorded again, the completion date moved an overdue deadline into the future with
    no word of why: a correction of the date the period runs from says why."""
    from approvals.domain.errors import TransitionRefused

    tid = us_track(db)
    with db.read_session() as s:
        first = next(a for a in track_view(session=s, track_id=tid, today=TODAY).actions
                     if a.name == "record_completion")
    assert not first.needs_reason and first.reason_asks == ""
    record(db, tid, completion_date="2026-10-20")  # no reason: the first recording
    with db.read_session() as s:
        again = next(a for a in track_view(session=s, track_id=tid, today=TODAY).actions
                     if a.name == "record_completion")
    assert again.needs_reason and again.allowed
    assert again.reason_asks == "say why the completion date recorded before is corrected"
    with pytest.raises(TransitionRefused, match="A reason is required: say why the completion "
                                                "date recorded before is corrected"):
        record(db, tid, completion_date="2026-11-20")
    with db.read_session() as s:
        assert s.get(FilingTrack, tid).due_date == "2026-11-19"  # type: ignore[union-attr]
    details = record(db, tid, completion_date="2026-11-20", reason="closing slipped a month")
    assert details["completion_date"] == "2026-11-20"
    with db.read_session() as s:
        assert s.get(FilingTrack, tid).due_date == "2026-12-20"  # type: ignore[union-attr]


def test_a_clock_counted_from_the_knowledge_date_says_so(db: Database) -> None:
    """"day 17 of 30 calendar days, due 20 Dec 2026" read as counted from the completion
    date, and so as a wrong date."""
    tid = us_track(db)
    record(db, tid, completion_date="2026-11-02", knowledge_date="2026-11-20")
    with db.read_session() as s:
        view = track_view(session=s, track_id=tid, today=date(2026, 12, 7))
    assert view.clock is not None
    assert view.clock.text == ("day 17 of 30 calendar days, due 20 Dec 2026; counted from the "
                               "date of actual knowledge, 20 Nov 2026 (31 CFR 850.402)")
    plain = us_track(db)
    record(db, plain, completion_date="2026-11-20")
    with db.read_session() as s:
        view = track_view(session=s, track_id=plain, today=date(2026, 12, 7))
    assert view.clock is not None and "knowledge" not in view.clock.text


def test_recorded_again_the_knowledge_date_field_names_the_one_recorded(db: Database) -> None:
    """Its empty field said nothing, and the clock went back to the completion date."""
    tid = us_track(db)
    record(db, tid, completion_date="2026-11-20", knowledge_date="2026-11-27")
    with db.read_session() as s:
        again = next(a for a in track_view(session=s, track_id=tid, today=TODAY).actions
                     if a.name == "record_completion")
    assert dict(again.param_hints) == {
        "knowledge_date": "recorded before: 2026-11-27; enter it again to keep it"}
