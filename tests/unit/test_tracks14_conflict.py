"""A step refused because someone else moved the track says what they did as a person
reads it: by name, the step and its states in words, the time as the app writes times
(it said "Track 3 (CN-FISR) … (version 1, now 2; alice at 2026-12-01T09:15:00Z:
draft → internal_review)")."""

from __future__ import annotations

import json
import re

import pytest
from sqlmodel import col, select

from approvals.domain.errors import ConflictError, InputError
from approvals.services.cases import create_case
from approvals.services.workflow import track_history, transition
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event, FilingTrack, User
from tests.unit.test_locking import _facts
from tests.workflow_support import complete_for_filing, open_case_of

ALICE = Actor("alice", ("preparer",))
BOB = Actor("bob", ("preparer", "approver"))


def test_a_stale_step_names_who_moved_the_track_and_how(db: Database) -> None:
    with db.session() as s:
        s.add(User(username="alice", display_name="Alice Wong", roles=json.dumps(["preparer"])))
        case = create_case(s, facts=_facts(), actor=ALICE, status="draft")
        track = FilingTrack(case_id=case.id, regime="CN-FISR", kind="CN-FISR")
        s.add(track)
        s.flush()
        complete_for_filing(s, case.reference, ALICE)
        tid = track.id
    with db.session() as s:
        transition(
            session=s,
            track_id=tid,
            transition_name="submit_for_review",
            actor=ALICE,
            expected_version=1,
        )
    with db.session() as s, pytest.raises(ConflictError) as err:
        transition(
            session=s,
            track_id=tid,
            transition_name="withdraw",
            actor=BOB,
            reason="no longer needed",
            expected_version=1,
        )
    said = str(err.value)
    assert said.startswith(
        "The CN-FISR track was changed by someone else since you loaded "
        "it: Alice Wong (alice) took the step Submit for internal review "
        "(Draft → Internal review) at "
    )
    assert re.search(
        r" at \d{4}-\d\d-\d\d \d\d:\d\d UTC\. Reload it and try again; nothing "
        r"was saved\.$",
        said,
    ), said
    assert "version" not in said and "draft → internal_review" not in said


def _step(db: Database, tid: int, name: str, actor: Actor, **params: object) -> None:
    with db.session() as s:
        version = s.get(FilingTrack, tid).version  # type: ignore[union-attr]
        transition(
            session=s,
            track_id=tid,
            transition_name=name,
            actor=actor,
            expected_version=version,
            reason="test",
            **params,
        )


def _accepted_fisr_track(db: Database) -> int:
    """A CN-FISR track filed on 5 Oct 2026 and accepted on 9 Oct: its review to start."""
    with db.session() as s:
        case = create_case(s, facts=_facts(), actor=ALICE, status="draft")
        track = FilingTrack(case_id=case.id, regime="CN-FISR", kind="CN-FISR")
        s.add(track)
        s.flush()
        complete_for_filing(s, case.reference, ALICE)
        tid = track.id
    _step(db, tid, "submit_for_review", ALICE, on="2026-10-01")
    _step(db, tid, "approve_for_filing", BOB, on="2026-10-02")
    _step(db, tid, "file", ALICE, on="2026-10-05", filing_reference="R-1")
    _step(db, tid, "accept", ALICE, on="2026-10-09")
    assert tid is not None
    return tid


def test_a_stop_or_resume_dated_out_of_the_clock_says_its_dates_as_the_clock_line_does(
    db: Database,
) -> None:
    tid = _accepted_fisr_track(db)
    _step(db, tid, "start_preliminary_review", ALICE, on="2026-11-02")
    with pytest.raises(InputError) as err:  # the period runs from the acceptance, 9 Oct
        _step(db, tid, "request_materials", ALICE, on="2026-10-08")
    assert err.value.problems[0].message == (
        "the clock started on 9 Oct 2026; it cannot be stopped on 8 Oct 2026"
    )
    _step(db, tid, "request_materials", ALICE, on="2026-11-10")
    with pytest.raises(InputError) as err:
        _step(db, tid, "supply_materials", ALICE, on="2026-11-09")
    assert err.value.problems[0].message == (
        "the clock stopped on 10 Nov 2026; it cannot resume on 9 Nov 2026"
    )


def test_an_extension_too_long_is_said_by_the_days_typed(db: Database) -> None:
    """An extension that took the special review past the ten years a clock counts was
    refused as "6721 is more than 3660 days": the running total, not the 3,661 typed."""
    tid = _accepted_fisr_track(db)
    _step(db, tid, "start_preliminary_review", ALICE, on="2026-10-12")
    _step(db, tid, "start_general_review", ALICE, on="2026-10-20")
    _step(db, tid, "start_special_review", ALICE, on="2026-11-02")
    with pytest.raises(InputError) as err:
        _step(db, tid, "extend_review", ALICE, on="2026-11-03", days=3661)
    assert err.value.problems[0].path == "days"
    assert err.value.problems[0].message.startswith(
        "3,661 more working days would make the period 3,721 days, more than the 3,660 a "
        "clock counts (ten years)")


def test_materials_asked_for_after_the_period_ran_out_leave_the_track_overdue(
    db: Database,
) -> None:
    """A late materials request (authorities make them) stopped the overdue clock: the
    track read "0 remaining", lost its due date and left the overdue section of the
    dashboard and the case list. It is recorded, and stops nothing."""
    from datetime import date, timedelta

    from approvals.services.deadline_report import section_of
    from approvals.services.workflow import track_view
    from approvals.services.workspace import open_tracks

    tid = _accepted_fisr_track(db)
    open_case_of(db, tid)
    _step(db, tid, "start_preliminary_review", ALICE, on="2026-11-02")
    with db.read_session() as s:
        due = s.get(FilingTrack, tid).due_date  # type: ignore[union-attr]
    assert due is not None
    late = date.fromisoformat(due) + timedelta(days=3)
    _step(db, tid, "request_materials", ALICE, on=late.isoformat())
    today = late + timedelta(days=2)
    with db.read_session() as s:
        track = s.get(FilingTrack, tid)
        assert track is not None
        assert (track.state, track.due_date, track.clock_stopped_on) == (
            "materials_requested", due, late.isoformat())
        view = track_view(session=s, track_id=tid, today=today)
        assert view.overdue and not view.stopped and view.due == due
        assert view.clock_text.endswith(
            f"(overdue); materials requested on {late.day} {late:%b %Y} with no day of the "
            "period left, so the clock did not stop and the due date stands")
        row = next(t for t in open_tracks(s) if t.track_id == tid)
        assert not row.stopped and row.stopped_on is None and row.due_date == due
        assert section_of(row, today) == "overdue"
        # No clock stopped, so none is offered to resume: "Materials supplied" alone.
        supply = next(a for a in view.actions if a.name == "supply_materials")
        assert (supply.label, supply.label_zh) == ("Materials supplied", "已补正材料")
    # Supplied, the review goes on with the same due date: no days were kept from it, and
    # the trail does not say "clock stopped for 2 working days".
    _step(db, tid, "supply_materials", ALICE, on=today.isoformat())
    with db.read_session() as s:
        track = s.get(FilingTrack, tid)
        assert track is not None and track.due_date == due and track.clock_stopped_on is None
        from approvals.domain.event_text import EventFacts, event_sentence

        events = s.exec(select(Event).where(Event.track_id == tid,
                                            Event.action == "track.transition")
                        .order_by(col(Event.id))).all()[-2:]
        said = [event_sentence(EventFacts(e.action, e.entity_id, e.field,
                                          json.loads(e.old_value or "null"),
                                          json.loads(e.new_value or "null"),
                                          json.loads(e.details or "{}"))) for e in events]
        stop, resume = (json.loads(e.details or "{}") for e in events)
    assert stop["stopped_nothing"] and "due_date" not in stop
    assert resume["stopped_nothing"] and resume["stopped_working_days"] == 0
    assert "the period had run out, so the clock did not stop" in said[0], said
    assert "no day was stopped: the period had run out" in said[1], said
    assert "clock stopped for" not in said[1], said
    # The track's history names the steps without the clock they did not stop or resume.
    with db.read_session() as s:
        labels = [h.label for h in track_history(s, tid)][-2:]
    assert labels == ["Materials requested", "Materials supplied"]


def test_materials_asked_for_in_time_stop_the_clock_and_its_due_date(db: Database) -> None:
    """The other side of the line: a stop on a day before the last keeps its days."""
    from approvals.services.workspace import open_tracks

    tid = _accepted_fisr_track(db)
    open_case_of(db, tid)
    _step(db, tid, "start_preliminary_review", ALICE, on="2026-10-12")
    _step(db, tid, "request_materials", ALICE, on="2026-10-20")
    with db.read_session() as s:
        track = s.get(FilingTrack, tid)
        assert track is not None and track.due_date is None
        row = next(t for t in open_tracks(s) if t.track_id == tid)
        assert row.stopped and row.stopped_on == "2026-10-20"
