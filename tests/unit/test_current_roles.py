"""Services act on the user as the database has them NOW, not as they were at sign-in.

An administrator's deactivation or role change takes effect at the next action of a user
who is still signed in, also when that user works in another process on the same file;
the command line's own identity keeps working. The permission matrix
(test_permissions.py) checks every service this way; these tests look at the details.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import AccountRevoked, InputError, PermissionDenied
from approvals.paths import DataDir
from approvals.services import access, auth, users
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.migrate import open_database
from approvals.store.models import Event, FilingTrack
from tests.users_support import create_user_with_own_password
from tests.workflow_support import complete_for_filing

pytestmark = pytest.mark.usefixtures("fast_hash")

PW = "correct horse battery"
EXAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "spec" / "examples" / "vision-startup.json"


@pytest.fixture
def root(db: Database) -> Actor:
    with db.session() as s:
        info = users.create_first_admin(s, username="root", password=PW)
    return Actor(info.username, info.roles)


def signed_in(db: Database, username: str) -> Actor:
    with db.session() as s:
        result = auth.sign_in(s, username=username, password=PW)
    assert result.ok and result.actor is not None, result.message
    return result.actor


def add(db: Database, root: Actor, username: str, *roles: str) -> Actor:
    with db.session() as s:
        create_user_with_own_password(s, actor=root, username=username, password=PW,
                                      roles=roles)
    return signed_in(db, username)


@pytest.fixture
def track(db: Database, root: Actor) -> int:
    """A draft filing track of a screened case, ready for `submit_for_review`."""
    from approvals.services import screening
    from approvals.services.cases import import_case
    from approvals.services.demo import demo_facts

    facts = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    facts["target"]["uscc"] = next(d["target"]["uscc"] for d in demo_facts()
                                   if d["target"].get("uscc"))
    with db.session() as s:
        case = import_case(s, data=facts, actor=root)
        screening.screen_case(session=s, case_id=case.id, actor=root)
        screening.open_tracks(session=s, case_id=case.id, actor=root)
        complete_for_filing(s, case.reference, root)
    with db.read_session() as s:
        row = s.exec(select(FilingTrack).where(FilingTrack.state == "draft",
                                               FilingTrack.outcome != "prohibited")).first()
        assert row is not None and row.id is not None
        return row.id


def step(db: Database, track_id: int, name: str, actor: Actor) -> None:
    from approvals.services import workflow

    with db.session() as s:
        version = s.get(FilingTrack, track_id).version
        workflow.transition(session=s, track_id=track_id, transition_name=name, actor=actor,
                            reason="test", expected_version=version)


def state(db: Database, track_id: int) -> str:
    with db.read_session() as s:
        return s.get(FilingTrack, track_id).state


def test_a_deactivated_approver_cannot_approve_from_another_process(
        db: Database, data_dir: DataDir, root: Actor, track: int) -> None:
    pat = add(db, root, "pat", "preparer")
    andy = add(db, root, "andy", "approver")  # signed in in this process ...
    step(db, track, "submit_for_review", pat)
    # ... while an administrator deactivates him from another process on the same file.
    other = open_database(data_dir)
    try:
        with other.session() as s:
            users.deactivate_user(s, actor=root, username="andy", reason="left the firm")
    finally:
        other.dispose()
    with pytest.raises(AccountRevoked) as err:
        step(db, track, "approve_for_filing", andy)
    assert str(err.value) == "Your account was deactivated by an administrator; sign in again."
    assert state(db, track) == "internal_review"
    # Reactivated, the same signed-in actor may go on.
    with db.session() as s:
        users.reactivate_user(s, actor=root, username="andy")
    step(db, track, "approve_for_filing", andy)
    assert state(db, track) == "approved_for_filing"


def test_a_removed_role_is_gone_at_once_the_others_stay(db: Database, root: Actor,
                                                        track: int) -> None:
    pat = add(db, root, "pat", "preparer")
    andy = add(db, root, "andy", "approver", "preparer")
    step(db, track, "submit_for_review", pat)
    with db.session() as s:
        users.set_roles(s, actor=root, username="andy", roles=["preparer"])
    with pytest.raises(PermissionDenied) as err:
        step(db, track, "approve_for_filing", andy)
    message = str(err.value)
    assert message.startswith("You no longer have the approver role"), message
    assert "andy may not take the step 'Approve for filing'" in message
    assert state(db, track) == "internal_review"
    # The preparer role he still holds works: he may comment on the case.
    from approvals.services.workspace import add_comment

    with db.read_session() as s:
        ref = s.get(FilingTrack, track).case_id
    from approvals.store.models import Case

    with db.session() as s:
        reference = s.get(Case, ref).reference
        add_comment(s, actor=andy, reference=reference, body="still here")


def test_the_role_recorded_is_the_current_one(db: Database, root: Actor, track: int) -> None:
    """A role taken away is not written into the audit trail as a role acted in."""
    from approvals.services.workspace import add_comment
    from approvals.store.models import Case

    pat = add(db, root, "pat", "preparer", "approver")
    with db.session() as s:
        users.set_roles(s, actor=root, username="pat", roles=["preparer"])
    with db.session() as s:
        case_id = s.get(FilingTrack, track).case_id
        add_comment(s, actor=pat, reference=s.get(Case, case_id).reference, body="checked")
    with db.read_session() as s:
        event = s.exec(select(Event).where(Event.action == "comment.added")).one()
        assert (event.actor, event.role) == ("pat", "preparer")


def test_a_role_granted_after_sign_in_waits_for_the_next_sign_in(db: Database,
                                                                 root: Actor) -> None:
    rita = add(db, root, "rita", "reviewer")
    with db.session() as s:
        users.set_roles(s, actor=root, username="rita", roles=["reviewer", "admin"])
    with pytest.raises(PermissionDenied, match="rita may not change settings"), db.session() as s:
        auth.set_idle_timeout(s, actor=rita, minutes=5)
    rita = signed_in(db, "rita")
    with db.session() as s:
        assert auth.set_idle_timeout(s, actor=rita, minutes=5).idle_timeout_minutes == 5


def test_a_deactivated_admin_cannot_manage_users_or_restore(db: Database, data_dir: DataDir,
                                                           root: Actor, tmp_path: Path) -> None:
    from approvals.services import backup

    ada = add(db, root, "ada", "admin")
    with db.session() as s:
        users.deactivate_user(s, actor=root, username="ada")
    with pytest.raises(AccountRevoked), db.session() as s:
        users.reactivate_user(s, actor=ada, username="ada")  # not even herself
    with pytest.raises(AccountRevoked):
        backup.create_backup(data_dir, out=tmp_path / "b.zip", actor=ada, db=db)
    with pytest.raises(AccountRevoked):
        backup.restore_backup(data_dir, tmp_path / "b.zip", actor=ada, db=db)
    assert not (tmp_path / "b.zip").exists()
    with db.read_session() as s:
        assert not users.get_user(s, "ada").active


def test_a_deactivated_user_cannot_change_their_password(db: Database, root: Actor) -> None:
    bob = add(db, root, "bob", "preparer")
    with db.session() as s:
        users.deactivate_user(s, actor=root, username="bob")
    with pytest.raises(AccountRevoked), db.session() as s:
        auth.change_own_password(s, actor=bob, old_password=PW, new_password="another long one")
    # Signing out still works (and is recorded), so the UI can leave cleanly.
    with db.session() as s:
        auth.sign_out(s, actor=bob, reason="account deactivated")


def test_the_command_line_actor_is_not_a_database_user(db: Database, root: Actor) -> None:
    from approvals.cli.common import cli_actor

    actor = cli_actor()
    with db.session() as s:
        checked = access.require(s, actor, "user.manage")  # its roles as built, not re-read
        assert (checked.username, checked.roles, checked.role) == (actor.username, actor.roles,
                                                                   "admin")
        users.create_user(s, actor=actor, username="carl", password=PW, roles=["reviewer"])


def test_reserved_names_cannot_be_users(db: Database, root: Actor) -> None:
    for name in ("system", "Sign-In"):
        with pytest.raises(InputError, match="reserved"), db.session() as s:
            users.create_user(s, actor=root, username=name, password=PW, roles=["reviewer"])


def test_the_check_is_one_query(db: Database, root: Actor) -> None:
    from sqlalchemy import event

    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with db.read_session() as s:
            access.require(s, root, "user.manage")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len([q for q in statements if "users" in q]) == 1


def test_two_admins_demoting_each_other_at_once_leave_one(data_dir: DataDir, db: Database,
                                                          root: Actor) -> None:
    """Two sessions (threads with their own connections, as two processes would) each
    take the other administrator's admin role at the same moment: the writes are
    serialised, so the second sees the first and is refused."""
    ada = add(db, root, "ada", "admin")
    with db.session() as s:
        users.deactivate_user(s, actor=root, username="root")  # two admins left: ada and ...
        create_user_with_own_password(s, actor=ada, username="bea", password=PW,
                                      roles=["admin"])
    bea = signed_in(db, "bea")
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def demote(actor: Actor, other: str) -> None:
        database = open_database(data_dir)
        try:
            start.wait()
            with database.session() as s:
                users.set_roles(s, actor=actor, username=other, roles=["reviewer"])
            outcomes[actor.username] = "done"
        except PermissionDenied as exc:
            outcomes[actor.username] = str(exc)
        finally:
            database.dispose()

    threads = [threading.Thread(target=demote, args=(ada, "bea")),
               threading.Thread(target=demote, args=(bea, "ada"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["ada", "bea"]
    assert list(outcomes.values()).count("done") == 1, outcomes
    refused = next(v for v in outcomes.values() if v != "done")
    # The loser either lost admin itself first, or met the last-admin rule.
    assert "no longer have the administrator role" in refused or "last active administrator" in refused
    with db.read_session() as s:
        admins = [u.username for u in users.list_users(s) if u.active and u.is_admin]
    assert len(admins) == 1
