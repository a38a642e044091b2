"""The Rulebook window's CN-DATA-EXPORT parameters say what each version counts, as the
screening reasons do: Order 16 (since 1 January of the current year) non-sensitive personal
information, sensitive PI apart; Order 11 (since 1 January of the previous year) all
personal information, sensitive included. In English and in Chinese."""

from __future__ import annotations

import pytest

from approvals.domain.rulebook import default_rulebook
from approvals.domain.screening import counts_non_sensitive_pi
from approvals.services.rulebook import parameter_lines

ORDER_16 = "CN-DATA-EXPORT.thresholds.2024-03"
ORDER_11 = ("CN-DATA-EXPORT.thresholds.2022-09", "CN-DATA-EXPORT.thresholds.2023-06")


def lines(rule_id: str) -> dict[str, tuple[str, str]]:
    return {p.name: (p.label, p.label_zh) for p in parameter_lines(default_rulebook().rule(rule_id))}


# name, Order 16's labels, Order 11's labels
ROWS = [
    ("assessment_pi_exported_at_least",
     ("Security assessment: non-sensitive personal information exported of",
      "数据出境安全评估：向境外提供个人信息（不含敏感个人信息）人数"),
     ("Security assessment: personal information (sensitive included) exported of",
      "数据出境安全评估：向境外提供个人信息（含敏感个人信息）人数")),
    ("contract_pi_exported_at_least",
     ("Standard contract / certification: non-sensitive personal information exported of",
      "个人信息出境标准合同／个人信息保护认证：向境外提供个人信息（不含敏感个人信息）人数"),
     ("Standard contract / certification: personal information (sensitive included) exported of",
      "个人信息出境标准合同／个人信息保护认证：向境外提供个人信息（含敏感个人信息）人数")),
    ("assessment_sensitive_exported_at_least",
     ("Security assessment: sensitive personal information exported of", "数据出境安全评估：向境外提供敏感个人信息人数"),
     ("Security assessment: sensitive personal information exported of", "数据出境安全评估：向境外提供敏感个人信息人数")),
    ("contract_sensitive_exported_at_least",
     ("Standard contract / certification: sensitive personal information exported of",
      "个人信息出境标准合同／个人信息保护认证：向境外提供敏感个人信息人数"),
     ("Standard contract / certification: sensitive personal information exported of",
      "个人信息出境标准合同／个人信息保护认证：向境外提供敏感个人信息人数")),
]


@pytest.mark.parametrize(("name", "order_16", "order_11"), [pytest.param(*row, id=row[0]) for row in ROWS])
def test_each_version_names_what_it_counts(name: str, order_16: tuple[str, str], order_11: tuple[str, str]) -> None:
    assert lines(ORDER_16)[name] == order_16
    for rule_id in ORDER_11:
        assert lines(rule_id)[name] == order_11


def test_the_labels_follow_the_screenings_own_test_of_the_count() -> None:
    book = default_rulebook()
    for rule in book.rules:
        if rule.regime != "CN-DATA-EXPORT" or "assessment_pi_exported_at_least" not in rule.parameters:
            continue
        label = lines(rule.id)["assessment_pi_exported_at_least"][0]
        assert ("non-sensitive" in label) is counts_non_sensitive_pi(rule), rule.id


def test_other_regimes_keep_their_english_labels_alone() -> None:
    shown = lines("CN-SAMR.thresholds.2024")
    assert shown["worldwide_combined_more_than_cny"] == ("Combined worldwide turnover of the parties", "")
