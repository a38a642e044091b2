"""Order 16 (CAC, from 2024-03-22) counts individuals of non-sensitive personal information
(不含敏感个人信息) apart from those of sensitive personal information; Order 11 (2022-09-01 to
2024-03-21) counted all personal information. The field `pi_subjects_current_year` is
Order 16's count, yet its label, the wizard's hint and the screening reasons called it plain
"personal information": an officer counting sensitive-PI individuals in both fields could
get approval_required where the rule gives filing_required. Each place says what it counts."""

from __future__ import annotations

from datetime import date
from typing import Any
from unittest.mock import MagicMock

from approvals.domain import field_labels as fl
from approvals.domain.facts import parse_facts
from approvals.domain.screening import Reason, screen
from approvals.filings import compose
from approvals.store.audit import Actor
from tests.unit.test_filing_content_version import NOW, synthetic_case
from tests.unit.test_screening import AS_OF, facts_with

ORDER_11_LAST_DAY = date(2024, 3, 21)
ORDER_16_FIRST_DAY = date(2024, 3, 22)


def _data_export(changes: dict[str, Any], as_of: date) -> tuple[str, list[Reason]]:
    facts = parse_facts(facts_with({f"deal.data_export.{k}": v for k, v in changes.items()}))
    det = screen(facts, as_of, True).determination("CN-DATA-EXPORT")
    assert det is not None
    return det.outcome, list(det.reasons)


def test_order_16_reasons_say_the_count_is_of_non_sensitive_personal_information() -> None:
    for as_of in (ORDER_16_FIRST_DAY, AS_OF):
        outcome, reasons = _data_export({"pi_subjects_current_year": 250_000}, as_of)
        assert outcome == "filing_required"
        year = as_of.year
        en = [r.text for r in reasons]
        zh = [r.text_zh for r in reasons]
        assert (f"individuals whose non-sensitive personal information has been exported since 1 January "
                f"{year}: 250,000 is at least 100,000 and less than 1,000,000 (以上: inclusive)") in en
        assert any(t.startswith(f"自{year}年1月1日起向境外提供其个人信息（不含敏感个人信息）的人数为250,000人")
                   for t in zh), zh
        # The sensitive count keeps its own words: none exported is said alone, not as
        # "0 is less than 10,000" (the contract tier's threshold of 1 is not said, its
        # non-sensitive limb having hit).
        assert f"no sensitive personal information has been exported since 1 January {year}" in en
        assert not any("0 is less than" in t for t in en), en


def test_order_16_cii_limb_names_both_counts_as_they_are_counted() -> None:
    _, reasons = _data_export({"cii_operator": True, "pi_subjects_current_year": 500}, AS_OF)
    assert ("personal information has been exported since 1 January 2026 (non-sensitive personal "
            "information: 500; sensitive personal information: 0)") in [r.text for r in reasons]
    assert ("自2026年1月1日起向境外提供个人信息：个人信息（不含敏感个人信息）500人，敏感个人信息0人"
            in [r.text_zh for r in reasons])


def test_order_11_reasons_count_all_personal_information() -> None:
    outcome, reasons = _data_export({"pi_subjects_since_previous_year": 150_000}, ORDER_11_LAST_DAY)
    assert outcome == "approval_required"
    en = [r.text for r in reasons]
    assert ("individuals whose personal information has been exported since 1 January 2023: 150,000 is "
            "at least 100,000 (以上: inclusive)") in en
    assert not any("non-sensitive" in t for t in en), en
    assert not any("不含敏感个人信息" in r.text_zh for r in reasons)
    _, reasons = _data_export({"cii_operator": True, "pi_subjects_since_previous_year": 5},
                              ORDER_11_LAST_DAY)
    assert ("personal information has been exported since 1 January 2023 (personal information: 5; "
            "sensitive personal information: 0)") in [r.text for r in reasons]


def test_the_label_says_non_sensitive_in_english_and_chinese() -> None:
    path = "deal.data_export.pi_subjects_current_year"
    section = "Technology transfer and data export"
    assert fl.fact_label(path) == f"Individuals (non-sensitive PI) since 1 Jan this year ({section})"
    assert fl.fact_label(path, "zh").startswith("自当年1月1日起出境个人信息（不含敏感个人信息）人数")
    # Order 11's field counts all PI: its name has no "non-sensitive".
    assert "non-sensitive" not in fl.fact_label("deal.data_export.pi_subjects_since_previous_year")
    assert "不含" not in fl.fact_label("deal.data_export.pi_subjects_since_previous_year", "zh")


def test_the_chinese_application_names_the_field_as_non_sensitive() -> None:
    document, _ = compose(synthetic_case(), "cn-application", final=False, now=NOW)
    text = str(document.blocks)
    assert "Non-sensitive personal information exported since 1 January (individuals)" in text
    assert "自当年1月1日起出境个人信息（不含敏感个人信息）人数" in text


def test_the_wizard_hints_say_what_each_count_counts() -> None:
    from PySide6.QtWidgets import QApplication

    from approvals.ui.wizard import IntakeWizard

    _app = QApplication.instance() or QApplication([])
    wizard = IntakeWizard(MagicMock(), Actor("alice", ("preparer",)))
    try:
        hints = {field.path[-1]: field.widget.toolTip() for field in wizard.fields
                 if field.path[:2] == ("deal", "data_export") and "PI" in field.label}
    finally:
        wizard.deleteLater()
    assert "non-sensitive personal information" in hints["pi_subjects_current_year"]
    assert "Order 16" in hints["pi_subjects_current_year"]
    assert "sensitive included" in hints["pi_subjects_since_previous_year"]
    assert "Order 11" in hints["pi_subjects_since_previous_year"]
    assert "non-sensitive" not in hints["pi_subjects_since_previous_year"]
    assert all(hint.startswith("PI: personal information.") for hint in hints.values())


def test_a_count_that_did_not_hit_is_said_against_its_nearest_threshold_of_both_tiers() -> None:
    # The contract filing is due on the sensitive count alone: the non-sensitive count is
    # said against the nearer threshold it did not reach, the contract's 100,000, not
    # against the assessment's 1,000,000 alone (the contract's limb unsaid, having missed).
    for count in (0, 50_000):
        outcome, reasons = _data_export({"pi_subjects_current_year": count,
                                         "sensitive_pi_subjects_current_year": 500}, AS_OF)
        assert outcome == "filing_required"
        en = [r.text for r in reasons]
        assert any(t.endswith(f"{count:,} is less than 100,000 (以上: inclusive)") for t in en), en
        assert not any("1,000,000" in t for t in en), en
