"""A password another person chose when creating the account (an administrator in Users…,
or `approvals user add`) lets its user in only with one of their own, by the same path as
an administrator's reset (`auth.password_set_by_another`); the first administrator, who
chose their own at first start, is not asked."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from sqlmodel import col, select

from approvals.domain.event_text import EventFacts, event_sentence
from approvals.services import auth, users
from approvals.store.audit import Actor, verify_chain
from approvals.store.models import Event

PW = "correct horse battery"
OWN = "my own quiet harbour"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))

pytestmark = pytest.mark.usefixtures("fast_hash")


@pytest.fixture
def office(db):
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Ruth Root")
        users.create_user(s, actor=ROOT, username="bob", password=PW, roles=["preparer"],
                          display_name="Bob Brown")
    return db


def sign_in(db, password: str, new_password: str | None = None,
            username: str = "bob") -> auth.SignInResult:
    with db.session() as s:
        return auth.sign_in(s, username=username, password=password, new_password=new_password)


def last_events(db, n: int) -> list[SimpleNamespace]:
    with db.read_session() as s:
        rows = s.exec(select(Event).order_by(col(Event.id).desc()).limit(n)).all()
        return [SimpleNamespace(**e.model_dump()) for e in reversed(rows)]


def test_the_first_sign_in_of_a_created_account_asks_for_its_own_password(office) -> None:
    first = sign_in(office, PW)
    assert first.must_change and first.actor is None
    assert (first.reset_by, first.at_creation) == ("root", True)
    assert first.message.startswith("Your account was created with a password set by "
                                    "Ruth Root (root).")
    [refused] = last_events(office, 1)
    assert (refused.action, refused.entity_id) == ("user.sign_in_refused", "bob")
    assert refused.reason == auth.OWN_PASSWORD_NEEDED_REASON
    assert json.loads(refused.details)["created_by"] == "root"

    done = sign_in(office, PW, OWN)
    assert done.ok and done.actor is not None and done.actor.username == "bob"
    changed, signed = last_events(office, 2)
    assert (changed.action, changed.actor, changed.field) == ("user.password_changed", "bob",
                                                              "password")
    assert signed.action == "user.signed_in"
    assert event_sentence(EventFacts(changed.action, changed.entity_id, changed.field,
                                     details=json.loads(changed.details))) == (
        "bob chose their own password at first sign-in, as required: root had set it when "
        "creating the account")
    assert sign_in(office, OWN).ok  # from now on as usual
    assert sign_in(office, PW).status == "wrong"
    with office.read_session() as s:
        assert auth.password_set_by_another(s, "bob") is None
        assert verify_chain(s)[1] is None


def test_the_chosen_password_follows_the_rules_and_is_not_the_one_set(office) -> None:
    from approvals.domain.errors import InputError

    for bad in ("short", PW, "Bob Brown 2026!"):
        with pytest.raises(InputError) as err:
            sign_in(office, PW, bad)
        assert err.value.problems[0].path == "new_password"
    assert sign_in(office, PW).must_change  # nothing of a refused choice was kept


def test_the_first_administrator_chose_their_own_and_is_not_asked(office) -> None:
    assert sign_in(office, PW, username="root").ok


def test_a_reset_after_creation_is_said_as_a_reset(office) -> None:
    with office.session() as s:
        users.reset_password(s, actor=ROOT, username="bob", new_password="fresh start password")
    again = sign_in(office, "fresh start password")
    assert again.must_change and not again.at_creation
    assert again.message.startswith("Your password was reset by Ruth Root (root).")


def test_changing_ones_own_password_ends_the_demand(office) -> None:
    with office.session() as s:
        auth.change_own_password(s, actor=Actor("bob", ("preparer",)), old_password=PW,
                                 new_password=OWN)
    assert sign_in(office, OWN).ok


def test_unlock_at_the_idle_lock_is_not_asked(office) -> None:
    with office.session() as s:
        assert auth.sign_in(s, username="bob", password=PW, purpose="unlock").ok


def test_a_scripted_account_is_asked_and_told_it_came_from_the_command_line(office) -> None:
    """`approvals user add` acts as cli:<login>: whoever ran the script knows the password."""
    with office.session() as s:
        users.create_user(s, actor=Actor("cli:ops", ROOT.roles), username="ada", password=PW,
                          roles=["admin"])
    first = sign_in(office, PW, username="ada")
    assert first.must_change and first.reset_by == "cli:ops"
    assert "set by the command line (approvals user add)" in first.message


def test_the_user_list_says_who_awaits_their_own_password(office) -> None:
    with office.read_session() as s:
        listed = {u.username: (u.reset_by, u.set_at_creation) for u in users.list_users(s)}
        assert listed == {"bob": ("root", True), "root": ("", False)}
        assert users.get_user(s, "bob").set_at_creation
    sign_in(office, PW, OWN)
    with office.read_session() as s:
        assert [(u.reset_by, u.set_at_creation) for u in users.list_users(s)] == [
            ("", False), ("", False)]


def test_create_user_returns_the_account_awaiting_its_users_password(db) -> None:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW)
        made = users.create_user(s, actor=ROOT, username="carl", password=PW,
                                 roles=["reviewer"])
    assert (made.reset_by, made.set_at_creation) == ("root", True)
