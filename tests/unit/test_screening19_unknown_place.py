"""XX, a place unknown or not stated: never read as a place outside the territory.

Regime by regime (regulatory reference): a target is Chinese (CN-US-CAPITAL), within the
territory (the inbound rules, data export) or a person of a country of concern (US-OISP)
when it is organised *or* headquartered there, so a known place inside decides and the XX
beside it is said; otherwise the XX field is needed (needs_info naming its path). An
investor whose place is XX is a foreign investor / a recipient outside the territory only
when marked a US person, and the reason says that this is assumed; otherwise its place is
needed. US-OISP asks whether the investor is a US person, which XX does not answer either
way: the answer decides. CN-SAMR reads no place."""

from __future__ import annotations

from typing import Any

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.screening import Determination, screen
from tests.unit.test_screening import AS_OF, facts_with
from tests.unit.test_screening2_places import LOADED, MAINLAND, REGIMES

TARGET_UNKNOWN = dict.fromkeys(REGIMES, "needs_info")
# Hong Kong: outside the inbound territory; in the US country of concern.
HK_AND_UNKNOWN = {**TARGET_UNKNOWN, "US-OISP": "prohibited"}
ORG, HQ, INV = "target.jurisdiction", "target.headquarters", "investor.jurisdiction"


def determinations(changes: dict[str, Any]) -> dict[str, Determination]:
    result = screen(parse_facts(facts_with({**LOADED, **changes})), AS_OF, True)
    found = {regime: result.determination(regime) for regime in REGIMES}
    assert all(d is not None for d in found.values())
    return found  # type: ignore[return-value]


# id, changes, outcome per regime, missing paths per needs_info regime
ROWS: list[tuple[str, dict[str, Any], dict[str, str], tuple[str, ...]]] = [
    ("target-organised-XX-hq-CN", {ORG: "XX", HQ: "CN"}, MAINLAND, ()),
    ("target-organised-CN-hq-XX", {ORG: "CN", HQ: "XX"}, MAINLAND, ()),
    ("target-organised-xx-lower-case", {ORG: "xx", HQ: "CN"}, MAINLAND, ()),
    ("target-XX-XX", {ORG: "XX", HQ: "XX"}, TARGET_UNKNOWN, (ORG, HQ)),
    ("target-organised-XX-hq-SG", {ORG: "XX", HQ: "SG"}, TARGET_UNKNOWN, (ORG,)),
    ("target-organised-US-hq-XX", {ORG: "US", HQ: "XX"}, TARGET_UNKNOWN, (HQ,)),
    ("target-organised-XX-hq-HK", {ORG: "XX", HQ: "HK"}, HK_AND_UNKNOWN, (ORG,)),
    ("investor-XX-us-person", {INV: "XX", "investor.us_person": True}, MAINLAND, ()),
    ("investor-XX-not-said", {INV: "XX", "investor.us_person": None},
     {**MAINLAND, "CN-US-CAPITAL": "needs_info", "CN-FISR": "needs_info", "CN-NEGATIVE-LIST": "needs_info",
      "CN-TECH-EXPORT": "needs_info", "US-OISP": "needs_info"}, (INV,)),
    ("investor-XX-not-us-person", {INV: "XX", "investor.us_person": False},
     {**MAINLAND, "CN-US-CAPITAL": "not_required", "CN-FISR": "needs_info", "CN-NEGATIVE-LIST": "needs_info",
      "CN-TECH-EXPORT": "needs_info", "US-OISP": "not_required"}, (INV,)),
]


@pytest.mark.parametrize(("changes", "expected", "paths"), [pytest.param(c, e, p, id=i) for i, c, e, p in ROWS])
def test_xx_is_unknown_regime_by_regime(
    changes: dict[str, Any], expected: dict[str, str], paths: tuple[str, ...],
) -> None:
    found = determinations(changes)
    assert {regime: d.outcome for regime, d in found.items()} == expected
    for regime, d in found.items():
        if d.outcome == "needs_info":
            # Each XX field the regime reads is named. CN-US-CAPITAL and US-OISP read no
            # investor place: they need the unsaid us_person answer instead.
            reads_place = INV not in paths or regime not in ("CN-US-CAPITAL", "US-OISP")
            needed = set(paths) if reads_place else {"investor.us_person"}
            assert needed <= set(d.missing), (regime, d.missing)
        # XX is never a place "outside": no reason calls the target or investor organised in XX.
        for reason in d.reasons:
            assert "organised in XX" not in reason.text and "headquartered in XX" not in reason.text
            assert "注册于XX" not in reason.text_zh and "总部位于XX" not in reason.text_zh


def _line(regime: str, changes: dict[str, Any], start: str) -> tuple[str, str]:
    d = determinations(changes)[regime]
    reason = next(r for r in d.reasons if r.text.startswith(start))
    return reason.text, reason.text_zh


@pytest.mark.parametrize(("regime", "what", "what_zh"), [
    ("CN-FISR", "a foreign investor", "属于外国投资者"),
    ("CN-NEGATIVE-LIST", "a foreign investor", "属于外国投资者"),
    ("CN-TECH-EXPORT", "a recipient outside the territory (CN)", "为境外接收方"),
])
def test_a_us_person_of_unknown_place_is_taken_as_foreign_and_it_says_so(regime: str, what: str, what_zh: str) -> None:
    text, text_zh = _line(regime, {INV: "XX", "investor.us_person": True}, "investor is a US person")
    assert text == (f"investor is a US person: {what} (place of organisation given as XX, which means unknown or "
                    "not stated; taken as organised outside the territory (CN): if it is organised within, "
                    "enter its code)")
    assert text_zh == (f"投资者为美国人：{what_zh}（注册地填为XX，即未知或未说明；按注册于境外处理，"
                       "如实际注册于境内，请填写注册地）")


def test_a_target_run_from_china_of_unknown_organisation_says_the_place_is_unknown() -> None:
    text, text_zh = _line("CN-FISR", {ORG: "XX", HQ: "CN"}, "target is headquartered in CN")
    assert text == ("target is headquartered in CN: within the territory (place of organisation given as XX, "
                    "which means unknown or not stated)")
    assert text_zh == "目标公司总部位于中国（CN）：位于境内（注册地填为XX，即未知或未说明）"


def test_a_target_of_unknown_places_names_both_fields() -> None:
    text, text_zh = _line("US-OISP", {ORG: "XX", HQ: "XX"}, "target's place of organisation")
    assert text == ("target's place of organisation given as XX, which means unknown or not stated "
                    "(target.jurisdiction); headquarters given as XX, which means unknown or not stated "
                    "(target.headquarters): needed to tell whether it is a person of a country of concern "
                    "(CN, HK, MO)")
    assert text_zh == ("目标公司注册地填为XX，即未知或未说明；总部所在地填为XX，即未知或未说明："
                       "无法判断其是否属于受关注国家人员（中国、中国香港、中国澳门）")
