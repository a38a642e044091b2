"""Passwords guessed first are refused, as NIST SP 800-63B asks of a verifier: one
character or a short group repeated, keys or letters in order, a common password with
digits or symbols added, the user's own name with digits added. "aaaaaaaaaaaa",
"123456789012" and "Password2026!" passed the 12-character rule and were accepted for
the first administrator."""

from __future__ import annotations

import pytest

from approvals.domain.errors import InputError
from approvals.services import auth, users


def _refusal(password: str, names: tuple[str, ...] = ()) -> str:
    with pytest.raises(InputError) as err:
        auth.check_password_rules(password, "password", names)
    [problem] = err.value.problems
    assert problem.path == "password"
    assert password not in problem.message  # never shown back
    return problem.message


@pytest.mark.parametrize("password", [
    "aaaaaaaaaaaa", "AAAAAAAAAAAAAAAA", "abababababab", "1234 1234 1234", "xyzxyzxyzxyz"])
def test_a_short_group_repeated_is_refused(password: str) -> None:
    assert "repeated" in _refusal(password)


@pytest.mark.parametrize("password", [
    "123456789012", "abcdefghijkl", "ZYXWVUTSRQPO", "qwertyuiopas", "0987654321098",
    "asdfghjkl;'"  + "zx"])
def test_keys_or_letters_in_order_are_refused(password: str) -> None:
    assert "in order" in _refusal(password)


@pytest.mark.parametrize("password", [
    "Password2026!", "P@ssw0rd12345", "welcome12345", "  qwerty123456  ", "Approvals2026",
    "iloveyou2026", "Changeme!!!!"])
def test_a_common_password_with_digits_or_symbols_added_is_refused(password: str) -> None:
    assert "common" in _refusal(password)


def test_the_user_name_or_full_name_with_digits_added_is_refused() -> None:
    assert "user name or the full name" in _refusal("ada.wong2026!", ("ada.wong", "Ada Wong"))
    assert "user name or the full name" in _refusal("AdaWong 12345", ("ada.wong", "Ada Wong"))


@pytest.mark.parametrize("password", [
    "correct horse battery", "wrong password!", "guess guess guess", "bench-password-2026",
    "Correct horse 2026", "a new long password", "8305 2291 7746", "ada and the wolves"])
def test_passphrases_and_random_strings_still_pass(password: str) -> None:
    auth.check_password_rules(password, "password", ("ada.wong", "Ada Wong"))


def test_the_first_administrator_form_and_the_command_line_check_it_too() -> None:
    with pytest.raises(InputError) as err:
        users.check_new_user("ada.wong", "Ada Wong", "Password2026!", ["admin"])
    assert [p.path for p in err.value.problems] == ["password"]
