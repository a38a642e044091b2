"""The CN calendar's days off in lieu are named as a Chinese notice has them (补休), not with
the `holidays` package's US "(observed)": shipped and estimated years alike. Only names
changed: every shipped day is still the same kind of day."""

from __future__ import annotations

from datetime import date

from approvals.domain.calendars import (
    IN_LIEU,
    chinese_day_name,
    holidays_package_estimate,
    parse_calendar_data,
    shipped_calendar_data,
)


def _names(code: str) -> list[str]:
    years = parse_calendar_data(shipped_calendar_data(code))
    return [n for s in years.values() for n in (*s.holidays.values(), *s.workdays.values())]


def test_no_shipped_chinese_day_is_observed() -> None:
    names = _names("CN")
    assert not [n for n in names if "observed" in n]
    years = parse_calendar_data(shipped_calendar_data("CN"))
    assert years[2016].holidays[date(2016, 5, 2)] == f"Labor Day{IN_LIEU}"
    assert years[2026].holidays[date(2026, 10, 1)] == "National Day"
    assert sum(n.endswith(IN_LIEU) for n in names) == 35


def test_the_us_calendar_keeps_its_own_observed_days() -> None:
    assert any(n.endswith("(observed)") for n in _names("US"))


def test_an_estimated_chinese_year_is_named_the_same_way() -> None:
    assert chinese_day_name("National Day (observed)") == f"National Day{IN_LIEU}"
    assert chinese_day_name("Chinese New Year (Spring Festival) (observed)") == (
        f"Chinese New Year (Spring Festival){IN_LIEU}")
    assert chinese_day_name("Day off (substituted from 10/11/2031)") == (
        "Day off (substituted from 2031-10-11)")
    for year in range(2027, 2036):
        estimate = holidays_package_estimate("CN", year)
        assert not [n for n in estimate.holidays.values() if "observed" in n], year
    assert any(n.endswith(IN_LIEU) for year in range(2027, 2036)
               for n in holidays_package_estimate("CN", year).holidays.values())


def test_the_estimate_names_its_days_in_english_on_every_python() -> None:
    """On Python 3.12+ the package's own default language (zh_CN) took effect and an
    estimated year was named 春节（补假）; the app's names are English with the Chinese term
    beside. (On 3.11 the package named them in English either way.)"""
    names = set(holidays_package_estimate("CN", 2027).holidays.values())
    assert "National Day" in names and f"National Day{IN_LIEU}" in names
    assert not [n for n in names if "春节" in n or "补假" in n]
