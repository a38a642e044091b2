"""An administrator's password reset: the next sign-in asks for a password of the user's own."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from sqlmodel import select

from approvals.domain.errors import InputError
from approvals.domain.event_text import EventFacts, event_sentence
from approvals.services import auth, users
from approvals.store.audit import Actor, verify_chain
from approvals.store.models import Event

PW = "correct horse battery"
RESET = "fresh start password"
OWN = "my own quiet harbour"

pytestmark = pytest.mark.usefixtures("fast_hash")


@pytest.fixture
def office(db):
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Ruth Root")
        root = Actor("root", ("preparer", "reviewer", "approver", "admin"))
        users.create_user(s, actor=root, username="bob", password=PW, roles=["preparer"],
                          display_name="Bob Brown")
    return SimpleNamespace(db=db, root=root)


def events(db) -> list[SimpleNamespace]:
    with db.read_session() as s:
        return [SimpleNamespace(**e.model_dump())
                for e in s.exec(select(Event).order_by(Event.id))]


def sign_in(db, password: str, new_password: str | None = None) -> auth.SignInResult:
    with db.session() as s:
        return auth.sign_in(s, username="bob", password=password, new_password=new_password)


def test_after_a_reset_the_sign_in_asks_for_a_new_password_and_audits_it(office) -> None:
    with office.db.session() as s:
        users.reset_password(s, actor=office.root, username="bob", new_password=RESET)
    first = sign_in(office.db, RESET)
    assert first.status == "change" and first.must_change and not first.ok
    assert first.actor is None and first.reset_by == "root"
    assert "reset by Ruth Root (root)" in first.message
    refused = events(office.db)[-1]
    assert (refused.action, refused.entity_id) == ("user.sign_in_refused", "bob")
    assert refused.reason == auth.NEW_PASSWORD_NEEDED_REASON

    done = sign_in(office.db, RESET, OWN)
    assert done.ok and done.actor is not None and done.actor.username == "bob"
    changed, signed = events(office.db)[-2:]
    assert (changed.action, changed.actor, changed.field) == ("user.password_changed", "bob",
                                                              "password")
    assert "reset" in changed.reason and signed.action == "user.signed_in"
    # From now on the user's own password signs in as usual; the one set for them not.
    assert sign_in(office.db, OWN).ok
    assert sign_in(office.db, RESET).status == "wrong"
    with office.db.read_session() as s:
        assert auth.password_set_by_another(s, "bob") is None
        assert verify_chain(s)[1] is None
    sentence = event_sentence(EventFacts(changed.action, changed.entity_id, changed.field,
                                         details=json.loads(changed.details)))
    assert sentence == "bob chose a new password at sign-in, as required after root reset it"


def test_the_new_password_follows_the_rules_and_is_not_the_one_set(office) -> None:
    with office.db.session() as s:
        users.reset_password(s, actor=office.root, username="bob", new_password=RESET)
    for bad in ("short", RESET, "Bob Brown 2026!"):
        with pytest.raises(InputError) as err:
            sign_in(office.db, RESET, bad)
        assert err.value.problems[0].path == "new_password"
    # Nothing of a refused choice was kept: still the reset password, still asked.
    assert sign_in(office.db, RESET).status == "change"


def test_a_wrong_password_is_refused_as_always_even_with_a_new_one(office) -> None:
    with office.db.session() as s:
        users.reset_password(s, actor=office.root, username="bob", new_password=RESET)
    assert sign_in(office.db, "not the password", OWN) == auth.SignInResult(
        "wrong", auth.BAD_CREDENTIALS)
    assert sign_in(office.db, OWN).status == "wrong"


def test_an_administrator_resetting_their_own_password_is_not_asked(office) -> None:
    with office.db.session() as s:
        users.reset_password(s, actor=office.root, username="root", new_password=RESET)
        assert auth.sign_in(s, username="root", password=RESET).ok


def test_changing_ones_own_password_after_a_reset_ends_the_demand(office) -> None:
    with office.db.session() as s:
        users.reset_password(s, actor=office.root, username="bob", new_password=RESET)
        auth.change_own_password(s, actor=Actor("bob", ("preparer",)), old_password=RESET,
                                 new_password=OWN)
    assert sign_in(office.db, OWN).ok


def test_unlock_at_the_idle_lock_is_not_asked(office) -> None:
    with office.db.session() as s:
        users.reset_password(s, actor=office.root, username="bob", new_password=RESET)
        assert auth.sign_in(s, username="bob", password=RESET, purpose="unlock").ok


def test_the_user_list_says_whose_reset_password_awaits_their_own(office) -> None:
    with office.db.session() as s:
        users.reset_password(s, actor=office.root, username="bob", new_password=RESET)
        users.reset_password(s, actor=office.root, username="root", new_password=RESET)
    with office.db.read_session() as s:
        listed = {u.username: u.reset_by for u in users.list_users(s)}
        assert listed == {"bob": "root", "root": ""}
        assert users.get_user(s, "bob").reset_by == "root"
    sign_in(office.db, RESET, OWN)
    with office.db.read_session() as s:
        assert [u.reset_by for u in users.list_users(s)] == ["", ""]
