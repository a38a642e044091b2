"""A signed-in user the data no longer knows acts no more. The one path there: a backup
made before the user was added, restored while they are signed in; the app signs them
out when the restore ends, but a write queued behind the restore (the progress window
is not modal) ran first, and the permission check let an actor whose user is not in the
database act with the roles it had. Identities built in code (the command line, the
automatic backup, the demo's people) are no users, and still act."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import AccountRevoked
from approvals.paths import DataDir
from approvals.services import backup, users
from approvals.services.access import NOT_A_USER, SignedInActor, require
from approvals.services.auth import actor_for, check_session, find_user
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.migrate import open_database
from approvals.store.models import Case
from tests.unit.test_backup import ROOT, _add_case

pytestmark = pytest.mark.usefixtures("fast_hash")  # cheap argon2 parameters


def test_a_user_gone_with_a_restore_is_refused_and_code_built_actors_act(
        data_dir: DataDir, db: Database, tmp_path: Path) -> None:
    made_before_her = backup.create_backup(data_dir, out=tmp_path / "before.zip").path
    with db.session() as s:
        users.create_user(s, actor=ROOT, username="ada.wong", password="correct horse battery",
                          roles=("preparer",), display_name="Ada Wong")
    with db.read_session() as s:
        user = find_user(s, "ada.wong")
        assert user is not None
        ada = actor_for(user)
    assert isinstance(ada, SignedInActor)  # what a sign-in makes
    in_code = Actor(ada.username, ada.roles, ada.display_name)  # e.g. a demo person
    with db.session() as s:
        require(s, ada, "case.create")  # a user of the data: she may

    backup.restore_backup(data_dir, made_before_her, actor=ROOT, db=db)
    restored = open_database(data_dir)
    try:
        with restored.session() as s, pytest.raises(AccountRevoked) as refused:
            require(s, ada, "case.create")
        assert str(refused.value) == NOT_A_USER
        # The same name built in code (a demo person, say) is no sign-in: it acts.
        with restored.session() as s:
            require(s, in_code, "case.create")
        _add_case(restored)  # as the command line's actor, ROOT
        with restored.read_session() as s:
            assert len(s.exec(select(Case)).all()) == 1
            # The window's session check signs her out with the same reason.
            check = check_session(s, actor=ada)
            assert (check.status, check.message) == ("revoked", NOT_A_USER)
            assert check_session(s, actor=in_code).status == "ok"
    finally:
        restored.dispose()
