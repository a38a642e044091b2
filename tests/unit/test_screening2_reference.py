"""The regulatory reference, statement by statement: every threshold on both sides and at
the number itself, every effective date and the day before, each listed field / activity
/ end use, written from docs/regulatory-reference.md (not from the rule files), so that
a rule file that drifts from the reference fails here.

Counting: 以上 / "or more" include the number; 超过 / "more than" exclude it; "or less"
includes it."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.screening import Determination, screen
from approvals.services.demo import demo_facts
from tests.conftest import EXAMPLES_DIR
from tests.unit.test_screening import (
    AS_OF,
    BIO,
    COMPUTE,
    PI,
    PI_PREV,
    SENS,
    TRANSFER_FREE,
    facts_with,
)

SENS_PREV = "deal.data_export.sensitive_pi_subjects_since_previous_year"
PROCESSED = "deal.data_export.pi_subjects_processed"
CONTROL = {"deal.stake_after_pct": 60}
NO_CONTROL = {"deal.stake_after_pct": 10, "deal.acquires_control": False}


def _turnover(target_china: int, target_world: int, investor_china: int, investor_world: int) -> dict[str, Any]:
    return {"target.turnover_cny": {"china": target_china, "worldwide": target_world},
            "investor.turnover_cny": {"china": investor_china, "worldwide": investor_world}}


def determination(changes: dict[str, Any], regime: str, as_of: date = AS_OF,
                  include_proposed: bool = True) -> Determination:
    result = screen(parse_facts(facts_with(changes)), as_of, include_proposed)
    found = result.determination(regime)
    assert found is not None, f"{regime} not screened"
    return found


# (id, regime, changes, as_of, outcome)
Row = tuple[str, str, dict[str, Any], date, str]

THRESHOLDS: list[Row] = [
    # --- CN-DATA-EXPORT, Order 16 (from 2024-03-22), counted since 1 January of the current year
    ("data16-pi-1000000", "CN-DATA-EXPORT", {PI: 1_000_000}, AS_OF, "approval_required"),
    ("data16-pi-999999", "CN-DATA-EXPORT", {PI: 999_999}, AS_OF, "filing_required"),
    ("data16-pi-100000", "CN-DATA-EXPORT", {PI: 100_000}, AS_OF, "filing_required"),
    ("data16-pi-99999", "CN-DATA-EXPORT", {PI: 99_999}, AS_OF, "not_required"),
    ("data16-sens-10000", "CN-DATA-EXPORT", {SENS: 10_000}, AS_OF, "approval_required"),
    ("data16-sens-9999", "CN-DATA-EXPORT", {SENS: 9_999}, AS_OF, "filing_required"),
    ("data16-sens-1", "CN-DATA-EXPORT", {SENS: 1}, AS_OF, "filing_required"),
    ("data16-sens-0-pi-0", "CN-DATA-EXPORT", {SENS: 0, PI: 0}, AS_OF, "not_required"),
    ("data16-cii-exports-1", "CN-DATA-EXPORT", {"deal.data_export.cii_operator": True, PI: 1}, AS_OF,
     "approval_required"),
    ("data16-cii-exports-sensitive-1", "CN-DATA-EXPORT", {"deal.data_export.cii_operator": True, SENS: 1}, AS_OF,
     "approval_required"),
    ("data16-cii-exports-none", "CN-DATA-EXPORT", {"deal.data_export.cii_operator": True}, AS_OF, "not_required"),
    ("data16-important-data", "CN-DATA-EXPORT", {"deal.data_export.important_data": True}, AS_OF,
     "approval_required"),
    # The processor limb was Order 11's only: under Order 16 processing alone decides nothing.
    ("data16-processor-limb-gone", "CN-DATA-EXPORT", {PROCESSED: 5_000_000, PI: 5}, AS_OF, "not_required"),
    # --- Order 11 (2022-09-01 .. 2024-03-21), counted since 1 January of the previous year
    ("data11-pi-100000", "CN-DATA-EXPORT", {PI_PREV: 100_000}, date(2023, 7, 1), "approval_required"),
    ("data11-pi-99999", "CN-DATA-EXPORT", {PI_PREV: 99_999}, date(2023, 7, 1), "filing_required"),
    ("data11-sens-10000", "CN-DATA-EXPORT", {SENS_PREV: 10_000}, date(2023, 7, 1), "approval_required"),
    ("data11-sens-9999", "CN-DATA-EXPORT", {SENS_PREV: 9_999}, date(2023, 7, 1), "filing_required"),
    ("data11-processor-1000000", "CN-DATA-EXPORT", {PROCESSED: 1_000_000, PI_PREV: 1}, date(2023, 7, 1),
     "approval_required"),
    ("data11-processor-999999", "CN-DATA-EXPORT", {PROCESSED: 999_999, PI_PREV: 1}, date(2023, 7, 1),
     "filing_required"),
    ("data11-processor-exports-nothing", "CN-DATA-EXPORT", {PROCESSED: 1_000_000}, date(2023, 7, 1),
     "not_required"),
    ("data11-cii-exports-1", "CN-DATA-EXPORT", {"deal.data_export.cii_operator": True, PI_PREV: 1},
     date(2022, 9, 1), "approval_required"),
    ("data11-important-data", "CN-DATA-EXPORT", {"deal.data_export.important_data": True}, date(2022, 9, 1),
     "approval_required"),
    ("data11-any-pi-1", "CN-DATA-EXPORT", {PI_PREV: 1}, date(2023, 7, 1), "filing_required"),
    ("data11-any-sensitive-1", "CN-DATA-EXPORT", {SENS_PREV: 1}, date(2023, 7, 1), "filing_required"),
    ("data11-no-pi", "CN-DATA-EXPORT", {}, date(2023, 7, 1), "not_required"),
    # --- CN-SAMR, Order 773: 超过 RMB 12 bn / 4 bn combined, 超过 RMB 800 million for two
    ("samr773-all-over", "CN-SAMR", {**CONTROL, **_turnover(900_000_000, 1_000_000_000, 900_000_000,
                                                             20_000_000_000)}, AS_OF, "approval_required"),
    ("samr773-world-12bn", "CN-SAMR", {**CONTROL, **_turnover(800_000_001, 6_000_000_000, 800_000_001,
                                                               6_000_000_000)}, AS_OF, "not_required"),
    ("samr773-world-12bn+1", "CN-SAMR", {**CONTROL, **_turnover(800_000_001, 6_000_000_000, 800_000_001,
                                                                 6_000_000_001)}, AS_OF, "approval_required"),
    ("samr773-china-4bn", "CN-SAMR", {**CONTROL, **_turnover(2_000_000_000, 2_000_000_000, 2_000_000_000,
                                                              2_000_000_000)}, AS_OF, "not_required"),
    ("samr773-china-4bn+1", "CN-SAMR", {**CONTROL, **_turnover(2_000_000_000, 2_000_000_000, 2_000_000_001,
                                                                2_000_000_001)}, AS_OF, "approval_required"),
    ("samr773-each-800m", "CN-SAMR", {**CONTROL, **_turnover(800_000_000, 800_000_000, 9_000_000_000,
                                                              20_000_000_000)}, AS_OF, "not_required"),
    ("samr773-each-800m+1", "CN-SAMR", {**CONTROL, **_turnover(800_000_001, 800_000_001, 9_000_000_000,
                                                                20_000_000_000)}, AS_OF, "approval_required"),
    ("samr773-no-control", "CN-SAMR", {**NO_CONTROL, **_turnover(9_000_000_000, 9_000_000_000, 9_000_000_000,
                                                                 20_000_000_000)}, AS_OF, "not_required"),
    ("samr773-stake-50", "CN-SAMR", {"deal.stake_after_pct": 50, "deal.acquires_control": False,
                                     **_turnover(900_000_000, 1_000_000_000, 900_000_000, 20_000_000_000)},
     AS_OF, "approval_required"),
    ("samr773-joint-control-assessed", "CN-SAMR", {"deal.stake_after_pct": 30, "deal.acquires_control": True,
                                                   **_turnover(900_000_000, 1_000_000_000, 900_000_000,
                                                               20_000_000_000)}, AS_OF, "approval_required"),
    # --- CN-SAMR before Order 773 (Order 529: RMB 10 bn / 2 bn / 400 million, verify)
    ("samr529-world-10bn", "CN-SAMR", {**CONTROL, **_turnover(400_000_001, 5_000_000_000, 400_000_001,
                                                               5_000_000_000)}, date(2020, 1, 1), "not_required"),
    ("samr529-world-10bn+1", "CN-SAMR", {**CONTROL, **_turnover(400_000_001, 5_000_000_000, 400_000_001,
                                                                 5_000_000_001)}, date(2020, 1, 1),
     "approval_required"),
    ("samr529-china-2bn", "CN-SAMR", {**CONTROL, **_turnover(1_000_000_000, 1_000_000_000, 1_000_000_000,
                                                              1_000_000_000)}, date(2020, 1, 1), "not_required"),
    ("samr529-china-2bn+1", "CN-SAMR", {**CONTROL, **_turnover(1_000_000_000, 1_000_000_000, 1_000_000_001,
                                                                1_000_000_001)}, date(2020, 1, 1),
     "approval_required"),
    ("samr529-each-400m", "CN-SAMR", {**CONTROL, **_turnover(400_000_000, 400_000_000, 9_000_000_000,
                                                              20_000_000_000)}, date(2020, 1, 1), "not_required"),
    ("samr529-each-400m+1", "CN-SAMR", {**CONTROL, **_turnover(400_000_001, 400_000_001, 9_000_000_000,
                                                                20_000_000_000)}, date(2020, 1, 1),
     "approval_required"),
    # --- CN-FISR: actual control is 50 % or more
    ("fisr-key-tech-stake-50", "CN-FISR", {"target.security_sectors": ["key_technologies"],
                                           "deal.stake_after_pct": 50, "deal.acquires_control": False}, AS_OF,
     "approval_required"),
    ("fisr-key-tech-stake-49.999", "CN-FISR", {"target.security_sectors": ["key_technologies"],
                                               "deal.stake_after_pct": 49.999, "deal.acquires_control": False},
     AS_OF, "not_required"),
    ("fisr-key-tech-minority-with-control", "CN-FISR", {"target.security_sectors": ["key_technologies"],
                                                        "deal.stake_after_pct": 20, "deal.acquires_control": True},
     AS_OF, "approval_required"),
    ("fisr-military-stake-0", "CN-FISR", {"target.security_sectors": ["military"], "deal.stake_after_pct": 0,
                                          "deal.acquires_control": False}, AS_OF, "approval_required"),
    # --- CN-NEGATIVE-LIST: value-added telecom foreign equity capped at 50 %
    ("neg-vat-50", "CN-NEGATIVE-LIST", {"target.activities": ["value_added_telecom"], "deal.stake_after_pct": 50},
     AS_OF, "not_required"),
    ("neg-vat-50.001", "CN-NEGATIVE-LIST", {"target.activities": ["value_added_telecom"],
                                            "deal.stake_after_pct": 50.001}, AS_OF, "prohibited"),
    # --- US-OISP: "more than" 10^25 / 10^24 (biological) / 10^23
    ("oisp-1e25", "US-OISP", {COMPUTE: 10**25}, AS_OF, "notification_required"),
    ("oisp-1e25+1", "US-OISP", {COMPUTE: 10**25 + 1}, AS_OF, "prohibited"),
    ("oisp-bio-1e24", "US-OISP", {COMPUTE: 10**24, BIO: True}, AS_OF, "notification_required"),
    ("oisp-bio-1e24+1", "US-OISP", {COMPUTE: 10**24 + 1, BIO: True}, AS_OF, "prohibited"),
    ("oisp-not-bio-1e24+1", "US-OISP", {COMPUTE: 10**24 + 1, BIO: False}, AS_OF, "notification_required"),
    ("oisp-1e23", "US-OISP", {COMPUTE: 10**23}, AS_OF, "not_required"),
    ("oisp-1e23+1", "US-OISP", {COMPUTE: 10**23 + 1}, AS_OF, "notification_required"),
    # --- US-OISP exceptions: publicly traded securities; LP interests of USD 2,000,000 or less
    ("oisp-lp-2000000", "US-OISP", {"deal.instrument": "lp_interest", "deal.lp_commitment_usd": 2_000_000,
                                    COMPUTE: 3e25}, AS_OF, "excepted"),
    ("oisp-lp-2000000.01", "US-OISP", {"deal.instrument": "lp_interest", "deal.lp_commitment_usd": 2_000_000.01,
                                       COMPUTE: 3e25}, AS_OF, "prohibited"),
    ("oisp-lp-notifiable-2000000", "US-OISP", {"deal.instrument": "lp_interest",
                                               "deal.lp_commitment_usd": 2_000_000, COMPUTE: 3e23}, AS_OF,
     "excepted"),
    ("oisp-public-securities-prohibited", "US-OISP", {"deal.instrument": "public_securities", COMPUTE: 3e25},
     AS_OF, "excepted"),
    ("oisp-public-securities-notifiable", "US-OISP", {"deal.instrument": "public_securities", COMPUTE: 3e23},
     AS_OF, "excepted"),
    # An exception matters only for a covered transaction: nothing to except otherwise.
    ("oisp-public-securities-not-covered", "US-OISP", {"deal.instrument": "public_securities", COMPUTE: 1e22},
     AS_OF, "not_required"),
]

# Every field, activity and end use the reference lists, one row each.
LISTED: list[Row] = [
    *[(f"fisr-4-2-{field}-control", "CN-FISR", {"target.security_sectors": [field], **CONTROL}, AS_OF,
       "approval_required")
      for field in ("agriculture", "energy_resources", "major_equipment", "infrastructure", "transport", "culture",
                    "it_internet", "finance", "key_technologies", "other_important")],
    *[(f"fisr-4-2-{field}-no-control", "CN-FISR", {"target.security_sectors": [field], **NO_CONTROL}, AS_OF,
       "not_required")
      for field in ("agriculture", "energy_resources", "it_internet", "key_technologies", "other_important")],
    *[(f"neg-prohibited-{activity}", "CN-NEGATIVE-LIST", {"target.activities": [activity]}, AS_OF, "prohibited")
      for activity in ("news_information", "online_publishing", "audio_visual", "internet_culture",
                       "public_information_release")],
    # No AI-specific item, no manufacturing item (semiconductors are manufacturing).
    *[(f"neg-not-listed-{activity}", "CN-NEGATIVE-LIST", {"target.activities": [activity]}, AS_OF, "not_required")
      for activity in ("ai_model_development", "ai_application", "semiconductor_fabrication", "data_processing")],
    *[(f"oisp-prohibited-end-use-{use}", "US-OISP", {"target.ai.end_uses": [use]}, AS_OF, "prohibited")
      for use in ("military", "government_intelligence", "mass_surveillance")],
    *[(f"oisp-notifiable-end-use-{use}", "US-OISP", {"target.ai.end_uses": [use]}, AS_OF, "notification_required")
      for use in ("cybersecurity", "digital_forensics", "penetration_testing", "robotic_control")],
    *[(f"oisp-notifiable-{activity}", "US-OISP", {"target.activities": [activity], "target.ai": None}, AS_OF,
       "notification_required")
      for activity in ("semiconductor_design", "semiconductor_fabrication", "semiconductor_packaging")],
    ("oisp-prohibited-quantum", "US-OISP", {"target.activities": ["quantum_computing"], "target.ai": None}, AS_OF,
     "prohibited"),
    ("tech-prohibited-item", "CN-TECH-EXPORT", {"deal.technology_transfer": {
        **TRANSFER_FREE, "prohibited_catalogue_items": ["X"]}}, AS_OF, "prohibited"),
    ("tech-restricted-item", "CN-TECH-EXPORT", {"deal.technology_transfer": {
        **TRANSFER_FREE, "restricted_catalogue_items": ["speech synthesis"]}}, AS_OF, "approval_required"),
    ("tech-free", "CN-TECH-EXPORT", {"deal.technology_transfer": TRANSFER_FREE}, AS_OF, "filing_required"),
    ("capital-leading", "CN-US-CAPITAL", {"target.leading_tech_enterprise": True}, AS_OF, "approval_required"),
    ("capital-secondary-sale", "CN-US-CAPITAL", {"target.leading_tech_enterprise": True,
                                                 "deal.instrument": "secondary_purchase"}, AS_OF,
     "approval_required"),
    ("capital-flag-unknown", "CN-US-CAPITAL", {"target.leading_tech_enterprise": None}, AS_OF, "needs_info"),
]


@pytest.mark.parametrize(("regime", "changes", "as_of", "outcome"), [pytest.param(*row[1:], id=row[0])
                                                                   for row in THRESHOLDS + LISTED])
def test_reference_statement(regime: str, changes: dict[str, Any], as_of: date, outcome: str) -> None:
    assert determination(changes, regime, as_of).outcome == outcome


# --- effective dates: the day itself applies the new rule, the day before does not ---------
# (regime, the reference's date, facts that a rule in force on it decides, outcome on the day,
#  outcome the day before)
HEAVY_DATA = {PI: 2_000_000, PI_PREV: 2_000_000}
MILITARY = {"target.security_sectors": ["military"]}
EFFECTIVE: list[tuple[str, date, dict[str, Any], str, str]] = [
    ("CN-US-CAPITAL", date(2026, 4, 24), {"target.leading_tech_enterprise": True}, "approval_required",
     "not_in_force"),
    ("CN-FISR", date(2021, 1, 18), MILITARY, "approval_required", "not_in_force"),
    ("CN-NEGATIVE-LIST", date(2024, 11, 1), {"target.activities": ["news_information"]}, "prohibited",
     "not_in_force"),
    ("CN-TECH-EXPORT", date(2020, 8, 28), {"deal.technology_transfer": TRANSFER_FREE}, "filing_required",
     "not_in_force"),
    ("CN-DATA-EXPORT", date(2022, 9, 1), HEAVY_DATA, "approval_required", "not_in_force"),
    # The standard contract: any other export of personal information from 2023-06-01.
    ("CN-DATA-EXPORT", date(2023, 6, 1), {PI_PREV: 50}, "filing_required", "not_required"),
    # Order 16: 150,000 people is an assessment under Order 11 and a contract filing under 16.
    ("CN-DATA-EXPORT", date(2024, 3, 22), {PI: 150_000, PI_PREV: 150_000}, "filing_required",
     "approval_required"),
    # Order 773: RMB 500 million each exceeds 400 million (Order 529), not 800 million.
    ("CN-SAMR", date(2024, 1, 22), {**CONTROL, **_turnover(500_000_000, 1_000_000_000, 500_000_000,
                                                            12_000_000_000)}, "not_required", "approval_required"),
    ("US-OISP", date(2025, 1, 2), {COMPUTE: 3e25}, "prohibited", "not_in_force"),
]


@pytest.mark.parametrize(("regime", "day", "changes", "on_the_day", "day_before"), EFFECTIVE,
                         ids=[f"{r}-{d}" for r, d, *_ in EFFECTIVE])
def test_effective_date_and_the_day_before(regime: str, day: date, changes: dict[str, Any], on_the_day: str,
                                           day_before: str) -> None:
    assert determination(changes, regime, day).outcome == on_the_day
    assert determination(changes, regime, day - timedelta(days=1)).outcome == day_before


@pytest.mark.parametrize(("day", "edition"), [
    (date(2023, 12, 20), "(catalogue of 2020)"),
    (date(2023, 12, 21), "(catalogue as revised 2023-12-21)"),
    (date(2025, 7, 14), "(catalogue as revised 2023-12-21)"),
    (date(2025, 7, 15), "(catalogue as adjusted 2025-07-15)"),
])
def test_technology_catalogue_edition_on_each_date(day: date, edition: str) -> None:
    found = determination({"deal.technology_transfer": TRANSFER_FREE}, "CN-TECH-EXPORT", day)
    assert any(edition in reason.text for reason in found.reasons)


def test_reported_measure_only_when_asked_for() -> None:
    """CN-US-CAPITAL is reported, not in force: left out unless proposed measures are included."""
    facts = parse_facts(facts_with({"target.leading_tech_enterprise": True}))
    assert screen(facts, AS_OF, False).determination("CN-US-CAPITAL") is None
    included = screen(facts, AS_OF, True).determination("CN-US-CAPITAL")
    assert included is not None and included.status == "reported"


# --- the Chinese line says what the English one says ---------------------------------------
_ARTICLE = re.compile(r"Art\. \d+(?:\(\d+\))?")  # Chinese: 第四条第一款第一项, 第二十六条
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:e\d+)?")


def _numbers(text: str) -> set[str]:
    """The figures of a reason; an ISO date's 01 is the Chinese date's 1."""
    return {n.lstrip("0") or "0" for n in _NUMBER.findall(_ARTICLE.sub("", text))}


@pytest.mark.parametrize(("regime", "changes", "as_of", "outcome"), [pytest.param(*row[1:], id=row[0])
                                                                   for row in THRESHOLDS + LISTED])
def test_chinese_reason_quotes_the_same_figures(regime: str, changes: dict[str, Any], as_of: date,
                                                outcome: str) -> None:
    """Every figure of the English reason (a count, a threshold, a date's day and year) is
    in the Chinese one: the two say the same, not merely something alike."""
    for reason in determination(changes, regime, as_of).reasons:
        assert reason.text_zh and reason.citation_zh
        missing = _numbers(reason.text) - _numbers(reason.text_zh)
        assert not missing, (reason.text, reason.text_zh)


def _documents() -> list[tuple[str, dict[str, Any]]]:
    examples = [(p.stem, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(EXAMPLES_DIR.glob("*.json"))]
    return examples + [(d["reference"], d) for d in demo_facts()]


@pytest.mark.parametrize(("name", "data"), _documents(), ids=[n for n, _ in _documents()])
def test_chinese_reasons_of_the_examples_quote_the_same_figures(name: str, data: dict[str, Any]) -> None:
    """The spec's examples and the demo cases, before each regime, between versions and
    today: the Chinese line of every reason carries the English line's figures."""
    facts = parse_facts(data)
    for day in (date(2019, 1, 1), date(2023, 7, 1), date(2024, 3, 1), AS_OF):
        for found in screen(facts, day, True).determinations:
            for reason in found.reasons:
                assert not _numbers(reason.text) - _numbers(reason.text_zh), (day, reason.text, reason.text_zh)
