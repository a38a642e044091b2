"""A locked-out account that is the only active administrator's is not told to "ask an
administrator": there is nobody else to ask, only the wait."""

from __future__ import annotations

import pytest

from approvals.domain.errors import InputError
from approvals.services import auth, users
from approvals.store.audit import Actor

PW = "correct horse battery"
ROOT = Actor("root", ("admin",))

pytestmark = pytest.mark.usefixtures("fast_hash")


def _lock_out(db, username: str) -> auth.SignInResult:
    result = None
    for _ in range(auth.MAX_FAILED_ATTEMPTS):
        with db.session() as s:
            result = auth.sign_in(s, username=username, password="not it", purpose="unlock")
    assert result is not None and result.status == "locked"
    return result


def test_the_only_administrator_is_told_to_wait_not_to_ask(db) -> None:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW)
    result = _lock_out(db, "root")
    assert result.only_admin
    assert "ask an administrator" not in result.message
    assert "you are the only administrator, so nobody can lift it sooner" in result.message
    with db.session() as s:  # still locked: the same words
        again = auth.sign_in(s, username="root", password=PW, purpose="unlock")
    assert again.only_admin and "only administrator" in again.message


def test_a_user_with_an_administrator_to_ask_is_told_to_ask(db) -> None:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW)
        users.create_user(s, actor=ROOT, username="ada", password=PW, roles=["admin"])
        users.create_user(s, actor=ROOT, username="bob", password=PW, roles=["preparer"])
    for name in ("root", "bob"):
        result = _lock_out(db, name)
        assert not result.only_admin
        assert result.message.endswith(", or ask an administrator.")


def test_changing_the_password_while_locked_says_the_same(db) -> None:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW)
    _lock_out(db, "root")
    with db.session() as s, pytest.raises(InputError) as refused:
        auth.change_own_password(s, actor=ROOT, old_password=PW,
                                 new_password="a brand new passphrase")
    assert "only administrator" in str(refused.value)
