"""A place of the rule's list, just named, is not named again in the same reason, in either
language: "target is organised in CN: a Chinese company" (not "… (CN)"), "target is
organised in CN: a person of a country of concern" (not "… (CN, HK, MO)"), and with a
territory of several places "目标公司注册于中国香港（HK）：位于境内" (not "…：位于境内
（中国、中国香港、中国澳门）"). Where no place of the list is named (outside it, or not
known) the list is said, so the reader knows what was asked."""

from __future__ import annotations

import re
from typing import Any

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.places import place_name_zh
from approvals.domain.rulebook import Rulebook
from approvals.domain.screening import Reason, screen
from tests.unit.test_screening import AS_OF, facts_with

ORG, HQ, INV = "target.jurisdiction", "target.headquarters", "investor.jurisdiction"
INBOUND = ("CN-FISR", "CN-NEGATIVE-LIST", "CN-TECH-EXPORT", "CN-DATA-EXPORT")
TRANSFERS = {"deal.technology_transfer": {"transfers": True, "prohibited_catalogue_items": ["x"]}}


def _reasons(changes: dict[str, Any], rulebook: Rulebook | None = None) -> dict[str, list[Reason]]:
    result = screen(parse_facts(facts_with(changes)), AS_OF, True, rulebook=rulebook)
    return {d.regime: list(d.reasons) for d in result.determinations}


def _about(reasons: list[Reason], start: str) -> Reason:
    [reason] = [r for r in reasons if r.text.startswith(start)]
    return reason


def _times(code: str, text: str) -> int:
    return len(re.findall(rf"\b{code}\b", text))


def _times_zh(code: str, text: str) -> int:
    # 中国 is inside 中国香港 and 中国澳门: count the name where no longer name goes on.
    return len(re.findall(rf"{place_name_zh(code)}(?![香澳台])", text))


@pytest.mark.parametrize(("changes", "start", "english", "chinese"), [
    ({ORG: "CN", HQ: "CN"}, "target is organised in CN",
     "target is organised in CN: a Chinese company", "目标公司注册于中国（CN）：属于中国企业"),
    ({ORG: "KY", HQ: "CN"}, "target is organised in KY",
     "target is organised in KY and headquartered in CN: a Chinese company",
     "目标公司注册于开曼群岛（KY）、总部位于中国（CN）：属于中国企业"),
], ids=["organised-in-cn", "run-from-cn"])
def test_a_chinese_company_is_not_followed_by_its_code(
        changes: dict[str, Any], start: str, english: str, chinese: str) -> None:
    reason = _about(_reasons({**changes, "target.leading_tech_enterprise": True})["CN-US-CAPITAL"], start)
    assert (reason.text, reason.text_zh) == (english, chinese)


@pytest.mark.parametrize("code", ["CN", "HK", "MO"])
def test_a_country_of_concern_just_named_is_not_listed_again(code: str) -> None:
    for changes, start in (({ORG: code, HQ: code}, f"target is organised in {code}"),
                           ({ORG: "KY", HQ: code}, "target is organised in KY")):
        reason = _about(_reasons(changes)["US-OISP"], start)
        assert reason.text.endswith(": a person of a country of concern"), reason.text
        assert reason.text_zh.endswith("：属于受关注国家人员"), reason.text_zh
        assert _times(code, reason.text) == 1, reason.text
        assert _times_zh(code, reason.text_zh) == 1, reason.text_zh


def test_a_place_of_organisation_not_read_keeps_one_parenthesis() -> None:
    # Headquartered in CN with a place of organisation in words: one parenthesis, the note.
    reason = _about(_reasons({ORG: "Cayman Islands", HQ: "CN"})["US-OISP"], "target is headquartered in CN")
    assert reason.text.startswith("target is headquartered in CN: a person of a country of concern "
                                  "(place of organisation 'Cayman Islands'")
    assert reason.text_zh.startswith("目标公司总部位于中国（CN）：属于受关注国家人员（注册地")


def test_without_a_place_of_the_list_the_list_is_said() -> None:
    reasons = _reasons({ORG: "SG", HQ: "SG"})
    oisp = _about(reasons["US-OISP"], "target is organised and headquartered in SG")
    assert oisp.text == "target is organised and headquartered in SG: not a person of a country of concern (CN, HK, MO)"
    assert oisp.text_zh == "目标公司注册地和总部均在新加坡（SG）：不属于受关注国家人员（中国、中国香港、中国澳门）"
    capital = _about(reasons["CN-US-CAPITAL"], "target is organised and headquartered in SG")
    assert capital.text == "target is organised and headquartered in SG: not a Chinese company (CN)"


@pytest.mark.parametrize("code", ["CN", "HK", "MO"])
def test_the_chinese_names_a_place_of_a_wider_territory_once(wider_territory: Rulebook, code: str) -> None:
    for changes, regimes in (({ORG: code, HQ: code}, INBOUND), ({ORG: "KY", HQ: code}, INBOUND),
                             ({ORG: "XX", HQ: code}, INBOUND),
                             ({INV: code, "investor.us_person": False, **TRANSFERS}, ("CN-TECH-EXPORT",))):
        reasons = _reasons(changes, wider_territory)
        for regime in regimes:
            said = [r.text_zh for r in reasons[regime] if "：位于境内" in r.text_zh]
            assert said, (regime, changes, [r.text_zh for r in reasons[regime]])
            for text in said:
                assert "位于境内（" not in text.replace("位于境内（注册地", ""), text
                assert _times_zh(code, text) == 1, text
    # Outside the wider territory the Chinese names its places.
    reasons = _reasons({ORG: "SG", HQ: "SG"}, wider_territory)
    assert ("目标公司注册地和总部均在新加坡（SG）：不位于境内（中国、中国香港、中国澳门）"
            in [r.text_zh for r in reasons["CN-FISR"]])
