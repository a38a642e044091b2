"""A place inside the territory is named once in the English reason: "target is organised
in CN: within the territory", not "… within the territory (CN)" (the Chinese says 位于境内).
Where no place inside is named (outside it, or not known), the territory keeps its codes:
"not within the territory (CN)", "needed to tell whether it is within the territory (CN)".
With a wider territory (CN, HK, MO) each of its places is named once all the same."""

from __future__ import annotations

import re
from typing import Any

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.rulebook import (
    Rulebook,
    default_rulebook,
)
from approvals.domain.screening import screen
from tests.unit.test_screening import AS_OF, facts_with

ORG, HQ, INV = "target.jurisdiction", "target.headquarters", "investor.jurisdiction"
TRANSFERS = {"deal.technology_transfer": {"transfers": True, "prohibited_catalogue_items": ["x"]}}
# Regimes that ask whether the target is within the rule's territory.
INBOUND = ("CN-FISR", "CN-NEGATIVE-LIST", "CN-TECH-EXPORT", "CN-DATA-EXPORT")


def _texts(changes: dict[str, Any], rulebook: Rulebook | None = None) -> dict[str, list[str]]:
    result = screen(parse_facts(facts_with(changes)), AS_OF, True, rulebook=rulebook)
    return {d.regime: [r.text for r in d.reasons] for d in result.determinations}


def _line(texts: dict[str, list[str]], regime: str, start: str) -> str:
    [line] = [t for t in texts[regime] if t.startswith(start)]
    return line


def _times(code: str, text: str) -> int:
    return len(re.findall(rf"\b{code}\b", text))


@pytest.mark.parametrize(("changes", "start", "expected"), [
    ({ORG: "CN", HQ: "CN"}, "target is organised in CN",
     "target is organised in CN: within the territory"),
    ({ORG: "KY", HQ: "CN"}, "target is organised in KY",
     "target is organised in KY and headquartered in CN: within the territory"),
    ({ORG: "XX", HQ: "CN"}, "target is headquartered in CN",
     "target is headquartered in CN: within the territory (place of organisation given as XX, "
     "which means unknown or not stated)"),
    ({ORG: None, HQ: "CN"}, "target is headquartered in CN",
     "target is headquartered in CN: within the territory (the facts do not state its place of organisation)"),
], ids=["organised-in-cn", "run-from-cn", "organised-xx-run-from-cn", "organisation-not-given"])
def test_a_target_inside_the_territory_is_named_once(changes: dict[str, Any], start: str, expected: str) -> None:
    texts = _texts(changes)
    for regime in INBOUND:
        assert _line(texts, regime, start) == expected, regime


def test_an_investor_inside_the_territory_is_named_once() -> None:
    line = _line(_texts({INV: "CN", "investor.us_person": False, **TRANSFERS}), "CN-TECH-EXPORT", "investor is organised in CN")
    assert line == "investor is organised in CN: within the territory, so a transfer to it is no technology export"


def test_without_a_place_inside_the_territory_keeps_its_codes() -> None:
    texts = _texts({ORG: "HK", HQ: "HK"})
    assert _line(texts, "CN-FISR", "target is") == "target is organised and headquartered in HK: not within the territory (CN)"
    texts = _texts({"target.security_sectors": ["military"], ORG: "US", HQ: None})
    assert _line(texts, "CN-FISR", "target is").endswith("needed to tell whether it is within the territory (CN)")


@pytest.mark.parametrize("code", ["CN", "HK", "MO"])
def test_every_place_of_a_wider_territory_is_named_once(wider_territory: Rulebook, code: str) -> None:
    for changes, regimes in (({ORG: code, HQ: code}, INBOUND), ({ORG: "KY", HQ: code}, INBOUND),
                             ({ORG: "XX", HQ: code}, INBOUND), ({INV: code, "investor.us_person": False, **TRANSFERS}, ("CN-TECH-EXPORT",))):
        texts = _texts(changes, wider_territory)
        for regime in regimes:
            said = [t for t in texts[regime] if ": within the territory" in t]
            assert said, (regime, changes, texts[regime])
            for text in said:
                assert _times(code, text) == 1, text
    # Outside the wider territory, it is named.
    texts = _texts({ORG: "SG", HQ: "SG"}, wider_territory)
    assert "target is organised and headquartered in SG: not within the territory (CN, HK, MO)" in texts["CN-FISR"]


def test_the_shipped_territory_is_china_alone() -> None:
    # The inbound rules' territory as shipped: the reasons pinned above speak of it.
    territories = {tuple(rule.parameters["territory"]) for rule in default_rulebook().rules
                   if "territory" in rule.parameters}
    assert territories == {("CN",)}
