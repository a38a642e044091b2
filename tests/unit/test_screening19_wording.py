"""Reasons worded once and cleanly, in English and Chinese: a CII operator's counts without
brackets inside brackets, one place for both organisation and headquarters said once, a
holding company organised abroad and run from China said in the order Chinese says it,
an activity list that names none of the rule's activities read as a sentence, and a plural
instrument ("publicly traded securities") with a plural verb; the LP exception says what
is excepted."""

from __future__ import annotations

import re
from typing import Any

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.screening import screen
from approvals.services.demo import demo_facts
from tests.unit.test_bilingual_reasons import DATES
from tests.unit.test_screening import AS_OF, COMPUTE, PI, SENS, facts_with
from tests.unit.test_screening2_places import LOADED


def reasons(changes: dict[str, Any], regime: str) -> list[tuple[str, str]]:
    found = screen(parse_facts(facts_with({**LOADED, **changes})), AS_OF, True).determination(regime)
    assert found is not None
    return [(r.text, r.text_zh) for r in found.reasons]


# id, changes, regime, English, Chinese (both exact)
ROWS = [
    ("cii-order-16", {"deal.data_export.cii_operator": True, PI: 1_200_000, SENS: 30_000}, "CN-DATA-EXPORT",
     "personal information has been exported since 1 January 2026 (non-sensitive personal information: 1,200,000; "
     "sensitive personal information: 30,000)",
     "自2026年1月1日起向境外提供个人信息：个人信息（不含敏感个人信息）1,200,000人，敏感个人信息30,000人"),
    ("cii-count-not-given", {"deal.data_export.cii_operator": True, PI: 0, SENS: None}, "CN-DATA-EXPORT",
     None, None),
    ("same-place-hong-kong", {"target.jurisdiction": "HK", "target.headquarters": "HK"}, "CN-FISR",
     "target is organised and headquartered in HK: not within the territory (CN)",
     "目标公司注册地和总部均在中国香港（HK）：不位于境内"),
    ("same-place-chinese-company", {"target.jurisdiction": "SG", "target.headquarters": "SG"}, "CN-US-CAPITAL",
     "target is organised and headquartered in SG: not a Chinese company (CN)",
     "目标公司注册地和总部均在新加坡（SG）：不属于中国企业"),
    ("holdco-run-from-china", {"target.jurisdiction": "KY", "target.headquarters": "CN"}, "CN-FISR",
     "target is organised in KY and headquartered in CN: within the territory",
     "目标公司注册于开曼群岛（KY）、总部位于中国（CN）：位于境内"),
    ("plural-instrument", {"deal.instrument": "public_securities"}, "US-OISP",
     # Covered as an acquisition of equity, until the exception for them applies.
     "publicly traded securities are a covered transaction type (an acquisition of equity), "
     "unless an exception applies", "公开交易证券属于受管辖交易类型（股权取得），但适用例外的除外"),
    ("singular-instrument", {"deal.instrument": "equity"}, "US-OISP",
     "equity acquisition is a covered transaction type", "股权收购属于受管辖交易类型"),
    ("lp-interest-excepted", {"deal.instrument": "lp_interest", "deal.lp_commitment_usd": 1_800_000}, "US-OISP",
     "LP commitment USD 1,800,000 is at most USD 2,000,000 (a commitment of that amount or less is excepted)",
     "有限合伙出资承诺额为1,800,000美元，在2,000,000美元以下（“以下”含本数；该数额以下的予以豁免）"),
    ("no-listed-activity", {"target.activities": ["ai_application"], COMPUTE: 1e20}, "US-OISP",
     "target's activities do not include quantum computing", "目标公司的经营活动不包括量子计算"),
]


@pytest.mark.parametrize(("changes", "regime", "text", "text_zh"),
                         [pytest.param(c, r, t, z, id=i) for i, c, r, t, z in ROWS if t is not None])
def test_the_reason_reads_once_and_cleanly(changes: dict[str, Any], regime: str, text: str, text_zh: str) -> None:
    assert (text, text_zh) in reasons(changes, regime)


def _nested(text: str) -> bool:
    depth = 0
    for char in text:
        if char in "（(":
            depth += 1
            if depth > 1:
                return True
        elif char in "）)":
            depth -= 1
    return False


def test_a_cii_operators_reasons_have_no_brackets_inside_brackets() -> None:
    for _, changes, _, _, _ in ROWS[:2]:
        for _, text_zh in reasons(changes, "CN-DATA-EXPORT"):
            assert not _nested(text_zh), text_zh


def test_no_demo_or_example_reason_doubles_a_place_or_reads_no_activity_among() -> None:
    """Every reason the demo cases give (at the dates the bilingual tests use): no place
    written twice in one clause, no "no activity among", no bracket inside a bracket in the
    CII / export counts."""
    doubled = re.compile(r"organised in ([A-Z]{2}) and headquartered in \1\b")
    for data in demo_facts():
        for day in (AS_OF, *DATES):
            for det in screen(parse_facts(data), day, True).determinations:
                for r in det.reasons:
                    assert not doubled.search(r.text), r.text
                    assert "no activity among" not in r.text, r.text
                    assert not re.search(r"注册于(\S+?)（[A-Z]{2}）、总部位于\1：", r.text_zh), r.text_zh
                    if det.regime == "CN-DATA-EXPORT":
                        assert not _nested(r.text_zh), r.text_zh
