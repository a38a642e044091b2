"""An entered schedule that lacks a day the law makes a holiday every year is most likely
typed in part: saved as official, that day counts as a working day and deadlines over it
no longer say estimated. domain.calendars.unlisted_statutory_days names such days (the
Add published year… dialog says them beside Save)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from approvals.domain.calendars import unlisted_statutory_days
from approvals.resources import resource_path


def test_a_schedule_without_national_day_and_the_lunar_festivals_is_said() -> None:
    # 2027 typed with New Year and the Spring Festival only.
    listed = [date(2027, 1, 1), *(date(2027, 2, 5) + timedelta(n) for n in range(7))]
    assert unlisted_statutory_days("CN", 2027, listed) == [
        (date(2027, 4, 5), "Tomb-Sweeping Day"),
        (date(2027, 6, 9), "Dragon Boat Festival"),
        (date(2027, 9, 15), "Mid-Autumn Festival"),
        (date(2027, 10, 1), "National Day"),  # 2 and 3 October 2027 are a weekend
    ]


def test_days_off_in_lieu_are_the_notices_to_fix_not_the_laws() -> None:
    # 2027-02-09/10 and 2027-10-04/05 are the rules' days off in lieu (补休): a notice may
    # swap them for others, so their absence is not said.
    listed = [date(2027, 1, 1), date(2027, 2, 5), date(2027, 2, 8), date(2027, 4, 5),
              date(2027, 6, 9), date(2027, 9, 15), date(2027, 10, 1)]
    assert unlisted_statutory_days("CN", 2027, listed) == []


def test_a_us_year_without_thanksgiving_is_said() -> None:
    rules = [date(2031, 1, 1), date(2031, 1, 20), date(2031, 2, 17), date(2031, 5, 26),
             date(2031, 6, 19), date(2031, 7, 4), date(2031, 9, 1), date(2031, 10, 13),
             date(2031, 11, 11), date(2031, 12, 25)]
    assert unlisted_statutory_days("US", 2031, rules) == [(date(2031, 11, 27),
                                                           "Thanksgiving Day")]


@pytest.mark.parametrize("code", ["CN", "US"])
def test_every_shipped_year_has_every_statutory_day(code: str) -> None:
    data = json.loads(resource_path("calendars", f"{code}.json").read_text(encoding="utf-8"))
    for year, entry in data["years"].items():
        listed = [date.fromisoformat(h["date"]) for h in entry["holidays"]]
        assert unlisted_statutory_days(code, int(year), listed) == [], year
