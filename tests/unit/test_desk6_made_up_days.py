"""Pairing each make-up working day with the day off it is worked for, from the shipped
schedules' names ("Day off (substituted from 2016-10-08)"), the nearest named holiday
within a week giving the break's name; the Days tab names each day by the other."""

from __future__ import annotations

from datetime import date

from approvals.ui.calendars import MAKE_UP_NAME, DayRow, _swaps, day_name_text


def _holiday(day: date, name: str) -> DayRow:
    return DayRow(day, "holiday", name, False)


def test_a_substituted_day_off_pairs_with_its_make_up_day_and_names_the_break() -> None:
    days = [_holiday(date(2016, 10, 5), "National Day — day off in lieu (补休)"),
            _holiday(date(2016, 10, 6), "Day off (substituted from 2016-10-08)"),
            DayRow(date(2016, 10, 8), "workday", MAKE_UP_NAME, False)]
    assert _swaps(days) == {
        date(2016, 10, 8): "For the National Day day off on 2016-10-06",
        date(2016, 10, 6): "National Day day off (2016-10-08 worked instead)"}


def test_no_named_holiday_within_a_week_gives_the_dates_alone() -> None:
    days = [_holiday(date(2016, 1, 1), "New Year's Day"),
            _holiday(date(2016, 3, 7), "Day off (substituted from 2016-03-05)")]
    assert _swaps(days) == {date(2016, 3, 5): "For the day off on 2016-03-07",
                            date(2016, 3, 7): "Day off (2016-03-05 worked instead)"}


def test_days_off_without_a_substitution_pair_nothing() -> None:
    days = [_holiday(date(2027, 2, 8), "Spring Festival"),
            _holiday(date(2027, 2, 9), "Day off (substituted from someday)"),
            DayRow(date(2027, 2, 20), "workday", MAKE_UP_NAME, False)]
    assert _swaps(days) == {}


def test_the_name_shown_for_each_day() -> None:
    paired = DayRow(date(2016, 10, 8), "workday", MAKE_UP_NAME, False,
                    swap="For the National Day day off on 2016-10-06")
    name, tip = day_name_text(paired)
    assert name == paired.swap and MAKE_UP_NAME in tip  # the schedule's own words on hover
    unpaired = DayRow(date(2027, 2, 20), "workday", MAKE_UP_NAME, False)
    name, tip = day_name_text(unpaired)
    assert name == "" and "does not say" in tip
    own = DayRow(date(2027, 2, 20), "workday", "Typhoon make-up", True, swap="For the …")
    assert day_name_text(own) == ("Typhoon make-up", "Typhoon make-up")  # the officer's
    holiday = DayRow(date(2027, 2, 8), "holiday", "Spring Festival", False)
    assert day_name_text(holiday) == ("Spring Festival", "Spring Festival")
