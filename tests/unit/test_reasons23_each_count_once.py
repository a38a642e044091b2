"""A CN-DATA-EXPORT count compared with two thresholds (the security assessment's and the
standard contract's) is said once, with the nearest threshold it reached and the nearest
it did not ("20,000 is less than 100,000"), in English and in Chinese: not
"20,000 … less than 1,000,000" and again "… less than 100,000", nor "0 is less than 10,000"
and again "no sensitive personal information has been exported". The rule id, citation
and counting words (以上: inclusive) stay."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.screening import Determination, screen
from tests.unit.test_screening import AS_OF, PI, SENS, facts_with

ORDER_11_DAY = date(2023, 7, 1)
OLD_PI = "deal.data_export.pi_subjects_since_previous_year"


def _det(changes: dict[str, Any], as_of: date = AS_OF) -> Determination:
    found = screen(parse_facts(facts_with(changes)), as_of, True).determination("CN-DATA-EXPORT")
    assert found is not None
    return found


@pytest.mark.parametrize(("changes", "outcome", "text", "text_zh"), [
    ({PI: 20_000}, "not_required",
     "individuals whose non-sensitive personal information has been exported since 1 January 2026: "
     "20,000 is less than 100,000 (以上: inclusive)",
     "自2026年1月1日起向境外提供其个人信息（不含敏感个人信息）的人数为20,000人，"
     "不满100,000人（“以上”含本数）"),
    ({PI: 100_000}, "filing_required",
     "individuals whose non-sensitive personal information has been exported since 1 January 2026: "
     "100,000 is at least 100,000 and less than 1,000,000 (以上: inclusive)",
     "自2026年1月1日起向境外提供其个人信息（不含敏感个人信息）的人数为100,000人，"
     "达到100,000人以上，不满1,000,000人（“以上”含本数）"),
    ({SENS: 0}, "not_required",
     "no sensitive personal information has been exported since 1 January 2026",
     "自2026年1月1日起未向境外提供敏感个人信息"),
    ({SENS: 9_999}, "filing_required",
     "sensitive personal information of 9,999 individuals has been exported since 1 January 2026 "
     "(counted from the first individual): less than 10,000 (以上: inclusive)",
     "自2026年1月1日起向境外提供9,999人的敏感个人信息（自第一人起计入），不满10,000人（“以上”含本数）"),
])
def test_a_count_compared_with_two_thresholds_is_said_once(changes: dict[str, Any], outcome: str,
                                                           text: str, text_zh: str) -> None:
    det = _det(changes)
    assert det.outcome == outcome
    line = next(r for r in det.reasons if r.text == text)
    assert line.text_zh == text_zh
    assert line.rule == "CN-DATA-EXPORT.thresholds.2024-03"
    assert line.citation  # the rule's citation goes with the merged line
    texts = [r.text for r in det.reasons]
    pi_lines = [t for t in texts if t.startswith("individuals whose non-sensitive")]
    sens_lines = [t for t in texts if t.startswith(("individuals whose sensitive", "no sensitive",
                                                    "sensitive personal information of"))]
    assert len(pi_lines) == 1 and len(sens_lines) == 1, texts


def test_the_spec_example_says_each_count_once() -> None:
    # consumer-app: 20,000 non-sensitive, 0 sensitive: four count lines before, two now.
    det = _det({PI: 20_000, SENS: 0})
    texts = [r.text for r in det.reasons]
    assert [t for t in texts if "20,000" in t] == [
        "individuals whose non-sensitive personal information has been exported since 1 January 2026: "
        "20,000 is less than 100,000 (以上: inclusive)"]
    assert [t for t in texts if "sensitive personal information" in t and "non-sensitive" not in t] == [
        "no sensitive personal information has been exported since 1 January 2026"]


def test_a_count_decided_by_its_first_threshold_is_said_with_that_one() -> None:
    # The assessment's 1,000,000 decides: the contract's threshold was not compared.
    texts = [r.text for r in _det({PI: 1_000_000}).reasons]
    assert ("individuals whose non-sensitive personal information has been exported since 1 January 2026: "
            "1,000,000 is at least 1,000,000 (以上: inclusive)") in texts


def test_a_count_not_given_is_said_missing_once() -> None:
    det = _det({PI: None, SENS: None})
    assert det.outcome == "needs_info"
    texts = [r.text for r in det.reasons]
    for path in (PI, SENS):
        assert sum(t.startswith("the facts do not state") and t.endswith(f"({path})") for t in texts) == 1, texts


def test_order_11_compares_once_and_is_unchanged() -> None:
    texts = [r.text for r in _det({OLD_PI: 150_000}, ORDER_11_DAY).reasons]
    assert ("individuals whose personal information has been exported since 1 January 2022: 150,000 is "
            "at least 100,000 (以上: inclusive)") in texts
