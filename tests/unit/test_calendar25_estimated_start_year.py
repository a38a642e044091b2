"""A period that starts in an estimated year and ends in an official one is estimated:
the days counted before the new year lie in the year without an official schedule. The
case arises when an officer enters a later year's notice (2028) before the earlier one
(2027) is published: a clock started in December 2027 ends in January 2028, official,
yet its December days are the estimate's. Calendar.estimated_years spans the start year."""

from __future__ import annotations

from datetime import date

from approvals.domain.calendars import DayOverride, YearOverride, build_calendar
from approvals.domain.clocks import DayCount, compute_deadline, count_due

NOTICE_2028 = "State Council General Office notice on the 2028 holidays"


def _cn_with_2028_entered():
    return build_calendar(
        "CN", year_overrides=[YearOverride(2028, NOTICE_2028)],
        day_overrides=[DayOverride(date(2028, 1, 1), "holiday", "New Year's Day", NOTICE_2028)])


def test_a_period_from_an_estimated_year_into_an_official_one_is_estimated() -> None:
    cn = _cn_with_2028_entered()
    assert cn.is_official_year(2028) and not cn.is_official_year(2027)
    deadline = compute_deadline(cn, date(2027, 12, 20), 15, "working")
    assert deadline.due is not None and deadline.due.year == 2028  # ends in the official year
    assert deadline.estimated
    assert [w[:5] for w in deadline.warnings] == ["2027:"]  # only the year estimated
    counted = count_due(cn, DayCount(15, "working", date(2027, 12, 20), "CN"))
    assert counted.estimated_years == (2027,)


def test_a_period_wholly_in_the_official_year_is_not() -> None:
    cn = _cn_with_2028_entered()
    deadline = compute_deadline(cn, date(2028, 1, 3), 15, "working")
    assert not deadline.estimated and deadline.warnings == []
