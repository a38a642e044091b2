"""Working-day calendars: the Chinese State Council schedule and US federal business days.

A calendar is built from data passed in: the schedules shipped under
`resources/calendars/<CODE>.json` (one entry per year, with its source) and the officer's
overrides (a newly published year, a corrected day). A year with no official schedule is
*estimated*: its holidays come from the `holidays` package's rules (for China that means
the statutory holidays without the make-up working days, which are only known once the
State Council publishes them), and every deadline that touches it says so.

Pure: no database; the only I/O is reading the shipped rule data.
"""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from approvals.domain.dates import iso_date
from approvals.domain.errors import InputError, Problem
from approvals.resources import resource_path

# How a stored text says its date was counted through a year without an official schedule.
ESTIMATED_MARK = "estimated: no official"

CALENDAR_CODES: tuple[str, ...] = ("CN", "US")
DAY_KINDS: tuple[str, ...] = ("holiday", "workday")


@dataclass(frozen=True)
class YearSchedule:
    """One year of one calendar: its non-working weekdays and weekend working days."""

    year: int
    official: bool
    source: str
    holidays: Mapping[date, str] = field(default_factory=dict)  # non-working days
    workdays: Mapping[date, str] = field(default_factory=dict)  # make-up working days
    origin: str = "shipped"  # shipped | officer | estimated


@dataclass(frozen=True)
class DayOverride:
    """An officer's correction of one day: `holiday` (not worked) or `workday` (worked)."""

    day: date
    kind: str
    name: str = ""
    source: str = ""


@dataclass(frozen=True)
class YearOverride:
    """An officer-entered year (e.g. the schedule the State Council published last week)."""

    year: int
    source: str
    official: bool = True


Estimator = Callable[[str, int], YearSchedule]


# The `holidays` package names a swapped day "Day off (substituted from 02/06/2016)":
# month first, read as 2 June in Beijing as readily as 6 February.
_MONTH_FIRST = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def iso_day_name(name: str) -> str:
    """`name` with each month-first date (02/06/2016) written as ISO (2016-02-06)."""
    return _MONTH_FIRST.sub(lambda m: f"{m[3]}-{int(m[1]):02d}-{int(m[2]):02d}", name)


# The `holidays` package's US term for a statutory holiday's day moved off a weekend,
# "National Day (observed)", which a Chinese notice calls 补休: a day off in lieu.
_OBSERVED = re.compile(r"^(?P<holiday>.+?) \(observed\)$")
IN_LIEU = " — day off in lieu (补休)"


def chinese_day_name(name: str) -> str:
    """A CN day's name as officers in China know it: "National Day (observed)" becomes
    "National Day — day off in lieu (补休)"; other names as they are (ISO dates)."""
    name = iso_day_name(name)
    match = _OBSERVED.match(name)
    return f"{match['holiday']}{IN_LIEU}" if match else name


# Kept per (code, year): the package's rules are fixed while the app runs, and every
# calendar built for a unit of work estimated the same years again (no caller changes
# a schedule: YearSchedule is frozen and its day maps are only read).
@lru_cache(maxsize=64)
def holidays_package_estimate(code: str, year: int) -> YearSchedule:
    """The `holidays` package's rule-based holidays for a year we hold no schedule for."""
    import holidays

    generated: holidays.HolidayBase
    if code == "CN":
        # Named in English on every Python: left to its default (zh_CN), the package gave
        # English names on 3.11 and Chinese ones on 3.12+ (its translations load there).
        generated = holidays.China(years=year, language="en_US")
        workdays = {d: "Make-up working day" for d in generated.weekend_workdays if d.year == year}
    else:
        generated = holidays.US(years=year, language="en_US")
        workdays = {}
    return YearSchedule(
        year=year,
        official=False,
        source=f"estimated from the statutory holiday rules (`holidays` {holidays.__version__})",
        holidays={d: chinese_day_name(n) if code == "CN" else iso_day_name(n)
                  for d, n in generated.items() if d.year == year},
        workdays=workdays,
        origin="estimated",
    )


def unlisted_statutory_days(
    code: str, year: int, listed: Iterable[date], weekend: Iterable[int] = (5, 6),
    estimator: Estimator = holidays_package_estimate,
) -> list[tuple[date, str]]:
    """The weekdays of `year` that the law makes holidays every year (for China the days
    of 全国年节及纪念日放假办法 — New Year's Day, the Spring Festival days, Qingming, 1-2
    May, Dragon Boat, Mid-Autumn, 1-3 October; for the US the federal holidays, observed
    days) that are not among the `listed` holidays, with their names, in date order.

    A published schedule always has them, so an entered year without one is most likely
    typed in part: saved as official, the day would count as a working day and no
    deadline over it would say estimated any more. From the `holidays` package's rules,
    as an estimated year is; for China without its days off in lieu, which only the
    State Council's notice fixes."""
    off = frozenset(weekend)
    held = set(listed)
    rules = estimator(code, year)
    return sorted((day, name) for day, name in rules.holidays.items()
                  if day.weekday() not in off and day not in held
                  and not (code == "CN" and name.endswith(IN_LIEU)))


# Calendars whose holidays are announced as periods taking in the weekend days within
# them (the State Council's 放假调休: "10月1日至7日放假调休，共7天"), so that such a weekend
# day is said to be in its festival's period; a US weekend beside a federal holiday is
# an ordinary weekend.
PERIOD_CALENDARS = frozenset({"CN"})
_LONGEST_PERIOD = 10  # days looked at each side of a weekend day (the longest is 9)
_SUBSTITUTED = "Day off (substituted"  # a day off given for a make-up working day


_SPRING_FESTIVAL = "Chinese New Year (Spring Festival)"


def _festival(holiday: str) -> str:
    """The festival whose period a named day off belongs to: the State Council announces
    one Spring Festival period (春节：2月15日至23日), of which New Year's Eve and an
    "extended holiday" are days, so a weekend beside them is in the Spring Festival."""
    return _SPRING_FESTIVAL if holiday.startswith("Chinese New Year") else holiday


class Calendar:
    """Answers "is this a working day?" for any date and knows which years are estimated."""

    def __init__(
        self,
        code: str,
        *,
        name: str = "",
        weekend: Iterable[int] = (5, 6),
        years: Mapping[int, YearSchedule] | None = None,
        day_overrides: Iterable[DayOverride] = (),
        estimator: Estimator | None = holidays_package_estimate,
    ) -> None:
        self.code = code
        self.name = name or code
        self.weekend = frozenset(weekend)
        self._years: dict[int, YearSchedule] = dict(years or {})
        self._estimator = estimator
        self._overrides: dict[date, DayOverride] = {o.day: o for o in day_overrides}
        self._estimated: dict[int, YearSchedule] = {}
        # Per year, the ordinals of its working days (ascending), built on first use: a
        # count of N working days is then a few bisections instead of a walk of N days.
        # The answers never change after construction (overrides are fixed, an estimated
        # year is estimated once), so the table is never stale.
        self._working: dict[int, list[int]] = {}

    # -- years ------------------------------------------------------------------------
    def schedule(self, year: int) -> YearSchedule:
        """The schedule used for `year`: held (shipped or officer-entered) or estimated."""
        held = self._years.get(year)
        if held is not None:
            return held
        if year not in self._estimated:
            if self._estimator is not None:
                self._estimated[year] = self._estimator(self.code, year)
            else:
                self._estimated[year] = YearSchedule(
                    year, False, "no schedule held; weekends only", origin="estimated"
                )
        return self._estimated[year]

    def is_official_year(self, year: int) -> bool:
        held = self._years.get(year)
        return bool(held and held.official)

    def held_years(self) -> list[YearSchedule]:
        return [self._years[y] for y in sorted(self._years)]

    def estimated_years(self, start: date, end: date) -> list[int]:
        """Years between `start` and `end` (inclusive) without an official schedule."""
        lo, hi = sorted((start, end))
        return [y for y in range(lo.year, hi.year + 1) if not self.is_official_year(y)]

    # -- days -------------------------------------------------------------------------
    def override(self, day: date) -> DayOverride | None:
        """The officer's entry for `day` (an entered year's day or a corrected day), if any."""
        return self._overrides.get(day)

    def override_years(self) -> set[int]:
        """The years holding an officer's entry for some day (held or not)."""
        return {day.year for day in self._overrides}

    def day_info(self, day: date, *, period: bool = True) -> tuple[bool, str]:
        """(is a working day, why) — the name of the holiday or make-up day, if any; a
        weekend day within a holiday period of a PERIOD_CALENDARS calendar says so (not
        with `period` False)."""
        override = self._overrides.get(day)
        if override is not None:
            label = override.name or ("holiday (officer entry)" if override.kind == "holiday"
                                      else "working day (officer entry)")
            return override.kind == "workday", label
        schedule = self.schedule(day.year)
        if day in schedule.workdays:
            return True, schedule.workdays[day]
        if day in schedule.holidays:
            return False, schedule.holidays[day]
        if day.weekday() in self.weekend:
            festival = self._holiday_period_of(day) if (
                period and self.code in PERIOD_CALENDARS) else ""
            return False, f"weekend, within the {festival} holiday" if festival else "weekend"
        return True, ""

    def _holiday_period_of(self, day: date) -> str:
        """The festival whose holiday period a weekend day falls in ("" when none): the
        nearest named holiday in the unbroken run of days off around it, as 2026-10-04
        lies in National Day's 1–7 October (a roll "from 2026-10-04, not a working day
        (weekend)" read as an ordinary Sunday). A day off given for a make-up day names
        no festival; the run goes on through it."""
        nearest: tuple[int, str] | None = None
        for step in (timedelta(-1), timedelta(1)):
            neighbour = day
            for distance in range(1, _LONGEST_PERIOD):
                try:
                    neighbour += step
                except OverflowError:  # the first or last date there is
                    break
                working, why = self.day_info(neighbour, period=False)
                if working:
                    break
                if why != "weekend" and not why.startswith(_SUBSTITUTED):
                    if nearest is None or distance < nearest[0]:
                        nearest = (distance, _festival(why.split(" — ")[0]))
                    break
        return nearest[1] if nearest else ""

    def is_working_day(self, day: date) -> bool:
        return self.day_info(day, period=False)[0]  # (the reason's period not looked for)

    def working_ordinals(self, year: int) -> list[int]:
        """The ordinals (date.toordinal) of `year`'s working days, ascending, as
        is_working_day answers for each day of it."""
        days = self._working.get(year)
        if days is None:
            first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
            days = [n for n in range(first, last + 1) if self.is_working_day(date.fromordinal(n))]
            self._working[year] = days
        return days

    def working_day_after(self, day: date, n: int) -> date:
        """The Nth working day after `day` (`day` not counted; `day` itself for 0).
        OverflowError when it would fall after date.max, as counting day by day would."""
        if n <= 0:
            return day
        year, days = day.year, self.working_ordinals(day.year)
        i = bisect_right(days, day.toordinal())
        while n > len(days) - i:
            n -= len(days) - i
            year += 1
            if year > date.max.year:
                raise OverflowError("date value out of range")
            days, i = self.working_ordinals(year), 0
        return date.fromordinal(days[i + n - 1])

    def working_day_before(self, day: date, n: int) -> date:
        """The Nth working day before `day` (`day` not counted; `day` itself for 0).
        OverflowError when it would fall before date.min."""
        if n <= 0:
            return day
        year, days = day.year, self.working_ordinals(day.year)
        i = bisect_left(days, day.toordinal())  # working days before `day` in its year
        while n > i:
            n -= i
            year -= 1
            if year < date.min.year:
                raise OverflowError("date value out of range")
            days = self.working_ordinals(year)
            i = len(days)
        return date.fromordinal(days[i - n])

    def working_days_in(self, start: date, end: date) -> int:
        """How many working days lie in (start, end] (0 when end <= start)."""
        if end <= start:
            return 0
        first, last = start.toordinal(), end.toordinal()
        if start.year == end.year:
            days = self.working_ordinals(start.year)
            return bisect_right(days, last) - bisect_right(days, first)
        head = self.working_ordinals(start.year)
        n = len(head) - bisect_right(head, first)
        for year in range(start.year + 1, end.year):
            n += len(self.working_ordinals(year))
        return n + bisect_right(self.working_ordinals(end.year), last)

    def next_working_day(self, day: date) -> date:
        """`day` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def warnings_for(self, start: date, end: date) -> list[str]:
        return [
            # A year as its dates write it (0001-01-04 was said to be in "1").
            f"{year:04d}: no official {self.code} holiday schedule is held; days in {year:04d} are "
            # Where, not only what: the CLI's reader may never have opened that window.
            # Said of a past year too (2019, long published), so not "once it is published".
            "estimated (an approver or administrator enters its published schedule in the app, under "
            "View → Holiday calendars… → Add published year…)"
            for year in self.estimated_years(start, end)
        ]


def estimated_note(code: str, years: Iterable[int]) -> str:
    """"estimated: no official CN holiday schedule is held for 2027" for a date counted
    through such years, else "": written into stored condition texts and read back from
    them by says_estimated."""
    listed = ", ".join(f"{year:04d}" for year in years)
    return f"{ESTIMATED_MARK} {code} holiday schedule is held for {listed}" if listed else ""


def says_estimated(text: str) -> bool:
    """Whether a stored text carries estimated_note (its date is estimated)."""
    return ESTIMATED_MARK in text


# -- building calendars from data ------------------------------------------------------
def _parse_day(value: Any, where: str) -> date:
    try:
        return iso_date(str(value))
    except ValueError:
        raise InputError(Problem(where, f"{value!r} is not a date (YYYY-MM-DD)")) from None


def parse_calendar_data(data: Mapping[str, Any], *, origin: str = "shipped") -> dict[int, YearSchedule]:
    """Year schedules from the JSON layout of `resources/calendars/<CODE>.json`."""
    out: dict[int, YearSchedule] = {}
    for key, entry in (data.get("years") or {}).items():
        year = int(key)
        where = f"years.{key}"
        holidays = {
            _parse_day(h["date"], f"{where}.holidays"): str(h.get("name", ""))
            for h in entry.get("holidays", [])
        }
        workdays = {
            _parse_day(w["date"], f"{where}.workdays"): str(w.get("name", ""))
            for w in entry.get("workdays", [])
        }
        for day in [*holidays, *workdays]:
            if day.year != year:
                raise InputError(Problem(where, f"{day} is not in {year}"))
        out[year] = YearSchedule(
            year=year,
            official=bool(entry.get("official", True)),
            source=str(entry.get("source", "")),
            holidays=holidays,
            workdays=workdays,
            origin=origin,
        )
    return out


@lru_cache(maxsize=4)
def shipped_calendar_data(code: str) -> dict[str, Any]:
    """The schedule file shipped for `code` (CN or US)."""
    if code not in CALENDAR_CODES:
        raise InputError(Problem("calendar", f"{code!r} is not one of {', '.join(CALENDAR_CODES)}"))
    return json.loads(resource_path("calendars", f"{code}.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def _shipped_years(code: str) -> Mapping[int, YearSchedule]:
    """The shipped schedule file for `code`, parsed once: it does not change while the app
    runs (shipped_calendar_data reads it once too), and every calendar starts from it."""
    return parse_calendar_data(shipped_calendar_data(code))


def build_calendar(
    code: str,
    *,
    data: Mapping[str, Any] | None = None,
    year_overrides: Iterable[YearOverride] = (),
    day_overrides: Iterable[DayOverride] = (),
    estimator: Estimator | None = holidays_package_estimate,
) -> Calendar:
    """A calendar from shipped data (default: the file for `code`) plus officer overrides.

    An officer-entered year that the shipped data lacks starts from weekends only: the
    officer enters its holidays and make-up days as day overrides, so no estimated day
    survives into an official year. For a year the data holds, day overrides correct
    single days and a year override can update its source or official flag.
    """
    if data is None:
        data = shipped_calendar_data(code)
        years = dict(_shipped_years(code))
    else:
        years = parse_calendar_data(data)
    for override in year_overrides:
        base = years.get(override.year)
        years[override.year] = YearSchedule(
            year=override.year,
            official=override.official,
            source=override.source,
            holidays=base.holidays if base else {},
            workdays=base.workdays if base else {},
            origin="officer",
        )
    return Calendar(
        code,
        name=str(data.get("name", code)),
        weekend=data.get("weekend", (5, 6)),
        years=years,
        day_overrides=day_overrides,
        estimator=estimator,
    )


# -- reading the State Council notice's own text -----------------------------------------
# The notice's holiday names, as an officer outside China also reads them (the shipped
# years' English names); the Chinese name is kept beside it.
NOTICE_HOLIDAY_NAMES: dict[str, str] = {
    "元旦": "New Year's Day",
    "春节": "Spring Festival",
    "清明节": "Tomb-Sweeping Day",
    "劳动节": "Labour Day",
    "端午节": "Dragon Boat Festival",
    "中秋节": "Mid-Autumn Festival",
    "国庆节": "National Day",
}
# A day as the notice writes it: 2月15日, 15日 (the month before it in the line), or
# 2022年12月31日; a note in brackets after it (（农历腊月二十八、周日）) is skipped.
_NOTICE_DAY = re.compile(
    r"(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*日(?:\s*\([^)]*\))?")
# The heading names the year: 关于2027年部分节假日安排的通知, 现将2027年元旦、春节…
_NOTICE_YEAR = re.compile(r"(\d{4})\s*年\s*(?:部分节假日|元旦)")
_NOTICE_DATE_LINE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_NOTICE_ORDINAL = re.compile(r"^\s*(?:[一二三四五六七八九十]+|\d{1,2})\s*[、.]\s*")
# An item's start inside a line ("…安排的通知一、元旦：1月1日…二、春节：…"): a notice copied
# from a page or a PDF without its line breaks ran every item into the heading's line, and
# each holiday took the heading's words as its name.
_NOTICE_ITEM_INSIDE = re.compile(
    r"(?<=[^\s一二三四五六七八九十])(?=[一二三四五六七八九十]{1,3}、[\u4e00-\u9fff、]{1,12}[：:])")


def _notice_items(text: str) -> Iterator[tuple[int, str]]:
    """The notice's items with the number of the line each stands on: one a line as
    published, or several run together on one (a paste without its line breaks)."""
    for number, line in enumerate(text.splitlines(), start=1):
        for item in _NOTICE_ITEM_INSIDE.split(line):
            yield number, item


@dataclass(frozen=True)
class NoticeReading:
    """What `read_notice` found: holiday ranges (first, last, name) and make-up working
    days (day, name) of the year; `problems` ("line 3: …") for item lines it could not
    read; `left_out` for days of another year (a New Year holiday that starts on 31
    December belongs to that year's schedule)."""

    holidays: list[tuple[date, date, str]]
    workdays: list[tuple[date, str]]
    problems: list[str]
    left_out: list[str]
    notice_year: int | None = None  # the year the notice's heading names, if it does
    # The notice's title and date as pasted with it ("国务院办公厅关于2027年部分节假日安排的通知
    # (2026-11-10)"), for the year's source; "" when the text has no title.
    title: str = ""

    @property
    def found(self) -> bool:
        return bool(self.holidays or self.workdays or self.problems)

    def holiday_lines(self) -> str:
        return "\n".join(f"{a}..{b} {name}" if a != b else f"{a} {name}"
                         for a, b, name in self.holidays)

    def workday_lines(self) -> str:
        return "\n".join(f"{day} {name}" for day, name in self.workdays)


def _notice_name(chinese: str) -> str:
    """"Spring Festival (春节)"; "Mid-Autumn Festival and National Day (中秋节、国庆节)"."""
    parts = [p for p in re.split(r"[、,和]", chinese) if p]
    english = [NOTICE_HOLIDAY_NAMES.get(p) for p in parts]
    if parts and all(english):
        return f"{' and '.join(e for e in english if e)} ({chinese})"
    return chinese


def read_notice(text: str, year: int) -> NoticeReading:
    """The days of the State Council General Office's holiday notice for `year`, from its
    text as published, one item a line:

        二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
        2月14日（周六）、2月28日（周六）上班。

    In each item the days before 放假 (one day, or a range with 至) are the holiday and
    the days a sentence says are worked (上班) its make-up working days. A day without its
    month or year takes the item's previous one's. Other sentences (鼓励…除夕休息: not a
    holiday) and lines without both a day and 放假 or 上班 (the heading, the signature)
    are passed over."""
    holidays: list[tuple[date, date, str]] = []
    workdays: list[tuple[date, str]] = []
    problems: list[str] = []
    left_out: list[str] = []
    named = _NOTICE_YEAR.search(unicodedata.normalize("NFKC", text))
    notice_year = int(named[1]) if named else None
    if notice_year is not None and notice_year != year:
        # Its items give no year: read as another year's, every day would be a year off.
        return NoticeReading([], [], [f"the notice is for {notice_year}, not {year}: set "
                                      f"Year to {notice_year}"], [], notice_year)
    chinese = ""  # the holiday the item being read is about
    for number, raw in _notice_items(text):
        line = unicodedata.normalize("NFKC", raw).strip()  # full-width （）：， as ASCII
        if not _NOTICE_DAY.search(line) or not any(word in line for word in ("放假", "补休", "上班")):
            continue
        line = _NOTICE_ORDINAL.sub("", line)
        head, colon, rest = line.partition(":")
        if colon:
            chinese = head.strip()
        elif chinese:  # the item's next sentence on a line of its own (a web page's layout)
            rest = line
        else:
            problems.append(f"line {number}: no holiday name before '：' (as in 二、春节：…)")
            continue
        name = _notice_name(chinese)
        held_year, held_month = year, None

        def days_in(part: str) -> list[date]:
            nonlocal held_year, held_month
            found = []
            for m in _NOTICE_DAY.finditer(part):
                said = m[0].split("(")[0].strip()  # as written, without its note in brackets
                held_year = int(m["y"]) if m["y"] else held_year
                held_month = int(m["m"]) if m["m"] else held_month
                if held_month is None:
                    raise ValueError(f"{said} has no month")
                try:
                    found.append(date(held_year, held_month, int(m["d"])))
                except ValueError:
                    raise ValueError(f"{said} is not a date ({held_year}-{held_month:02d}-"
                                     f"{int(m['d']):02d} does not exist)") from None
            return found

        try:
            for sentence in re.split(r"[。;]", rest):
                off, said_off, after = sentence.partition("放假")
                if said_off:
                    first_last = days_in(off)
                    if len(first_last) not in (1, 2) or (len(first_last) == 2 and "至" not in off):
                        raise ValueError("expected one day, or two joined by 至, before 放假")
                    first, last = first_last[0], first_last[-1]
                    if last < first:
                        raise ValueError(f"the holiday ends ({last}) before it starts ({first})")
                    inside = [first + timedelta(n) for n in range((last - first).days + 1)]
                    outside = [d for d in inside if d.year != year]
                    inside = [d for d in inside if d.year == year]
                    left_out += [f"{d} ({chinese}) is in {d.year}" for d in outside]
                    if inside:
                        holidays.append((inside[0], inside[-1], name))
                worked = after if said_off else sentence
                # Older notices: 1月1日放假，1月2日（星期一）补休 — a day off in lieu.
                in_lieu, said_in_lieu, rest_of = worked.partition("补休")
                if said_in_lieu:
                    for day in days_in(in_lieu):
                        if day.year != year:
                            left_out.append(f"{day} ({chinese}, 补休) is in {day.year}")
                        else:
                            holidays.append((day, day, f"{name}{IN_LIEU}"))
                    worked = rest_of
                if "上班" in worked:
                    for day in days_in(worked.rsplit("上班", 1)[0]):
                        if day.year != year:
                            left_out.append(f"{day} (worked, {chinese}) is in {day.year}")
                        else:
                            workdays.append((day, f"Make-up working day for {name}"))
        except ValueError as exc:
            problems.append(f"line {number}: {exc}")
    return NoticeReading(holidays, workdays, problems, left_out, notice_year,
                         _notice_title(text))


def _notice_title(text: str) -> str:
    """The notice's title line, with its date (the line under the signature) as ISO."""
    lines = [unicodedata.normalize("NFKC", raw).strip() for raw in text.splitlines()]
    title = next((line for line in lines if "节假日安排的通知" in line and len(line) <= 60), "")
    dated = [found for line in lines if (found := _NOTICE_DATE_LINE.match(line))]
    if title and dated:
        year, month, day = (int(n) for n in dated[-1].groups())
        with contextlib.suppress(ValueError):
            return f"{title} ({date(year, month, day).isoformat()})"
    return title
