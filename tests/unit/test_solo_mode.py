"""Four-eyes through the real services: the approver of an internal review cannot be its
preparer, unless an administrator switched solo mode on; then the self-approval is marked
in the audit trail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import PermissionDenied, TransitionRefused
from approvals.store.audit import Actor
from approvals.store.models import Event, FilingTrack
from tests.workflow_support import complete_for_filing

EXAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "spec" / "examples" / "vision-startup.json"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))
PAT = Actor("pat", ("preparer", "approver"))  # a one-person office's officer


@pytest.fixture
def track(db) -> int:
    workflow = pytest.importorskip("approvals.services.workflow")
    screening = pytest.importorskip("approvals.services.screening")
    from approvals.services.cases import import_case
    from approvals.services.demo import demo_facts

    del workflow
    with db.session() as s:
        facts = json.loads(EXAMPLE.read_text(encoding="utf-8"))
        # Submission needs the USCC; borrow a valid one from the demo data.
        facts["target"]["uscc"] = next(d["target"]["uscc"] for d in demo_facts()
                                       if d["target"].get("uscc"))
        case = import_case(s, data=facts, actor=ROOT)
        screening.screen_case(session=s, case_id=case.id, actor=ROOT)
        screening.open_tracks(session=s, case_id=case.id, actor=ROOT)
        complete_for_filing(s, case.reference, ROOT)  # Approve for filing needs it
    with db.read_session() as s:
        row = s.exec(select(FilingTrack).where(FilingTrack.state == "draft",
                                               FilingTrack.outcome != "prohibited")).first()
        assert row is not None and row.id is not None
        return row.id


def step(db, track_id: int, name: str, actor: Actor) -> None:
    from approvals.services import workflow

    with db.session() as s:
        version = s.get(FilingTrack, track_id).version
        workflow.transition(session=s, track_id=track_id, transition_name=name, actor=actor,
                            reason="test", expected_version=version)


def test_self_approval_needs_solo_mode_and_is_marked(db, track: int) -> None:
    from approvals.services import auth

    step(db, track, "submit_for_review", PAT)
    with pytest.raises(TransitionRefused, match="four-eyes"):
        step(db, track, "approve_for_filing", PAT)

    with pytest.raises(PermissionDenied), db.session() as s:
        auth.set_solo_mode(s, actor=PAT, enabled=True)  # not an administrator
    with db.session() as s:
        auth.set_solo_mode(s, actor=ROOT, enabled=True, reason="one-person office")
    step(db, track, "approve_for_filing", PAT)

    with db.read_session() as s:
        events = s.exec(select(Event).where(Event.track_id == track).order_by(Event.id)).all()
        approval = [e for e in events if json.loads(e.details).get("to") == "approved_for_filing"]
        assert len(approval) == 1 and approval[0].actor == "pat"
        assert json.loads(approval[0].details).get("self_approval") is True
        solo = s.exec(select(Event).where(Event.field == "solo_mode")).one()
        assert solo.actor == "root" and solo.reason == "one-person office"


def test_another_approver_needs_no_solo_mode(db, track: int) -> None:
    step(db, track, "submit_for_review", PAT)
    step(db, track, "approve_for_filing", Actor("andy", ("approver",)))
    with db.read_session() as s:
        assert s.get(FilingTrack, track).state == "approved_for_filing"
        marked = [e for e in s.exec(select(Event).where(Event.track_id == track))
                  if json.loads(e.details).get("self_approval")]
        assert marked == []
