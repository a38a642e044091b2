"""A refused user name says what in it is wrong: "Ada Wong" was told the general rule
("use 1 to 64 letters, …") and the administrator had to find the space themself."""

from __future__ import annotations

import pytest

from approvals.domain.errors import InputError
from approvals.services import users

RULE = "use 1 to 64 letters, digits, '.', '_', '-' or '@', starting with a letter or digit"


def _problem(name: str) -> str:
    with pytest.raises(InputError) as err:
        users.check_new_user(name, "", None, ["preparer"])
    [problem] = err.value.problems
    assert problem.path == "username"
    return problem.message


@pytest.mark.parametrize(("name", "said"), [
    ("Ada Wong", "; a space is not allowed (e.g. 'ada.wong')"),
    ("ada  wong lee", "; a space is not allowed (e.g. 'ada.wong.lee')"),
    ("x" * 65, "; it has 65 characters"),
    ("_ada", "; it starts with '_'"),
    ("ada,wong", "; ',' is not allowed"),
    ("ada/wong", "; '/' is not allowed"),
])
def test_the_message_names_what_is_wrong_after_the_rule(name: str, said: str) -> None:
    assert _problem(name) == RULE + said
