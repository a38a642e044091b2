"""The sign-in service never confirms that a user name is an account here: an unknown
name, a wrong password, a deactivated account and a locked one get the same result, after
the same amount of password hashing; only the audit trail says which it was."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlmodel import select

from approvals.services import auth, users
from approvals.store.audit import Actor
from approvals.store.models import Event, User
from tests.users_support import create_user_with_own_password

PW = "correct horse battery"
T0 = datetime(2026, 11, 2, 9, 0, 0, tzinfo=UTC)
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))


class CountingHasher(PasswordHasher):
    """Cheap parameters, and a count of the (costly, in production) verifications."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=64, parallelism=1)
        self.verifications = 0

    def verify(self, hash: Any, password: Any) -> bool:
        self.verifications += 1
        return super().verify(hash, password)


@pytest.fixture
def hasher(monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    counting = CountingHasher()
    monkeypatch.setattr(auth, "_hasher", counting)
    monkeypatch.setattr(auth, "_dummy_hash", None)  # made again with these parameters
    return counting


@pytest.fixture
def office(db, hasher: CountingHasher):
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW)
        for name in ("bob", "gone", "locked"):
            create_user_with_own_password(s, actor=ROOT, username=name, password=PW,
                                          roles=["preparer"])
        users.deactivate_user(s, actor=ROOT, username="gone")
    for i in range(auth.MAX_FAILED_ATTEMPTS):
        attempt(db, "locked", "wrong password!", T0 + timedelta(seconds=i))
    return db


def attempt(db, username: str, password: str, when: datetime = T0,
            purpose: str = "sign-in") -> auth.SignInResult:
    with db.session() as s:
        return auth.sign_in(s, username=username, password=password, now=when, purpose=purpose)


def last_event(db) -> tuple[str, str]:
    with db.read_session() as s:
        event = s.exec(select(Event).order_by(Event.id.desc())).first()
        return event.action, event.reason


REFUSALS = [
    # (name, password, the audit event's action and reason)
    ("mallory", PW, "user.sign_in_failed", "unknown user name"),
    ("bob", "not the password", "user.sign_in_failed", "wrong password"),
    ("gone", PW, "user.sign_in_refused", "account deactivated"),
    ("gone", "not the password", "user.sign_in_failed", "wrong password"),
    ("locked", PW, "user.sign_in_refused", "account locked"),
    ("locked", "not the password", "user.sign_in_refused", "account locked"),
]


@pytest.mark.parametrize(("username", "password", "action", "reason"), REFUSALS)
def test_every_refusal_reads_the_same(office, hasher: CountingHasher, username: str,
                                      password: str, action: str, reason: str) -> None:
    hasher.verifications = 0
    result = attempt(office, username, password, T0 + timedelta(seconds=30))
    assert result == auth.SignInResult("wrong", auth.BAD_CREDENTIALS)
    # The same hashing work whatever the reason, so the time taken does not tell either.
    assert hasher.verifications == 1
    assert last_event(office) == (action, reason)


def test_the_message_states_the_lock_out_rule() -> None:
    assert auth.BAD_CREDENTIALS.startswith("Wrong user name or password.")
    assert (f"{auth.MAX_FAILED_ATTEMPTS} failed attempts in a row lock an account for "
            f"{int(auth.LOCKOUT.total_seconds() // 60)} minutes") in auth.BAD_CREDENTIALS


def test_the_attempt_that_locks_reads_the_same_and_the_lock_holds(office) -> None:
    results = [attempt(office, "bob", f"guess {i}", T0 + timedelta(seconds=i))
               for i in range(auth.MAX_FAILED_ATTEMPTS)]
    assert set(results) == {auth.SignInResult("wrong", auth.BAD_CREDENTIALS)}
    with office.read_session() as s:
        locked_until = s.exec(select(User.locked_until).where(User.username == "bob")).one()
        actions = [e.action for e in s.exec(select(Event).where(Event.entity_id == "bob"))]
    assert locked_until == "2026-11-02T09:05:04Z"
    assert actions.count("user.locked_out") == 1
    # The right password is refused until the lock expires, then accepted.
    assert not attempt(office, "bob", PW, T0 + timedelta(minutes=4)).ok
    assert attempt(office, "bob", PW, T0 + timedelta(minutes=6)).ok


def test_a_signed_in_person_is_told_what_happened(office) -> None:
    """The idle lock and the change-password dialog show the user's own name already:
    there the tries left, the lock's end and a deactivation are said plainly."""
    wrong = attempt(office, "bob", "not the password", purpose="unlock")
    assert wrong.attempts_left == auth.MAX_FAILED_ATTEMPTS - 1 and "4 more tries" in wrong.message
    locked = attempt(office, "locked", PW, T0 + timedelta(seconds=60), purpose="unlock")
    assert locked.status == "locked" and "locked until" in locked.message
    gone = attempt(office, "gone", PW, purpose="password change")
    assert gone.status == "inactive" and "deactivated" in gone.message


def test_an_unknown_purpose_gets_the_sign_in_answer(office) -> None:
    assert attempt(office, "bob", "nope", purpose="anything").message == auth.BAD_CREDENTIALS


def test_success_returns_the_password_stamp(office) -> None:
    result = attempt(office, "bob", PW)
    with office.read_session() as s:
        stored = s.exec(select(User.password_hash).where(User.username == "bob")).one()
        assert result.stamp == auth.current_stamp(s, "bob") != ""
    assert stored not in result.stamp and result.stamp not in stored  # not the hash itself
