"""The demo's people (li.wei, sarah.chen) act in the demo cases' steps without accounts.
`users.demo_people_without_accounts` names those the audit trail records and who have
no account here, for the Users window to offer."""

from __future__ import annotations

import pytest

from approvals.services import users
from approvals.store.audit import Actor, append_event
from approvals.store.db import Database
from tests.users_support import PW, ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")

LI_WEI = Actor("li.wei", ("preparer",), "Li Wei")
SARAH = Actor("sarah.chen", ("approver", "reviewer"), "Sarah Chen")


def _acted(db: Database, *actors: Actor) -> None:
    with db.session() as s:
        for actor in actors:
            append_event(s, actor=actor, action="comment.added", entity="case", entity_id=1)


def test_nobody_is_offered_before_the_demo_acted(db: Database) -> None:
    make_root(db)
    with db.read_session() as s:
        assert users.demo_people_without_accounts(s) == []


def test_the_demo_people_the_trail_names_are_offered_as_the_demo_has_them(
        db: Database) -> None:
    make_root(db)
    _acted(db, LI_WEI, SARAH)
    with db.read_session() as s:
        people = users.demo_people_without_accounts(s)
    assert people == [users.DemoPerson("li.wei", "Li Wei", ("preparer",)),
                      users.DemoPerson("sarah.chen", "Sarah Chen", ("reviewer", "approver"))]


def test_someone_with_an_account_is_not_offered_deactivated_ones_included(
        db: Database) -> None:
    make_root(db)
    _acted(db, LI_WEI, SARAH)
    with db.session() as s:
        users.create_user(s, actor=ROOT, username="Sarah.Chen", password=PW,
                          roles=["approver"])
        users.create_user(s, actor=ROOT, username="li.wei", password=PW, roles=["preparer"])
        users.deactivate_user(s, actor=ROOT, username="li.wei")
    with db.read_session() as s:
        assert users.demo_people_without_accounts(s) == []
