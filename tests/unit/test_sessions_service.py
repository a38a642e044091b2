"""The services behind the session watch: `auth.check_session` and the password stamp, and
the permission check a service makes for a session whose roles changed meanwhile (the
roles are read from the database at each call; the cached Actor is never trusted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import func, select

from approvals.domain.errors import PermissionDenied
from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import auth, users
from approvals.services.cases import create_case
from approvals.services.workspace import add_comment
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.migrate import open_database
from approvals.store.models import Case, Event
from tests.users_support import create_user_with_own_password

pytestmark = pytest.mark.usefixtures("fast_hash")

PW = "correct horse battery"
NEW_PW = "a brand new long password"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))
DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cases.json"


@pytest.fixture
def office(db: Database) -> Database:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW)
        create_user_with_own_password(s, actor=ROOT, username="bob", password=PW,
                                      roles=["preparer", "approver"])
    return db


@pytest.fixture
def other(data_dir: DataDir, office: Database):
    """An administrator's app on the same data folder."""
    database = open_database(data_dir)
    yield database
    database.dispose()


def sign_in(db: Database, username: str = "bob", password: str = PW,
            new_password: str | None = None) -> auth.SignInResult:
    with db.session() as s:
        result = auth.sign_in(s, username=username, password=password,
                              new_password=new_password)
    assert result.ok, result.message
    return result


def check(db: Database, actor: Actor, stamp: str) -> auth.SessionCheck:
    with db.read_session() as s:
        return auth.check_session(s, actor=actor, stamp=stamp)


def facts():
    return parse_facts(json.loads(DEMO.read_text(encoding="utf-8"))[0])


def cases(db: Database) -> int:
    with db.read_session() as s:
        return s.exec(select(func.count()).select_from(Case)).one()


def test_nothing_changed(office) -> None:
    result = sign_in(office)
    checked = check(office, result.actor, result.stamp)
    assert checked.ok and checked.actor is result.actor and checked.message == ""


def test_a_password_reset_elsewhere_ends_the_session(office, other) -> None:
    result = sign_in(office)
    with other.session() as s:
        users.reset_password(s, actor=ROOT, username="bob", new_password=NEW_PW)
    checked = check(office, result.actor, result.stamp)
    assert (checked.status, checked.message) == ("password", auth.PASSWORD_RESET)
    assert not checked.ok
    # Signing in again with the reset password (and one of bob's own, which it asks for)
    # gives the new stamp, which holds.
    again = sign_in(office, password=NEW_PW, new_password="bob's own passphrase")
    assert again.stamp != result.stamp and check(office, again.actor, again.stamp).ok


def test_an_own_password_change_returns_the_stamp_that_keeps_the_session(office) -> None:
    first, second = sign_in(office), sign_in(office)  # two windows of bob
    with office.session() as s:
        stamp = auth.change_own_password(s, actor=first.actor, old_password=PW,
                                         new_password=NEW_PW)
    assert check(office, first.actor, stamp).ok
    assert check(office, second.actor, second.stamp).status == "password"


def test_a_deactivation_ends_the_session(office, other) -> None:
    result = sign_in(office)
    with other.session() as s:
        users.deactivate_user(s, actor=ROOT, username="bob")
    checked = check(office, result.actor, result.stamp)
    assert checked.status == "revoked"
    assert checked.message == "Your account was deactivated by an administrator; sign in again."


@pytest.mark.parametrize("change", ["roles", "display name", "unlock", "another sign-in"])
def test_other_changes_keep_the_password_stamp(office, other, change: str) -> None:
    result = sign_in(office)
    with other.session() as s:
        if change == "roles":
            users.set_roles(s, actor=ROOT, username="bob", roles=["reviewer"])
        elif change == "display name":
            users.set_display_name(s, actor=ROOT, username="bob", display_name="Robert")
        elif change == "unlock":
            auth.sign_in(s, username="bob", password="a wrong guess")
            users.unlock_user(s, actor=ROOT, username="bob")
    if change == "another sign-in":
        sign_in(other)
    checked = check(office, result.actor, result.stamp)
    assert checked.ok, checked.message


def test_the_session_takes_the_roles_the_database_grants_now(office, other) -> None:
    result = sign_in(office)
    with other.session() as s:
        users.set_roles(s, actor=ROOT, username="bob", roles=["reviewer", "approver"])
    checked = check(office, result.actor, result.stamp)
    assert checked.ok and checked.actor.roles == ("reviewer", "approver")  # granted included


def test_an_identity_built_in_code_is_left_as_it_is(office) -> None:
    cli = Actor("cli:someone", ("admin",))
    assert check(office, cli, "").actor is cli


def test_a_role_taken_away_is_refused_to_the_cached_actor(office, other) -> None:
    """bob's window still holds the Actor of his sign-in (preparer and approver): after
    the preparer role is taken away in another app, the service refuses to create a case
    for it, changes nothing, and what approver may do still works."""
    bob = sign_in(office).actor
    with office.session() as s:
        reference = create_case(s, facts=facts(), actor=bob).reference
    with other.session() as s:
        users.set_roles(s, actor=ROOT, username="bob", roles=["approver"])
    before = cases(office)
    with pytest.raises(PermissionDenied, match="You no longer have the preparer role"), \
            office.session() as s:
        create_case(s, facts=facts(), actor=bob)
    assert cases(office) == before
    with office.session() as s:
        add_comment(s, actor=bob, reference=reference, body="still an approver")


def test_a_granted_role_needs_the_session_to_take_it(office, other) -> None:
    """The service never acts in more roles than the Actor it is given: the cached Actor
    is refused, the one the session watch took from `check_session` is not."""
    with other.session() as s:
        users.set_roles(s, actor=ROOT, username="bob", roles=["reviewer"])
    result = sign_in(office)
    with other.session() as s:
        users.set_roles(s, actor=ROOT, username="bob", roles=["reviewer", "preparer"])
    with pytest.raises(PermissionDenied), office.session() as s:
        create_case(s, facts=facts(), actor=result.actor)
    followed = check(office, result.actor, result.stamp).actor
    with office.session() as s:
        create_case(s, facts=facts(), actor=followed)
    # ... and once taken away again, that Actor is refused as well.
    with other.session() as s:
        users.set_roles(s, actor=ROOT, username="bob", roles=["reviewer"])
    with pytest.raises(PermissionDenied), office.session() as s:
        create_case(s, facts=facts(), actor=followed)
    with office.read_session() as s:
        created = s.exec(select(Event.actor).where(Event.action == "case.created")).all()
    assert list(created) == ["bob"]
