"""Handing a case to another owner (services.case_owner): who may, to whom, audited with
the reason, refused with nothing changed otherwise; the case list and the timeline then
name the new owner."""

from __future__ import annotations

from typing import Any

import pytest

from approvals.domain.errors import ConflictError, InputError, PermissionDenied, TransitionRefused
from approvals.domain.event_text import EventFacts, event_sentence
from approvals.services import users
from approvals.services.case_lifecycle import close_case
from approvals.services.case_owner import OwnerChoice, change_owner, owner_choices
from approvals.services.cases import case_id_for, get_case, import_case
from approvals.store.audit import Actor, verify_chain
from approvals.store.db import Database
from tests.trail_support import event_rows
from tests.unit.test_permissions import example_facts
from tests.users_support import ROOT, create_user_with_own_password

PW = "correct horse battery"
LI = Actor("li.wei", ("preparer",), "Li Wei")
RITA = Actor("rita", ("reviewer",))
SARAH = Actor("sarah", ("approver",), "Sarah Chen")
PAT = Actor("pat", ("preparer",))


@pytest.fixture
def office(db: Database, fast_hash: None) -> str:
    """root (every role) owns a case; li.wei and pat prepare, rita reviews, sarah approves,
    gone was deactivated."""
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW)
        for actor in (LI, RITA, SARAH, PAT, Actor("gone", ("preparer",))):
            create_user_with_own_password(s, actor=ROOT, username=actor.username, password=PW,
                                          roles=actor.roles, display_name=actor.display_name)
        users.deactivate_user(s, actor=ROOT, username="gone")
        return import_case(s, data=example_facts(), actor=ROOT).reference


def _version(db: Database, reference: str) -> int:
    with db.read_session() as s:
        return get_case(s, reference).version


def _hand(db: Database, reference: str, to: str, actor: Actor = ROOT, reason: str = "desk change",
          version: int | None = None) -> Any:
    with db.session() as s:
        return change_owner(s, reference=reference, new_owner=to, actor=actor, reason=reason,
                            expected_version=_version(db, reference) if version is None else version)


def _events(db: Database) -> list[tuple[Any, ...]]:
    return event_rows(db, "action, actor, old_value, new_value, reason", "case.owner_changed")


def test_an_approver_hands_the_case_over_audited_with_the_reason(db: Database, office: str) -> None:
    before = _version(db, office)
    change = _hand(db, office, "li.wei", actor=SARAH, reason="Li Wei takes the Zhiyuan deals")
    assert (change.owner, change.previous, change.version) == ("li.wei", "root", before + 1)
    with db.read_session() as s:
        assert get_case(s, office).owner == "li.wei"
    assert _events(db) == [("case.owner_changed", "sarah", '"root"', '"li.wei"',
                            "Li Wei takes the Zhiyuan deals")]
    with db.read_session() as s:
        assert verify_chain(s)[1] is None
    sentence = event_sentence(EventFacts(action="case.owner_changed", old="root", new="li.wei",
                                         field="owner", entity_id=office),
                              person=lambda login: {"li.wei": "Li Wei (li.wei)"}.get(login, login))
    assert sentence == "case handed to Li Wei (li.wei) (owner was root)"


def test_the_owner_hands_over_their_own_case_and_nobody_else_does(db: Database, office: str) -> None:
    _hand(db, office, "li.wei")  # root, an administrator
    with pytest.raises(PermissionDenied) as refused:  # a preparer who is not the owner
        _hand(db, office, "sarah", actor=PAT)
    assert str(refused.value) == (
        f"pat may not hand case {office} to another owner: that needs the approver or "
        "administrator role, or to be its owner (li.wei).")
    with pytest.raises(PermissionDenied, match="rita may not"):  # a reviewer, not even as owner
        _hand(db, office, "sarah", actor=RITA)
    assert _hand(db, office, "pat", actor=LI).owner == "pat"  # the owner, a preparer
    assert [e[1] for e in _events(db)] == ["root", "li.wei"]


@pytest.mark.parametrize(("to", "message"), [
    ("rita", "rita cannot own case {ref}: a case's owner has the preparer, approver or "
             "administrator role"),
    ("gone", "gone cannot own case {ref}: the user is deactivated"),
    ("nobody", "nobody cannot own case {ref}: there is no user of that name"),
    ("root", "root already owns case {ref}"),
    (" ", "choose the user who is to own the case"),
])
def test_a_new_owner_who_cannot_own_it_is_refused_at_the_field(
        db: Database, office: str, to: str, message: str) -> None:
    before = _version(db, office)
    with pytest.raises(InputError) as refused:
        _hand(db, office, to)
    problem = refused.value.problems[0]
    assert (problem.path, problem.message) == ("owner", message.format(ref=office))
    assert _version(db, office) == before and _events(db) == []


def test_no_reason_a_stale_version_or_a_closed_case_changes_nothing(db: Database, office: str) -> None:
    with pytest.raises(InputError, match="say why the case changes owner"):
        _hand(db, office, "li.wei", reason="  ")
    with pytest.raises(ConflictError, match="was saved by someone else"):
        _hand(db, office, "li.wei", version=_version(db, office) - 1)
    with db.session() as s:
        close_case(session=s, case_id=case_id_for(s, office), actor=ROOT,
                   expected_version=_version(db, office), reason="deal lapsed")
    with pytest.raises(TransitionRefused, match="is closed"):
        _hand(db, office, "li.wei")
    assert _events(db) == []


def test_choices_name_who_it_could_go_to_and_whether_the_actor_may(db: Database, office: str) -> None:
    with db.read_session() as s:
        as_root = owner_choices(s, reference=office, actor=ROOT)
        as_pat = owner_choices(s, reference=office, actor=PAT)
    assert (as_root.owner, as_root.refusal) == ("root", "")
    assert as_root.choices == (OwnerChoice("li.wei", "Li Wei (li.wei)"), OwnerChoice("pat", "pat"),
                               OwnerChoice("sarah", "Sarah Chen (sarah)"))
    assert as_pat.refusal.startswith("pat may not hand case")


def test_a_conflict_after_a_change_of_owner_says_who_has_the_case_now(
        db: Database, office: str) -> None:
    """It read "Root Admin (root) owner changed at …": no verb, and not whom to."""
    before = _version(db, office)
    _hand(db, office, "li.wei")
    with pytest.raises(ConflictError) as refused:
        _hand(db, office, "pat", version=before)
    said = str(refused.value)
    assert f"(version {before}, now {before + 1}): " in said
    assert f"handed the case to {LI.display_name} (li.wei) at " in said
    assert "owner changed" not in said
