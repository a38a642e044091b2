"""The shipped US years the existing audit (test_clock_audit, 2024-2027) leaves out,
worked out by hand from 5 U.S.C. 6103: the holidays on their observed days (Saturday ->
the Friday before, Sunday -> the Monday after; Juneteenth from 2021; New Year's Day on a
Saturday is observed on 31 December of the year before)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from approvals.domain.calendars import build_calendar

US_DAYS_OFF = {
    2020: ["01-01", "01-20", "02-17", "05-25", "07-03", "09-07", "10-12", "11-11", "11-26",
           "12-25"],
    2021: ["01-01", "01-18", "02-15", "05-31", "06-18", "07-05", "09-06", "10-11", "11-11",
           "11-25", "12-24", "12-31"],
    2022: ["01-17", "02-21", "05-30", "06-20", "07-04", "09-05", "10-10", "11-11", "11-24",
           "12-26"],
    2023: ["01-02", "01-16", "02-20", "05-29", "06-19", "07-04", "09-04", "10-09", "11-10",
           "11-23", "12-25"],
    2028: ["01-17", "02-21", "05-29", "06-19", "07-04", "09-04", "10-09", "11-10", "11-23",
           "12-25"],
    2029: ["01-01", "01-15", "02-19", "05-28", "06-19", "07-04", "09-03", "10-08", "11-12",
           "11-22", "12-25"],
    2030: ["01-01", "01-21", "02-18", "05-27", "06-19", "07-04", "09-02", "10-14", "11-11",
           "11-28", "12-25"],
}


@pytest.mark.parametrize("year", sorted(US_DAYS_OFF))
def test_us_business_days_day_by_day(year: int) -> None:
    us = build_calendar("US", estimator=None)
    assert us.is_official_year(year)
    off = {date.fromisoformat(f"{year}-{md}") for md in US_DAYS_OFF[year]}
    day, wrong = date(year, 1, 1), []
    while day.year == year:
        if us.is_working_day(day) != (day.weekday() < 5 and day not in off):
            wrong.append((day.isoformat(), us.day_info(day)))
        day += timedelta(days=1)
    assert wrong == []
