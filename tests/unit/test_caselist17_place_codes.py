"""A facts file that gives a place by its name ("Guangdong", a province of China in pinyin,
as an English registration document writes it) is screened as not settled, as before, and
the reason says the code to write, as the wizard and review mode read the same name."""

from __future__ import annotations

from datetime import date

from approvals.domain.facts import parse_facts
from approvals.domain.screening import screen
from tests.unit.test_screening import facts_with

AS_OF = date(2026, 12, 1)
COMPUTE = "target.ai.max_training_compute_ops"


def reasons(changes: dict[str, object], regime: str) -> tuple[str, list[str], list[str]]:
    result = screen(parse_facts(facts_with(changes)), as_of=AS_OF)
    (found,) = [d for d in result.determinations if d.regime == regime]
    return found.outcome, [r.text for r in found.reasons], [r.text_zh for r in found.reasons]


def test_a_province_named_in_pinyin_is_said_with_the_code_to_write() -> None:
    outcome, texts, texts_zh = reasons(
        {"target.jurisdiction": "Guangdong", "target.headquarters": "Guangdong Province",
         COMPUTE: 3e25}, "US-OISP")
    assert outcome == "needs_info"  # still not compared: the facts say what they say
    text = next(t for t in texts if "Guangdong" in t)
    assert ("'Guangdong' is not a two-letter country code (ISO 3166-1 alpha-2): write CN "
            "(China) (target.jurisdiction)") in text
    assert "'Guangdong Province' is not a two-letter country code (ISO 3166-1 alpha-2): " \
           "write CN (China) (target.headquarters)" in text
    assert any("“Guangdong”不是两位字母国家代码（ISO 3166-1 alpha-2），应填写中国（CN）" in t
               for t in texts_zh)


def test_an_investor_placed_by_a_name_is_told_its_code() -> None:
    _outcome, texts, _zh = reasons(
        {"investor.jurisdiction": "Xianggang", "investor.us_person": False,
         "target.security_sectors": ["military"]}, "CN-FISR")
    assert any("'Xianggang' is not a two-letter country code (ISO 3166-1 alpha-2): write HK"
               in t for t in texts)


def test_a_text_naming_no_one_place_gets_no_code() -> None:
    for place in ("Atlantis", "Korea", "CHN"):  # unknown, two places, a three-letter code
        _outcome, texts, _zh = reasons({"target.jurisdiction": place, "target.headquarters": "CN",
                                       COMPUTE: 3e25}, "US-OISP")
        (text,) = [t for t in texts if "not a two-letter" in t]
        assert f"'{place}' is not a two-letter country code (ISO 3166-1 alpha-2))" in text
        assert ": write" not in text
