"""The audit trail of a lock-out: the fifth failed sign-in is numbered like the four
before it (it had no attempt number, so the trail read 1, 2, 3, 4 and then an unnumbered
failure beside the lock-out)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from approvals.domain.errors import InputError
from approvals.services import auth, users
from approvals.store.audit import Actor
from approvals.store.models import Event

PW = "correct horse battery"
T0 = datetime(2026, 11, 2, 9, 0, 0, tzinfo=UTC)
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")

pytestmark = pytest.mark.usefixtures("fast_hash")


def test_every_failed_sign_in_before_a_lock_out_is_numbered(db) -> None:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW)
        users.create_user(s, actor=ROOT, username="bob", password=PW, roles=["preparer"])
    for n in range(auth.MAX_FAILED_ATTEMPTS):
        with db.session() as s:
            auth.sign_in(s, username="bob", password="not it at all", now=T0 + timedelta(seconds=n))
    with db.read_session() as s:
        events = [(e.action, json.loads(e.details or "{}"))
                  for e in s.exec(select(Event).where(Event.entity_id == "bob")
                                  .order_by(Event.id))]
    failed = [details for action, details in events if action == "user.sign_in_failed"]
    assert [details.get("attempt") for details in failed] == [1, 2, 3, 4, 5]
    assert events[-1][0] == "user.locked_out"


def test_the_one_refusal_also_says_whom_a_deactivated_user_asks() -> None:
    """A deactivated user typing the right password read only about wrong passwords and
    lock-outs; the rule for deactivated accounts is stated too (not whether it applies)."""
    assert auth.BAD_CREDENTIALS.startswith("Wrong user name or password.")
    assert "reactivate a deactivated account" in auth.BAD_CREDENTIALS


def test_a_password_change_to_the_same_password_is_refused(db) -> None:
    """It said "Your password was changed", signed the user's other windows out and
    recorded a change, with the password as it was."""
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW)
    with pytest.raises(InputError) as refused, db.session() as s:
        auth.change_own_password(s, actor=ROOT, old_password=PW, new_password=f" {PW}"[1:])
    assert [(p.path, p.message) for p in refused.value.problems] == [
        ("new_password", "is the current password: choose a different one")]
    with db.read_session() as s:
        changed = s.exec(select(Event).where(Event.action == "user.password_changed")).all()
        assert changed == []


def test_a_reset_that_lifts_a_lock_out_says_so_in_the_trail(db) -> None:
    """A lock-out, then a password reset, then a sign-in: the reset's event did not say it
    had lifted the lock (Lift lock-out records its own `user.unlocked`)."""
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW)
        users.create_user(s, actor=ROOT, username="bob", password=PW, roles=["preparer"])
        users.create_user(s, actor=ROOT, username="eve", password=PW, roles=["preparer"])
    now = datetime.now(UTC)
    for n in range(auth.MAX_FAILED_ATTEMPTS):
        with db.session() as s:
            auth.sign_in(s, username="bob", password="not it at all",
                         now=now + timedelta(seconds=n))
    with db.session() as s:
        locked = users.get_user(s, "bob").locked_until
        users.reset_password(s, actor=ROOT, username="bob", new_password="fresh start password")
        users.reset_password(s, actor=ROOT, username="eve", new_password="fresh start password")
    with db.read_session() as s:
        details = {e.entity_id: json.loads(e.details or "{}") for e in s.exec(
            select(Event).where(Event.action == "user.password_reset"))}
    assert details["bob"] == {"lock_lifted": locked}
    assert details["eve"] == {}  # nothing to lift
