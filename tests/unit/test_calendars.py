"""Working-day calendars: the shipped CN/US schedules, estimated years, officer overrides."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from approvals.domain.calendars import (
    DayOverride,
    YearOverride,
    build_calendar,
    parse_calendar_data,
    shipped_calendar_data,
)
from approvals.domain.errors import InputError

# The 2026 schedule as the regulatory reference states it (State Council notice of
# 2025-11-04): holiday periods, and weekend days that are worked.
REFERENCE_2026_HOLIDAYS = [
    ("2026-01-01", "2026-01-03"),
    ("2026-02-15", "2026-02-23"),
    ("2026-04-04", "2026-04-06"),
    ("2026-05-01", "2026-05-05"),
    ("2026-06-19", "2026-06-21"),
    ("2026-09-25", "2026-09-27"),
    ("2026-10-01", "2026-10-07"),
]
REFERENCE_2026_MAKEUP = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20",
                         "2026-10-10"]


def _reference_working(day: date) -> bool:
    if day.isoformat() in REFERENCE_2026_MAKEUP:
        return True
    for first, last in REFERENCE_2026_HOLIDAYS:
        if date.fromisoformat(first) <= day <= date.fromisoformat(last):
            return False
    return day.weekday() < 5


def test_shipped_2026_matches_the_reference_day_by_day() -> None:
    cn = build_calendar("CN")
    day = date(2026, 1, 1)
    mismatches = []
    while day.year == 2026:
        if cn.is_working_day(day) != _reference_working(day):
            mismatches.append(day.isoformat())
        day += timedelta(days=1)
    assert mismatches == []
    assert cn.is_official_year(2026)
    assert "2025-11-04" in cn.schedule(2026).source


@pytest.mark.parametrize("day", ["2026-01-04", "2026-02-14", "2026-02-28", "2026-09-20",
                                 "2026-10-10", "2025-01-26", "2024-02-04"])
def test_make_up_weekend_days_are_working_days(day: str) -> None:
    d = date.fromisoformat(day)
    assert d.weekday() >= 5
    working, why = build_calendar("CN").day_info(d)
    assert working and "make-up" in why.lower()


@pytest.mark.parametrize("day", ["2026-02-16", "2026-02-20", "2026-02-23", "2026-10-01",
                                 "2026-10-06", "2026-10-07", "2025-01-29", "2024-10-07"])
def test_spring_festival_and_national_day_are_not_working_days(day: str) -> None:
    assert not build_calendar("CN").is_working_day(date.fromisoformat(day))


def test_shipped_years_have_sources_and_2027_is_estimated() -> None:
    cn = build_calendar("CN")
    assert [s.year for s in cn.held_years()] == list(range(2016, 2027))
    assert all(s.source and s.official for s in cn.held_years())
    assert not cn.is_official_year(2027)
    assert cn.estimated_years(date(2026, 12, 1), date(2027, 1, 10)) == [2027]
    assert "2027" in cn.warnings_for(date(2026, 12, 1), date(2027, 1, 10))[0]
    # The estimate knows the statutory holidays but no make-up days yet.
    estimate = cn.schedule(2027)
    assert estimate.origin == "estimated" and not estimate.official
    assert not cn.is_working_day(date(2027, 10, 1))
    assert estimate.workdays == {}


def test_officer_enters_a_newly_published_year() -> None:
    cal = build_calendar(
        "CN",
        year_overrides=[YearOverride(2027, "State Council notice of 2026-11-xx")],
        day_overrides=[
            DayOverride(date(2027, 10, 1), "holiday", "National Day"),
            DayOverride(date(2027, 9, 26), "workday", "Make-up working day"),
        ],
    )
    assert cal.is_official_year(2027)
    assert cal.warnings_for(date(2027, 1, 1), date(2027, 12, 31)) == []
    assert not cal.is_working_day(date(2027, 10, 1))
    assert cal.is_working_day(date(2027, 9, 26))  # a Sunday, worked
    # Estimated days do not leak into an officer-entered year.
    assert cal.is_working_day(date(2027, 10, 4))


def test_officer_corrects_one_day_of_a_shipped_year() -> None:
    base = build_calendar("CN")
    assert base.is_working_day(date(2026, 10, 22))
    cal = build_calendar("CN", day_overrides=[DayOverride(date(2026, 10, 22), "holiday", "x")])
    assert not cal.is_working_day(date(2026, 10, 22))
    assert cal.is_working_day(date(2026, 10, 23))


def test_us_federal_holidays_with_observed_days() -> None:
    us = build_calendar("US")
    assert not us.is_working_day(date(2026, 7, 3))  # Independence Day observed (Friday)
    assert not us.is_working_day(date(2026, 11, 26))  # Thanksgiving
    assert not us.is_working_day(date(2026, 6, 13))  # Saturday
    assert us.is_working_day(date(2026, 6, 18))
    assert us.next_working_day(date(2026, 7, 3)) == date(2026, 7, 6)
    assert us.is_official_year(2030) and not us.is_official_year(2031)


def test_bad_calendar_data_names_the_field() -> None:
    with pytest.raises(InputError) as err:
        parse_calendar_data({"years": {"2026": {"holidays": [{"date": "2026-02-30"}]}}})
    assert err.value.problems[0].path == "years.2026.holidays"
    # 20261001 would be read as 1 October by Python; the data write YYYY-MM-DD only.
    with pytest.raises(InputError) as err:
        parse_calendar_data({"years": {"2026": {"holidays": [{"date": "20261001"}]}}})
    assert err.value.problems[0].path == "years.2026.holidays"
    with pytest.raises(InputError):
        parse_calendar_data({"years": {"2026": {"workdays": [{"date": "2025-02-01"}]}}})
    with pytest.raises(InputError):
        shipped_calendar_data("XX")
