"""Who signs the Chinese application for an applicant organised outside mainland China:
法定代表人 (legal representative) is a post of PRC company law that a Cayman, BVI or Hong
Kong company does not have (the demo worked round it with "陈立峰（董事）"). Its Part 1
row, its signature line, its missing-information line and the Filing particulars
editor's label now say 授权签字人 / Authorised signatory for such an applicant, chosen
from the facts as the Part 1 heading is; a target organised in mainland China prints as
before."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

import pytest

from approvals.domain.facts import parse_facts
from approvals.filings import compose
from approvals.filings.common import SIGNATORY_PATH, missing_fields
from approvals.filings.content import Fields, FilingDocument, Signature
from approvals.filings.data import FilingData
from approvals.services.particulars import particulars_form
from tests.unit.test_filing_content_version import FACTS, NOW, synthetic_case


def _case(jurisdiction: str | None, signatory: str | None = "陈立峰（董事）") -> FilingData:
    facts: dict[str, Any] = copy.deepcopy(FACTS)
    facts["target"]["jurisdiction"] = jurisdiction
    facts["target"]["uscc"] = None
    data = replace(synthetic_case(), facts=parse_facts(facts))
    particulars = copy.deepcopy(data.particulars)
    particulars.setdefault("applicant", {})["legal_representative"] = signatory
    return replace(data, particulars=particulars)


def _document(data: FilingData) -> FilingDocument:
    document, _missing = compose(data, "cn-application", final=False, now=NOW)
    return document


def _signatory_row(document: FilingDocument) -> tuple[str, str, str]:
    rows = [row for block in document.blocks if isinstance(block, Fields) for row in block.rows]
    row = next(row for row in rows if row.path == SIGNATORY_PATH)
    return row.label_en, row.label_zh, row.value


def _applicant_signature(document: FilingDocument) -> tuple[str, str | None]:
    signature = next(b for b in document.blocks if isinstance(b, Signature))
    return signature.boxes[0]


def test_a_chinese_applicant_signs_by_its_legal_representative_as_before() -> None:
    document = _document(_case("CN", "张伟"))
    assert _signatory_row(document) == ("Legal representative", "法定代表人", "张伟")
    assert _applicant_signature(document) == (
        "Legal representative of the applicant (signature)", "申请人法定代表人（签字）")


@pytest.mark.parametrize("place", ["KY", "VG", "HK"])
def test_an_offshore_applicant_signs_by_an_authorised_signatory(place: str) -> None:
    document = _document(_case(place))
    assert _signatory_row(document) == ("Authorised signatory", "授权签字人", "陈立峰（董事）")
    assert _applicant_signature(document) == (
        "Authorised signatory of the applicant (signature)", "申请人授权签字人（签字）")
    assert "法定代表人" not in repr(document.blocks)  # nowhere in the application


def test_an_applicant_not_yet_placed_is_named_both_ways() -> None:
    document = _document(_case(None))
    assert _signatory_row(document)[:2] == ("Legal representative or authorised signatory",
                                            "法定代表人或授权签字人")
    assert _applicant_signature(document)[1] == "申请人法定代表人或授权签字人（签字）"


@pytest.mark.parametrize(("place", "line"), [
    ("CN", "申请人法定代表人 / Applicant's legal representative"),
    ("KY", "申请人授权签字人 / Applicant's authorised signatory"),
])
def test_the_missing_box_names_the_signatory_as_the_row_does(place: str, line: str) -> None:
    missing = dict(missing_fields("cn-application", _case(place, None)))
    assert missing[SIGNATORY_PATH] == line


def test_without_a_case_the_editor_names_the_signatory_both_ways() -> None:
    field = next(f for s in particulars_form() for f in s.fields if f.path == SIGNATORY_PATH)
    assert (field.label_en, field.label_zh) == ("Legal representative", "法定代表人")
    assert field.name_without_the_case == "Legal representative or authorised signatory"
