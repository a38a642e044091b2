"""The sign-in refusal says what a locked-out officer needs to retry: that during the
lock-out even the right password is refused, and that trying meanwhile does not make it
longer. It said only "Wrong user name or password … lock an account for 5 minutes": the
officer who typed the right password during the lock began to doubt it and tried others.
Both statements are checked against what sign-in does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from approvals.services import auth, users
from approvals.store.audit import Actor
from approvals.store.models import User
from tests.users_support import create_user_with_own_password

PW = "correct horse battery"
T0 = datetime(2026, 11, 2, 9, 0, 0, tzinfo=UTC)

pytestmark = pytest.mark.usefixtures("fast_hash")


def attempt(db, password: str, when: datetime) -> auth.SignInResult:
    with db.session() as s:
        return auth.sign_in(s, username="bob", password=password, now=when)


def locked_until(db) -> str | None:
    with db.read_session() as s:
        user = auth.find_user(s, "bob")
        assert isinstance(user, User)
        return user.locked_until


def test_the_refusal_says_the_right_password_is_refused_while_locked(db) -> None:
    with db.session() as s:
        root = users.create_first_admin(s, username="root", password=PW)
        create_user_with_own_password(s, actor=Actor(root.username, root.roles),
                                      username="bob", password=PW, roles=["preparer"])
    for n in range(auth.MAX_FAILED_ATTEMPTS):
        attempt(db, "not the password", T0 + timedelta(seconds=n))
    until = locked_until(db)
    assert until is not None

    # During the lock: the right password and more wrong ones, each refused alike …
    during = T0 + timedelta(minutes=2)
    refusals = [attempt(db, PW, during), attempt(db, "still not it", during)]
    assert {r.message for r in refusals} == {auth.BAD_CREDENTIALS}
    message = auth.BAD_CREDENTIALS
    assert "until then even the right password is refused" in message
    assert "trying again meanwhile does not extend the lock" in message
    # … and, as the message says, none of them moved the end of the lock.
    assert locked_until(db) == until
    assert attempt(db, PW, auth.parse_iso(until) + timedelta(seconds=1)).ok
