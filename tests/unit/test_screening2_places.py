"""Places, regime by regime: Hong Kong, Macao and Taiwan targets and investors, offshore
holding companies run from China, and investors from Hong Kong, Macao and Taiwan, whom
the Chinese inbound rules treat by reference (参照), not as foreign investors."""

from __future__ import annotations

from typing import Any

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.screening import Determination, screen
from tests.unit.test_screening import AS_OF, COMPUTE, PI, TRANSFER_FREE, facts_with

# Facts every regime has something to decide on: military field, a prohibited activity, a
# technology transfer, personal information over the assessment threshold, a leading AI lab
# above 10^25 operations.
LOADED = {
    "target.security_sectors": ["military"],
    "target.activities": ["ai_model_development", "news_information"],
    "target.leading_tech_enterprise": True,
    "deal.technology_transfer": TRANSFER_FREE,
    PI: 2_000_000,
    COMPUTE: 3e25,
}
REGIMES = ("CN-US-CAPITAL", "CN-FISR", "CN-NEGATIVE-LIST", "CN-TECH-EXPORT", "CN-DATA-EXPORT", "US-OISP")


def outcomes(changes: dict[str, Any]) -> dict[str, str]:
    got = screen(parse_facts(facts_with({**LOADED, **changes})), AS_OF, True).outcomes()
    return {regime: got[regime] for regime in REGIMES}


def target_in(org: str | None, hq: str | None) -> dict[str, Any]:
    return {"target.jurisdiction": org, "target.headquarters": hq}


MAINLAND = {"CN-US-CAPITAL": "approval_required", "CN-FISR": "approval_required", "CN-NEGATIVE-LIST": "prohibited",
            "CN-TECH-EXPORT": "filing_required", "CN-DATA-EXPORT": "approval_required", "US-OISP": "prohibited"}
# Hong Kong and Macao: outside the Chinese inbound rules' territory, inside the US
# program's country of concern.
SAR = {"CN-US-CAPITAL": "not_required", "CN-FISR": "not_required", "CN-NEGATIVE-LIST": "not_required",
       "CN-TECH-EXPORT": "not_required", "CN-DATA-EXPORT": "not_required", "US-OISP": "prohibited"}
ELSEWHERE = {**SAR, "US-OISP": "not_required"}

TARGETS: list[tuple[str, dict[str, Any], dict[str, str]]] = [
    ("mainland", target_in("CN", "CN"), MAINLAND),
    ("hong-kong", target_in("HK", "HK"), SAR),
    ("macao", target_in("MO", "MO"), SAR),
    # Taiwan is not part of the country of concern of 31 CFR Part 850.
    ("taiwan", target_in("TW", "TW"), ELSEWHERE),
    ("singapore", target_in("SG", "SG"), ELSEWHERE),
    # An offshore holding company headquartered in China is a Chinese company for every regime.
    ("cayman-holdco-hq-mainland", target_in("KY", "CN"), MAINLAND),
    ("bvi-holdco-hq-mainland", target_in("VG", "CN"), MAINLAND),
    # Organised on the mainland, run from Hong Kong: still organised within the territory.
    ("mainland-company-hq-hong-kong", target_in("CN", "HK"), MAINLAND),
    ("cayman-holdco-hq-hong-kong", target_in("KY", "HK"), SAR),
]


@pytest.mark.parametrize(("changes", "expected"), [pytest.param(c, e, id=i) for i, c, e in TARGETS])
def test_where_the_target_is(changes: dict[str, Any], expected: dict[str, str]) -> None:
    assert outcomes(changes) == expected


# Investors from Hong Kong, Macao and Taiwan: the inbound rules apply by reference.
INVESTORS: list[tuple[str, str, dict[str, str]]] = [
    ("hong-kong", "HK", {**MAINLAND, "CN-US-CAPITAL": "not_required", "US-OISP": "not_required"}),
    ("macao", "MO", {**MAINLAND, "CN-US-CAPITAL": "not_required", "US-OISP": "not_required"}),
    ("taiwan", "TW", {**MAINLAND, "CN-US-CAPITAL": "not_required", "US-OISP": "not_required"}),
    ("mainland", "CN", {**MAINLAND, "CN-US-CAPITAL": "not_required", "US-OISP": "not_required",
                        "CN-FISR": "not_required", "CN-NEGATIVE-LIST": "not_required",
                        "CN-TECH-EXPORT": "not_required"}),
]


@pytest.mark.parametrize(("place", "expected"), [pytest.param(p, e, id=i) for i, p, e in INVESTORS])
def test_where_the_investor_is(place: str, expected: dict[str, str]) -> None:
    assert outcomes({"investor.jurisdiction": place, "investor.us_person": False}) == expected


def _investor_line(regime: str, place: str) -> tuple[str, str]:
    found: Determination | None = screen(parse_facts(facts_with(
        {**LOADED, "investor.jurisdiction": place, "investor.us_person": False})), AS_OF).determination(regime)
    assert found is not None
    line = next(r for r in found.reasons if r.text.startswith("investor is organised in"))
    return line.text, line.text_zh


@pytest.mark.parametrize("regime", ["CN-FISR", "CN-NEGATIVE-LIST"])
@pytest.mark.parametrize("place", ["HK", "MO", "TW"])
def test_an_investor_from_hong_kong_macao_or_taiwan_is_screened_by_reference(regime: str, place: str) -> None:
    text, text_zh = _investor_line(regime, place)
    assert text == (f"investor is organised in {place}: screened as a foreign investor (the rule applies to "
                    f"investors from HK, MO, TW by reference)")
    assert "参照外国投资者审查" in text_zh and "属于外国投资者" not in text_zh


def test_a_foreign_investor_is_still_called_one() -> None:
    assert _investor_line("CN-FISR", "SG") == ("investor is organised in SG: a foreign investor",
                                               "投资者注册于新加坡（SG）：属于外国投资者")
