"""A target organised outside mainland China (a Cayman, BVI or Hong Kong holding company):
the US notification says why it has no Unified Social Credit Code, by the same rule as
the Chinese application (forms.json `applies_when`), and the Chinese application names
the applicant as the target company, not as a Chinese company (境内企业)."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

import pytest

from approvals.domain.facts import parse_facts
from approvals.filings import compose
from approvals.filings.content import Fields, FilingDocument, Heading
from approvals.filings.data import FilingData
from tests.unit.test_filing_content_version import FACTS, NOW, synthetic_case


def _case(jurisdiction: str | None, uscc: str | None = None) -> FilingData:
    facts: dict[str, Any] = copy.deepcopy(FACTS)
    facts["target"]["jurisdiction"] = jurisdiction
    facts["target"]["uscc"] = uscc
    return replace(synthetic_case(), facts=parse_facts(facts))


def _document(data: FilingData, kind: str) -> FilingDocument:
    document, _missing = compose(data, kind, final=False, now=NOW)
    return document


def _row(document: FilingDocument, label: str) -> str:
    rows = [row for block in document.blocks if isinstance(block, Fields) for row in block.rows]
    return next(row.value for row in rows if row.label_en == label)


def _part_1(document: FilingDocument) -> Heading:
    return next(b for b in document.blocks if isinstance(b, Heading) and b.en.startswith("Part 1."))


@pytest.mark.parametrize(("place", "name"), [
    ("KY", "Cayman Islands (KY)"), ("VG", "British Virgin Islands (VG)"),
    ("HK", "Hong Kong, China (HK)"),
])
def test_the_us_notification_says_why_an_offshore_target_has_no_uscc(place: str, name: str) -> None:
    row = _row(_document(_case(place), "us-notification"), "Unified Social Credit Code")
    assert row == (f"Not applicable: place of organisation {name}; a Unified Social Credit "
                   "Code is issued only to an entity registered in mainland China")
    # The same words as the Chinese application's English line (one rule for both).
    cn_row = _row(_document(_case(place), "cn-application"), "Unified Social Credit Code")
    assert cn_row.split("\n") == [cn_row.split("\n")[0], row]


@pytest.mark.parametrize("place", ["CN", None])
def test_a_uscc_not_stated_for_a_chinese_or_unplaced_target_says_so(place: str | None) -> None:
    row = _row(_document(_case(place), "us-notification"), "Unified Social Credit Code")
    assert row == "Not stated"  # as an unknown Yes/No; a dash read as "none"


def test_a_stated_uscc_is_printed_as_stated() -> None:
    row = _row(_document(_case("CN", "91330100MHDQAEJXEB"), "us-notification"),
               "Unified Social Credit Code")
    assert row == "91330100MHDQAEJXEB"


def test_a_chinese_target_is_the_applicant_as_a_chinese_company() -> None:
    heading = _part_1(_document(_case("CN"), "cn-application"))
    assert (heading.en, heading.zh) == ("Part 1. Applicant (the Chinese company)",
                                        "一、申请人（境内企业）基本情况")


@pytest.mark.parametrize(("place", "en", "zh"), [
    ("KY", "Cayman Islands", "开曼群岛"), ("VG", "British Virgin Islands", "英属维尔京群岛"),
    ("HK", "Hong Kong, China", "中国香港"),
])
def test_an_offshore_applicant_is_the_target_company_with_its_place(
        place: str, en: str, zh: str) -> None:
    heading = _part_1(_document(_case(place), "cn-application"))
    assert heading.en == f"Part 1. Applicant (the target company; place of organisation: {en})"
    assert heading.zh == f"一、申请人（目标公司；注册地：{zh}）基本情况"
    assert "境内企业" not in heading.zh and "Chinese company" not in heading.en


def test_an_applicant_not_yet_placed_is_the_target_company() -> None:
    heading = _part_1(_document(_case(None), "cn-application"))
    assert (heading.en, heading.zh) == ("Part 1. Applicant (the target company)",
                                        "一、申请人（目标公司）基本情况")


def test_the_applicant_particulars_are_the_target_companys() -> None:
    # The Filing particulars editor's section: right for a Cayman target as for a Chinese one.
    from approvals.filings.common import label

    assert label("particulars", "applicant") == ("Applicant (the target company)", "申请人（目标公司）")
