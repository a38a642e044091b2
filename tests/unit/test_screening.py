"""Screening, table-driven: every threshold on both sides, every effective date on both
sides, places of concern, exceptions and missing facts; then every example and demo case."""

from __future__ import annotations

import copy
import json
import random
from datetime import date
from typing import Any

import pytest

from approvals.domain.errors import InputError
from approvals.domain.facts import INSTRUMENTS, facts_schema, parse_facts
from approvals.domain.rulebook import REGIMES, default_rulebook
from approvals.domain.screening import OUTCOMES, ScreeningResult, screen
from approvals.services.demo import demo_facts
from tests.conftest import EXAMPLES_DIR

AS_OF = date(2026, 12, 1)


def base() -> dict[str, Any]:
    """A fully specified deal that needs nothing anywhere: each row changes what it tests."""
    return {
        "schema_version": 1,
        "target": {
            "name_en": "Base Target Co., Ltd.",
            "jurisdiction": "CN",
            "headquarters": "CN",
            "leading_tech_enterprise": False,
            "activities": ["ai_application"],
            "security_sectors": [],
            "ai": {
                "develops_ai_system": True,
                "max_training_compute_ops": 1e22,
                "primarily_biological_sequence_data": False,
                "end_uses": [],
            },
            "turnover_cny": {"china": 100_000_000, "worldwide": 100_000_000},
        },
        "investor": {
            "name": "Base Ventures LP",
            "us_person": True,
            "jurisdiction": "US",
            "turnover_cny": {"china": 0, "worldwide": 1_000_000_000},
        },
        "deal": {
            "instrument": "equity",
            "stake_after_pct": 5,
            "acquires_control": False,
            "technology_transfer": {"transfers": False},
            "data_export": {
                "cii_operator": False,
                "important_data": False,
                "pi_subjects_processed": 0,
                "pi_subjects_current_year": 0,
                "sensitive_pi_subjects_current_year": 0,
                "pi_subjects_since_previous_year": 0,
                "sensitive_pi_subjects_since_previous_year": 0,
            },
        },
    }


_DELETE = object()


def facts_with(changes: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(base())
    for path, value in changes.items():
        node = data
        *parents, last = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        if value is _DELETE:
            node.pop(last, None)
        else:
            node[last] = value
    return data


# A SAMR-relevant deal: control, and turnovers over every threshold.
SAMR = {
    "deal.stake_after_pct": 60,
    "target.turnover_cny": {"china": 900_000_000, "worldwide": 1_000_000_000},
    "investor.turnover_cny": {"china": 900_000_000, "worldwide": 20_000_000_000},
}
PI = "deal.data_export.pi_subjects_current_year"
SENS = "deal.data_export.sensitive_pi_subjects_current_year"
PI_PREV = "deal.data_export.pi_subjects_since_previous_year"
COMPUTE = "target.ai.max_training_compute_ops"
BIO = "target.ai.primarily_biological_sequence_data"
PROHIBITED_ITEMS = "deal.technology_transfer.prohibited_catalogue_items"
RESTRICTED_ITEMS = "deal.technology_transfer.restricted_catalogue_items"
# A technology transfer with both catalogue lists given as empty: "none listed".
TRANSFER_FREE = {"transfers": True, "restricted_catalogue_items": [], "prohibited_catalogue_items": []}


# id, changes, as_of, include_proposed, regime, outcome, missing (None: not checked), text in reasons
CASES: list[tuple[str, dict[str, Any], date, bool, str, str, tuple[str, ...] | None, str]] = [
    # --- US-OISP: 10^25 / 10^24 (biological) / 10^23, "more than" excludes the number
    ("oisp-1e25-exactly", {COMPUTE: 1e25}, AS_OF, False, "US-OISP", "notification_required", (),
     "largest training run 1e25 operations is not more than 1e25"),
    ("oisp-1e25-int-exactly", {COMPUTE: 10**25}, AS_OF, False, "US-OISP", "notification_required", (), ""),
    ("oisp-above-1e25", {COMPUTE: 1.0000001e25}, AS_OF, False, "US-OISP", "prohibited", (),
     "largest training run 1.0000001e25 operations is more than 1e25"),
    ("oisp-above-1e25-int", {COMPUTE: 10**25 + 1}, AS_OF, False, "US-OISP", "prohibited", (), ""),
    ("oisp-3.1e25", {COMPUTE: 3.1e25}, AS_OF, False, "US-OISP", "prohibited", (),
     "largest training run 3.1e25 operations is more than 1e25"),
    ("oisp-1e23-exactly", {COMPUTE: 1e23}, AS_OF, False, "US-OISP", "not_required", (),
     "largest training run 1e23 operations is not more than 1e23"),
    ("oisp-above-1e23", {COMPUTE: 1.1e23}, AS_OF, False, "US-OISP", "notification_required", (),
     "largest training run 1.1e23 operations is more than 1e23"),
    ("oisp-above-1e23-int", {COMPUTE: 10**23 + 1}, AS_OF, False, "US-OISP", "notification_required", (), ""),
    ("oisp-bio-1e24-exactly", {COMPUTE: 1e24, BIO: True}, AS_OF, False, "US-OISP", "notification_required", (),
     "largest training run 1e24 operations is not more than 1e24"),
    ("oisp-bio-above-1e24", {COMPUTE: 2e24, BIO: True}, AS_OF, False, "US-OISP", "prohibited", (),
     "trained using primarily biological sequence data"),
    ("oisp-not-bio-above-1e24", {COMPUTE: 2e24, BIO: False}, AS_OF, False, "US-OISP", "notification_required", (), ""),
    ("oisp-bio-unknown", {COMPUTE: 2e24, BIO: None}, AS_OF, False, "US-OISP", "needs_info", (BIO,), ""),
    ("oisp-compute-unknown", {COMPUTE: None}, AS_OF, False, "US-OISP", "needs_info", (COMPUTE,),
     "the facts do not state the largest training run (target.ai.max_training_compute_ops)"),
    ("oisp-compute-and-bio-unknown", {COMPUTE: None, BIO: None}, AS_OF, False, "US-OISP", "needs_info",
     (COMPUTE, BIO), ""),
    ("oisp-no-ai-system", {COMPUTE: 3e25, "target.ai.develops_ai_system": False}, AS_OF, False, "US-OISP",
     "not_required", (), "develops no AI system"),
    ("oisp-compute-given-ai-question-unanswered", {"target.activities": [], "target.ai": {"max_training_compute_ops": 5e25,
                                                                                         "end_uses": []}},
     AS_OF, False, "US-OISP", "needs_info", ("target.ai.develops_ai_system", BIO), "whether the target develops AI systems"),
    ("oisp-end-use-given-ai-question-unanswered", {"target.activities": [], "target.ai": {"end_uses": ["military"]}},
     AS_OF, False, "US-OISP", "needs_info", None, "the facts do not state whether the target develops AI systems"),
    ("oisp-no-ai-facts-at-all", {"target.activities": ["other"], "target.ai": {"trained_on_us_model_outputs": False}},
     AS_OF, False, "US-OISP", "not_required", (), "no AI activity, training compute or AI end use given"),
    ("place-blank-is-not-given", {"target.jurisdiction": "", "target.headquarters": "  ",
                                  "target.activities": ["news_information"]}, AS_OF, False,
     "CN-NEGATIVE-LIST", "needs_info", ("target.jurisdiction", "target.headquarters"),
     "the facts do not state the target's place of organisation (target.jurisdiction) or its headquarters "
     "(target.headquarters), needed to tell whether it is within the territory (CN)"),
    ("place-padded-code", {"target.jurisdiction": " hk ", "target.headquarters": None}, AS_OF, False,
     "US-OISP", "not_required", (), "target is organised in HK: a person of a country of concern"),
    ("oisp-offshore-target-ownership-caveat", {"target.jurisdiction": "KY", "target.headquarters": "SG"}, AS_OF,
     False, "US-OISP", "not_required", (), "ownership of 50 % or more by persons of a country of concern"),
    ("oisp-excepted-whether-prohibited-or-notifiable", {"deal.instrument": "public_securities", COMPUTE: 5e24,
                                                        BIO: None}, AS_OF, False, "US-OISP", "excepted", (),
     "publicly traded securities: excepted transaction"),
    ("oisp-not-excepted-so-still-needs-info", {"deal.instrument": "lp_interest", "deal.lp_commitment_usd": 5_000_000,
                                               COMPUTE: 5e24, BIO: None}, AS_OF, False, "US-OISP", "needs_info",
     (BIO,), "LP commitment USD 5,000,000 is more than USD 2,000,000"),
    ("oisp-excepted-whether-covered-or-not", {"deal.instrument": "lp_interest", "deal.lp_commitment_usd": 1_000_000,
                                              COMPUTE: None}, AS_OF, False, "US-OISP", "excepted", (),
     "were it covered, it would be excepted, so no notification is due either way"),
    ("oisp-public-securities-us-person-unknown", {"deal.instrument": "public_securities", "investor.us_person": None,
                                                  "investor.jurisdiction": "SG", COMPUTE: 5e24}, AS_OF, False, "US-OISP",
     "excepted", (), "publicly traded securities: excepted transaction"),
    ("oisp-lp-and-bio-unknown", {"deal.instrument": "lp_interest", COMPUTE: 5e24, BIO: None}, AS_OF, False,
     "US-OISP", "needs_info", (BIO, "deal.lp_commitment_usd"), ""),
    ("oisp-end-use-surveillance", {"target.ai.end_uses": ["mass_surveillance"]}, AS_OF, False, "US-OISP",
     "prohibited", (), "mass surveillance"),
    ("oisp-end-use-cyber", {"target.ai.end_uses": ["cybersecurity"]}, AS_OF, False, "US-OISP",
     "notification_required", (), "cybersecurity"),
    ("oisp-quantum", {"target.activities": ["quantum_computing"], "target.ai": None}, AS_OF, False, "US-OISP",
     "prohibited", (), "quantum computing"),
    ("oisp-semiconductor", {"target.activities": ["semiconductor_fabrication"], "target.ai": None}, AS_OF, False,
     "US-OISP", "notification_required", (), "semiconductor fabrication"),
    # places of concern: Hong Kong, Macau, offshore holding companies
    ("oisp-hk-target", {"target.jurisdiction": "HK", "target.headquarters": "HK", COMPUTE: 3e23}, AS_OF, False,
     "US-OISP", "notification_required", (), "organised in HK"),
    ("oisp-macau-target", {"target.jurisdiction": "MO", "target.headquarters": "MO", COMPUTE: 3e25}, AS_OF, False,
     "US-OISP", "prohibited", (), "organised in MO"),
    ("oisp-cayman-holdco-hq-cn", {"target.jurisdiction": "KY", "target.headquarters": "CN", COMPUTE: 3e23}, AS_OF,
     False, "US-OISP", "notification_required", (), "headquartered in CN"),
    ("oisp-cayman-hq-singapore", {"target.jurisdiction": "KY", "target.headquarters": "SG", COMPUTE: 3e25}, AS_OF,
     False, "US-OISP", "not_required", (), "organised in KY and headquartered in SG"),
    ("oisp-cayman-hq-unknown", {"target.jurisdiction": "KY", "target.headquarters": None, COMPUTE: 3e25}, AS_OF,
     False, "US-OISP", "needs_info", ("target.headquarters",), ""),
    # investors and instruments
    ("oisp-non-us-investor", {"investor.us_person": False, "investor.jurisdiction": "SG", COMPUTE: 3e25}, AS_OF,
     False, "US-OISP", "not_required", (), "investor is not a US person"),
    ("oisp-us-person-unknown", {"investor.us_person": None, "investor.jurisdiction": None, COMPUTE: 3e25}, AS_OF, False, "US-OISP",
     "needs_info", ("investor.us_person",), ""),
    ("oisp-us-person-unknown-no-ai", {"investor.us_person": None, "investor.jurisdiction": None}, AS_OF, False, "US-OISP", "not_required", (), ""),
    ("oisp-public-securities", {"deal.instrument": "public_securities", COMPUTE: 3e25}, AS_OF, False, "US-OISP",
     "excepted", (), "publicly traded securities: excepted"),
    ("oisp-lp-2m-exactly", {"deal.instrument": "lp_interest", "deal.lp_commitment_usd": 2_000_000, COMPUTE: 3e25},
     AS_OF, False, "US-OISP", "excepted", (), "LP commitment USD 2,000,000 is at most USD 2,000,000"),
    ("oisp-lp-above-2m", {"deal.instrument": "lp_interest", "deal.lp_commitment_usd": 2_000_001, COMPUTE: 3e25},
     AS_OF, False, "US-OISP", "prohibited", (), "LP commitment USD 2,000,001 is more than USD 2,000,000"),
    ("oisp-lp-unknown", {"deal.instrument": "lp_interest", COMPUTE: 3e23}, AS_OF, False, "US-OISP", "needs_info",
     ("deal.lp_commitment_usd",), ""),
    # Whether the deal is covered is still open: the commitment that would except it is
    # asked for in the same screening, not in the next one.
    ("oisp-lp-and-compute-unknown", {"deal.instrument": "lp_interest", COMPUTE: None}, AS_OF, False, "US-OISP",
     "needs_info", (COMPUTE, "deal.lp_commitment_usd"), "LP commitment"),
    ("oisp-plain-debt", {"deal.instrument": "debt", COMPUTE: 3e25}, AS_OF, False, "US-OISP", "not_required", (),
     "debt financing is not a covered transaction type"),
    # effective date 2025-01-02
    ("oisp-before-in-force", {COMPUTE: 3e25}, date(2025, 1, 1), False, "US-OISP", "not_in_force", (),
     "takes effect on 2025-01-02"),
    ("oisp-first-day", {COMPUTE: 3e25}, date(2025, 1, 2), False, "US-OISP", "prohibited", (), ""),
    # --- CN-DATA-EXPORT, Order 16: 1,000,000 / 100,000 people, 10,000 sensitive; 以上 includes
    ("data-1m", {PI: 1_000_000}, AS_OF, False, "CN-DATA-EXPORT", "approval_required", (),
     "1,000,000 is at least 1,000,000"),
    ("data-999999", {PI: 999_999}, AS_OF, False, "CN-DATA-EXPORT", "filing_required", (),
     "999,999 is at least 100,000 and less than 1,000,000"),
    ("data-100000", {PI: 100_000}, AS_OF, False, "CN-DATA-EXPORT", "filing_required", (),
     "100,000 is at least 100,000 and less than 1,000,000"),
    ("data-99999", {PI: 99_999}, AS_OF, False, "CN-DATA-EXPORT", "not_required", (),
     "99,999 is less than 100,000"),
    ("data-sensitive-10000", {SENS: 10_000}, AS_OF, False, "CN-DATA-EXPORT", "approval_required", (),
     "10,000 is at least 10,000"),
    ("data-sensitive-9999", {SENS: 9_999}, AS_OF, False, "CN-DATA-EXPORT", "filing_required", (),
     "9,999 individuals has been exported since 1 January 2026 (counted from the first individual): less than 10,000"),
    ("data-sensitive-1", {SENS: 1}, AS_OF, False, "CN-DATA-EXPORT", "filing_required", (), "sensitive personal information of 1 individual has been exported since 1 January 2026 (counted from the first individual)"),
    ("data-cii-exporting-pi", {"deal.data_export.cii_operator": True, PI: 10}, AS_OF, False, "CN-DATA-EXPORT",
     "approval_required", (), "critical information infrastructure operator"),
    ("data-important-data", {"deal.data_export.important_data": True}, AS_OF, False, "CN-DATA-EXPORT",
     "approval_required", (), "important data is exported"),
    ("data-nothing-given", {"deal.data_export": None}, AS_OF, False, "CN-DATA-EXPORT", "needs_info",
     ("deal.data_export.important_data", "deal.data_export.cii_operator", PI, SENS), ""),
    ("data-count-unknown-but-important", {"deal.data_export.important_data": True, PI: None}, AS_OF, False,
     "CN-DATA-EXPORT", "approval_required", (), ""),
    ("data-hk-target", {"target.jurisdiction": "HK", "target.headquarters": "HK", PI: 5_000_000}, AS_OF, False,
     "CN-DATA-EXPORT", "not_required", (), "not within the territory (CN)"),
    # CAC Order 11 (2022-09-01 .. 2024-03-21), counted since 1 January of the previous year
    ("data-before-order-11", {PI_PREV: 5_000_000}, date(2022, 8, 31), False, "CN-DATA-EXPORT", "not_in_force", (),
     "takes effect on 2022-09-01"),
    ("data-order-11-100000", {PI_PREV: 100_000}, date(2022, 9, 1), False, "CN-DATA-EXPORT", "approval_required",
     (), "since 1 January 2021: 100,000 is at least 100,000"),
    ("data-order-11-99999-no-contract-yet", {PI_PREV: 99_999}, date(2023, 5, 31), False, "CN-DATA-EXPORT",
     "not_required", (), "no standard contract filing"),
    ("data-order-11-99999-contract", {PI_PREV: 99_999}, date(2023, 6, 1), False, "CN-DATA-EXPORT",
     "filing_required", (), ""),
    ("data-order-11-processor-1m", {"deal.data_export.pi_subjects_processed": 1_000_000, PI_PREV: 5},
     date(2023, 7, 1), False, "CN-DATA-EXPORT", "approval_required", (), "processes: 1,000,000 is at least"),
    ("data-order-11-processor-999999", {"deal.data_export.pi_subjects_processed": 999_999, PI_PREV: 5},
     date(2023, 7, 1), False, "CN-DATA-EXPORT", "filing_required", (), ""),
    ("data-last-day-order-11", {PI_PREV: 150_000, PI: 150_000}, date(2024, 3, 21), False, "CN-DATA-EXPORT",
     "approval_required", (), ""),
    ("data-first-day-order-16", {PI_PREV: 150_000, PI: 150_000}, date(2024, 3, 22), False, "CN-DATA-EXPORT",
     "filing_required", (), ""),
    # --- CN-SAMR: RMB 12 bn / 4 bn combined, RMB 800 million each for two; 超过 excludes
    ("samr-all-over", SAMR, AS_OF, False, "CN-SAMR", "approval_required", (), ""),
    ("samr-800m-exactly", {**SAMR, "target.turnover_cny": {"china": 800_000_000, "worldwide": 1_000_000_000}},
     AS_OF, False, "CN-SAMR", "not_required", (),
     "target China turnover RMB 800,000,000 is not more than RMB 800,000,000"),
    ("samr-800m-plus-one", {**SAMR, "target.turnover_cny": {"china": 800_000_001, "worldwide": 1_000_000_000}},
     AS_OF, False, "CN-SAMR", "approval_required", (), ""),
    ("samr-12bn-exactly", {**SAMR, "investor.turnover_cny": {"china": 900_000_000, "worldwide": 11_000_000_000}},
     AS_OF, False, "CN-SAMR", "not_required", (),
     "combined worldwide turnover RMB 12,000,000,000 (target RMB 1,000,000,000 + investor RMB 11,000,000,000) "
     "is not more than RMB 12,000,000,000"),
    ("samr-12bn-plus-one", {**SAMR, "investor.turnover_cny": {"china": 900_000_000, "worldwide": 11_000_000_001}},
     AS_OF, False, "CN-SAMR", "approval_required", (), ""),
    ("samr-4bn-exactly", {**SAMR, "target.turnover_cny": {"china": 2_000_000_000, "worldwide": 2_000_000_000},
                          "investor.turnover_cny": {"china": 2_000_000_000, "worldwide": 3_000_000_000}},
     AS_OF, False, "CN-SAMR", "not_required", (), "combined China turnover RMB 4,000,000,000"),
    ("samr-4bn-plus-one", {**SAMR, "target.turnover_cny": {"china": 2_000_000_001, "worldwide": 2_000_000_001},
                           "investor.turnover_cny": {"china": 2_000_000_000, "worldwide": 3_000_000_000}},
     AS_OF, False, "CN-SAMR", "approval_required", (), ""),
    ("samr-stake-50-is-control", {**SAMR, "deal.stake_after_pct": 50, "deal.acquires_control": False}, AS_OF,
     False, "CN-SAMR", "approval_required", (), "stake after the deal 50 % is at least 50 %: control"),
    ("samr-stake-49.99", {**SAMR, "deal.stake_after_pct": 49.99, "deal.acquires_control": False}, AS_OF, False,
     "CN-SAMR", "not_required", (), "49.99 % is less than 50 %"),
    ("samr-control-unknown", {**SAMR, "deal.stake_after_pct": 30, "deal.acquires_control": None}, AS_OF, False,
     "CN-SAMR", "needs_info", ("deal.acquires_control",), ""),
    ("samr-investor-turnover-unknown", {**SAMR, "investor.turnover_cny": None}, AS_OF, False, "CN-SAMR",
     "needs_info", ("investor.turnover_cny.china", "investor.turnover_cny.worldwide"), ""),
    ("samr-order-529-thresholds", {**SAMR, "target.turnover_cny": {"china": 500_000_000, "worldwide": 1_000_000_000},
                                   "investor.turnover_cny": {"china": 500_000_000, "worldwide": 12_000_000_000}},
     date(2024, 1, 21), False, "CN-SAMR", "approval_required", (), "RMB 400,000,000"),
    ("samr-order-773-thresholds", {**SAMR, "target.turnover_cny": {"china": 500_000_000, "worldwide": 1_000_000_000},
                                   "investor.turnover_cny": {"china": 500_000_000, "worldwide": 12_000_000_000}},
     date(2024, 1, 22), False, "CN-SAMR", "not_required", (), "RMB 800,000,000"),
    # --- CN-FISR: military regardless of control; other fields with control (50 % or more)
    ("fisr-military-minority", {"target.security_sectors": ["military"]}, AS_OF, False, "CN-FISR",
     "approval_required", (), "regardless of control"),
    ("fisr-key-tech-50", {"target.security_sectors": ["key_technologies"], "deal.stake_after_pct": 50}, AS_OF,
     False, "CN-FISR", "approval_required", (), "50 % is at least 50 %"),
    ("fisr-key-tech-49.9", {"target.security_sectors": ["key_technologies"], "deal.stake_after_pct": 49.9}, AS_OF,
     False, "CN-FISR", "not_required", (), "49.9 % is less than 50 %"),
    ("fisr-key-tech-assessed-control", {"target.security_sectors": ["key_technologies"],
                                        "deal.acquires_control": True}, AS_OF, False, "CN-FISR",
     "approval_required", (), "acquires control"),
    ("fisr-stake-unknown", {"target.security_sectors": ["it_internet"], "deal.stake_after_pct": None}, AS_OF,
     False, "CN-FISR", "needs_info", ("deal.stake_after_pct",), ""),
    ("fisr-domestic-investor", {"target.security_sectors": ["military"], "investor.jurisdiction": "CN",
                                "investor.us_person": False}, AS_OF, False, "CN-FISR", "not_required", (),
     "not a foreign investor"),
    ("fisr-hk-target", {"target.security_sectors": ["military"], "target.jurisdiction": "HK",
                        "target.headquarters": "HK"}, AS_OF, False, "CN-FISR", "not_required", (), ""),
    ("fisr-before-order-37", {"target.security_sectors": ["military"]}, date(2021, 1, 17), False, "CN-FISR",
     "not_in_force", (), "takes effect on 2021-01-18"),
    ("fisr-first-day", {"target.security_sectors": ["military"]}, date(2021, 1, 18), False, "CN-FISR",
     "approval_required", (), ""),
    # --- CN-NEGATIVE-LIST
    ("neg-news", {"target.activities": ["news_information"]}, AS_OF, False, "CN-NEGATIVE-LIST", "prohibited", (),
     "internet news information services: prohibited"),
    ("neg-vat-50", {"target.activities": ["value_added_telecom"], "deal.stake_after_pct": 50}, AS_OF, False,
     "CN-NEGATIVE-LIST", "not_required", (), "50 % is not more than 50 %"),
    ("neg-vat-over-50", {"target.activities": ["value_added_telecom"], "deal.stake_after_pct": 50.01}, AS_OF, False,
     "CN-NEGATIVE-LIST", "prohibited", (), "50.01 % is more than 50 %"),
    ("neg-vat-stake-unknown", {"target.activities": ["value_added_telecom"], "deal.stake_after_pct": None}, AS_OF,
     False, "CN-NEGATIVE-LIST", "needs_info", ("deal.stake_after_pct",), ""),
    # The regime existed before the earliest edition held: the reason says so, not that it was not in force.
    ("neg-before-2024-edition", {"target.activities": ["news_information"]}, date(2024, 10, 31), False,
     "CN-NEGATIVE-LIST", "not_in_force", (), "(2021 and before) applied then but are not held here"),
    # --- CN-TECH-EXPORT
    ("tech-before-2020-catalogue", {"deal.technology_transfer": TRANSFER_FREE}, date(2020, 8, 27), False,
     "CN-TECH-EXPORT", "not_in_force", (), "(2008 edition) applied then but is not held here"),
    ("tech-free", {"deal.technology_transfer": TRANSFER_FREE}, AS_OF, False, "CN-TECH-EXPORT",
     "filing_required", (), "contract registration"),
    ("tech-restricted", {"deal.technology_transfer": {**TRANSFER_FREE,
                                                       "restricted_catalogue_items": ["Speech synthesis"]}},
     AS_OF, False, "CN-TECH-EXPORT", "approval_required", (), "Speech synthesis"),
    ("tech-prohibited", {"deal.technology_transfer": {"transfers": True,
                                                       "prohibited_catalogue_items": ["X"],
                                                       "restricted_catalogue_items": ["Y"]}},
     AS_OF, False, "CN-TECH-EXPORT", "prohibited", (), ""),
    ("tech-to-investor-organised-in-cn", {"investor.jurisdiction": "CN", "deal.technology_transfer": {
        "transfers": True, "prohibited_catalogue_items": ["x"]}}, AS_OF, False, "CN-TECH-EXPORT", "not_required",
     (), "investor is organised in CN: within the territory, so a transfer to it is no technology export"),
    # Organised in China yet answered as a US person: the reason says which fact decided it.
    ("fisr-us-person-organised-in-cn", {"investor.jurisdiction": "CN", "investor.us_person": True},
     AS_OF, False, "CN-FISR", "not_required", (), "although marked a US person (for investment "
     "through a vehicle"),
    # A person, not a vehicle: the advice is about nationality, not a vehicle behind it.
    ("fisr-us-person-individual-of-cn", {"investor.jurisdiction": "CN", "investor.us_person": True,
                                         "investor.kind": "individual"},
     AS_OF, False, "CN-FISR", "not_required", (), "(check that CN is the person's nationality: a "
     "foreign national residing in CN is a foreign investor)"),
    ("tech-investor-place-unknown", {"investor.jurisdiction": None, "investor.us_person": None,
                                     "deal.technology_transfer": {"transfers": True}}, AS_OF, False,
     "CN-TECH-EXPORT", "needs_info", ("investor.jurisdiction",), ""),
    ("tech-unknown", {"deal.technology_transfer": None}, AS_OF, False, "CN-TECH-EXPORT", "needs_info",
     ("deal.technology_transfer.transfers",), ""),
    ("tech-2020-catalogue", {"deal.technology_transfer": TRANSFER_FREE}, date(2023, 12, 20), False,
     "CN-TECH-EXPORT", "filing_required", (), "catalogue of 2020"),
    ("tech-2023-catalogue", {"deal.technology_transfer": TRANSFER_FREE}, date(2023, 12, 21), False,
     "CN-TECH-EXPORT", "filing_required", (), "catalogue as revised 2023-12-21"),
    ("tech-2023-catalogue-last-day", {"deal.technology_transfer": TRANSFER_FREE}, date(2025, 7, 14), False,
     "CN-TECH-EXPORT", "filing_required", (), "catalogue as revised 2023-12-21"),
    ("tech-2025-catalogue", {"deal.technology_transfer": TRANSFER_FREE}, date(2025, 7, 15), False,
     "CN-TECH-EXPORT", "filing_required", (), "catalogue as adjusted 2025-07-15"),
    ("neg-2024-edition-first-day", {"target.activities": ["online_publishing"]}, date(2024, 11, 1), False,
     "CN-NEGATIVE-LIST", "prohibited", (), "online publishing"),
    # --- absent lists are unknown (needs_info naming the path), an empty list means none
    ("neg-activities-absent", {"target.activities": _DELETE}, AS_OF, False, "CN-NEGATIVE-LIST", "needs_info",
     ("target.activities",), "the facts do not state the target's activities (target.activities)"),
    ("neg-activities-empty", {"target.activities": []}, AS_OF, False, "CN-NEGATIVE-LIST", "not_required", (),
     "none of the target's activities is prohibited"),
    ("neg-activities-absent-domestic-investor", {"target.activities": _DELETE, "investor.jurisdiction": "CN",
                                                 "investor.us_person": False}, AS_OF, False, "CN-NEGATIVE-LIST",
     "not_required", (), "not a foreign investor"),
    ("fisr-sectors-absent", {"target.security_sectors": _DELETE}, AS_OF, False, "CN-FISR", "needs_info",
     ("target.security_sectors",), "the facts do not state the target's security-review fields under CN-FISR Art. 4 (target.security_sectors)"),
    ("fisr-sectors-absent-control", {"target.security_sectors": _DELETE, "deal.stake_after_pct": 60}, AS_OF, False,
     "CN-FISR", "needs_info", ("target.security_sectors",), ""),
    ("fisr-sectors-empty", {"target.security_sectors": []}, AS_OF, False, "CN-FISR", "not_required", (),
     "target operates in no Art. 4(1) field"),
    ("oisp-activities-absent", {"target.activities": _DELETE}, AS_OF, False, "US-OISP", "needs_info",
     ("target.activities",), "the facts do not state the target's activities (target.activities)"),
    ("oisp-activities-empty", {"target.activities": []}, AS_OF, False, "US-OISP", "not_required", (),
     "target's activities do not include"),
    ("oisp-activities-absent-not-us-person", {"target.activities": _DELETE, "investor.us_person": False,
                                              "investor.jurisdiction": "SG"}, AS_OF,
     False, "US-OISP", "not_required", (), "investor is not a US person"),
    ("oisp-activities-absent-prohibited-by-compute", {"target.activities": _DELETE, COMPUTE: 3e25}, AS_OF, False,
     "US-OISP", "prohibited", (), "is more than 1e25"),
    ("oisp-activities-absent-ai-question-unanswered", {"target.activities": _DELETE, "target.ai": {"end_uses": []}},
     AS_OF, False, "US-OISP", "needs_info", ("target.activities", "target.ai.develops_ai_system", COMPUTE, BIO),
     "the facts do not state whether the target develops AI systems"),
    ("oisp-end-uses-absent", {"target.ai.end_uses": _DELETE}, AS_OF, False, "US-OISP", "needs_info",
     ("target.ai.end_uses",), "the facts do not state the AI end uses (target.ai.end_uses)"),
    ("oisp-end-uses-empty", {"target.ai.end_uses": []}, AS_OF, False, "US-OISP", "not_required", (),
     "no AI end use among"),
    ("oisp-end-uses-absent-no-ai-system", {"target.ai.end_uses": _DELETE, "target.ai.develops_ai_system": False},
     AS_OF, False, "US-OISP", "not_required", (), "develops no AI system"),
    ("oisp-end-uses-absent-no-ai-profile", {"target.ai": None}, AS_OF, False, "US-OISP", "needs_info", None,
     "the facts do not state the AI end uses (target.ai.end_uses)"),
    ("tech-lists-absent", {"deal.technology_transfer": {"transfers": True}}, AS_OF, False, "CN-TECH-EXPORT",
     "needs_info", (PROHIBITED_ITEMS, RESTRICTED_ITEMS), "the facts do not state the prohibited catalogue items"),
    ("tech-prohibited-list-absent", {"deal.technology_transfer": {"transfers": True, "restricted_catalogue_items": []}},
     AS_OF, False, "CN-TECH-EXPORT", "needs_info", (PROHIBITED_ITEMS,),
     f"the facts do not state the prohibited catalogue items ({PROHIBITED_ITEMS}), needed to tell whether the export is prohibited"),
    ("tech-restricted-list-absent", {"deal.technology_transfer": {"transfers": True, "prohibited_catalogue_items": []}},
     AS_OF, False, "CN-TECH-EXPORT", "needs_info", (RESTRICTED_ITEMS,),
     f"the facts do not state the restricted catalogue items ({RESTRICTED_ITEMS}), needed to tell whether the export needs a licence"),
    ("tech-restricted-given-prohibited-absent", {"deal.technology_transfer": {
        "transfers": True, "restricted_catalogue_items": ["Y"]}}, AS_OF, False, "CN-TECH-EXPORT", "needs_info",
     (PROHIBITED_ITEMS,), "restricted catalogue items: Y"),
    ("tech-prohibited-given-restricted-absent", {"deal.technology_transfer": {
        "transfers": True, "prohibited_catalogue_items": ["X"]}}, AS_OF, False, "CN-TECH-EXPORT", "prohibited",
     (), "prohibited catalogue items: X"),
    ("tech-lists-absent-no-transfer", {"deal.technology_transfer": {"transfers": False}}, AS_OF, False,
     "CN-TECH-EXPORT", "not_required", (), "transfers or licenses no technology"),
    # --- CN-US-CAPITAL (reported; only with include_proposed)
    ("capital-leading", {"target.leading_tech_enterprise": True}, AS_OF, True, "CN-US-CAPITAL",
     "approval_required", (), "leading tech / AI enterprise"),
    ("capital-not-leading", {}, AS_OF, True, "CN-US-CAPITAL", "not_required", (), ""),
    ("capital-flag-unknown", {"target.leading_tech_enterprise": None}, AS_OF, True, "CN-US-CAPITAL",
     "needs_info", ("target.leading_tech_enterprise",), ""),
    ("capital-non-us-investor", {"target.leading_tech_enterprise": True, "investor.us_person": False,
                                 "investor.jurisdiction": "SG"}, AS_OF, True,
     "CN-US-CAPITAL", "not_required", (), ""),
    ("capital-hk-target", {"target.leading_tech_enterprise": True, "target.jurisdiction": "HK",
                           "target.headquarters": "HK"}, AS_OF, True, "CN-US-CAPITAL", "not_required", (), ""),
    ("capital-before-report", {"target.leading_tech_enterprise": True}, date(2026, 4, 23), True, "CN-US-CAPITAL",
     "not_in_force", (), "is a reported measure, not a law in force"),
    # --- which instruments are investments: plain debt (no equity, conversion or control
    # rights) is none under CN-US-CAPITAL, CN-FISR and the negative list (US-OISP above)
    ("capital-plain-debt", {"target.leading_tech_enterprise": True, "deal.instrument": "debt"}, AS_OF, True,
     "CN-US-CAPITAL", "not_required", (), "debt financing without equity, conversion or control rights (the officer assesses "
     "no control) is not an investment in the target"),
    ("capital-secondary-purchase", {"target.leading_tech_enterprise": True, "deal.instrument": "secondary_purchase"},
     AS_OF, True, "CN-US-CAPITAL", "approval_required", (), "leading tech / AI enterprise"),
    ("capital-convertible-debt", {"target.leading_tech_enterprise": True, "deal.instrument": "convertible_debt"},
     AS_OF, True, "CN-US-CAPITAL", "approval_required", (), ""),
    ("capital-debt-with-control", {"target.leading_tech_enterprise": True, "deal.instrument": "debt",
                                   "deal.acquires_control": True}, AS_OF, True, "CN-US-CAPITAL",
     "approval_required", (), "investment by other means"),
    ("fisr-plain-debt-military", {"target.security_sectors": ["military"], "deal.instrument": "debt"}, AS_OF, False,
     "CN-FISR", "not_required", (), "debt financing without equity, conversion or control rights"),
    # A loan that gives control is investment by other means: unknown control is asked for.
    ("fisr-debt-control-unknown", {"target.security_sectors": ["military"], "deal.instrument": "debt",
                                   "deal.acquires_control": None}, AS_OF, False, "CN-FISR", "needs_info",
     ("deal.acquires_control",), "debt financing: the facts do not state whether it gives the investor control (deal.acquires_control)"),
    ("capital-debt-control-unknown", {"target.leading_tech_enterprise": True, "deal.instrument": "debt",
                                      "deal.acquires_control": None}, AS_OF, True, "CN-US-CAPITAL", "needs_info",
     ("deal.acquires_control",), ""),
    ("neg-debt-control-unknown-nothing-prohibited", {"target.activities": ["ai_application"], "deal.instrument": "debt",
                                                     "deal.acquires_control": None}, AS_OF, False, "CN-NEGATIVE-LIST",
     "not_required", (), "none of the target's activities is prohibited"),
    ("fisr-debt-with-control-key-tech", {"target.security_sectors": ["key_technologies"], "deal.instrument": "debt",
                                         "deal.stake_after_pct": 0, "deal.acquires_control": True}, AS_OF, False,
     "CN-FISR", "approval_required", (), "investment by other means"),
    ("fisr-convertible-debt-military", {"target.security_sectors": ["military"],
                                        "deal.instrument": "convertible_debt"}, AS_OF, False, "CN-FISR",
     "approval_required", (), "regardless of control"),
    ("neg-plain-debt-news", {"target.activities": ["news_information"], "deal.instrument": "debt"}, AS_OF, False,
     "CN-NEGATIVE-LIST", "not_required", (), "is not an investment in the target"),
    ("neg-lp-interest-news", {"target.activities": ["news_information"], "deal.instrument": "lp_interest"}, AS_OF,
     False, "CN-NEGATIVE-LIST", "prohibited", (), ""),
    # A loan with a technology licence is still a technology export.
    ("tech-plain-debt-still-export", {"deal.instrument": "debt", "deal.technology_transfer": TRANSFER_FREE}, AS_OF,
     False, "CN-TECH-EXPORT", "filing_required", (), "contract registration"),
    # --- reasons name what was weighed, not only what failed
    ("fisr-field-without-control-named", {"target.security_sectors": ["it_internet"]}, AS_OF, False, "CN-FISR",
     "not_required", (), "target operates in important information technology and internet products and services (Art. 4(2))"),
    ("samr-one-party-over-800m-named", {**SAMR, "target.turnover_cny": {"china": 100_000_000,
                                                                        "worldwide": 100_000_000}},
     AS_OF, False, "CN-SAMR", "not_required", (),
     "parties with China turnover of more than RMB 800,000,000: 1; at least 2 needed"),
    ("neg-vat-over-cap-names-the-exceptions", {"target.activities": ["value_added_telecom"],
                                               "deal.stake_after_pct": 60}, AS_OF, False, "CN-NEGATIVE-LIST",
     "prohibited", (), "the cap has exceptions (e.g. e-commerce) that the facts do not record"),
    ("neg-vat-under-cap-names-other-foreign-holders", {"target.activities": ["value_added_telecom"],
                                                       "deal.stake_after_pct": 40}, AS_OF, False,
     "CN-NEGATIVE-LIST", "not_required", (), "the cap counts all foreign investors together"),
    ("data-cii-export-in-words", {"deal.data_export.cii_operator": True, PI: 10}, AS_OF, False, "CN-DATA-EXPORT",
     "approval_required", (), "personal information has been exported since 1 January 2026 "
     "(non-sensitive personal information: 10; sensitive personal information: 0)"),
    ("data-cii-nothing-exported", {"deal.data_export.cii_operator": True}, AS_OF, False, "CN-DATA-EXPORT",
     "not_required", (), "no personal information has been exported since 1 January 2026"),
    ("data-cii-count-unknown", {"deal.data_export.cii_operator": True, PI: None}, AS_OF, False, "CN-DATA-EXPORT",
     # The count not stated has its own line with its path; this one says both counts in brief.
     "needs_info", (PI,), "whether personal information has been exported since 1 January 2026 is not settled "
     "(non-sensitive personal information: not stated; sensitive personal information: 0)"),
    # --- a place that is not a two-letter code cannot clear a target: it is unknown, quoted
    ("place-alpha3-target-unknown", {"target.jurisdiction": "CHN", "target.headquarters": "China", COMPUTE: 3e25},
     AS_OF, False, "US-OISP", "needs_info", ("target.jurisdiction", "target.headquarters"),
     "place of organisation 'CHN' is not a two-letter country code (ISO 3166-1 alpha-2)"),
    ("place-words-org-hq-cn", {"target.jurisdiction": "Cayman Islands", "target.headquarters": "cn", COMPUTE: 3e25},
     AS_OF, False, "US-OISP", "prohibited", (),
     "target is headquartered in CN: a person of a country of concern (place of organisation "
     "'Cayman Islands' is not a two-letter country code"),
    ("place-alpha3-hq-org-elsewhere", {"target.jurisdiction": "KY", "target.headquarters": "PRC", PI: 2_000_000},
     AS_OF, False, "CN-DATA-EXPORT", "needs_info", ("target.headquarters",),
     "target's place of organisation KY; headquarters 'PRC' is not a two-letter country code"),
    ("place-investor-words", {"investor.jurisdiction": "China", "investor.us_person": False,
                              "target.security_sectors": ["military"]}, AS_OF, False, "CN-FISR", "needs_info",
     ("investor.jurisdiction",), "investor's place of organisation 'China' is not a two-letter country code"),
    ("place-investor-words-us-person", {"investor.jurisdiction": "USA", "target.security_sectors": ["military"]},
     AS_OF, False, "CN-FISR", "approval_required", (), "investor is a US person: a foreign investor"),
    # Named as a place inside the territory, or unreadable: not taken as outside it because the
    # investor is a US person (a Chinese vehicle so marked screened as a foreign investor).
    ("place-investor-words-china-us-person", {"investor.jurisdiction": "China", "investor.us_person": True,
                                              "target.security_sectors": ["military"]},
     AS_OF, False, "CN-FISR", "needs_info", ("investor.jurisdiction",),
     "investor's place of organisation 'China' is not a two-letter country code (ISO 3166-1 alpha-2): write CN"),
    # A place that, written as its code, would make the investor a US person by definition:
    # quoted with the code to write, not passed over for the US-person question alone.
    ("place-investor-usa-us-person-unknown", {"investor.jurisdiction": "USA", "investor.us_person": None,
                                              COMPUTE: 3e25},
     AS_OF, False, "US-OISP", "needs_info", ("investor.jurisdiction", "investor.us_person"),
     "its place of organisation 'USA' is not a two-letter country code (ISO 3166-1 alpha-2): "
     "write US (United States), which would settle it"),
    ("place-investor-usa-not-us-person", {"investor.jurisdiction": "USA", "investor.us_person": False,
                                          COMPUTE: 3e25},
     AS_OF, False, "US-OISP", "needs_info", ("investor.jurisdiction",),
     "written as its code, it makes the investor a US person, although marked not a US person"),
    ("place-investor-alpha3-us-person", {"investor.jurisdiction": "CHN", "investor.us_person": True,
                                         "deal.technology_transfer.transfers": True},
     AS_OF, False, "CN-TECH-EXPORT", "needs_info", ("investor.jurisdiction",),
     "investor's place of organisation 'CHN' is not a two-letter country code"),
    ("oisp-lp-interest-non-us-fund-caveat", {"deal.instrument": "lp_interest", "deal.lp_commitment_usd": 5_000_000,
                                             COMPUTE: 3e25}, AS_OF, False, "US-OISP", "prohibited", (),
     "limited partner interest in a fund is a covered transaction type | only an interest in a fund outside the US"),
    ("samr-below-thresholds-call-in", {**SAMR, "target.turnover_cny": {"china": 100_000_000,
                                                                       "worldwide": 100_000_000}},
     AS_OF, False, "CN-SAMR", "not_required", (), "below the notification thresholds SAMR may still call"),
    ("oisp-bio-threshold-named", {COMPUTE: 5e23}, AS_OF, False, "US-OISP", "notification_required", (),
     "5e23 operations is not more than 1e24 operations (the threshold for training primarily on biological sequence data)"),
]


@pytest.mark.parametrize(
    ("changes", "as_of", "include", "regime", "outcome", "missing", "text"),
    [pytest.param(*row[1:], id=row[0]) for row in CASES],
)
def test_screening_table(changes, as_of, include, regime, outcome, missing, text) -> None:
    result = screen(parse_facts(facts_with(changes)), as_of, include)
    det = result.determination(regime)
    assert det is not None, f"no {regime} determination"
    reasons = " | ".join(r.text for r in det.reasons)
    assert det.outcome == outcome, reasons
    if missing is not None:
        assert sorted(det.missing) == sorted(missing), reasons
    assert text in reasons, reasons
    assert det.reasons, "every determination explains itself"


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 60


def test_base_case_needs_nothing() -> None:
    result = screen(parse_facts(base()), AS_OF, True)
    assert {d.regime: d.outcome for d in result.determinations} == {r: "not_required" for r in REGIMES}


def test_cn_us_capital_only_with_include_proposed() -> None:
    facts = parse_facts(facts_with({"target.leading_tech_enterprise": True}))
    without = screen(facts, AS_OF, False)
    assert [d.regime for d in without.determinations] == [r for r in REGIMES if r != "CN-US-CAPITAL"]
    with_proposed = screen(facts, AS_OF, True)
    capital = with_proposed.determination("CN-US-CAPITAL")
    assert capital is not None and capital.status == "reported"
    assert all(d.status == "in_force" for d in with_proposed.determinations if d.regime != "CN-US-CAPITAL")


def test_reasons_cite_rules_of_the_rulebook() -> None:
    book = default_rulebook()
    result = screen(parse_facts(facts_with({COMPUTE: 3.1e25})), AS_OF, True)
    assert result.rulebook == book.version
    for det in result.determinations:
        for reason in det.reasons:
            rule = book.rule(reason.rule)
            assert reason.citation == rule.citation
            assert rule.regime == det.regime


def test_missing_only_for_needs_info() -> None:
    result = screen(parse_facts(facts_with({"deal.data_export": None, COMPUTE: 3e25})), AS_OF, False)
    for det in result.determinations:
        assert bool(det.missing) == (det.outcome == "needs_info"), det


def test_json_shape_and_round_trip() -> None:
    result = screen(parse_facts(facts_with({COMPUTE: 3.1e25})), AS_OF, True)
    data = result.to_json_dict()
    assert list(data) == ["as_of", "rulebook", "determinations"]
    assert data["as_of"] == "2026-12-01"
    for det in data["determinations"]:
        assert list(det) == ["regime", "outcome", "status", "reasons", "missing"]
        for reason in det["reasons"]:
            assert list(reason) == ["rule", "citation", "text"]
    assert json.loads(json.dumps(data)) == data
    # The CLI document carries no Chinese text; the storage document keeps all of it.
    assert ScreeningResult.from_json_dict(data).to_json_dict() == data
    assert ScreeningResult.from_json_dict(result.to_storage_dict()) == result


def test_screen_is_deterministic() -> None:
    facts = parse_facts(facts_with({COMPUTE: 5e23, PI: 250_000}))
    assert screen(facts, AS_OF, True) == screen(facts, AS_OF, True)


# --- every example and demo case --------------------------------------------------------


def _schema_paths(schema: dict[str, Any], prefix: str = "") -> set[str]:
    paths = set()
    for name, sub in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        paths.add(path)
        paths |= _schema_paths(sub, path + ".")
    return paths


SCHEMA_PATHS = _schema_paths(facts_schema())


def _all_examples() -> list[tuple[str, dict[str, Any]]]:
    examples = [(p.stem, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(EXAMPLES_DIR.glob("*.json"))]
    return examples + [(d["reference"], d) for d in demo_facts()]


@pytest.mark.parametrize(("name", "data"), _all_examples(), ids=[n for n, _ in _all_examples()])
@pytest.mark.parametrize("include", [False, True], ids=["in-force", "with-proposed"])
def test_every_example_screens_with_reasons_on_every_regime(name, data, include) -> None:
    result = screen(parse_facts(data), AS_OF, include)
    expected = [r for r in REGIMES if include or r != "CN-US-CAPITAL"]
    assert [d.regime for d in result.determinations] == expected
    for det in result.determinations:
        assert det.outcome in OUTCOMES
        assert det.reasons, f"{name} {det.regime} has no reasons"
        assert all(r.rule and r.citation and r.text for r in det.reasons)
        assert set(det.missing) <= SCHEMA_PATHS, det.missing


def test_examples_expected_outcomes() -> None:
    """The spec examples, pinned: what an officer would expect of each deal."""
    expected = {
        "frontier-lab": {"CN-US-CAPITAL": "approval_required", "US-OISP": "prohibited",
                         "CN-FISR": "not_required", "CN-SAMR": "not_required"},
        "vision-startup": {"CN-FISR": "approval_required", "CN-TECH-EXPORT": "approval_required",
                           "US-OISP": "notification_required", "CN-DATA-EXPORT": "not_required"},
        "consumer-app": {"CN-DATA-EXPORT": "filing_required", "CN-US-CAPITAL": "needs_info",
                         "US-OISP": "needs_info"},
    }
    for name, outcomes in expected.items():
        data = json.loads((EXAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8"))
        got = screen(parse_facts(data), AS_OF, True).outcomes()
        assert {r: got[r] for r in outcomes} == outcomes, name


def test_demo_cases_cover_every_action_outcome() -> None:
    seen = set()
    for data in demo_facts():
        for det in screen(parse_facts(data), AS_OF, True).determinations:
            seen.add(det.outcome)
    assert {"prohibited", "approval_required", "filing_required", "notification_required",
            "excepted", "not_required"} <= seen


def test_huge_numbers_do_not_break_the_reasons() -> None:
    """The largest finite numbers JSON can carry still screen and read as words
    (NaN and Infinity themselves are refused by parse_facts); a money figure is held to
    the wizard's 15 digits, the largest of which screens too."""
    with pytest.raises(InputError, match="too many digits"):
        parse_facts(facts_with({"target.turnover_cny": {"china": 1.7e308}}))
    facts = parse_facts(facts_with({COMPUTE: 1.7e308, **SAMR,
                                    "target.turnover_cny": {"china": 999_999_999_999_999,
                                                            "worldwide": 1}}))
    result = screen(facts, AS_OF, False)
    oisp = result.determination("US-OISP")
    assert oisp is not None and oisp.outcome == "prohibited"
    assert any("is more than 1e25" in r.text for r in oisp.reasons)
    assert result.outcomes()["CN-SAMR"] == "approval_required"


# Values each fact may take when it is filled in; investor.jurisdiction is left out because
# some completions would contradict investor.us_person (a US person organised in China).
SETTLING_VALUES: dict[str, list[Any]] = {
    "target.jurisdiction": ["CN", "HK", "KY", "SG"],
    "target.headquarters": ["CN", "MO", "SG", "US"],
    "target.leading_tech_enterprise": [True, False],
    "target.ai.develops_ai_system": [True, False],
    COMPUTE: [1e21, 1e23, 2e23, 5e24, 1e25, 3e25],
    BIO: [True, False],
    "target.turnover_cny.china": [0, 800_000_000, 900_000_000, 5_000_000_000],
    "target.turnover_cny.worldwide": [0, 13_000_000_000],
    "investor.us_person": [True, False],
    "investor.turnover_cny.china": [0, 900_000_000, 4_000_000_000],
    "investor.turnover_cny.worldwide": [0, 12_000_000_000],
    "deal.lp_commitment_usd": [1_000_000, 2_000_000, 3_000_000],
    "deal.stake_after_pct": [0, 49.99, 50, 80],
    "deal.acquires_control": [True, False],
    "deal.technology_transfer.transfers": [True, False],
    "deal.data_export.cii_operator": [True, False],
    "deal.data_export.important_data": [True, False],
    "deal.data_export.pi_subjects_processed": [0, 1_000_000],
    PI: [0, 99_999, 100_000, 1_000_000],
    SENS: [0, 1, 10_000],
    PI_PREV: [0, 100_000],
    "deal.data_export.sensitive_pi_subjects_since_previous_year": [0, 10_000],
}
SETTLING_DATES = [date(2022, 8, 31), date(2023, 1, 1), date(2024, 3, 22), date(2025, 1, 2), AS_OF]


def test_decided_outcomes_do_not_depend_on_unknown_facts() -> None:
    """Nothing is assumed: whatever values the unknown facts turn out to have, an outcome
    other than needs_info stays the same (e.g. plain debt whose control is not assessed)."""
    rng = random.Random(2026)
    paths = list(SETTLING_VALUES)
    for _ in range(200):
        known = {path: rng.choice(values) for path, values in SETTLING_VALUES.items()}
        known["deal.instrument"] = rng.choice(INSTRUMENTS)
        known["target.security_sectors"] = rng.choice([[], ["military"], ["key_technologies"]])
        known["target.activities"] = rng.choice([["ai_application"], ["news_information"],
                                                 ["value_added_telecom"], ["semiconductor_design"]])
        unknown = rng.sample(paths, rng.randint(1, 4))
        as_of = rng.choice(SETTLING_DATES)
        first = screen(parse_facts(facts_with({**known, **{p: None for p in unknown}})), as_of, True)
        for _ in range(4):
            filled = {**known, **{p: rng.choice(SETTLING_VALUES[p]) for p in unknown}}
            later = screen(parse_facts(facts_with(filled)), as_of, True).outcomes()
            for regime, outcome in first.outcomes().items():
                if outcome == "excepted" and later[regime] == "not_required":
                    # Excepted with coverage left open (it would be excepted if covered):
                    # the facts filled in may show it outside the program, and it says so.
                    det = first.determination(regime)
                    assert det is not None and "need not be settled" in det.reasons[-1].text
                elif outcome != "needs_info":
                    assert later[regime] == outcome, (regime, as_of, unknown, filled)


def test_what_the_facts_cannot_settle_is_a_point_to_check_not_a_ground() -> None:
    # The fund's place (LP interest) and the kind of semiconductor work are checks for the
    # officer: a filing to the authority prints them only in a draft's box to check.
    lp = screen(parse_facts(facts_with({"deal.instrument": "lp_interest",
                                        "deal.lp_commitment_usd": 5_000_000, COMPUTE: 3e25})),
                AS_OF, False).determination("US-OISP")
    semis = screen(parse_facts(facts_with({COMPUTE: 1e20, "target.ai.end_uses": [],
                                           "target.activities": ["semiconductor_design"]})),
                   AS_OF, False).determination("US-OISP")
    assert lp is not None and semis is not None
    assert semis.outcome == "notification_required", semis
    for det, check in ((lp, "where the fund is: check it"), (semis, "advanced nodes")):
        points = [r for r in det.reasons if check in r.text]
        assert len(points) == 1 and points[0].advice, det.reasons
        assert all(not r.advice for r in det.reasons if "covered transaction type" in r.text
                   or "activities include" in r.text)
