"""An investor whose facts say investor.kind "individual" is a natural person, not a company
(content format 22). The filings asked for what only an entity has — its LEI, ultimate parent
(the US notification's "ultimate owner", which 31 CFR 850.405(b)(2) asks for only "if the
U.S. person is an entity"), principal place of business, website and authorised
representative — as MISSING (required), named the person's country a place of
organisation (注册地) and their name 名称, and called the person "it". Read back from the PDF
with pypdf."""

from __future__ import annotations

import copy
import io
import re
from dataclasses import replace
from typing import Any

import pytest
from pypdf import PdfReader

from approvals.domain.facts import parse_facts
from approvals.filings import common as k
from approvals.filings import compose
from approvals.filings.data import FilingData
from approvals.filings.layout import build_pdf
from tests.unit.test_filing_content_version import FACTS, NOW, PARTICULARS, synthetic_case

NOT_APPLICABLE_EN = "Not applicable: the investor is an individual (a natural person)"
NOT_APPLICABLE_ZH = "不适用：投资者为自然人"
# What only an entity has, as each filing's missing-information box would name it.
ENTITY_ONLY_NAMES = ("ultimate", "实际控制人", "LEI", "website", "principal place of business",
                     "authorised representative", "授权代表")


def _case(kind: str = "individual", **investor: Any) -> FilingData:
    """The fixed case, its investor a natural person who has none of an entity's particulars."""
    facts: dict[str, Any] = copy.deepcopy(FACTS)
    facts["investor"] = {"name": "Jane Example", "us_person": True, "kind": kind,
                         "jurisdiction": "US", **investor}
    particulars = copy.deepcopy(PARTICULARS)
    del particulars["foreign_investor"]["authorised_representative"]
    del particulars["us_person"]["website"]
    del particulars["us_person"]["principal_place_of_business"]
    return replace(synthetic_case(), facts=parse_facts(facts), particulars=particulars)


def _text(data: FilingData, kind: str) -> str:
    document, _missing = compose(data, kind, final=False, now=NOW)
    pdf, _pages = build_pdf(document)
    # One space for every run of white space: a cell may wrap anywhere.
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def _section(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end)]


@pytest.mark.parametrize("kind", ["cn-application", "us-notification"])
def test_an_individual_is_not_asked_for_what_only_an_entity_has(kind: str) -> None:
    _document, missing = compose(_case(), kind, final=False, now=NOW)
    named = " ".join(f"{path} {text}" for path, text in missing).lower()
    assert [n for n in ENTITY_ONLY_NAMES if n.lower() in named] == [], missing
    assert not {path for path, _ in missing} & set(k.ENTITY_ONLY)


@pytest.mark.parametrize("kind", ["cn-application", "us-notification"])
def test_an_entity_is_still_asked_for_its_ultimate_parent(kind: str) -> None:
    _document, missing = compose(_case("venture_fund"), kind, final=False, now=NOW)
    assert "investor.ultimate_parent" in [path for path, _ in missing]
    assert "MISSING" in _text(_case("venture_fund"), kind)


def test_the_chinese_application_treats_the_investor_as_a_person() -> None:
    text = _text(_case(), "cn-application")
    part2 = _section(text, "二、外国投资者基本情况", "三、交易情况")
    assert "MISSING" not in part2 and "缺少" not in part2, part2
    assert "姓名 Name Jane Example" in part2 and "名称" not in part2
    assert (f"法人机构识别编码（LEI） Legal Entity Identifier (LEI) {NOT_APPLICABLE_ZH} "
            f"{NOT_APPLICABLE_EN}") in part2
    assert f"实际控制人 Ultimate controlling person {NOT_APPLICABLE_ZH} {NOT_APPLICABLE_EN}" in part2
    assert ("授权代表 Authorised representative 不适用：投资者为自然人，由本人签字 "
            "Not applicable: the investor is an individual (a natural person), who signs in "
            "person") in part2
    assert "国籍或居住地 Nationality or country of residence 美国 / United States (US)" in part2
    assert "注册地" not in part2 and "Place of organisation" not in part2
    assert "未说明 / Not stated" not in part2.split("上一会计年度营业额")[0]
    # The control analysis calls the person "they", not "it".
    control = _section(text, "四、控制权分析", "五、所属行业与领域")
    assert "they will appoint no directors; they will not hold veto rights" in control
    assert " it " not in control
    # The person signs the declaration in person, having no authorised representative.
    declaration = text[text.index("十一、声明"):]
    assert "外国投资者本人（签字）" in declaration
    assert "The foreign investor in person (signature)" in declaration
    assert "授权代表" not in declaration


def test_the_us_notification_treats_the_us_person_as_a_person() -> None:
    text = _text(_case(), "us-notification")
    item2 = _section(text, "2. The US person", "3. Post-transaction organisation chart")
    assert "MISSING" not in item2, item2
    for label in ("Legal Entity Identifier (LEI)", "Principal place of business", "Website",
                  "Ultimate owner"):
        assert f"{label} {NOT_APPLICABLE_EN}" in item2, label
    assert "Nationality or country of residence United States (US)" in item2
    assert "Place of organisation" not in item2
    assert "Type Individual" in item2


def test_a_person_without_a_stated_country_is_asked_for_nationality_or_residence() -> None:
    cn_case = _case(jurisdiction=None)
    _document, missing = compose(cn_case, "cn-application", final=False, now=NOW)
    assert ("investor.jurisdiction", "外国投资者国籍或居住地 / Foreign investor's nationality "
            "or country of residence") in missing
    _document, missing = compose(cn_case, "us-notification", final=False, now=NOW)
    assert ("investor.jurisdiction", "US person: nationality or country of residence") in missing
    text = _text(cn_case, "cn-application")
    assert re.search(r"Nationality or country of residence ■ 缺少（必填） MISSING", text), text


def test_particulars_a_person_gives_anyway_are_printed() -> None:
    data = _case(ultimate_parent="Jane Example", lei="5493001KJTIIGC8Y1R12")
    data = replace(data, particulars={
        **data.particulars,
        "foreign_investor": {**data.particulars["foreign_investor"],
                             "authorised_representative": "John Agent"}})
    text = _text(data, "cn-application")
    part2 = _section(text, "二、外国投资者基本情况", "三、交易情况")
    assert "Ultimate controlling person Jane Example" in part2
    assert "5493001KJTIIGC8Y1R12" in part2 and "Authorised representative John Agent" in part2
    assert NOT_APPLICABLE_EN not in part2
    # Signed by the representative given, as for an entity.
    assert "外国投资者授权代表（签字）" in text[text.index("十一、声明"):]


def test_an_entity_investor_is_worded_as_an_entity() -> None:
    text = _text(synthetic_case(), "cn-application")
    part2 = _section(text, "二、外国投资者基本情况", "三、交易情况")
    assert "名称 Name" in part2 and "注册地 Place of organisation" in part2
    assert "自然人" not in part2 and "Nationality" not in part2
    assert "it will appoint no directors; it will not hold veto rights" in text
    assert "Authorised representative of the foreign investor (signature)" in text
