"""words24: screening reasons that said a missing fact twice, or left a reported measure's
standing to be guessed."""

from __future__ import annotations

import copy
from datetime import date

from approvals.domain.facts import parse_facts
from approvals.domain.screening import screen
from tests.unit.test_rules18_reference import NEAR, OPTIONAL_LEAVES
from tests.unit.test_screening import _DELETE, AS_OF, PI, SENS, facts_with

ORDER_11_DAY = date(2023, 7, 1)


def _data_export(changes: dict[str, object], as_of: date = AS_OF) -> list[str]:
    det = screen(parse_facts(facts_with(changes)), as_of, True).determination("CN-DATA-EXPORT")
    assert det is not None and det.outcome == "needs_info"
    return [r.text for r in det.reasons]


def test_a_count_not_stated_is_named_by_one_reason_only() -> None:
    texts = _data_export({"deal.data_export.cii_operator": True, PI: _DELETE, SENS: _DELETE})
    assert ("whether personal information has been exported since 1 January 2026 is not settled: "
            "neither count of individuals is stated") in texts
    for path in (PI, SENS):
        assert len([t for t in texts if f"({path})" in t]) == 1, texts
    chinese = [r.text_zh for r in screen(parse_facts(facts_with(
        {"deal.data_export.cii_operator": True, PI: _DELETE, SENS: 0})), AS_OF, True)
        .determination("CN-DATA-EXPORT").reasons]  # type: ignore[union-attr]
    assert ("自2026年1月1日起是否向境外提供个人信息无法确定：个人信息（不含敏感个人信息）未提供，"
            "敏感个人信息0人") in chinese


def test_no_needs_info_reason_names_a_missing_fact_that_another_of_its_rule_names() -> None:
    checked = 0
    for day in (ORDER_11_DAY, AS_OF):
        for leaf in OPTIONAL_LEAVES:
            facts = parse_facts(facts_with({**copy.deepcopy(NEAR), leaf: _DELETE}))
            for det in screen(facts, day, True).determinations:
                for path in det.missing:
                    for rule in {r.rule for r in det.reasons}:
                        naming = [r.text for r in det.reasons if r.rule == rule and f"({path})" in r.text]
                        assert len(naming) <= 1, (leaf, day, det.regime, naming)
                        checked += 1
    assert checked


def test_a_reported_measure_before_its_report_says_what_it_is() -> None:
    det = screen(parse_facts(facts_with({"target.leading_tech_enterprise": True})), date(2026, 4, 23),
                 True).determination("CN-US-CAPITAL")
    assert det is not None and det.outcome == "not_in_force"
    (reason,) = det.reasons
    assert reason.text == (
        "CN-US-CAPITAL is a reported measure, not a law in force: screening it shows a risk, not a "
        "requirement; on 2026-04-23 there was not yet any report to screen against (first reported on "
        "2026-04-24)")
    assert reason.text_zh == ("该措施仅见诸报道，并非现行有效的法律：对其筛查仅提示风险，不构成法定要求；"
                              "截至2026年4月23日尚无相关报道（于2026年4月24日首次见诸报道）")


def test_training_compute_is_called_what_the_wizard_and_the_missing_box_call_it() -> None:
    from approvals.domain.field_labels import fact_label

    label = fact_label("target.ai.max_training_compute_ops")
    assert label == "Largest training run (operations) (AI profile)"
    changes: dict[str, object] = {"target.ai.max_training_compute_ops": 3.1e25}
    texts = [r.text for d in screen(parse_facts(facts_with(changes)), AS_OF, True).determinations
             for r in d.reasons]
    assert "largest training run 3.1e25 operations is more than 1e25 operations" in texts, texts
    assert not [t for t in texts if "max training compute" in t]
