"""An independent pass over docs/regulatory-reference.md, for the points the earlier
reference tests (test_screening2_reference, test_regulatory_audit, test_clock_data) leave
out: the 2026 Chinese schedule and US observed holidays as the reference states them, each
statutory clock counted from the clock data (not from constants) on both sides of a
holiday, every reason citing the rule it names, and needs_info naming every missing path.

The expected working days are worked out here from the reference's own words (weekdays,
minus the holiday ranges, plus the make-up days), not read from resources/calendars."""

from __future__ import annotations

import copy
import re
from datetime import date, timedelta
from typing import Any

import pytest

from approvals.domain import workflow as wf
from approvals.domain.calendars import build_calendar
from approvals.domain.clocks import DayCount, add_years, compute_deadline, count_due
from approvals.domain.errors import NotFound
from approvals.domain.facts import parse_facts
from approvals.domain.rulebook import default_rulebook
from approvals.domain.screening import screen
from tests.unit.test_screening import _DELETE, AS_OF, COMPUTE, PI, SENS, facts_with

D = date.fromisoformat
CN = build_calendar("CN")
US = build_calendar("US")

# --- Calendars: China 2026 as the reference states it ---------------------------------------
CN_2026_HOLIDAYS = [  # (first, last) of each holiday in the reference
    ("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
    ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
    ("2026-10-01", "2026-10-07"),
]
CN_2026_MAKE_UP = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]


def _days(first: str, last: str) -> list[date]:
    start, end = D(first), D(last)
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


_CN_OFF = {d for first, last in CN_2026_HOLIDAYS for d in _days(first, last)}
_CN_ON = {D(d) for d in CN_2026_MAKE_UP}


def reference_cn_working(day: date) -> bool:
    assert day.year == 2026, "the reference states the 2026 schedule only"
    if day in _CN_ON:
        return True
    return day.weekday() < 5 and day not in _CN_OFF


def test_every_day_of_2026_is_what_the_reference_says() -> None:
    assert CN.is_official_year(2026)
    wrong = [d for d in _days("2026-01-01", "2026-12-31") if CN.is_working_day(d) != reference_cn_working(d)]
    assert wrong == []


@pytest.mark.parametrize("day", CN_2026_MAKE_UP)
def test_make_up_days_are_weekend_days_that_are_worked(day: str) -> None:
    assert D(day).weekday() >= 5 and CN.is_working_day(D(day))


# US: federal holidays with observed days (5 U.S.C. 6103): Saturday -> Friday before,
# Sunday -> Monday after, also across a year end.
US_OBSERVED = [
    ("2026-07-03", "2026-07-04"),  # Independence Day on a Saturday
    ("2027-12-24", "2027-12-25"),  # Christmas on a Saturday
    ("2027-12-31", "2028-01-01"),  # New Year's Day 2028 (Saturday) observed in 2027
    ("2021-12-31", "2022-01-01"),
    ("2022-06-20", "2022-06-19"),  # Juneteenth on a Sunday
    ("2023-11-10", "2023-11-11"),  # Veterans Day on a Saturday
    ("2033-12-26", "2033-12-25"),  # Christmas on a Sunday
]


@pytest.mark.parametrize(("observed", "holiday"), US_OBSERVED)
def test_us_observed_day_is_off_and_the_neighbouring_weekday_is_not(observed: str, holiday: str) -> None:
    assert not US.is_working_day(D(observed))
    # Monday observed: Tuesday works; Friday observed: Thursday works.
    neighbour = D(observed) + timedelta(days=1 if D(observed).weekday() == 0 else -1)
    assert US.is_working_day(neighbour), neighbour


def test_juneteenth_is_a_federal_holiday_only_from_2021() -> None:
    assert US.is_working_day(D("2020-06-19"))
    assert not US.is_working_day(D("2021-06-18"))  # observed (Saturday 19 June)


# --- Clocks, counted from the clock data on the reference's calendar -----------------------
def _naive_working(start: date, days: int) -> date:
    """Day by day: the start not counted, day 1 the next working day."""
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        counted += reference_cn_working(day)
    return day


def _naive_calendar_cn(start: date, days: int, roll: bool) -> date:
    day = start + timedelta(days=days)
    while roll and not reference_cn_working(day):
        day += timedelta(days=1)
    return day


# (kind, phase, start, expected due, why)
CLOCK_ROWS: list[tuple[str, str, str, str, str]] = [
    # FISR 15 working days across the Spring Festival with make-up Saturdays 14 and 28 Feb.
    ("CN-FISR", "preliminary_review", "2026-02-05", "2026-03-04", "two make-up Saturdays count"),
    ("CN-FISR", "preliminary_review", "2026-02-06", "2026-03-05", "one day later starts one day later"),
    ("CN-FISR", "general_review", "2026-09-15", "2026-11-02", "make-up Sun 20 Sep and Sat 10 Oct count"),
    ("CN-FISR", "special_review", "2026-04-01", "2026-06-30", "Qingming, Labour Day, Dragon Boat"),
    # Data export assessment: 45 working days from acceptance, across National Day.
    ("CN-DATA-EXPORT", "assessment", "2026-09-01", "2026-11-09", "Mid-Autumn and National Day"),
    ("CN-DATA-EXPORT", "assessment", "2026-08-31", "2026-11-06", "the day before"),
    # Technology export licence: 30 working days.
    ("CN-TECH-EXPORT", "application_review", "2026-04-28", "2026-06-11", "Labour Day with make-up Sat 9 May"),
    # SAMR: calendar days; a period ending on a holiday ends on the first working day after it.
    ("CN-SAMR", "phase_1_review", "2026-09-01", "2026-10-08", "ends 1 Oct (National Day): rolls to 8 Oct"),
    ("CN-SAMR", "phase_1_review", "2026-08-31", "2026-09-30", "ends on a working day: stays"),
    ("CN-SAMR", "phase_1_review", "2026-09-10", "2026-10-10", "ends on the make-up Saturday: a working day"),
    ("CN-SAMR", "phase_1_review", "2026-01-16", "2026-02-24", "ends Sun 15 Feb in the Spring Festival: rolls to 24 Feb"),
    ("CN-SAMR", "phase_2_review", "2026-07-03", "2026-10-08", "90 days end 1 Oct: rolls to 8 Oct"),
    ("CN-SAMR", "phase_2_review", "2026-07-02", "2026-09-30", "the day before: stays"),
]


@pytest.mark.parametrize(("kind", "phase", "start", "due", "why"), CLOCK_ROWS,
                         ids=[f"{k}-{p}-{s}" for k, p, s, *_ in CLOCK_ROWS])
def test_clock_from_the_data_on_the_reference_calendar(kind: str, phase: str, start: str, due: str,
                                                       why: str) -> None:
    spec = wf.clock_spec(kind, phase, D(start))
    assert spec.days is not None and spec.calendar == "CN"
    deadline = compute_deadline(CN, D(start), spec.days, spec.unit, roll=spec.roll)
    if spec.unit == "working":
        expected = _naive_working(D(start), spec.days)
    else:
        expected = _naive_calendar_cn(D(start), spec.days, spec.roll)
    assert expected == D(due), why  # the row is right by the reference
    assert deadline.due == D(due), why  # and the app counts the same
    assert not deadline.estimated


def test_samr_extension_is_up_to_60_days_on_phase_2_only() -> None:
    assert wf.clock_spec("CN-SAMR", "phase_2_review", AS_OF).extension_days == 60
    assert wf.clock_spec("CN-SAMR", "phase_1_review", AS_OF).extension_days is None


@pytest.mark.parametrize(("completion", "due"), [
    # 30 calendar days; 850.401 states no roll: a due date on a federal holiday stays.
    ("2026-06-03", "2026-07-03"),  # Independence Day observed
    ("2026-06-04", "2026-07-04"),  # Independence Day itself (Saturday)
    ("2026-06-02", "2026-07-02"),
    ("2026-11-26", "2026-12-26"),  # from Thanksgiving: the day after Christmas
])
def test_oisp_notification_30_calendar_days_after_completion(completion: str, due: str) -> None:
    for phase in ("notification", "notification_after_knowledge"):
        spec = wf.clock_spec("US-OISP", phase, D(completion))
        assert spec.days is not None
        assert (spec.days, spec.unit, spec.calendar, spec.roll) == (30, "calendar", "US", False)
        assert compute_deadline(US, D(completion), spec.days, spec.unit, roll=spec.roll).due == D(due)


# Each clock from the reference's date of its instrument, none the day before.
CLOCK_DATES = [
    ("US-OISP", "notification", "2025-01-02", 30),
    ("US-OISP", "notification_after_knowledge", "2025-01-02", 30),
    ("CN-FISR", "preliminary_review", "2021-01-18", 15),
    ("CN-FISR", "general_review", "2021-01-18", 30),
    ("CN-FISR", "special_review", "2021-01-18", 60),
    ("CN-DATA-EXPORT", "assessment", "2022-09-01", 45),
    ("CN-SAMR", "phase_1_review", "2022-08-01", 30),  # the 2022 amendment's articles
    ("CN-SAMR", "phase_2_review", "2022-08-01", 90),
    ("CN-US-CAPITAL", "review", "2026-04-24", None),  # tracked without a statutory clock
]


@pytest.mark.parametrize(("kind", "phase", "day", "days"), CLOCK_DATES, ids=[f"{k}-{p}" for k, p, *_ in CLOCK_DATES])
def test_clock_from_its_date_and_not_the_day_before(kind: str, phase: str, day: str, days: int | None) -> None:
    with pytest.raises(NotFound, match=f"holds no {kind} .* earliest it holds applies from {day}"):
        wf.clock_spec(kind, phase, D(day) - timedelta(days=1))
    assert wf.clock_spec(kind, phase, D(day)).days == days


@pytest.mark.parametrize(("cleared", "due", "opens"), [
    # Valid 3 years; renewal within 60 working days before expiry (Order 16 art. 9).
    ("2023-12-01", "2026-11-30", "2026-09-02"),  # expiry Tue 1 Dec 2026: National Day skipped
    ("2023-10-12", "2026-10-10", "2026-07-14"),  # expiry Mon 12 Oct: due on the make-up Sat 10 Oct
])
def test_data_export_renewal_window(cleared: str, due: str, opens: str) -> None:
    (renewal,) = wf.follow_ups_for("CN-DATA-EXPORT", "clear", D("2024-03-22"))
    expiry = add_years(D(cleared), renewal.valid_years)
    counted = count_due(CN, DayCount(renewal.working_days_before_expiry, "working", expiry, "CN", back=True))
    # Independently: the last working day before expiry, and 60 working days back.
    day, back = expiry, list[date]()
    while len(back) < renewal.working_days_before_expiry:
        day -= timedelta(days=1)
        if reference_cn_working(day):
            back.append(day)
    assert (back[0], back[-1]) == (D(due), D(opens))
    assert (counted.due, counted.opens, counted.estimated_years) == (D(due), D(opens), ())


def test_renewal_follow_up_starts_with_order_16() -> None:
    assert wf.follow_ups_for("CN-DATA-EXPORT", "clear", D("2024-03-21")) == []
    assert len(wf.follow_ups_for("CN-DATA-EXPORT", "clear", D("2024-03-22"))) == 1


# --- Reasons cite the rule they name, and quote the deciding figures -------------------------
RULES = {r.id: r for r in default_rulebook().rules}

CASES: list[tuple[str, dict[str, Any], date]] = [
    ("pi-1000000", {PI: 1_000_000}, AS_OF),
    ("sens-9999", {SENS: 9_999}, AS_OF),
    ("compute-1e25+1", {COMPUTE: 10**25 + 1}, AS_OF),
    ("samr-over", {"deal.stake_after_pct": 60, "target.turnover_cny": {"china": 900_000_000, "worldwide": 10**9},
                   "investor.turnover_cny": {"china": 900_000_000, "worldwide": 20 * 10**9}}, AS_OF),
    ("before-everything", {PI: 5}, D("2019-06-01")),
    ("order-11", {"deal.data_export.pi_subjects_since_previous_year": 100_000}, D("2024-03-21")),
    ("fisr-stake-50", {"target.security_sectors": ["key_technologies"], "deal.stake_after_pct": 50}, AS_OF),
]


@pytest.mark.parametrize(("changes", "as_of"), [pytest.param(c, d, id=i) for i, c, d in CASES])
def test_every_reason_cites_the_rule_in_force_that_it_names(changes: dict[str, Any], as_of: date) -> None:
    for found in screen(parse_facts(facts_with(changes)), as_of, True).determinations:
        for reason in found.reasons:
            rule = RULES.get(reason.rule)
            if rule is None:  # a not-in-force line names the regime itself
                assert found.outcome == "not_in_force" and reason.rule == found.regime
                continue
            assert rule.regime == found.regime
            assert (reason.citation, reason.citation_zh) == (rule.citation, rule.citation_zh)
            if found.outcome == "not_in_force":  # cites the first rule, dated after as_of
                assert as_of < rule.effective_from
                continue
            assert rule.effective_from <= as_of and (rule.effective_to is None or as_of <= rule.effective_to)


@pytest.mark.parametrize(("changes", "regime", "figures"), [
    ({PI: 1_000_000}, "CN-DATA-EXPORT", ["1,000,000 is at least 1,000,000", "以上"]),
    ({SENS: 10_000}, "CN-DATA-EXPORT", ["10,000 is at least 10,000"]),
    ({PI: 99_999}, "CN-DATA-EXPORT", ["99,999 is less than 100,000"]),
    ({COMPUTE: 10**25}, "US-OISP", ["1e25 operations is not more than 1e25", "1e25 operations is more than 1e23"]),
    ({"deal.instrument": "lp_interest", "deal.lp_commitment_usd": 2_000_000, COMPUTE: 3e23}, "US-OISP",
     ["USD 2,000,000 is at most USD 2,000,000"]),
    ({"deal.stake_after_pct": 60, "target.turnover_cny": {"china": 800_000_000, "worldwide": 800_000_000},
      "investor.turnover_cny": {"china": 9 * 10**9, "worldwide": 20 * 10**9}}, "CN-SAMR",
     ["target China turnover RMB 800,000,000 is not more than RMB 800,000,000", "超过"]),
    ({"target.activities": ["value_added_telecom"], "deal.stake_after_pct": 50.001}, "CN-NEGATIVE-LIST",
     ["50.001 % is more than 50 %"]),
])
def test_the_deciding_reason_quotes_fact_and_threshold(changes: dict[str, Any], regime: str,
                                                       figures: list[str]) -> None:
    found = screen(parse_facts(facts_with(changes)), AS_OF, True).determination(regime)
    assert found is not None
    words = " ".join(r.text + " " + r.text_zh for r in found.reasons)
    for figure in figures:
        assert figure in words, (figure, words)


# --- needs_info names every missing path ------------------------------------------------------
OPTIONAL_LEAVES = [
    "target.leading_tech_enterprise", "target.activities", "target.security_sectors",
    "target.ai.develops_ai_system", "target.ai.max_training_compute_ops",
    "target.ai.primarily_biological_sequence_data", "target.ai.end_uses",
    "target.turnover_cny.china", "target.turnover_cny.worldwide",
    "investor.turnover_cny.china", "investor.turnover_cny.worldwide",
    "deal.stake_after_pct", "deal.acquires_control", "deal.technology_transfer.transfers",
    "deal.data_export.cii_operator", "deal.data_export.important_data",
    "deal.data_export.pi_subjects_processed", "deal.data_export.pi_subjects_current_year",
    "deal.data_export.sensitive_pi_subjects_current_year",
    "deal.data_export.pi_subjects_since_previous_year",
    "deal.data_export.sensitive_pi_subjects_since_previous_year",
]
# Facts near every threshold, so that most single unknowns matter.
NEAR = {
    "target.leading_tech_enterprise": True, "target.security_sectors": ["key_technologies"],
    "target.ai.max_training_compute_ops": 5e23, "deal.stake_after_pct": 30, "deal.acquires_control": False,
    "target.turnover_cny": {"china": 900_000_000, "worldwide": 6 * 10**9},
    "investor.turnover_cny": {"china": 900_000_000, "worldwide": 6 * 10**9},
    "deal.technology_transfer": {"transfers": True, "prohibited_catalogue_items": [],
                                 "restricted_catalogue_items": []},
    PI: 150_000, "deal.data_export.pi_subjects_since_previous_year": 150_000,
}
_PATH = re.compile(r"\b(?:target|investor|deal)\.[a-z_.]+[a-z_]")


def _screen_without(paths: list[str], as_of: date) -> list[Any]:
    changes = {**copy.deepcopy(NEAR), **{p: _DELETE for p in paths}}
    return list(screen(parse_facts(facts_with(changes)), as_of, True).determinations)


@pytest.mark.parametrize("as_of", [AS_OF, D("2023-07-01")])
@pytest.mark.parametrize("path", OPTIONAL_LEAVES)
def test_one_unknown_fact_is_the_one_named(path: str, as_of: date) -> None:
    for found in _screen_without([path], as_of):
        if found.outcome == "needs_info":
            assert found.missing == (path,), (found.regime, found.missing)
        else:
            assert found.missing == (), (found.regime, found.outcome, found.missing)


@pytest.mark.parametrize("as_of", [AS_OF, D("2023-07-01")])
def test_every_unknown_fact_named_in_a_reason_is_listed(as_of: date) -> None:
    for found in _screen_without(OPTIONAL_LEAVES, as_of):
        named = {p for r in found.reasons if "the facts do not state" in r.text for p in _PATH.findall(r.text)}
        assert set(found.missing) <= set(OPTIONAL_LEAVES), found.missing
        if found.outcome == "needs_info":
            assert named and named <= set(found.missing), (found.regime, named, found.missing)
            assert set(found.missing) <= named, (found.regime, found.missing, named)
