"""Who is a US person (US-OISP, CN-US-CAPITAL): an investor organised in the United States
or a US territory is one by definition, whatever the answer to the question says; an
investor that is not one leaves the US persons behind it to check when the deal would be
covered for them (controlled foreign entities, knowingly directing)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.rulebook import (
    RulebookError,
    default_rulebook,
    default_rulebook_dir,
    load_rulebook,
)
from approvals.domain.screening import Determination, screen
from tests.unit.test_screening import AS_OF, COMPUTE, facts_with

PROHIBITED_AI = {COMPUTE: 3e25, "target.leading_tech_enterprise": True}


def determination(changes: dict[str, Any], regime: str, **kwargs: Any) -> Determination:
    found = screen(parse_facts(facts_with(changes)), AS_OF, True, **kwargs).determination(regime)
    assert found is not None
    return found


# (id, investor.jurisdiction, investor.us_person, US-OISP, CN-US-CAPITAL, words in the US-OISP reasons)
PLACES: list[tuple[str, str | None, bool | None, str, str, str]] = [
    ("us-unanswered", "US", None, "prohibited", "approval_required",
     "investor is organised in US: a US person (an entity organised under the laws of the United States"),
    ("puerto-rico-unanswered", "PR", None, "prohibited", "approval_required", "investor is organised in PR"),
    ("us-lower-case", "us", None, "prohibited", "approval_required", "investor is organised in US"),
    ("us-answered-no", "US", False, "prohibited", "approval_required",
     "a US person, although marked not a US person"),
    ("us-answered-yes", "US", True, "prohibited", "approval_required", "investor is a US person"),
    ("singapore-unanswered", "SG", None, "needs_info", "needs_info", "the facts do not state whether the investor is a US person"),
    ("singapore-answered-no", "SG", False, "not_required", "not_required", "investor is not a US person"),
    ("place-unknown-answered-yes", None, True, "prohibited", "approval_required", "investor is a US person"),
    ("place-unknown-unanswered", None, None, "needs_info", "needs_info", "whether the investor is a US person (investor.us_person)"),
]


@pytest.mark.parametrize(("place", "answer", "oisp", "capital", "words"), [pytest.param(*row[1:], id=row[0])
                                                                         for row in PLACES])
def test_a_place_of_organisation_in_the_united_states_makes_a_us_person(
        place: str | None, answer: bool | None, oisp: str, capital: str, words: str) -> None:
    changes = {**PROHIBITED_AI, "investor.jurisdiction": place, "investor.us_person": answer}
    found = determination(changes, "US-OISP")
    assert found.outcome == oisp
    assert any(words in reason.text for reason in found.reasons), [r.text for r in found.reasons]
    assert determination(changes, "CN-US-CAPITAL").outcome == capital


def test_the_contradicted_answer_is_named_in_both_languages() -> None:
    found = determination({**PROHIBITED_AI, "investor.us_person": False}, "US-OISP")
    line = found.reasons[0]
    assert "correct the answer" in line.text
    assert line.text_zh == ("投资者注册于美国（US）：属于美国人，尽管标为非美国人"
                            "（依美国或其境内司法管辖区法律设立的实体即为美国人）：请更正")


def test_an_individual_is_a_us_person_under_the_limb_for_natural_persons() -> None:
    """A person is organised nowhere: the reason says nationality or residence and quotes
    the definition's limb for natural persons, not the one for entities."""
    found = determination({**PROHIBITED_AI, "investor.kind": "individual",
                           "investor.jurisdiction": "US", "investor.us_person": False}, "US-OISP")
    line = found.reasons[0]
    assert line.text == ("investor, an individual, is of US (nationality or residence): a US person, "
                         "although marked not a US person (a United States citizen, a lawful "
                         "permanent resident or any person in the United States is a US person): "
                         "correct the answer")
    assert "entity" not in line.text and "实体" not in line.text_zh
    assert line.text_zh.startswith("投资者为自然人，国籍或居住地为美国（US）：属于美国人")
    unanswered = determination({**PROHIBITED_AI, "investor.kind": "individual",
                                "investor.jurisdiction": "US", "investor.us_person": None}, "US-OISP")
    assert unanswered.outcome == "prohibited"
    assert unanswered.reasons[0].text.startswith(
        "investor, an individual, is of US (nationality or residence): a US person (a United States citizen")


def _behind(reasons: Any) -> list[str]:
    return [r.text for r in reasons if "if a US person made it" in r.text]


# (id, changes on top of a non-US investor, outcome, the "US persons behind" line or None)
NOT_A_US_PERSON = {"investor.us_person": False, "investor.jurisdiction": "SG"}
BEHIND: list[tuple[str, dict[str, Any], str, str | None]] = [
    ("prohibited-for-a-us-person", {COMPUTE: 3e25, "investor.ultimate_parent": "Example Holdings Inc."},
     "not_required", "the deal would be covered if a US person made it: a US person that controls the investor "
     "must take all reasonable steps"),
    ("parent-named", {COMPUTE: 3e25, "investor.ultimate_parent": "Example Holdings Inc."}, "not_required",
     "(ultimate owner: Example Holdings Inc.)"),
    ("notifiable-for-a-us-person", {COMPUTE: 3e23}, "not_required", "(31 CFR 850.302)"),
    ("compute-unknown", {COMPUTE: None}, "not_required", "the deal may be covered if a US person made it"),
    # A state's fund or a natural person is no US person's controlled foreign entity; a US
    # person may still direct the deal.
    ("sovereign", {COMPUTE: 3e25, "investor.kind": "sovereign"}, "not_required",
     "the deal would be covered if a US person made it: no US person may knowingly direct a prohibited "
     "transaction (31 CFR 850.303)"),
    # Knowingly directing (850.303) concerns prohibited transactions: not said of a deal
    # that would be notifiable at most.
    ("sovereign-notifiable", {COMPUTE: 3e23, "investor.kind": "sovereign"}, "not_required",
     "the deal would be covered if a US person made it: check whether any US person takes part "
     "in the deal, which it would have to notify"),
    ("nothing-covered", {COMPUTE: 1e22}, "not_required", None),
    ("target-not-of-concern", {COMPUTE: 3e25, "target.jurisdiction": "SG", "target.headquarters": "SG"},
     "not_required", None),
    ("plain-debt", {COMPUTE: 3e25, "deal.instrument": "debt"}, "not_required", None),
    ("excepted-anyway", {COMPUTE: 3e25, "deal.instrument": "public_securities"}, "not_required", None),
]


@pytest.mark.parametrize(("changes", "outcome", "line"), [pytest.param(*row[1:], id=row[0]) for row in BEHIND])
def test_us_persons_behind_a_non_us_investor(changes: dict[str, Any], outcome: str, line: str | None) -> None:
    found = determination({**NOT_A_US_PERSON, **changes}, "US-OISP")
    assert found.outcome == outcome
    lines = _behind(found.reasons)
    if line is None:
        assert not lines
    else:
        assert len(lines) == 1 and line in lines[0], lines


def test_the_us_persons_behind_are_a_point_to_check_not_a_ground() -> None:
    """"check which US persons stand behind the investor" was printed in the US
    notification's reasons, to Treasury: it is the officer's point to check (advice)."""
    found = determination({**NOT_A_US_PERSON, COMPUTE: 3e25}, "US-OISP")
    (line,) = [r for r in found.reasons if "if a US person made it" in r.text]
    assert line.advice and "check which US persons stand behind" in line.text
    assert not any(r.advice for r in found.reasons if r is not line)


def test_sovereign_investor_has_no_controlled_entity_line() -> None:
    found = determination({**NOT_A_US_PERSON, COMPUTE: 3e25, "investor.kind": "sovereign"}, "US-OISP")
    assert "850.302" not in " ".join(_behind(found.reasons))


def test_us_persons_behind_in_chinese() -> None:
    found = determination({**NOT_A_US_PERSON, COMPUTE: 3e25, "investor.ultimate_parent": "Example Holdings Inc."},
                          "US-OISP")
    line = next(r for r in found.reasons if "if a US person made it" in r.text)
    assert line.text_zh.startswith("如由美国人进行，本次交易属于受管辖交易：控制该投资者的美国人须采取一切合理措施")
    assert "《美国联邦法规》第31编第850.303节" in line.text_zh
    assert line.text_zh.endswith("（实际控制人：“Example Holdings Inc.”）")


# --- the rule data ---------------------------------------------------------------------------


def _rulebook_copy(tmp_path: Path, edit: Any) -> Path:
    folder = tmp_path / "rulebook"
    shutil.copytree(default_rulebook_dir(), folder, ignore=shutil.ignore_patterns("workflow"))
    file = folder / "us-oisp.json"
    data = json.loads(file.read_text(encoding="utf-8"))
    edit(next(r for r in data["rules"] if r["provision"] == "scope")["parameters"])
    file.write_text(json.dumps(data), encoding="utf-8")
    return folder


def test_a_rule_file_from_before_the_parameter_keeps_its_meaning(tmp_path: Path) -> None:
    """An update written before `us_person_if_organised_in` existed still loads; the
    investor's place then settles nothing, as the update's authors meant."""
    book = load_rulebook(_rulebook_copy(tmp_path, lambda p: p.pop("us_person_if_organised_in")))
    found = determination({**PROHIBITED_AI, "investor.us_person": None}, "US-OISP", rulebook=book)
    assert found.outcome == "needs_info" and found.missing == ("investor.us_person",)


def test_a_misspelt_place_is_refused_at_its_parameter(tmp_path: Path) -> None:
    def lower_case(parameters: dict[str, Any]) -> None:
        parameters["us_person_if_organised_in"] = ["us"]

    with pytest.raises(RulebookError, match=r"us-oisp.json: rules\[0\] \(US-OISP.scope.2025\): "
                                            r"parameters.us_person_if_organised_in: expected two-letter"):
        load_rulebook(_rulebook_copy(tmp_path, lower_case))


def test_the_shipped_rules_list_the_united_states_and_its_territories() -> None:
    rules = default_rulebook().rules_on(date(2026, 12, 1), True)
    for regime, provision in (("US-OISP", "scope"), ("CN-US-CAPITAL", "approval")):
        rule = rules.get(regime, provision)
        assert rule is not None
        assert set(rule["us_person_if_organised_in"]) == {"US", "AS", "GU", "MP", "PR", "UM", "VI"}


def test_a_natural_person_is_of_a_country_not_organised_in_it() -> None:
    """Part 9 called the individual of Part 2 (姓名, 国籍或居住地) "organised in US"."""
    person = {"investor.kind": "individual", "investor.jurisdiction": "US"}
    fisr = determination(person, "CN-FISR")
    texts = [(r.text, r.text_zh) for r in fisr.reasons]
    assert ("investor, an individual, is of US (nationality or residence): a foreign investor",
            "投资者为自然人，国籍或居住地为美国（US）：属于外国投资者") in texts, texts
    export = determination({**person, "deal.technology_transfer": {"transfers": True}},
                           "CN-TECH-EXPORT")
    assert any(r.text.startswith("investor, an individual, is of US (nationality or residence): "
                                 "a recipient outside") for r in export.reasons), export.reasons
    # A company is organised where it is.
    company = determination({"investor.kind": "corporate", "investor.jurisdiction": "US"},
                            "CN-FISR")
    assert any(r.text == "investor is organised in US: a foreign investor"
               for r in company.reasons)


def test_knowingly_directing_is_said_only_of_a_deal_that_may_be_prohibited() -> None:
    notifiable = _behind(determination({**NOT_A_US_PERSON, COMPUTE: 3e23}, "US-OISP").reasons)
    assert len(notifiable) == 1 and "850.303" not in notifiable[0] and "direct" not in notifiable[0]
    assert notifiable[0].endswith("(31 CFR 850.302): check which US persons stand behind the investor")
    prohibited = _behind(determination({**NOT_A_US_PERSON, COMPUTE: 3e25}, "US-OISP").reasons)
    assert "(31 CFR 850.302); no US person may knowingly direct a prohibited transaction " \
        "(31 CFR 850.303): check which US persons stand behind the investor or direct the deal" \
        in prohibited[0]
    sovereign = determination({**NOT_A_US_PERSON, COMPUTE: 3e23, "investor.kind": "sovereign"},
                              "US-OISP")
    (line,) = [r for r in sovereign.reasons if "if a US person made it" in r.text]
    assert line.text_zh == ("如由美国人进行，本次交易属于受管辖交易：请核查是否有美国人参与本次交易"
                            "（如有，其须作出通知）")
