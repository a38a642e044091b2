"""Day names in the CN calendar read in ISO dates, as every other date in the app: the
`holidays` package names a swapped day "Day off (substituted from 02/06/2016)", which a
Beijing officer reads as 2 June as readily as 6 February."""

from __future__ import annotations

import re

import pytest

from approvals.domain.calendars import (
    holidays_package_estimate,
    iso_day_name,
    parse_calendar_data,
    shipped_calendar_data,
)

US_STYLE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")


@pytest.mark.parametrize("code", ["CN", "US"])
def test_no_shipped_day_name_carries_a_month_first_date(code: str) -> None:
    years = parse_calendar_data(shipped_calendar_data(code))
    names = [n for s in years.values() for n in (*s.holidays.values(), *s.workdays.values())]
    assert names and not [n for n in names if US_STYLE.search(n)]


def test_the_substituted_day_is_named_by_its_iso_date() -> None:
    years = parse_calendar_data(shipped_calendar_data("CN"))
    from datetime import date
    assert years[2016].holidays[date(2016, 2, 11)] == "Day off (substituted from 2016-02-06)"


def test_an_estimated_years_names_are_rewritten_too() -> None:
    assert iso_day_name("Day off (substituted from 10/11/2031)") == (
        "Day off (substituted from 2031-10-11)")
    assert iso_day_name("National Day") == "National Day"
    estimate = holidays_package_estimate("CN", 2031)
    assert not [n for n in estimate.holidays.values() if US_STYLE.search(n)]
