"""A name already taken says by whom: "'ADA' is already taken" when the list shows only
"ada" left the administrator wondering; and a deactivated colleague coming back is
reactivated, not made again under another name."""

from __future__ import annotations

import pytest

from approvals.domain.errors import InputError
from approvals.services import users
from approvals.store.audit import Actor
from approvals.store.db import Database

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))

pytestmark = pytest.mark.usefixtures("fast_hash")


def _taken(db: Database, name: str) -> str:
    with pytest.raises(InputError) as err, db.session() as s:
        users.create_user(s, actor=ROOT, username=name, password=PW, roles=["preparer"])
    [problem] = err.value.problems
    assert problem.path == "username"
    return problem.message


def test_taken_names_say_whose_and_a_deactivated_account_says_reactivate(db: Database) -> None:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW)
        users.create_user(s, actor=ROOT, username="ada", password=PW, roles=["preparer"])
        users.create_user(s, actor=ROOT, username="bob", password=PW, roles=["preparer"])
        users.deactivate_user(s, actor=ROOT, username="bob")
    assert _taken(db, "ada") == "'ada' is already taken"
    assert _taken(db, "ADA") == ("'ADA' is already taken: it is the user 'ada' (letter case "
                                 "does not make another account)")
    assert _taken(db, "bob") == ("'bob' is already taken by a deactivated account: "
                                 "reactivate it instead (Users → Users…, Reactivate)")
