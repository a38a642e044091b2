"""User management: creation rules, roles, the last administrator, audit events."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from argon2 import PasswordHasher
from sqlmodel import select

from approvals.domain.errors import InputError, NotFound, PermissionDenied
from approvals.services import auth, users
from approvals.store.audit import Actor, verify_chain
from approvals.store.models import Event, User

PW = "correct horse battery"


pytestmark = pytest.mark.usefixtures("fast_hash")  # cheap argon2 parameters


def events(db, action: str | None = None) -> list[SimpleNamespace]:
    with db.read_session() as s:
        rows = [SimpleNamespace(**e.model_dump()) for e in s.exec(select(Event).order_by(Event.id))]
    return [e for e in rows if action is None or e.action == action]


@pytest.fixture
def root(db) -> Actor:
    with db.session() as s:
        info = users.create_first_admin(s, username="root", password=PW, display_name="Root")
    return Actor(username=info.username, roles=info.roles)


def test_first_start_creates_an_admin_once(db) -> None:
    with db.read_session() as s:
        assert users.first_start_needed(s)
    with db.session() as s:
        info = users.create_first_admin(s, username="ada", password=PW, display_name="Ada L")
    assert info.roles == ("preparer", "reviewer", "approver", "admin")
    assert info.active and info.display_name == "Ada L"
    with db.read_session() as s:
        assert not users.first_start_needed(s)
    with pytest.raises(PermissionDenied), db.session() as s:
        users.create_first_admin(s, username="eve", password=PW)
    with db.read_session() as s:
        assert [u.username for u in users.list_users(s)] == ["ada"]
    [created] = events(db, "user.created")
    assert created.actor == "ada" and "first administrator" in created.reason


def test_create_user_validates_every_field_at_once(db, root: Actor) -> None:
    with pytest.raises(InputError) as err, db.session() as s:
        users.create_user(s, actor=root, username="bad name", password="short",
                          roles=["boss"])
    paths = [p.path for p in err.value.problems]
    assert paths == ["username", "password", "roles"]
    assert "12 characters" in str(err.value)
    assert "short" not in str(err.value)  # the password is never echoed
    with db.read_session() as s:
        assert [u.username for u in users.list_users(s)] == ["root"]


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"username": ""}, "username"),
        ({"password": "x" * 11}, "password"),
        ({"roles": []}, "roles"),
        ({"display_name": "n" * 121}, "display_name"),
    ],
)
def test_create_user_refuses_bad_input(db, root: Actor, kwargs: dict, path: str) -> None:
    args = {"username": "bob", "password": PW, "roles": ["preparer"], **kwargs}
    with pytest.raises(InputError) as err, db.session() as s:
        users.create_user(s, actor=root, **args)
    assert [p.path for p in err.value.problems] == [path]


def test_create_user_and_duplicate(db, root: Actor) -> None:
    with db.session() as s:
        bob = users.create_user(s, actor=root, username="bob", password=PW,
                                roles=["reviewer", "preparer", "preparer"], display_name="Bob")
    assert bob.roles == ("preparer", "reviewer")
    with pytest.raises(InputError, match="already taken"), db.session() as s:
        users.create_user(s, actor=root, username="bob", password=PW, roles=["approver"])
    [event] = [e for e in events(db, "user.created") if e.entity_id == "bob"]
    assert event.actor == "root"
    assert json.loads(event.new_value)["roles"] == ["preparer", "reviewer"]


def test_only_admins_manage_users(db, root: Actor) -> None:
    preparer = Actor("pat", ("preparer", "approver", "reviewer"))
    with pytest.raises(PermissionDenied, match="manage users"), db.session() as s:
        users.create_user(s, actor=preparer, username="bob", password=PW, roles=["preparer"])
    for call in (
        lambda s: users.deactivate_user(s, actor=preparer, username="root"),
        lambda s: users.set_roles(s, actor=preparer, username="root", roles=["preparer"]),
        lambda s: users.reset_password(s, actor=preparer, username="root", new_password=PW),
        lambda s: users.unlock_user(s, actor=preparer, username="root"),
        lambda s: users.set_display_name(s, actor=preparer, username="root", display_name="x"),
    ):
        with pytest.raises(PermissionDenied), db.session() as s:
            call(s)
    assert len(events(db)) == 1


def test_last_active_admin_cannot_be_demoted_or_deactivated(db, root: Actor) -> None:
    with pytest.raises(PermissionDenied, match="last active administrator"), db.session() as s:
        users.set_roles(s, actor=root, username="root", roles=["preparer"])
    with pytest.raises(PermissionDenied, match="last active administrator"), db.session() as s:
        users.deactivate_user(s, actor=root, username="root")
    with db.read_session() as s:
        assert users.last_admin_reason(s, "root")
        info = users.get_user(s, "root")
    assert info.active and info.is_admin

    with db.session() as s:
        users.create_user(s, actor=root, username="second", password=PW, roles=["admin"])
    with db.read_session() as s:
        assert users.last_admin_reason(s, "root") is None
    with db.session() as s:
        users.set_roles(s, actor=root, username="root", roles=["preparer"], reason="handover")
    second = Actor("second", ("admin",))
    # Now "second" is the last admin; deactivating a demoted root is fine, second is not.
    with pytest.raises(PermissionDenied), db.session() as s:
        users.deactivate_user(s, actor=second, username="second")
    with db.session() as s:
        users.deactivate_user(s, actor=second, username="root", reason="left")
    changed = events(db, "user.roles_changed")[0]
    assert json.loads(changed.old_value) == ["preparer", "reviewer", "approver", "admin"]
    assert json.loads(changed.new_value) == ["preparer"]
    assert changed.reason == "handover"


def test_an_inactive_admin_does_not_count(db, root: Actor) -> None:
    with db.session() as s:
        users.create_user(s, actor=root, username="other", password=PW, roles=["admin"])
        users.deactivate_user(s, actor=root, username="other")
    with pytest.raises(PermissionDenied), db.session() as s:
        users.deactivate_user(s, actor=root, username="root")


def test_deactivate_reactivate_reset_and_unlock(db, root: Actor) -> None:
    with db.session() as s:
        users.create_user(s, actor=root, username="bob", password=PW, roles=["preparer"])
        info = users.deactivate_user(s, actor=root, username="bob", reason="left the firm")
    assert not info.active
    with db.session() as s:
        result = auth.sign_in(s, username="bob", password=PW)
    assert result == auth.SignInResult("wrong", auth.BAD_CREDENTIALS)
    with db.session() as s:
        users.reactivate_user(s, actor=root, username="bob")
        users.reset_password(s, actor=root, username="bob", new_password="a brand new secret")
    with db.session() as s:
        assert auth.sign_in(s, username="bob", password=PW).status == "wrong"
        assert auth.sign_in(s, username="bob", password="a brand new secret").must_change
    with pytest.raises(InputError) as err, db.session() as s:
        users.reset_password(s, actor=root, username="bob", new_password="tiny")
    assert err.value.problems[0].path == "new_password"
    with pytest.raises(NotFound), db.session() as s:
        users.deactivate_user(s, actor=root, username="nobody")
    actions = [e.action for e in events(db) if e.entity == "user"]
    for action in ("user.deactivated", "user.reactivated", "user.password_reset"):
        assert action in actions
    reset = events(db, "user.password_reset")[0]
    assert reset.old_value is None and reset.new_value is None
    with db.read_session() as s:
        assert verify_chain(s)[1] is None


def test_display_name_change_is_audited(db, root: Actor) -> None:
    with db.session() as s:
        users.set_display_name(s, actor=root, username="root", display_name="Chief")
    [event] = events(db, "user.changed")
    assert (json.loads(event.old_value), json.loads(event.new_value)) == ("Root", "Chief")


def test_passwords_are_argon2_hashes(db, root: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "_hasher", PasswordHasher())
    with db.session() as s:
        users.create_user(s, actor=root, username="bob", password=PW, roles=["reviewer"])
    with db.read_session() as s:
        stored = s.exec(select(User.password_hash).where(User.username == "bob")).one()
    assert stored.startswith("$argon2id$") and PW not in stored


def test_settings_are_admin_only_and_audited(db, root: Actor) -> None:
    with db.read_session() as s:
        assert auth.get_security_settings(s) == auth.SecuritySettings(15, False)
    approver = Actor("appy", ("approver", "preparer"))
    with pytest.raises(PermissionDenied, match="change settings"), db.session() as s:
        auth.set_solo_mode(s, actor=approver, enabled=True)
    with pytest.raises(PermissionDenied), db.session() as s:
        auth.set_idle_timeout(s, actor=approver, minutes=5)
    with pytest.raises(InputError) as err, db.session() as s:
        auth.set_idle_timeout(s, actor=root, minutes=0)
    assert err.value.problems[0].path == "idle_timeout_minutes"
    with db.session() as s:
        auth.set_idle_timeout(s, actor=root, minutes=5)
        auth.set_solo_mode(s, actor=root, enabled=True, reason="one-person office")
    with db.read_session() as s:
        assert auth.get_security_settings(s) == auth.SecuritySettings(5, True)
        # Other services read the raw setting: it must be JSON true.
        assert auth.get_setting(s, "solo_mode") is True
    changes = events(db, "settings.changed")
    assert [(e.field, json.loads(e.new_value)) for e in changes] == [
        ("idle_timeout_minutes", 5), ("solo_mode", True)]
    # The first change records the default it replaced, not "nothing".
    assert [json.loads(e.old_value) for e in changes] == [15, False]
    assert changes[1].reason == "one-person office"


def test_two_app_instances_racing_at_first_start_create_one_admin(data_dir, db,
                                                                 monkeypatch) -> None:
    """Two windows (or processes: each thread has its own engine) both on the first-start
    dialog press "Create administrator" at once: one wins, the other is told to sign in.
    The real argon2 parameters make the hashing, inside the unit of work, take long enough
    for the two to overlap."""
    import threading

    from approvals.store.migrate import open_database

    monkeypatch.setattr(auth, "_hasher", PasswordHasher())
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def first_start(name: str) -> None:
        database = open_database(data_dir)
        try:
            start.wait()
            with database.session() as s:
                users.create_first_admin(s, username=name, password=PW)
            outcomes[name] = "created"
        except PermissionDenied as exc:
            outcomes[name] = str(exc)
        finally:
            database.dispose()

    threads = [threading.Thread(target=first_start, args=(n,)) for n in ("ada", "bea")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["ada", "bea"]
    assert list(outcomes.values()).count("created") == 1, outcomes
    assert any("already been created" in v for v in outcomes.values())
    with db.read_session() as s:
        assert len(users.list_users(s)) == 1
    assert len(events(db, "user.created")) == 1


def test_an_admin_deactivating_the_other_who_demotes_them_leaves_one(data_dir, db,
                                                                      root: Actor) -> None:
    """Mixed race: ada deactivates bea while bea takes ada's admin role."""
    import threading

    from approvals.store.migrate import open_database

    with db.session() as s:
        users.create_user(s, actor=root, username="ada", password=PW, roles=["admin"])
        users.create_user(s, actor=root, username="bea", password=PW, roles=["admin"])
        users.deactivate_user(s, actor=root, username="root")
    ada, bea = Actor("ada", ("admin",)), Actor("bea", ("admin",))
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(actor: Actor, work) -> None:
        database = open_database(data_dir)
        try:
            start.wait()
            with database.session() as s:
                work(s)
            outcomes[actor.username] = "done"
        except PermissionDenied as exc:  # AccountRevoked is one too
            outcomes[actor.username] = str(exc)
        finally:
            database.dispose()

    threads = [
        threading.Thread(target=act, args=(ada, lambda s: users.deactivate_user(
            s, actor=ada, username="bea"))),
        threading.Thread(target=act, args=(bea, lambda s: users.set_roles(
            s, actor=bea, username="ada", roles=["reviewer"]))),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert list(outcomes.values()).count("done") == 1, outcomes
    with db.read_session() as s:
        admins = [u.username for u in users.list_users(s) if u.active and u.is_admin]
    assert len(admins) == 1
