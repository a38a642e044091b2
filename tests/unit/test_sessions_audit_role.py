"""The role an audit event records is the one that authorised the action — the actor's
roles that the permission (or the workflow step) allows — not every role the user holds;
events recorded before (with the full list) still verify, and so does the chain across
old and new ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain import workflow as wf
from approvals.domain.audit import event_hash
from approvals.services import access, screening, users, workflow
from approvals.services.cases import import_case
from approvals.services.demo import demo_facts
from approvals.services.workspace import add_comment
from approvals.store.audit import Actor, append_event, verify_chain
from approvals.store.db import Database
from approvals.store.models import Case, Event, FilingTrack

pytestmark = pytest.mark.usefixtures("fast_hash")

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))
EXAMPLE = (Path(__file__).resolve().parents[2].parent / "shared" / "spec" / "examples"
           / "vision-startup.json")


@pytest.fixture
def office(db: Database) -> Database:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW)
        users.create_user(s, actor=ROOT, username="pat", password=PW,
                          roles=["preparer", "reviewer"])
        users.create_user(s, actor=ROOT, username="andy", password=PW,
                          roles=["reviewer", "approver", "admin"])
    return db


PAT = Actor("pat", ("preparer", "reviewer"))
ANDY = Actor("andy", ("reviewer", "approver", "admin"))


def roles_of(db: Database, action: str) -> list[tuple[str, str]]:
    with db.read_session() as s:
        rows = s.exec(select(Event.actor, Event.role).where(Event.action == action)
                      .order_by(Event.id)).all()
    return [tuple(r) for r in rows]


def new_case(db: Database, actor: Actor) -> int:
    facts = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    facts["target"]["uscc"] = next(d["target"]["uscc"] for d in demo_facts()
                                   if d["target"].get("uscc"))
    with db.session() as s:
        case = import_case(s, data=facts, actor=actor)
        screening.screen_case(session=s, case_id=case.id, actor=actor)
        screening.open_tracks(session=s, case_id=case.id, actor=actor)
        return case.id


def test_a_service_records_the_roles_its_permission_allows(office) -> None:
    case_id = new_case(office, PAT)
    # case.create allows preparer and admin: pat acted as preparer, not as reviewer.
    assert roles_of(office, "case.created") == [("pat", "preparer")]
    with office.session() as s:
        users.set_display_name(s, actor=ANDY, username="pat", display_name="Pat")
    assert roles_of(office, "user.changed") == [("andy", "admin")]
    with office.session() as s:
        reference = s.get(Case, case_id).reference
        add_comment(s, actor=ANDY, reference=reference, body="looked at it")
    # Everyone may comment: every role andy holds allowed it.
    assert roles_of(office, "comment.added") == [("andy", "reviewer,approver,admin")]


def test_a_workflow_step_records_the_roles_the_step_allows(office) -> None:
    new_case(office, ROOT)
    with office.read_session() as s:
        track = s.exec(select(FilingTrack).where(FilingTrack.state == "draft",
                                                 FilingTrack.outcome != "prohibited")).first()
        track_id, kind, version = track.id, track.kind, track.version
    step = wf.get_transition(kind, "draft", "submit_for_review")
    expected = ",".join(r for r in PAT.roles if r in step.roles)
    assert expected and expected != PAT.role  # the test means something only then
    with office.session() as s:
        workflow.transition(session=s, track_id=track_id, transition_name="submit_for_review",
                            actor=PAT, reason="ready", expected_version=version)
    assert roles_of(office, "track.transition")[-1] == ("pat", expected)


def test_the_authorising_role_follows_a_role_taken_away(office) -> None:
    """An actor from an earlier check keeps no role the user lost meanwhile."""
    with office.session() as s:
        checked = access.require(s, ANDY, "comment.add")
    assert checked.role == "reviewer,approver,admin" and checked.roles == ANDY.roles
    with office.session() as s:
        users.set_roles(s, actor=ROOT, username="andy", roles=["reviewer", "admin"])
    with office.session() as s:
        again = access.current_actor(s, checked)
    assert again.role == "reviewer,admin" and again.roles == ("reviewer", "admin")


def test_identities_built_in_code_record_the_roles_that_allowed_them(office) -> None:
    cli = Actor("cli:someone", ("preparer", "reviewer", "approver", "admin"))
    with office.session() as s:
        acting = access.require(s, cli, "user.manage")
    assert (acting.role, acting.roles) == ("admin", cli.roles)


def test_old_events_with_every_role_still_verify_next_to_new_ones(office) -> None:
    """An event recorded before this change, with the user's whole role list, keeps its
    content and hash; the chain through it and the narrower new events verifies."""
    with office.session() as s:
        old = append_event(s, actor=ROOT, action="comment.added", entity="case",
                           entity_id="1", reason="recorded the old way")
        old_id, old_hash = old.id, old.hash
    new_case(office, ROOT)
    with office.read_session() as s:
        stored = s.get(Event, old_id)
        assert stored.role == "preparer,reviewer,approver,admin"
        assert stored.hash == old_hash
        assert event_hash(stored.prev_hash, stored.model_dump()) == old_hash
        count, broken = verify_chain(s)
    assert broken is None and count > 2
    assert ("root", "preparer,admin") in roles_of(office, "case.created")
