"""Independent audit of the screening against docs/regulatory-reference.md.

Each table row is one statement of the reference (a threshold on both sides, a counting
word, a territory, an effective date) written out by hand, so that a change to the rule
data or the engine that contradicts the reference fails here. The expected values do not
come from the implementation.
"""

from __future__ import annotations

import copy
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.rulebook import (
    RulebookError,
    default_rulebook,
    default_rulebook_dir,
    load_rulebook,
)
from approvals.domain.screening import screen
from approvals.domain.workflow import clock_spec

TODAY = "2026-11-29"
DROP = object()  # remove the field: the fact is unknown

# Every regime is settled and not_required on these facts: each row changes only what
# its statement is about.
BASE: dict[str, Any] = {
    "schema_version": 1,
    "target": {
        "name_en": "Audit Target Co., Ltd.", "jurisdiction": "CN", "headquarters": "CN",
        "leading_tech_enterprise": False, "activities": ["data_processing"], "security_sectors": [],
        "ai": {"develops_ai_system": False, "max_training_compute_ops": None,
               "primarily_biological_sequence_data": False, "end_uses": []},
        "turnover_cny": {"china": 1, "worldwide": 1},
    },
    "investor": {"name": "Audit Investor LP", "us_person": True, "jurisdiction": "US",
                 "turnover_cny": {"china": 0, "worldwide": 0}},
    "deal": {
        "instrument": "equity", "stake_after_pct": 5, "acquires_control": False,
        "technology_transfer": {"transfers": False, "restricted_catalogue_items": [],
                                "prohibited_catalogue_items": []},
        "data_export": {"cii_operator": False, "important_data": False, "pi_subjects_processed": 0,
                        "pi_subjects_current_year": 0, "sensitive_pi_subjects_current_year": 0,
                        "pi_subjects_since_previous_year": 0,
                        "sensitive_pi_subjects_since_previous_year": 0},
    },
}


def facts(changes: dict[str, Any]):
    data = copy.deepcopy(BASE)
    for path, value in changes.items():
        *parents, last = path.split(".")
        node = data
        for part in parents:
            node = node.setdefault(part, {})
        if value is DROP:
            node.pop(last, None)
        else:
            node[last] = value
    return parse_facts(data)


def determination(changes: dict[str, Any], regime: str, as_of: str = TODAY):
    result = screen(facts(changes), date.fromisoformat(as_of), include_proposed=True)
    found = result.determination(regime)
    assert found is not None, regime
    return found


def test_base_facts_are_settled_everywhere() -> None:
    result = screen(facts({}), date.fromisoformat(TODAY), include_proposed=True)
    assert {d.regime: d.outcome for d in result.determinations} == dict.fromkeys(
        ("CN-US-CAPITAL", "CN-FISR", "CN-NEGATIVE-LIST", "CN-TECH-EXPORT", "CN-DATA-EXPORT",
         "CN-SAMR", "US-OISP"), "not_required")


AI = "target.ai."
DE = "deal.data_export."
B800 = 800_000_000


def turnovers(target_china, target_world, investor_china, investor_world, stake=60) -> dict[str, Any]:
    return {"target.turnover_cny": {"china": target_china, "worldwide": target_world},
            "investor.turnover_cny": {"china": investor_china, "worldwide": investor_world},
            "deal.stake_after_pct": stake}


# (statement of the reference, facts changes, as-of, regime, outcome, missing)
REFERENCE = [
    # US: "more than 10^25" excludes 10^25 itself; 10^23 likewise; 10^24 with biological data.
    ("10^25 exactly is not more than 10^25", {AI + "develops_ai_system": True, AI + "max_training_compute_ops": 1e25},
     TODAY, "US-OISP", "notification_required", ()),
    ("just over 10^25 is prohibited", {AI + "develops_ai_system": True, AI + "max_training_compute_ops": 10**25 + 1},
     TODAY, "US-OISP", "prohibited", ()),
    ("10^23 exactly is not notifiable", {AI + "develops_ai_system": True, AI + "max_training_compute_ops": 1e23},
     TODAY, "US-OISP", "not_required", ()),
    ("just over 10^23 is notifiable", {AI + "develops_ai_system": True, AI + "max_training_compute_ops": 1.01e23},
     TODAY, "US-OISP", "notification_required", ()),
    ("10^24 exactly on biological data is not prohibited",
     {AI + "develops_ai_system": True, AI + "max_training_compute_ops": 1e24,
      AI + "primarily_biological_sequence_data": True}, TODAY, "US-OISP", "notification_required", ()),
    ("over 10^24 on biological data is prohibited",
     {AI + "develops_ai_system": True, AI + "max_training_compute_ops": 2e24,
      AI + "primarily_biological_sequence_data": True}, TODAY, "US-OISP", "prohibited", ()),
    ("over 10^24, biological data unknown", {AI + "develops_ai_system": True, AI + "max_training_compute_ops": 2e24,
                                             AI + "primarily_biological_sequence_data": None},
     TODAY, "US-OISP", "needs_info", ("target.ai.primarily_biological_sequence_data",)),
    ("mass-surveillance end use is prohibited", {AI + "develops_ai_system": True, AI + "end_uses": ["mass_surveillance"]},
     TODAY, "US-OISP", "prohibited", ()),
    ("robotic-control end use is notifiable", {AI + "develops_ai_system": True, AI + "max_training_compute_ops": 1e20,
                                               AI + "end_uses": ["robotic_control"]},
     TODAY, "US-OISP", "notification_required", ()),
    ("quantum computing is prohibited", {"target.activities": ["quantum_computing"]},
     TODAY, "US-OISP", "prohibited", ()),
    ("IC design is notifiable", {"target.activities": ["semiconductor_design"]},
     TODAY, "US-OISP", "notification_required", ()),
    # Country of concern: PRC including Hong Kong and Macau; organised or headquartered there.
    ("Hong Kong target is a person of a country of concern", {"target.jurisdiction": "HK", "target.headquarters": "HK",
                                                              "target.activities": ["quantum_computing"]},
     TODAY, "US-OISP", "prohibited", ()),
    ("Macau target is a person of a country of concern", {"target.jurisdiction": "MO", "target.headquarters": "MO",
                                                          "target.activities": ["quantum_computing"]},
     TODAY, "US-OISP", "prohibited", ()),
    ("Cayman holding company headquartered in China", {"target.jurisdiction": "KY", "target.headquarters": "CN",
                                                       "target.activities": ["quantum_computing"]},
     TODAY, "US-OISP", "prohibited", ()),
    ("non-US investor is outside the US program", {"investor.us_person": False, "investor.jurisdiction": "SG",
                                                   "target.activities": ["quantum_computing"]},
     TODAY, "US-OISP", "not_required", ()),
    # An investor organised in the US is a US person whatever the answer: unknown only elsewhere.
    ("US person unknown", {"investor.us_person": None, "investor.jurisdiction": None,
                           "target.activities": ["quantum_computing"]},
     TODAY, "US-OISP", "needs_info", ("investor.us_person",)),
    # Excepted: publicly traded securities; LP interests of $2,000,000 or less.
    ("publicly traded securities are excepted", {"deal.instrument": "public_securities",
                                                 "target.activities": ["quantum_computing"]},
     TODAY, "US-OISP", "excepted", ()),
    ("LP commitment of exactly USD 2,000,000 is excepted", {"deal.instrument": "lp_interest", "deal.lp_commitment_usd": 2_000_000,
                                                             "target.activities": ["quantum_computing"]},
     TODAY, "US-OISP", "excepted", ()),
    ("LP commitment of USD 2,000,001 is not excepted", {"deal.instrument": "lp_interest", "deal.lp_commitment_usd": 2_000_001,
                                                         "target.activities": ["quantum_computing"]},
     TODAY, "US-OISP", "prohibited", ()),
    # Currency: the deal amount is never read as the LP commitment in USD.
    ("deal amount in USD does not stand in for the LP commitment",
     {"deal.instrument": "lp_interest", "deal.amount": {"value": 1_000_000, "currency": "USD"},
      "target.activities": ["quantum_computing"]}, TODAY, "US-OISP", "needs_info", ("deal.lp_commitment_usd",)),
    ("US-OISP before 2025-01-02", {"target.activities": ["quantum_computing"]}, "2025-01-01", "US-OISP",
     "not_in_force", ()),
    ("US-OISP on 2025-01-02", {"target.activities": ["quantum_computing"]}, "2025-01-02", "US-OISP", "prohibited", ()),
    # CN-FISR: Art. 4(1) regardless of control; Art. 4(2) where control (50 % or more) is acquired.
    ("military field regardless of control", {"target.security_sectors": ["military"], "deal.stake_after_pct": 1},
     TODAY, "CN-FISR", "approval_required", ()),
    ("key technologies with 50 % is control", {"target.security_sectors": ["key_technologies"], "deal.stake_after_pct": 50},
     TODAY, "CN-FISR", "approval_required", ()),
    ("key technologies with 49.99 % and no control", {"target.security_sectors": ["key_technologies"],
                                                       "deal.stake_after_pct": 49.99},
     TODAY, "CN-FISR", "not_required", ()),
    ("key technologies below 50 % but decisive influence", {"target.security_sectors": ["key_technologies"],
                                                            "deal.stake_after_pct": 30, "deal.acquires_control": True},
     TODAY, "CN-FISR", "approval_required", ()),
    ("stake unknown: 'no control' cannot settle it", {"target.security_sectors": ["it_internet"],
                                                      "deal.stake_after_pct": None},
     TODAY, "CN-FISR", "needs_info", ("deal.stake_after_pct",)),
    ("Hong Kong investor is treated as foreign", {"target.security_sectors": ["military"], "investor.us_person": False,
                                                  "investor.jurisdiction": "HK"},
     TODAY, "CN-FISR", "approval_required", ()),
    ("Hong Kong target is outside the mainland regime", {"target.security_sectors": ["military"],
                                                         "target.jurisdiction": "HK", "target.headquarters": "HK"},
     TODAY, "CN-FISR", "not_required", ()),
    ("CN-FISR before 2021-01-18", {"target.security_sectors": ["military"]}, "2021-01-17", "CN-FISR",
     "not_in_force", ()),
    # CN-NEGATIVE-LIST: prohibited fields; value-added telecom capped at 50 % (more than 50 % breaches it).
    ("internet news is prohibited", {"target.activities": ["news_information"]}, TODAY, "CN-NEGATIVE-LIST",
     "prohibited", ()),
    ("value-added telecom at exactly 50 %", {"target.activities": ["value_added_telecom"], "deal.stake_after_pct": 50},
     TODAY, "CN-NEGATIVE-LIST", "not_required", ()),
    ("value-added telecom above 50 %", {"target.activities": ["value_added_telecom"], "deal.stake_after_pct": 50.5},
     TODAY, "CN-NEGATIVE-LIST", "prohibited", ()),
    # CN-TECH-EXPORT: prohibited item, restricted item (licence), free technology (registration).
    ("prohibited catalogue item", {"deal.technology_transfer.transfers": True,
                                   "deal.technology_transfer.prohibited_catalogue_items": ["x"]},
     TODAY, "CN-TECH-EXPORT", "prohibited", ()),
    ("restricted catalogue item", {"deal.technology_transfer.transfers": True,
                                   "deal.technology_transfer.restricted_catalogue_items": ["speech synthesis"]},
     TODAY, "CN-TECH-EXPORT", "approval_required", ()),
    ("free technology", {"deal.technology_transfer.transfers": True}, TODAY, "CN-TECH-EXPORT", "filing_required", ()),
    # CN-DATA-EXPORT from 2024-03-22: counted since 1 January of the current year; 以上 inclusive.
    ("1,000,000 individuals", {DE + "pi_subjects_current_year": 1_000_000}, TODAY, "CN-DATA-EXPORT",
     "approval_required", ()),
    ("999,999 individuals", {DE + "pi_subjects_current_year": 999_999}, TODAY, "CN-DATA-EXPORT", "filing_required", ()),
    ("100,000 individuals", {DE + "pi_subjects_current_year": 100_000}, TODAY, "CN-DATA-EXPORT", "filing_required", ()),
    ("99,999 individuals", {DE + "pi_subjects_current_year": 99_999}, TODAY, "CN-DATA-EXPORT", "not_required", ()),
    ("10,000 sensitive", {DE + "sensitive_pi_subjects_current_year": 10_000}, TODAY, "CN-DATA-EXPORT",
     "approval_required", ()),
    ("9,999 sensitive", {DE + "sensitive_pi_subjects_current_year": 9_999}, TODAY, "CN-DATA-EXPORT",
     "filing_required", ()),
    ("1 sensitive", {DE + "sensitive_pi_subjects_current_year": 1}, TODAY, "CN-DATA-EXPORT", "filing_required", ()),
    ("CII operator exporting personal information", {DE + "cii_operator": True, DE + "pi_subjects_current_year": 1},
     TODAY, "CN-DATA-EXPORT", "approval_required", ()),
    ("important data", {DE + "important_data": True}, TODAY, "CN-DATA-EXPORT", "approval_required", ()),
    # Order 11 (2022-09-01 to 2024-03-21): counted since 1 January of the previous year.
    ("Order 11: 100,000 since last year", {DE + "pi_subjects_since_previous_year": 100_000}, "2024-03-21",
     "CN-DATA-EXPORT", "approval_required", ()),
    ("Order 11: 10,000 sensitive since last year", {DE + "sensitive_pi_subjects_since_previous_year": 10_000},
     "2024-03-21", "CN-DATA-EXPORT", "approval_required", ()),
    ("Order 11: processor of 1,000,000 exporting", {DE + "pi_subjects_processed": 1_000_000,
                                                    DE + "pi_subjects_since_previous_year": 1},
     "2024-03-21", "CN-DATA-EXPORT", "approval_required", ()),
    ("Order 11: other export, standard contract from 2023-06-01", {DE + "pi_subjects_since_previous_year": 1},
     "2023-06-01", "CN-DATA-EXPORT", "filing_required", ()),
    ("Order 11: other export before the standard contract", {DE + "pi_subjects_since_previous_year": 1},
     "2023-05-31", "CN-DATA-EXPORT", "not_required", ()),
    ("Order 16 reads the current year's count from 2024-03-22", {DE + "pi_subjects_current_year": 150_000},
     "2024-03-22", "CN-DATA-EXPORT", "filing_required", ()),
    ("CN-DATA-EXPORT before 2022-09-01", {DE + "important_data": True}, "2022-08-31", "CN-DATA-EXPORT",
     "not_in_force", ()),
    # CN-SAMR: 超过 exclusive on every threshold.
    ("each party exactly RMB 800 million", turnovers(B800, 7e9, B800, 7e9), TODAY, "CN-SAMR", "not_required", ()),
    ("worldwide exactly RMB 12 bn", turnovers(B800 + 1, 6e9, B800 + 1, 6e9), TODAY, "CN-SAMR", "not_required", ()),
    ("worldwide just over RMB 12 bn", turnovers(B800 + 1, 6e9, B800 + 1, 6e9 + 1), TODAY, "CN-SAMR",
     "approval_required", ()),
    ("China combined exactly RMB 4 bn", turnovers(B800 + 1, 0, 3_199_999_999, 0), TODAY, "CN-SAMR",
     "not_required", ()),
    ("China combined just over RMB 4 bn", turnovers(B800 + 1, 0, 3_200_000_000, 0), TODAY, "CN-SAMR",
     "approval_required", ()),
    ("no concentration without control", turnovers(B800 + 1, 7e9, B800 + 1, 7e9, stake=49), TODAY, "CN-SAMR",
     "not_required", ()),
    ("Order 529 thresholds before 2024-01-22", turnovers(400_000_001, 6e9, 400_000_001, 5e9), "2024-01-21",
     "CN-SAMR", "approval_required", ()),
    ("Order 773 thresholds from 2024-01-22", turnovers(400_000_001, 6e9, 400_000_001, 5e9), "2024-01-22",
     "CN-SAMR", "not_required", ()),
    # CN-US-CAPITAL (reported): organised or headquartered in CN, flagged, US investor.
    ("leading enterprise, US investor", {"target.leading_tech_enterprise": True}, TODAY, "CN-US-CAPITAL",
     "approval_required", ()),
    ("secondary sale to a US investor", {"target.leading_tech_enterprise": True, "deal.instrument": "secondary_purchase"},
     TODAY, "CN-US-CAPITAL", "approval_required", ()),
    ("flag unknown", {"target.leading_tech_enterprise": None}, TODAY, "CN-US-CAPITAL", "needs_info",
     ("target.leading_tech_enterprise",)),
    ("offshore holding company headquartered in China", {"target.leading_tech_enterprise": True,
                                                         "target.jurisdiction": "KY"},
     TODAY, "CN-US-CAPITAL", "approval_required", ()),
    ("non-US investor", {"target.leading_tech_enterprise": True, "investor.us_person": False,
                         "investor.jurisdiction": "SG"}, TODAY, "CN-US-CAPITAL", "not_required", ()),
]


@pytest.mark.parametrize(("statement", "changes", "as_of", "regime", "outcome", "missing"), REFERENCE,
                         ids=[row[0] for row in REFERENCE])
def test_reference_statements(statement, changes, as_of, regime, outcome, missing) -> None:
    found = determination(changes, regime, as_of)
    assert (found.outcome, found.missing) == (outcome, missing), [r.text for r in found.reasons]
    assert found.reasons, statement  # every determination explains itself


# -- CN-NEGATIVE-LIST: a code the list is not compared with is not cleared in silence ------

OTHER_NOTE = "not compared with the list"
VAT_NOTE = "tick \"Value-added telecommunications\" among its activities as well"

NEGATIVE_LIST_NOTES = [
    # (activities, stake, outcome, notes that must be among the reasons, notes that must not)
    (["other"], 5, "not_required", (OTHER_NOTE,), (VAT_NOTE,)),
    (["data_processing"], 5, "not_required", (), (OTHER_NOTE, VAT_NOTE)),
    (["internet_information_services"], 60, "not_required", (VAT_NOTE,), (OTHER_NOTE,)),
    (["cloud_idc"], 60, "not_required", (VAT_NOTE,), ()),
    # Recorded as value-added telecom too: the cap itself is checked, no note needed.
    (["internet_information_services", "value_added_telecom"], 40, "not_required", (), (VAT_NOTE,)),
    (["internet_information_services", "value_added_telecom"], 60, "prohibited", (), (VAT_NOTE,)),
    # Already prohibited: the outcome says it all.
    (["other", "news_information"], 5, "prohibited", (), (OTHER_NOTE,)),
]


@pytest.mark.parametrize(("activities", "stake", "outcome", "present", "absent"), NEGATIVE_LIST_NOTES)
def test_negative_list_says_what_it_did_not_compare(activities, stake, outcome, present, absent) -> None:
    found = determination({"target.activities": activities, "deal.stake_after_pct": stake}, "CN-NEGATIVE-LIST")
    texts = " | ".join(r.text for r in found.reasons)
    assert found.outcome == outcome, texts
    for note in present:
        assert note in texts
    for note in absent:
        assert note not in texts
    # The same note in Chinese, for the bilingual filings.
    if OTHER_NOTE in texts:
        assert any("其他" in r.text_zh for r in found.reasons)


def test_negative_list_notes_not_shown_out_of_scope() -> None:
    found = determination({"target.activities": ["other"], "investor.us_person": False,
                           "investor.jurisdiction": "CN"}, "CN-NEGATIVE-LIST")
    assert found.outcome == "not_required"
    assert all(OTHER_NOTE not in r.text for r in found.reasons)


@pytest.mark.parametrize(
    ("notes", "message"),
    [
        ({"othr": {"text": "x", "text_zh": "x"}}, 'unknown activity code "othr"'),
        ({"other": {"text": "x"}}, "other.text_zh: expected text"),
        ({"other": {"text": " ", "text_zh": "x"}}, "other.text: expected text"),
        ({"other": {"text": "x", "text_zh": "x", "unless": ["vat"]}}, 'other.unless: unknown code "vat"'),
        ({"other": {"text": "x", "text_zh": "x", "when": []}}, "expected an object with text, text_zh"),
        ({"other": ["x", "x"]}, "expected an object with text, text_zh"),
    ],
)
def test_bad_check_by_hand_notes_name_file_and_entry(tmp_path: Path, notes, message) -> None:
    book = tmp_path / "rulebook"
    shutil.copytree(default_rulebook_dir(), book)
    path = book / "cn-negative-list.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["rules"][0]["parameters"]["check_by_hand"] = notes
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(RulebookError) as err:
        load_rulebook(book)
    problems = [str(p) for p in err.value.problems]
    assert any(p.startswith("cn-negative-list.json: rules[0] (CN-NEGATIVE-LIST.access.2024)")
               and "parameters.check_by_hand" in p and message in p for p in problems), problems


# -- citations, effective dates and "(verify)" marks, rule by rule -------------------------

# (rule id, words the citation must contain, effective_from, effective_to, verified)
CITATIONS = [
    ("CN-US-CAPITAL.approval.2026-04", ("Bloomberg", "2026-04-24"), "2026-04-24", None, False),
    ("CN-FISR.scope.2021", ("Order No. 37", "Art. 4"), "2021-01-18", None, True),
    ("CN-NEGATIVE-LIST.access.2024", ("Negative List", "2024 edition"), "2024-11-01", None, True),
    ("CN-TECH-EXPORT.catalogue.2020", ("2020 No. 38",), "2020-08-28", "2023-12-20", False),
    ("CN-TECH-EXPORT.catalogue.2023", ("revised 2023-12-21",), "2023-12-21", "2025-07-14", True),
    ("CN-TECH-EXPORT.catalogue.2025", ("adjusted 2025-07-15",), "2025-07-15", None, True),
    ("CN-DATA-EXPORT.thresholds.2022-09", ("Order No. 11",), "2022-09-01", "2023-05-31", True),
    ("CN-DATA-EXPORT.thresholds.2023-06", ("Order No. 11", "2023-06-01"), "2023-06-01", "2024-03-21", False),
    ("CN-DATA-EXPORT.thresholds.2024-03", ("Order No. 16",), "2024-03-22", None, True),
    ("CN-SAMR.thresholds.2024", ("Order No. 773",), "2024-01-22", None, True),
    ("US-OISP.prohibited.2025", ("850.224",), "2025-01-02", None, False),  # (verify) wording
    ("US-OISP.notifiable.2025", ("850.217",), "2025-01-02", None, True),
    ("US-OISP.excepted.2025", ("850.501",), "2025-01-02", None, False),  # (verify) $2,000,000
    ("US-OISP.notification.2025", ("850.401", "850.402"), "2025-01-02", None, False),  # (verify) 850.401
]


@pytest.mark.parametrize(("rule_id", "words", "start", "end", "verified"), CITATIONS, ids=[c[0] for c in CITATIONS])
def test_citations_dates_and_verify_marks(rule_id, words, start, end, verified) -> None:
    rule = default_rulebook().rule(rule_id)
    for word in words:
        assert word in rule.citation, rule.citation
    assert rule.citation_zh.strip()
    assert (rule.effective_from.isoformat(), rule.effective_to.isoformat() if rule.effective_to else None) == (start, end)
    assert rule.verified is verified


# (rule id, parameter, value in the reference)
NUMBERS = [
    ("US-OISP.prohibited.2025", "ai_compute_more_than_ops", 10**25),
    ("US-OISP.prohibited.2025", "ai_bio_compute_more_than_ops", 10**24),
    ("US-OISP.notifiable.2025", "ai_compute_more_than_ops", 10**23),
    ("US-OISP.excepted.2025", "lp_interest_at_most_usd", 2_000_000),
    ("US-OISP.scope.2025", "owned_by_persons_of_concern_pct_at_least", 50),
    ("US-OISP.notification.2025", "due_calendar_days_after_completion", 30),
    ("US-OISP.notification.2025", "due_calendar_days_after_knowledge", 30),
    ("US-OISP.penalties.2025", "civil_max_usd", 377_700),
    ("US-OISP.penalties.2025", "criminal_max_usd", 1_000_000),
    ("US-OISP.penalties.2025", "criminal_max_years", 20),
    ("CN-FISR.scope.2021", "control_stake_pct_at_least", 50),
    ("CN-SAMR.thresholds.2024", "worldwide_combined_more_than_cny", 12_000_000_000),
    ("CN-SAMR.thresholds.2024", "china_combined_more_than_cny", 4_000_000_000),
    ("CN-SAMR.thresholds.2024", "china_each_more_than_cny", 800_000_000),
    ("CN-SAMR.thresholds.2024", "parties_each_exceeding", 2),
    ("CN-DATA-EXPORT.thresholds.2024-03", "assessment_pi_exported_at_least", 1_000_000),
    ("CN-DATA-EXPORT.thresholds.2024-03", "assessment_sensitive_exported_at_least", 10_000),
    ("CN-DATA-EXPORT.thresholds.2024-03", "contract_pi_exported_at_least", 100_000),
    ("CN-DATA-EXPORT.thresholds.2024-03", "contract_sensitive_exported_at_least", 1),
    ("CN-DATA-EXPORT.thresholds.2022-09", "assessment_pi_processed_at_least", 1_000_000),
    ("CN-DATA-EXPORT.thresholds.2022-09", "assessment_pi_exported_at_least", 100_000),
    ("CN-DATA-EXPORT.thresholds.2022-09", "assessment_sensitive_exported_at_least", 10_000),
    ("CN-TECH-EXPORT.catalogue.2025", "licence_decision_working_days", 30),
]


@pytest.mark.parametrize(("rule_id", "name", "value"), NUMBERS, ids=[f"{n[0]}:{n[1]}" for n in NUMBERS])
def test_rule_numbers_match_the_reference(rule_id, name, value) -> None:
    assert default_rulebook().rule(rule_id)[name] == value


def test_negative_list_caps_value_added_telecom_at_50() -> None:
    rule = default_rulebook().rule("CN-NEGATIVE-LIST.access.2024")
    assert rule["foreign_equity_cap_pct"] == {"value_added_telecom": 50}
    assert set(rule["prohibited_activities"]) == {"news_information", "online_publishing", "audio_visual",
                                                  "internet_culture", "public_information_release"}


# Order 37: the special review may be extended (art. 9); the time taken to supply
# requested materials is not counted (art. 10, not art. 9).
@pytest.mark.parametrize(("phase", "words"), [
    ("general_review", ("art. 8", "art. 10", "not counted")),
    ("special_review", ("art. 9", "extendable", "art. 10", "not counted")),
])
def test_fisr_clock_citations_name_the_articles(phase, words) -> None:
    spec = clock_spec("CN-FISR", phase, date(2026, 11, 29))
    for word in words:
        assert word in spec.citation, spec.citation
    assert "art. 9: special review" not in spec.citation or "; art. 10" in spec.citation
