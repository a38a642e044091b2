"""The shipped CN years against the State Council notices themselves (their item lines,
as published), read by calendars.read_notice: every day of 2016-2026 is a working day on
the shipped calendar exactly when the notice makes it one. And the notice reader's own
cases: a New Year holiday starting in December, a notice for another year, a line it
cannot read."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from approvals.domain.calendars import Calendar, YearSchedule, build_calendar, read_notice

# The items of the State Council General Office notices (国办发明电), as published.
NOTICES = {
    2016: """一、元旦：1月1日放假，与周末连休。
二、春节：2月7日至13日放假调休，共7天。2月6日（星期六）、2月14日（星期日）上班。
三、清明节：4月4日放假，与周末连休。
四、劳动节：5月1日放假，5月2日（星期一）补休。
五、端午节：6月9日至11日放假调休，共3天。6月12日（星期日）上班。
六、中秋节：9月15日至17日放假调休，共3天。9月18日（星期日）上班。
七、国庆节：10月1日至7日放假调休，共7天。10月8日（星期六）、10月9日（星期日）上班。""",
    2017: """一、元旦：1月1日放假，1月2日（星期一）补休。
二、春节：1月27日至2月2日放假调休，共7天。1月22日（星期日）、2月4日（星期六）上班。
三、清明节：4月2日至4日放假调休，共3天。4月1日（星期六）上班。
四、劳动节：5月1日放假，与周末连休。
五、端午节：5月28日至30日放假调休，共3天。5月27日（星期六）上班。
六、中秋节、国庆节：10月1日至8日放假调休，共8天。9月30日（星期六）上班。""",
    # With the 2019 notice's New Year item: its December days are 2018's.
    2018: """一、元旦：1月1日放假，与周末连休。
二、春节：2月15日至21日放假调休，共7天。2月11日（星期日）、2月24日（星期六）上班。
三、清明节：4月5日至7日放假调休，共3天。4月8日（星期日）上班。
四、劳动节：4月29日至5月1日放假调休，共3天。4月28日（星期六）上班。
五、端午节：6月18日放假，与周末连休。
六、中秋节：9月24日放假，与周末连休。
七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期六）、9月30日（星期日）上班。
一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。""",
    # Labour Day as revised in March 2019 (国办发明电〔2019〕2号).
    2019: """一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。
二、春节：2月4日至10日放假调休，共7天。2月2日（星期六）、2月3日（星期日）上班。
三、清明节：4月5日放假，与周末连休。
四、劳动节：5月1日至4日放假调休，共4天。4月28日（星期日）、5月5日（星期日）上班。
五、端午节：6月7日放假，与周末连休。
六、中秋节：9月13日放假，与周末连休。
七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。""",
    # Spring Festival as extended to 2 February (国办发明电〔2020〕1号), which also dropped
    # the make-up Saturday 1 February of the notice (1月19日、2月1日上班).
    2020: """一、元旦：1月1日放假，共1天。
二、春节：1月24日至2月2日放假调休。1月19日（星期日）上班。
三、清明节：4月4日至6日放假，共3天。
四、劳动节：5月1日至5日放假调休，共5天。4月26日（星期日）、5月9日（星期六）上班。
五、端午节：6月25日至27日放假调休，共3天。6月28日（星期日）上班。
六、国庆节、中秋节：10月1日至8日放假调休，共8天。9月27日（星期日）、10月10日（星期六）上班。""",
    2021: """经国务院批准，现将2021年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：2021年1月1日至3日放假，共3天。
二、春节：2月11日至17日放假调休，共7天。2月7日（星期日）、2月20日（星期六）上班。
三、清明节：4月3日至5日放假调休，共3天。
四、劳动节：5月1日至5日放假调休，共5天。4月25日（星期日）、5月8日（星期六）上班。
五、端午节：6月12日至14日放假，共3天。
六、中秋节：9月19日至21日放假调休，共3天。9月18日（星期六）上班。
七、国庆节：10月1日至7日放假调休，共7天。9月26日（星期日）、10月9日（星期六）上班。""",
    2022: """一、元旦：2022年1月1日至3日放假，共3天。
二、春节：1月31日至2月6日放假调休，共7天。1月29日（星期六）、1月30日（星期日）上班。
三、清明节：4月3日至5日放假调休，共3天。4月2日（星期六）上班。
四、劳动节：4月30日至5月4日放假调休，共5天。4月24日（星期日）、5月7日（星期六）上班。
五、端午节：6月3日至5日放假，共3天。
六、中秋节：9月10日至12日放假，共3天。
七、国庆节：10月1日至7日放假调休，共7天。10月8日（星期六）、10月9日（星期日）上班。""",
    2023: """一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。
二、春节：1月21日至27日放假调休，共7天。1月28日（星期六）、1月29日（星期日）上班。
三、清明节：4月5日放假，共1天。
四、劳动节：4月29日至5月3日放假调休，共5天。4月23日（星期日）、5月6日（星期六）上班。
五、端午节：6月22日至24日放假调休，共3天。6月25日（星期日）上班。
六、中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。""",
    2024: """一、元旦：1月1日放假，与周末连休。
二、春节：2月10日至17日放假调休，共8天。2月4日（周日）、2月18日（周日）上班。鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。
三、清明节：4月4日至6日放假调休，共3天。4月7日（周日）上班。
四、劳动节：5月1日至5日放假调休，共5天。4月28日（周日）、5月11日（周六）上班。
五、端午节：6月10日放假，与周末连休。
六、中秋节：9月15日至17日放假调休，共3天。9月14日（周六）上班。
七、国庆节：10月1日至7日放假调休，共7天。9月29日（周日）、10月12日（周六）上班。""",
    2025: """一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
三、清明节：4月4日（周五）至6日（周日）放假，共3天。
四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。""",
    2026: """国务院办公厅关于2026年部分节假日安排的通知
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。
国务院办公厅
2025年11月4日""",
}


def notice_calendar(year: int) -> Calendar:
    reading = read_notice(NOTICES[year], year)
    assert reading.problems == []
    holidays = {a + timedelta(n): name for a, b, name in reading.holidays
                for n in range((b - a).days + 1)}
    return Calendar("CN", years={year: YearSchedule(year, True, "notice", holidays,
                                                    dict(reading.workdays))}, estimator=None)


@pytest.mark.parametrize("year", sorted(NOTICES))
def test_the_shipped_year_is_the_notice_day_by_day(year: int) -> None:
    shipped, notice = build_calendar("CN", estimator=None), notice_calendar(year)
    assert shipped.is_official_year(year)
    day, differ = date(year, 1, 1), []
    while day.year == year:
        if shipped.is_working_day(day) != notice.is_working_day(day):
            differ.append((day.isoformat(), shipped.day_info(day)))
        day += timedelta(days=1)
    assert differ == []


def test_2026_as_the_notice_reads() -> None:
    reading = read_notice(NOTICES[2026], 2026)
    assert reading.notice_year == 2026
    assert reading.title == "国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)"
    assert reading.holiday_lines().splitlines() == [
        "2026-01-01..2026-01-03 New Year's Day (元旦)",
        "2026-02-15..2026-02-23 Spring Festival (春节)",
        "2026-04-04..2026-04-06 Tomb-Sweeping Day (清明节)",
        "2026-05-01..2026-05-05 Labour Day (劳动节)",
        "2026-06-19..2026-06-21 Dragon Boat Festival (端午节)",
        "2026-09-25..2026-09-27 Mid-Autumn Festival (中秋节)",
        "2026-10-01..2026-10-07 National Day (国庆节)",
    ]
    assert [d.isoformat() for d, _name in reading.workdays] == [
        "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]
    assert reading.workdays[1][1] == "Make-up working day for Spring Festival (春节)"


def test_the_eve_off_only_encouraged_is_no_holiday() -> None:
    """2024: 鼓励…安排职工在除夕（2月9日）休息 — encouraged, not a day off."""
    assert notice_calendar(2024).is_working_day(date(2024, 2, 9))


def test_a_new_year_holiday_from_december_leaves_its_december_day_out() -> None:
    reading = read_notice(NOTICES[2023], 2023)
    assert reading.holidays[0][:2] == (date(2023, 1, 1), date(2023, 1, 2))
    assert reading.left_out == ["2022-12-31 (元旦) is in 2022"]
    assert reading.holidays[-1][2] == ("Mid-Autumn Festival and National Day "
                                       "(中秋节、国庆节)")


def test_a_notice_for_another_year_is_not_read_as_this_one() -> None:
    """Its items give no year: read for 2027, the 2026 notice's days were all a year off."""
    reading = read_notice(NOTICES[2026], 2027)
    assert reading.holidays == [] and reading.workdays == []
    assert reading.problems == ["the notice is for 2026, not 2027: set Year to 2026"]
    assert reading.notice_year == 2026


def test_a_line_it_cannot_read_is_named() -> None:
    reading = read_notice("二、春节：2月30日至3月2日放假调休，共3天。\n"
                          "三、清明节：4月放假。\n"
                          "四、劳动节：5月1日、5月2日、5月3日放假。\n"
                          "5日放假", 2027)
    assert reading.problems == [
        "line 1: 2月30日 is not a date (2027-02-30 does not exist)",
        "line 3: expected one day, or two joined by 至, before 放假",
        "line 4: 5日 has no month",  # a month is taken only from the same line
    ]  # line 2 gives no day: passed over, as the heading is


def test_full_width_digits_and_an_item_split_over_lines() -> None:
    """A web page's copy: full-width digits, the worked days on a line of their own."""
    reading = read_notice("七、国庆节：１０月１日至７日放假调休，共７天。\n"
                          "9月26日（星期日）、10月9日（星期六）上班。", 2021)
    assert reading.problems == []
    assert reading.holidays == [(date(2021, 10, 1), date(2021, 10, 7), "National Day (国庆节)")]
    assert [d for d, _n in reading.workdays] == [date(2021, 9, 26), date(2021, 10, 9)]


def test_an_older_notice_day_off_in_lieu_is_a_holiday() -> None:
    """The 2017 notice: 元旦：1月1日放假，1月2日（星期一）补休 — 2 January was off too."""
    reading = read_notice("一、元旦：1月1日放假，1月2日（星期一）补休。\n"
                          "二、春节：1月27日至2月2日放假调休，共7天。1月22日（星期日）、2月4日（星期六）上班。",
                          2017)
    assert reading.problems == []
    assert reading.holidays[:2] == [
        (date(2017, 1, 1), date(2017, 1, 1), "New Year's Day (元旦)"),
        (date(2017, 1, 2), date(2017, 1, 2), "New Year's Day (元旦) — day off in lieu (补休)")]
    assert [d for d, _n in reading.workdays] == [date(2017, 1, 22), date(2017, 2, 4)]
    shipped = build_calendar("CN", estimator=None)
    assert not shipped.is_working_day(date(2017, 1, 2))  # as the shipped 2017 has it


@pytest.mark.parametrize("year", sorted(NOTICES))
def test_a_notice_copied_without_its_line_breaks_reads_the_same(year: int) -> None:
    """Copied from a page or a PDF as one line, every item ran into the heading's line and
    every holiday was named after the heading ("国务院办公厅关于…的通知一、元旦")."""
    heading = f"国务院办公厅关于{year}年部分节假日安排的通知"
    lines = read_notice(f"{heading}\n{NOTICES[year]}", year)
    one_line = read_notice(heading + NOTICES[year].replace("\n", ""), year)
    assert (one_line.holidays, one_line.workdays, one_line.problems) == \
        (lines.holidays, lines.workdays, lines.problems)
    assert all("通知" not in name for _first, _last, name in one_line.holidays)


def test_a_problem_is_named_by_the_line_it_stands_on() -> None:
    """Items indented with full-width spaces, as gov.cn lays them out: the split before
    each item added a line, and a problem on line 3 was said to be on line 5."""
    text = ("国务院办公厅关于2026年部分节假日安排的通知\n"
            "\u3000\u3000一、元旦：1月1日至3日放假调休，共3天。\n"
            "\u3000\u3000二、清明节：4月4日至2日放假，共3天。")
    assert read_notice(text, 2026).problems == [
        "line 3: the holiday ends (2026-04-02) before it starts (2026-04-04)"]
    assert read_notice(text.replace("\n", ""), 2026).problems == [
        "line 1: the holiday ends (2026-04-02) before it starts (2026-04-04)"]
