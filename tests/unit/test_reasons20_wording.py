"""The English screening reasons read as sentences: an export counted since 1 January is
said in the present perfect ("has been exported since"), and every fact the facts leave
out is said in one shape, "the facts do not state <the fact in words> (<its path>)",
whichever test asks for it. The Chinese lines keep their words."""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.screening import Determination, Reason, screen
from approvals.services.demo import demo_facts
from tests.unit.test_bilingual_reasons import SCREENINGS
from tests.unit.test_rules18_reference import NEAR, OPTIONAL_LEAVES
from tests.unit.test_screening import _DELETE, AS_OF, PI, SAMR, SENS, facts_with

ORDER_11_DAY = date(2023, 7, 1)
_PATH = r"(?:target|investor|deal)\.[a-z_.]*[a-z]"


def _det(changes: dict[str, Any], regime: str, as_of: date = AS_OF) -> Determination:
    found = screen(parse_facts(facts_with(changes)), as_of, True).determination(regime)
    assert found is not None
    return found


def _texts(changes: dict[str, Any], regime: str, as_of: date = AS_OF) -> list[str]:
    return [r.text for r in _det(changes, regime, as_of).reasons]


def _every_reason() -> list[tuple[str, Reason]]:
    """The reasons of the spec examples and the screening tests' cases (test_bilingual_reasons),
    the demo cases, and facts with every optional fact left out, at fixed dates."""
    found = [(name, r) for name, result in SCREENINGS for d in result.determinations for r in d.reasons]
    for facts in demo_facts():
        for day in (ORDER_11_DAY, AS_OF):
            result = screen(parse_facts(facts), day, True)
            found += [(f"demo {facts.get('reference')}@{day}", r) for d in result.determinations for r in d.reasons]
    for day in (ORDER_11_DAY, AS_OF):
        bare = {**copy.deepcopy(NEAR), **{p: _DELETE for p in OPTIONAL_LEAVES}}
        result = screen(parse_facts(facts_with(bare)), day, True)
        found += [(f"bare@{day}", r) for d in result.determinations for r in d.reasons]
    return found


REASONS = _every_reason()


# --- 1. the present perfect ------------------------------------------------------------------


def test_no_english_reason_says_is_exported_since() -> None:
    said = [(name, r.text) for name, r in REASONS if " exported since" in r.text]
    assert said  # the data-export reasons are among them
    assert not [s for s in said if "is exported since" in s[1]], said


@pytest.mark.parametrize(("changes", "as_of", "text"), [
    ({SENS: 0}, AS_OF, "no sensitive personal information has been exported since 1 January 2026"),
    ({SENS: 250}, AS_OF, "sensitive personal information of 250 individuals has been exported since "
                         "1 January 2026 (counted from the first individual): less than 10,000 (以上: inclusive)"),
    ({PI: 250_000}, AS_OF, "individuals whose non-sensitive personal information has been exported since "
                           "1 January 2026: 250,000 is at least 100,000 and less than 1,000,000 (以上: inclusive)"),
    ({"deal.data_export.cii_operator": True}, AS_OF, "no personal information has been exported since 1 January 2026"),
    ({"deal.data_export.cii_operator": True, PI: 10}, AS_OF,
     "personal information has been exported since 1 January 2026 (non-sensitive personal information: 10; "
     "sensitive personal information: 0)"),
    ({"deal.data_export.pi_subjects_since_previous_year": 150_000}, ORDER_11_DAY,
     "individuals whose personal information has been exported since 1 January 2022: 150,000 is at least "
     "100,000 (以上: inclusive)"),
])
def test_exports_since_1_january_are_in_the_present_perfect(changes: dict[str, Any], as_of: date,
                                                             text: str) -> None:
    assert text in _texts(changes, "CN-DATA-EXPORT", as_of)


def test_the_chinese_of_the_export_reasons_keeps_its_words() -> None:
    zh = [r.text_zh for r in _det({SENS: 0}, "CN-DATA-EXPORT").reasons]
    assert "自2026年1月1日起未向境外提供敏感个人信息" in zh
    zh = [r.text_zh for r in _det({PI: 250_000}, "CN-DATA-EXPORT").reasons]
    assert any(t.startswith("自2026年1月1日起向境外提供其个人信息（不含敏感个人信息）的人数为250,000人") for t in zh), zh


# --- 2. one sentence shape for a fact not given ----------------------------------------------


@pytest.mark.parametrize(("changes", "regime", "text", "text_zh"), [
    # a yes / no question
    ({"deal.technology_transfer": {}}, "CN-TECH-EXPORT",
     "the facts do not state whether the deal transfers technology (deal.technology_transfer.transfers)",
     "本次交易是否转让技术未说明"),
    ({"investor.jurisdiction": "SG", "investor.us_person": None, "target.leading_tech_enterprise": True},
     "CN-US-CAPITAL",
     "the facts do not state whether the investor is a US person (investor.us_person)", "投资者是否为美国人未说明"),
    # a figure
    ({"target.ai.max_training_compute_ops": _DELETE}, "US-OISP",
     "the facts do not state the largest training run (target.ai.max_training_compute_ops)", "最大训练计算量未提供"),
    ({"deal.data_export.cii_operator": True, PI: 0, SENS: _DELETE}, "CN-DATA-EXPORT",
     "the facts do not state the number of individuals whose sensitive personal information has been exported "
     "since 1 January 2026 (deal.data_export.sensitive_pi_subjects_current_year)",
     "自2026年1月1日起向境外提供其敏感个人信息的人数未提供"),
    ({**SAMR, "investor.turnover_cny": {"worldwide": 20_000_000_000}}, "CN-SAMR",
     "the facts do not state the investor's China turnover (investor.turnover_cny.china)",
     "投资者在中国境内的营业额未提供"),
    ({"target.activities": ["value_added_telecom"], "deal.stake_after_pct": _DELETE}, "CN-NEGATIVE-LIST",
     "value-added telecommunications: foreign equity capped at 50 %; the facts do not state the investor's stake "
     "after the deal (deal.stake_after_pct)", None),
    # a list
    ({"target.activities": _DELETE}, "CN-NEGATIVE-LIST",
     "the facts do not state the target's activities (target.activities)", "目标公司的经营活动未提供"),
    ({"deal.technology_transfer": {"transfers": True, "restricted_catalogue_items": []}}, "CN-TECH-EXPORT",
     "the facts do not state the prohibited catalogue items (deal.technology_transfer.prohibited_catalogue_items), "
     "needed to tell whether the export is prohibited", "禁止出口类目录项目未提供，无法判断该技术出口是否被禁止"),
    # a place
    ({"target.security_sectors": ["military"], "target.jurisdiction": _DELETE, "target.headquarters": _DELETE},
     "CN-FISR", "the facts do not state the target's place of organisation (target.jurisdiction) or its "
                "headquarters (target.headquarters), needed to tell whether it is within the territory (CN)",
     "目标公司的注册地和总部所在地均未提供，无法判断其是否位于境内"),
    ({"target.security_sectors": ["military"], "target.jurisdiction": _DELETE, "target.headquarters": "China"},
     "CN-FISR", "the facts do not state the target's place of organisation (target.jurisdiction); its headquarters "
                "'China' is not a two-letter country code (ISO 3166-1 alpha-2): write CN (China) "
                "(target.headquarters): needed to tell whether it is within the territory (CN)", None),
    ({"target.security_sectors": ["military"], "investor.jurisdiction": _DELETE, "investor.us_person": None},
     "CN-FISR", "the facts do not state the investor's place of organisation (investor.jurisdiction)",
     "投资者的注册地未提供"),
    # several facts, one sentence
    ({**SAMR, "deal.stake_after_pct": _DELETE, "deal.acquires_control": None}, "CN-SAMR",
     "control is not settled: the facts do not state the stake after the deal (deal.stake_after_pct) or whether "
     "the investor acquires control (deal.acquires_control)",
     "控制权无法确定：未提供“交易后持股比例（%）”、“是否取得实际控制权”"),
    ({"deal.data_export.cii_operator": True, PI: _DELETE, SENS: 0}, "CN-DATA-EXPORT",
     # Its path is on the count's own line ("the facts do not state the number of …"):
     # not named twice.
     "whether personal information has been exported since 1 January 2026 is not settled "
     "(non-sensitive personal information: not stated; sensitive personal information: 0)", None),
    ({**SAMR, "investor.turnover_cny": {"china": 900_000_000}}, "CN-SAMR",
     "combined worldwide turnover is not settled (known: target RMB 1,000,000,000): the facts do not state the "
     "investor's worldwide turnover (investor.turnover_cny.worldwide)", None),
    ({"target.security_sectors": ["military"], "deal.instrument": "debt", "deal.acquires_control": None}, "CN-FISR",
     "debt financing: the facts do not state whether it gives the investor control (deal.acquires_control); "
     "without equity, conversion or control rights it is not an investment in the target, with control it is "
     "an investment by other means", None),
])
def test_a_fact_not_given_reads_the_facts_do_not_state(changes: dict[str, Any], regime: str, text: str,
                                                       text_zh: str | None) -> None:
    det = _det(changes, regime)
    assert det.outcome == "needs_info"
    assert text in [r.text for r in det.reasons], [r.text for r in det.reasons]
    if text_zh is not None:
        assert text_zh in [r.text_zh for r in det.reasons], [r.text_zh for r in det.reasons]


def test_no_english_reason_says_not_given() -> None:
    # "X not given (path)" and "whether … not given" were the shapes this replaces.
    assert not [(n, r.text) for n, r in REASONS if "not given" in r.text]
    assert not [(n, r.text) for n, r in REASONS if re.search(r"is not stated \(", r.text)]


def test_every_missing_fact_is_named_by_the_facts_do_not_state() -> None:
    """Each path a needs_info determination misses is in a 'the facts do not state' sentence of
    its reasons, or in one that says why the place it has cannot be read."""
    checked = 0
    for day in (ORDER_11_DAY, AS_OF):
        for leaf in OPTIONAL_LEAVES:
            changes = {**copy.deepcopy(NEAR), leaf: _DELETE}
            for det in screen(parse_facts(facts_with(changes)), day, True).determinations:
                if det.outcome != "needs_info":
                    continue
                for path in det.missing:
                    assert any(re.search(rf"the facts do not state .*\({re.escape(path)}\)", r.text)
                               for r in det.reasons), (leaf, day, det.regime, path, [r.text for r in det.reasons])
                    checked += 1
    assert checked


def test_the_facts_do_not_state_always_gives_the_path_in_brackets() -> None:
    for name, reason in REASONS:
        for clause in re.findall(r"the facts do not state [^;:]*", reason.text):
            assert re.search(rf"\({_PATH}\)", clause), (name, reason.text)


# --- 3. nothing doubled, in either language ---------------------------------------------------


def test_no_reason_doubles_a_word_or_a_mark() -> None:
    for name, reason in REASONS:
        text = reason.text
        assert not re.search(r"\b(\w+) \1\b", text, re.IGNORECASE), (name, text)
        assert "  " not in text and " ," not in text and " :" not in text, (name, text)
        assert not re.search(r"[,;:]{2}|\.\.|\(\s|\s\)", text), (name, text)
        zh = reason.text_zh
        assert not re.search(r"[，；：。、]{2}|未提供未提供|未说明未说明", zh), (name, zh)
        assert "the facts" not in zh, (name, zh)
