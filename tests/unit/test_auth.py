"""Sign-in: wrong passwords, lock-out after five for five minutes, audit events, and no
password in clear anywhere in the database files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from argon2 import PasswordHasher
from sqlmodel import select

from approvals.domain.errors import InputError
from approvals.services import auth, users
from approvals.services.access import SignedInActor
from approvals.store.audit import Actor
from approvals.store.models import Event, User
from tests.users_support import create_user_with_own_password

PW = "correct horse battery"
T0 = datetime(2026, 11, 2, 9, 0, 0, tzinfo=UTC)


pytestmark = pytest.mark.usefixtures("fast_hash")  # cheap argon2 parameters


@pytest.fixture
def bob(db) -> str:
    with db.session() as s:
        root = users.create_first_admin(s, username="root", password=PW)
        create_user_with_own_password(s, actor=Actor(root.username, root.roles),
                                      username="bob", password=PW, roles=["preparer"],
                                      display_name="Bob B")
    return "bob"


def attempt(db, password: str, when: datetime, username: str = "bob",
            purpose: str = "sign-in") -> auth.SignInResult:
    with db.session() as s:
        return auth.sign_in(s, username=username, password=password, now=when, purpose=purpose)


def named(db, password: str, when: datetime, username: str = "bob") -> auth.SignInResult:
    """An attempt by someone already signed in (the idle lock): the result says what
    happened, tries left and the lock's time, where the sign-in dialog may not."""
    return attempt(db, password, when, username, purpose="unlock")


def events(db) -> list[SimpleNamespace]:
    with db.read_session() as s:
        return [SimpleNamespace(**e.model_dump()) for e in s.exec(select(Event).order_by(Event.id))]


def test_success_returns_the_actor_and_is_audited(db, bob: str) -> None:
    result = attempt(db, PW, T0)
    assert result.ok
    assert result.actor == SignedInActor("bob", ("preparer",), "Bob B")
    last = events(db)[-1]
    assert (last.action, last.actor, last.entity_id) == ("user.signed_in", "bob", "bob")


def test_wrong_password_says_so_and_counts_down(db, bob: str) -> None:
    first = attempt(db, "not the password", T0)
    assert first == auth.SignInResult("wrong", auth.BAD_CREDENTIALS)  # no count of tries
    second = named(db, "nope nope nope", T0)  # the idle lock: bob is known to be bob
    assert second.status == "wrong" and not second.ok and second.actor is None
    assert "3 more tries" in second.message and second.attempts_left == 3
    failed = [e for e in events(db) if e.action == "user.sign_in_failed"]
    assert len(failed) == 2 and failed[0].reason == "wrong password"
    assert all("not the password" not in (e.details + e.reason) for e in events(db))


def test_unknown_user_looks_like_a_wrong_password(db, bob: str) -> None:
    result = attempt(db, PW, T0, username="mallory")
    last = events(db)[-1]
    assert result == attempt(db, "not the password", T0)  # the same result, field by field
    assert result.message.startswith("Wrong user name or password.")
    assert (last.action, last.entity_id, last.reason) == ("user.sign_in_failed", "",
                                                          "unknown user name")


def test_five_failures_lock_for_five_minutes(db, bob: str) -> None:
    for i in range(4):
        assert named(db, "wrong password!", T0 + timedelta(seconds=i)).status == "wrong"
    fifth = named(db, "wrong password!", T0 + timedelta(seconds=4))
    assert fifth.status == "locked"
    assert fifth.remaining_seconds == 300
    assert "5 min" in fifth.message and "locked" in fifth.message
    assert any(e.action == "user.locked_out" for e in events(db))

    # Even the right password is refused while locked, with the time still to wait.
    during = named(db, PW, T0 + timedelta(seconds=4 + 90))
    assert during.status == "locked" and during.remaining_seconds == 210
    assert "3 min 30 s" in during.message
    with db.read_session() as s:
        stored = s.exec(select(User.locked_until).where(User.username == "bob")).one()
        assert stored == "2026-11-02T09:05:04Z"
        # T0 lies in the past, so for the user list that lock has long expired.
        assert users.get_user(s, "bob").locked_until is None

    # After five minutes the right password works and the counter starts from zero.
    after = named(db, PW, T0 + timedelta(seconds=4 + 300))
    assert after.ok
    with db.read_session() as s:
        assert users.get_user(s, "bob").locked_until is None
    assert named(db, "wrong again....", T0 + timedelta(minutes=10)).attempts_left == 4
    actions = [e.action for e in events(db)]
    assert actions.count("user.sign_in_refused") == 1
    assert actions.count("user.sign_in_failed") == 6


def test_failures_count_across_processes(db, data_dir, bob: str) -> None:
    """The count and the lock live in the database: attempts from another process (its own
    engine and connections) on the same file add up, and the lock holds there too; five
    attempts racing each other lock the account exactly once."""
    import threading

    from approvals.store.migrate import open_database

    other = open_database(data_dir)
    try:
        for i, database in enumerate((db, other, db, other)):
            assert named(database, "wrong password!", T0 + timedelta(seconds=i)).status == "wrong"
        assert named(other, "wrong password!", T0 + timedelta(seconds=4)).status == "locked"
        assert named(db, PW, T0 + timedelta(seconds=5)).status == "locked"
    finally:
        other.dispose()

    with db.session() as s:
        users.unlock_user(s, actor=Actor("root", ("admin",)), username="bob")
    start = threading.Barrier(5)
    statuses: list[str] = []

    def guess() -> None:
        database = open_database(data_dir)
        try:
            start.wait()
            statuses.append(named(database, "wrong password!", T0 + timedelta(minutes=1)).status)
        finally:
            database.dispose()

    threads = [threading.Thread(target=guess) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(statuses) == ["locked", "wrong", "wrong", "wrong", "wrong"]
    assert [e.action for e in events(db)].count("user.locked_out") == 2


def test_an_expired_lock_restarts_the_count(db, bob: str) -> None:
    for i in range(5):
        attempt(db, "wrong password!", T0 + timedelta(seconds=i))
    later = T0 + timedelta(minutes=6)
    result = named(db, "wrong password!", later)
    assert result.status == "wrong" and result.attempts_left == 4


def test_admin_unlock_and_reset_lift_a_lock(db, bob: str) -> None:
    for i in range(5):
        attempt(db, "wrong password!", T0 + timedelta(seconds=i))
    with db.session() as s:
        users.unlock_user(s, actor=Actor("root", ("admin",)), username="bob", reason="called")
    assert attempt(db, PW, T0 + timedelta(seconds=10)).ok


def test_change_own_password(db, bob: str) -> None:
    actor = attempt(db, PW, T0).actor
    assert actor is not None
    with pytest.raises(InputError) as err, db.session() as s:
        auth.change_own_password(s, actor=actor, old_password="guess guess guess",
                                 new_password="another long one")
    assert err.value.problems[0].path == "old_password"
    with pytest.raises(InputError) as err, db.session() as s:
        auth.change_own_password(s, actor=actor, old_password=PW, new_password="short")
    assert err.value.problems[0].path == "new_password"
    with db.session() as s:
        auth.change_own_password(s, actor=actor, old_password=PW, new_password="another long one")
    assert attempt(db, "another long one", T0).ok


def test_sign_out_is_audited(db, bob: str) -> None:
    actor = attempt(db, PW, T0).actor
    with db.session() as s:
        auth.sign_out(s, actor=actor, reason="idle")
    assert events(db)[-1].action == "user.signed_out"


def test_no_password_in_clear_in_the_database_files(db, data_dir, monkeypatch) -> None:
    monkeypatch.setattr(auth, "_hasher", PasswordHasher())  # the real parameters
    secrets = ["Root-Secret-Passphrase-1", "Bob-Very-Secret-Words-2", "New-Reset-Secret-99"]
    with db.session() as s:
        root = users.create_first_admin(s, username="root", password=secrets[0])
        admin = Actor(root.username, root.roles)
        users.create_user(s, actor=admin, username="bob", password=secrets[1], roles=["reviewer"])
    attempt(db, secrets[1], T0)
    attempt(db, secrets[0], T0, username="root")
    attempt(db, "Wrong-Guess-Passphrase-7", T0)  # a failed attempt must not leak either
    # Nor a password typed into the user name field by mistake.
    attempt(db, "irrelevant", T0, username="Typed-Into-Name-Field-8")
    with db.session() as s:
        users.reset_password(s, actor=admin, username="bob", new_password=secrets[2])
    attempt(db, secrets[2], T0)

    files = [p for p in data_dir.root.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert "approvals.db" in names and "approvals.db-wal" in names  # the WAL is searched too
    blob = b"".join(p.read_bytes() for p in files)
    assert b"$argon2id$" in blob  # the hashes are there ...
    for secret in [*secrets, "Wrong-Guess-Passphrase-7", "Typed-Into-Name-Field-8"]:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert secret.encode(encoding) not in blob, (secret, encoding)  # ... the words not


def test_a_current_lock_is_listed(db, bob: str) -> None:
    now = datetime.now(UTC)
    for _ in range(5):
        attempt(db, "wrong password!", now)
    with db.read_session() as s:
        until = users.get_user(s, "bob").locked_until
    assert until is not None and auth.parse_iso(until) > now + timedelta(minutes=4)


def test_user_names_ignore_letter_case(db, bob: str) -> None:
    assert attempt(db, PW, T0, username="BOB").actor.username == "bob"
    with pytest.raises(InputError, match="already taken"), db.session() as s:
        users.create_user(s, actor=Actor("root", ("admin",)), username="Bob", password=PW,
                          roles=["reviewer"])


# --- password form: Unicode normal forms, invisible and control characters -------------

ACCENTED = "Café-crème-Zürich-2026"


def _add(db, name: str, password: str) -> None:
    with db.session() as s:
        create_user_with_own_password(s, actor=Actor("root", ("admin",)), username=name,
                                      password=password, roles=["preparer"])


def test_the_same_characters_in_another_normal_form_sign_in(db, bob: str) -> None:
    """macOS hands over "é" as e + combining accent, Windows as one character; an input
    method in full-width mode types "Ａ" for "A". Each is the same password."""
    import unicodedata

    _add(db, "nfc", unicodedata.normalize("NFC", ACCENTED))
    assert attempt(db, unicodedata.normalize("NFD", ACCENTED), T0, "nfc").ok
    _add(db, "nfd", unicodedata.normalize("NFD", ACCENTED))
    assert attempt(db, unicodedata.normalize("NFC", ACCENTED), T0, "nfd").ok
    _add(db, "wide", "Ｈｏｒｓｅ　Ｂａｔｔｅｒｙ９")  # not "Password…": too common (auth4)
    assert attempt(db, "Horse Battery9", T0, "wide").ok
    # Different characters stay different.
    assert attempt(db, "Cafe-creme-Zurich-2026", T0, "nfc").status == "wrong"


def test_a_hash_made_before_normalisation_still_works_and_is_upgraded(db, bob: str) -> None:
    import unicodedata

    typed = unicodedata.normalize("NFD", ACCENTED)
    with db.session() as s:  # as stored before passwords were normalised: the form typed
        user = s.exec(select(User).where(User.username == "bob")).one()
        user.password_hash = auth._hasher.hash(typed)
        s.add(user)
    assert attempt(db, typed, T0).ok
    with db.read_session() as s:
        stored = s.exec(select(User.password_hash).where(User.username == "bob")).one()
    assert auth._verify(stored, unicodedata.normalize("NFC", ACCENTED))
    assert attempt(db, unicodedata.normalize("NFC", ACCENTED), T0).ok


@pytest.mark.parametrize(
    ("password", "message"),
    [
        (" " * 12, "only spaces"),
        ("\u3000" * 12, "only spaces"),  # ideographic space
        ("\u200b" * 12, "only spaces"),  # zero-width space: nothing visible at all
        ("correct horse battery\r", "control characters"),
        ("correct\thorse battery", "control characters"),
        ("correct horse\u2028battery xy", "control characters"),  # no key types it back
        ("correct horse\u2029battery xy", "control characters"),
        ("e\u0301" * 11, "at least 12 characters long (it has 11)"),  # 11 letters é
    ],
)
def test_password_rules(password: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        auth.check_password_rules(password)
    [problem] = err.value.problems
    assert problem.path == "password" and message in problem.message
    assert password not in problem.message


def test_the_lock_out_message_says_until_when(db, bob: str) -> None:
    for i in range(5):
        result = named(db, "wrong password!", T0 + timedelta(seconds=i))
    assert result.status == "locked"
    local = auth.utc_clock_text(auth.iso(T0 + timedelta(seconds=4, minutes=5)), T0)
    assert f"locked until {local}." in result.message and "Try again in 5 min" in result.message
    later = named(db, PW, T0 + timedelta(minutes=2))
    assert f"locked until {local}." in later.message


def test_a_locked_account_cannot_change_its_password(db, bob: str) -> None:
    actor = attempt(db, PW, T0).actor
    now = datetime.now(UTC)
    for _ in range(5):
        attempt(db, "wrong password!", now)
    with pytest.raises(InputError) as err, db.session() as s:
        auth.change_own_password(s, actor=actor, old_password=PW,
                                 new_password="another long one")
    [problem] = err.value.problems
    assert problem.path == "old_password" and "locked until" in problem.message
    assert attempt(db, PW, now + timedelta(minutes=6)).ok  # the old password still holds


@pytest.mark.parametrize("password", ["wrong password!", "Ｗｒｏｎｇ ｐａｓｓｗｏｒｄ"])
def test_an_unknown_name_costs_as_many_verifications_as_a_wrong_password(
        db, bob: str, monkeypatch, password: str) -> None:
    """Response time must not tell which names exist, also for a password not in normal
    form (a known name's check then also tries the form as typed, for older hashes)."""
    calls: list[str] = []
    real = auth._verify
    monkeypatch.setattr(auth, "_verify", lambda h, p: calls.append(p) or real(h, p))
    attempt(db, password, T0)
    known = len(calls)
    calls.clear()
    attempt(db, password, T0, username="mallory")
    assert known >= 1 and len(calls) == known


def test_the_production_hasher_is_memory_hard_argon2id(monkeypatch) -> None:
    """The parameters the app really uses (the other tests swap in cheap ones): argon2id
    with at least RFC 9106's low-memory profile, 64 MiB and three passes."""
    from argon2 import Type

    monkeypatch.undo()  # the fast_hash fixture's cheap hasher goes: the module's own is back
    hasher = auth._hasher
    assert hasher.type is Type.ID
    assert hasher.memory_cost >= 64 * 1024 and hasher.time_cost >= 3
    assert auth.hash_password(PW).startswith(
        f"$argon2id$v=19$m={hasher.memory_cost},t={hasher.time_cost},")
