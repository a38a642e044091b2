"""`approvals user list` says, as the Users window does, which accounts wait for their
user's own password: one an administrator created ("own password due") and one whose
password was reset ("password reset"). The JSON keeps the contract's keys only."""

from __future__ import annotations

import pytest

from approvals.services import users
from approvals.store.db import Database
from tests.cli.helpers import run_many
from tests.users_support import PW, ROOT, create_user_with_own_password, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


def test_the_table_names_accounts_that_wait_for_their_users_password(db: Database) -> None:
    make_root(db)
    with db.session() as s:
        users.create_user(s, actor=ROOT, username="bob", password=PW, roles=["preparer"],
                          display_name="Bob")
        create_user_with_own_password(s, actor=ROOT, username="carol", password=PW,
                                      roles=["reviewer"], display_name="Carol")
        create_user_with_own_password(s, actor=ROOT, username="dave", password=PW,
                                      roles=["approver"], display_name="Dave")
        users.reset_password(s, actor=ROOT, username="dave", new_password="a fresh start here")
    folder = db.data_dir.root
    [table, listed] = run_many(("user", "list", "--data-dir", folder),
                               ("user", "list", "--json", "--data-dir", folder))
    assert table.code == 0, table.stderr
    status = {line.split()[0]: line for line in table.stdout.splitlines()[1:]}
    assert status["bob"].rstrip().endswith("active, own password due")
    assert status["dave"].rstrip().endswith("active, password reset")
    assert status["carol"].rstrip().endswith("active")
    assert status["root"].rstrip().endswith("active")
    assert "due" not in status["carol"] + status["root"]

    assert listed.code == 0, listed.stderr
    rows = listed.json()["users"]
    assert list(listed.json()) == ["users"]
    assert [row["username"] for row in rows] == ["bob", "carol", "dave", "root"]
    for row in rows:  # the contract's keys and values, nothing about passwords
        assert list(row) == ["username", "display_name", "roles", "active", "locked_until"]
        assert row["active"] is True and row["locked_until"] is None
