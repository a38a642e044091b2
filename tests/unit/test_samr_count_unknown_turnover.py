"""A party whose China turnover is not stated may exceed the threshold: the screening
counts the parties over it as "at most", not as a settled number; and a filing names the
unstated fact in words, never by its facts path, even where the outcome is decided."""

from __future__ import annotations

from typing import Any

from approvals.domain.facts import parse_facts
from approvals.domain.screening import Determination, screen
from approvals.filings import common as k
from tests.unit.test_screening import AS_OF, facts_with

# Control acquired, the target's China turnover under RMB 800 million, the investor's unknown.
UNKNOWN_INVESTOR = {"deal.stake_after_pct": 60, "deal.acquires_control": True,
                    "target.turnover_cny": {"china": 400_000_000, "worldwide": 500_000_000},
                    "investor.turnover_cny": {"china": None, "worldwide": 20_000_000_000}}


def _samr(changes: dict[str, Any]) -> Determination:
    det = screen(parse_facts(facts_with(changes)), AS_OF, False).determination("CN-SAMR")
    assert det is not None
    return det


def test_the_count_over_the_threshold_is_at_most_while_a_turnover_is_unknown() -> None:
    det = _samr(UNKNOWN_INVESTOR)
    assert det.outcome == "not_required", det.reasons
    count = [r for r in det.reasons if r.text.startswith("parties with China turnover")]
    assert len(count) == 1
    assert "more than RMB 800,000,000: at most 1; at least 2 needed" in count[0].text
    assert "的经营者至多1个，不足2个" in count[0].text_zh


def test_the_count_is_exact_when_every_turnover_is_known() -> None:
    det = _samr({**UNKNOWN_INVESTOR, "investor.turnover_cny": {"china": 100_000_000,
                                                               "worldwide": 20_000_000_000}})
    count = [r for r in det.reasons if r.text.startswith("parties with China turnover")]
    assert "more than RMB 800,000,000: 0; at least 2 needed" in count[0].text
    assert "的经营者为0个，不足2个" in count[0].text_zh


def test_a_filing_names_the_unstated_fact_without_its_path() -> None:
    det = _samr(UNKNOWN_INVESTOR)
    assert det.missing == ()
    assert any("(investor.turnover_cny.china)" in r.text for r in det.reasons)
    lines = "".join(text for texts in k.reasons_by_citation(det.reasons, bilingual=True).values()
                    for text in texts)
    assert "the facts do not state the investor's China turnover" in lines
    assert "investor.turnover_cny" not in lines


def test_a_combined_turnover_with_a_party_unknown_is_said_as_at_least() -> None:
    """"combined worldwide turnover RMB 20,000,000,000 (investor RMB 20,000,000,000)" read
    as the parties' sum while the target's worldwide turnover was not stated."""
    det = _samr({"deal.stake_after_pct": 60, "deal.acquires_control": True,
                 "target.turnover_cny": {"china": 900_000_000, "worldwide": None},
                 "investor.turnover_cny": {"china": 900_000_000, "worldwide": 20_000_000_000}})
    assert det.outcome == "approval_required", det.reasons
    [said] = [r for r in det.reasons if r.text.startswith("combined worldwide turnover")]
    assert said.text == (
        "combined worldwide turnover is at least RMB 20,000,000,000 (investor RMB "
        "20,000,000,000; the target's worldwide turnover (target.turnover_cny.worldwide) not "
        "stated), more than RMB 12,000,000,000 (超过: exclusive)")
    assert said.text_zh.startswith("参与集中的经营者全球营业额合计至少")
    assert "未提供" in said.text_zh


def test_a_field_named_with_ling_yu_is_not_said_twice() -> None:
    """"目标公司涉及其他重要领域领域": the field's name ends in 领域 already."""
    det = screen(parse_facts(facts_with({"target.security_sectors": ["other_important"],
                                         "deal.stake_after_pct": 50,
                                         "deal.acquires_control": True})),
                 AS_OF, False).determination("CN-FISR")
    assert det is not None and det.outcome == "approval_required"
    said = " ".join(r.text_zh for r in det.reasons)
    assert "目标公司涉及其他重要领域（第四条第一款第二项）" in said
    assert "领域领域" not in said
