"""An empty password is called missing, not "at least 12 characters long (it has 0)"."""

from __future__ import annotations

import pytest

from approvals.domain.errors import InputError
from approvals.services.auth import MIN_PASSWORD_LENGTH, check_password_rules


def test_an_empty_password_is_required() -> None:
    with pytest.raises(InputError) as err:
        check_password_rules("", "new_password")
    [problem] = err.value.problems
    assert problem.path == "new_password"
    assert problem.message == f"is required (at least {MIN_PASSWORD_LENGTH} characters)"


def test_a_short_one_still_says_its_length() -> None:
    with pytest.raises(InputError, match=r"at least 12 characters long \(it has 5\)"):
        check_password_rules("short")
