"""Why a date being typed is no date (typed_date_problem) is worked out in the domain, with
the other date rules (domain.dates), not in the holiday calendars' window: it needs no Qt,
and the calendars' date field asks it at each key."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from approvals.domain import dates
from approvals.ui import calendars


@pytest.mark.parametrize(("typed", "problem"), [
    ("2027", ""), ("2027-1", ""), ("2027-13", "'2027-13' is not a date (there is no month 13)"),
    ("2027-02-3", ""), ("2027-02-30", "'2027-02-30' is not a date (February 2027 has no day 30)"),
    ("20270431", "'2027-04-31' is not a date (April 2027 has no day 31)"), ("2028-02-29", ""),
    ("next week", ""),
])
def test_the_domain_says_why_a_typed_date_is_no_date(typed: str, problem: str) -> None:
    assert dates.typed_date_problem(typed) == problem


@pytest.mark.parametrize(("typed", "whole"), [
    ("2027-10-08", date(2027, 10, 8)), ("2027/1/08", date(2027, 1, 8)),
    ("2027-10-0", None), ("2027-02-30", None), ("2027", None),
])
def test_the_domain_reads_a_date_typed_whole(typed: str, whole: date | None) -> None:
    assert dates.typed_whole_date(typed) == whole


def test_the_window_asks_the_domain() -> None:
    """One function: the calendars' date field uses the domain's, it has no copy."""
    assert calendars.typed_date_problem is dates.typed_date_problem
    assert calendars.typed_whole_date is dates.typed_whole_date
    assert not hasattr(calendars, "_TYPED_DATE")


def test_the_domain_module_loads_without_qt() -> None:
    code = ("import sys; import approvals.domain.dates as d; d.typed_date_problem('2027-13');"
            "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt loaded'")
    subprocess.run([sys.executable, "-c", code], check=True)
