"""One reason for a refused date, wherever it is typed: `parse_date` (the app's dialogs
and forms, `--pause`) says what `approvals deadline --from` and the wizard's date fields
say, not only "is not a date (YYYY-MM-DD)"."""

from __future__ import annotations

import pytest

from approvals.domain.clocks import parse_pause
from approvals.domain.dates import date_refusal, parse_date
from approvals.domain.errors import InputError
from approvals.domain.typed_input import Unreadable, read_date

USE = "use YYYY-MM-DD, e.g. 2026-10-22"


def _refused(typed: str, where: str = "on") -> str:
    with pytest.raises(InputError) as err:
        parse_date(typed, where)
    (problem,) = err.value.problems
    assert problem.path == where
    return problem.message


@pytest.mark.parametrize(("typed", "message"), [
    ("2026-02-30", f"'2026-02-30' is not a date (February 2026 has no day 30): {USE}"),
    ("2026-13-01", f"'2026-13-01' is not a date (there is no month 13): {USE}"),
    ("2026/12/1", "'2026/12/1' is not written YYYY-MM-DD: write 2026-12-01"),
    (" 2026年12月1日 ", "'2026年12月1日' is not written YYYY-MM-DD: write 2026-12-01"),
    ("10/12/2026", "'10/12/2026' could be 10 December or 12 October: write it YYYY-MM-DD "
                   "(2026-12-10 or 2026-10-12)"),
    ("24/11/26", "'24/11/26' has a two-digit year: write the year in full, as "
                 "YYYY-MM-DD (2026-11-24)"),
    ("2026-W48-2", f"'2026-W48-2' is not a date: {USE}"),
    ("2026-12-1O", "'2026-12-1O' is not a date: the letter O where a digit should be (did "
                   f"you mean 2026-12-10?); {USE}"),
    ("   ", "is empty; give a date, YYYY-MM-DD"),
])
def test_a_refused_date_says_why(typed: str, message: str) -> None:
    assert _refused(typed) == message == date_refusal(typed)


@pytest.mark.parametrize("typed", ["2026-02-30", "10/12/2026", "24/11/26", "tomorrow"])
def test_the_wizard_refuses_in_the_same_words(typed: str) -> None:
    with pytest.raises(Unreadable) as err:
        read_date(typed)
    assert _refused(typed) == str(err.value)


def test_a_pause_names_the_date_at_fault() -> None:
    with pytest.raises(InputError) as err:
        parse_pause("2026-11-01:2026/11/20")
    assert [str(p) for p in err.value.problems] == [
        "--pause: '2026/11/20' is not written YYYY-MM-DD: write 2026-11-20"]


def test_a_long_paste_is_quoted_short_and_something_not_text_still_said() -> None:
    pasted = "2026/01/01 " * 300
    assert _refused(pasted).startswith("'2026/01/01 2026/01/01 2026/01/01 2026/0…' "
                                       "(3,299 characters) is not a date")
    assert _refused(None) == f"None is not a date: {USE}"  # type: ignore[arg-type]


def test_a_date_written_yyyy_mm_dd_is_read_as_before() -> None:
    assert parse_date(" 2026-12-01 ", "on").isoformat() == "2026-12-01"
