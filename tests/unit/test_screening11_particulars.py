"""Filing particulars' messages quote what was typed as the rest of the app does
(typed_input.quoted): in 'single quotes', a long paste cut with its length, never as a
Python repr."""

from __future__ import annotations

from approvals.domain.particulars import check_particular
from approvals.domain.typed_input import QUOTED_AT_MOST


def test_a_long_paste_is_quoted_cut_with_its_length() -> None:
    pasted = "Room 1201, " + "Tower A, Example Plaza, 1 Example Road, Chaoyang District, " * 5 + "@"
    problem = check_particular("representative", "email", pasted)
    assert problem is not None
    assert f"({len(pasted):,} characters)" in problem
    assert pasted not in problem and len(problem) < QUOTED_AT_MOST + 100


def test_typed_text_is_quoted_not_shown_as_a_python_string() -> None:
    # repr would have switched to double quotes and escaped nothing useful.
    problem = check_particular("representative", "phone", "O'Brien desk")
    assert problem is not None and problem.startswith("'O'Brien desk' is not a telephone number")
    problem = check_particular("representative", "email", "name＠example.com")
    assert problem == ("'name＠example.com' has the full-width character '＠': type it half-width "
                       "(with the input method in English mode)")
    problem = check_particular("us_person", "website", "example\u200b.com")
    assert problem is not None and problem.startswith("'example\\u200b.com' has an invisible character")
