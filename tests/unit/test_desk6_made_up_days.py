"""Pairing each make-up working day with the day off it is worked for, from the shipped
schedules' names ("Day off (substituted from 2016-10-08)"), the nearest named holiday
within a week giving the break's name."""

from __future__ import annotations

from datetime import date

from approvals.ui.calendars import DayRow, _made_up_days


def _holiday(day: date, name: str) -> DayRow:
    return DayRow(day, "holiday", name, False)


def test_a_substituted_day_off_pairs_with_its_make_up_day_and_names_the_break() -> None:
    days = [_holiday(date(2016, 10, 5), "National Day — day off in lieu (补休)"),
            _holiday(date(2016, 10, 6), "Day off (substituted from 2016-10-08)"),
            DayRow(date(2016, 10, 8), "workday", "Make-up working day", False)]
    assert _made_up_days(days) == {date(2016, 10, 8): "the National Day day off on 2016-10-06"}


def test_no_named_holiday_within_a_week_gives_the_date_alone() -> None:
    days = [_holiday(date(2016, 1, 1), "New Year's Day"),
            _holiday(date(2016, 3, 7), "Day off (substituted from 2016-03-05)")]
    assert _made_up_days(days) == {date(2016, 3, 5): "the day off on 2016-03-07"}


def test_days_off_without_a_substitution_pair_nothing() -> None:
    days = [_holiday(date(2027, 2, 8), "Spring Festival"),
            _holiday(date(2027, 2, 9), "Day off (substituted from someday)"),
            DayRow(date(2027, 2, 20), "workday", "Make-up working day", False)]
    assert _made_up_days(days) == {}
