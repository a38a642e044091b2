"""A full name may not hold a login in brackets: "Carol Person (carol)" set as bob's full
name printed bob's steps as carol's on the status report ("Carol Person (carol) (bob)",
its last part wrapped out of sight). Brackets of other words stay allowed."""

from __future__ import annotations

import pytest

from approvals.domain.errors import InputError
from approvals.services import users
from approvals.store.db import Database
from tests.users_support import HANDED_OVER, ROOT, make_root


def test_a_login_in_brackets_is_refused_at_the_full_name(db: Database) -> None:
    make_root(db)
    with db.session() as s:
        for login in ("bob", "carol"):
            users.create_user(s, actor=ROOT, username=login, password=HANDED_OVER,
                              roles=("preparer",))
    for name in ("Carol Person (carol)", "Bob Li (bob)", "Carol （ CAROL ）", "Dave （ｃａｒｏｌ）"):
        with db.session() as s, pytest.raises(InputError) as err:
            users.set_display_name(s, actor=ROOT, username="bob", display_name=name)
        assert [p.path for p in err.value.problems] == ["display_name"], name
        assert "must not hold a login in brackets" in str(err.value)
    with db.session() as s, pytest.raises(InputError) as err:
        users.create_user(s, actor=ROOT, username="dan", password=HANDED_OVER,
                          roles=("preparer",), display_name="Dan (root)")
    assert "display_name" in [p.path for p in err.value.problems]
    with db.session() as s:
        info = users.set_display_name(s, actor=ROOT, username="bob",
                                      display_name="Bob Li (Compliance)")
    assert info.display_name == "Bob Li (Compliance)"


def test_a_new_login_another_full_name_holds_in_brackets_is_refused(db: Database) -> None:
    """The other order: bob named "Carol Person (carol)" while there was no carol, then
    carol created."""
    make_root(db)
    with db.session() as s:
        users.create_user(s, actor=ROOT, username="bob", password=HANDED_OVER,
                          roles=("preparer",), display_name="Carol Person (carol)")
    with db.session() as s, pytest.raises(InputError) as err:
        users.create_user(s, actor=ROOT, username="carol", password=HANDED_OVER,
                          roles=("preparer",))
    assert [p.path for p in err.value.problems] == ["username"]
    assert "full name of bob (“Carol Person (carol)”)" in str(err.value)
