"""Every screening reason in Chinese too: the same facts and thresholds as the English text,
with the reference's counting words; the CLI document unchanged; stored screenings keep the
Chinese text and old ones without it still load."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.rulebook import default_rulebook
from approvals.domain.screening import (
    OUTCOMES,
    Reason,
    ScreeningResult,
    code_name,
    screen,
)
from approvals.services.demo import demo_facts
from tests.conftest import EXAMPLES_DIR
from tests.unit.test_screening import AS_OF, CASES, facts_with

# Article references are citations, not facts: "Art. 4(1)" is 第四条第一款第一项 in Chinese.
_ARTICLE = re.compile(r"Art\. \d+(\(\d+\))?")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?(?:e-?\d+)?")
_CJK = re.compile(r"[\u4e00-\u9fff]")
DATES = (date(2022, 8, 31), date(2023, 1, 1), date(2023, 6, 1), date(2024, 1, 21),
         date(2024, 3, 22), date(2025, 1, 1), AS_OF)


# A date is written 2026年4月24日 in Chinese, 2026-04-24 in English; a rule's id
# (CN-US-CAPITAL.approval.2026-04) is the English line's, the Chinese names it by its citation.
_ISO_DATE = re.compile(r"\b(\d{4})-(\d\d)-(\d\d)\b")
_RULE_ID = re.compile(r"\b[A-Z][A-Z-]+\.[a-z_]+\.[\d-]+\b")


def numbers(text: str) -> set[str]:
    text = _RULE_ID.sub("", text)
    text = _ISO_DATE.sub(lambda m: f"{m[1]}年{int(m[2])}月{int(m[3])}日", text)
    return set(_NUMBER.findall(_ARTICLE.sub("", text)))


def check_reason(reason: Reason, context: str) -> None:
    where = f"{context}: {reason.text!r} / {reason.text_zh!r}"
    assert reason.text_zh and _CJK.search(reason.text_zh), where
    assert reason.citation_zh == default_rulebook().rule(reason.rule).citation_zh, where
    # The decisive numbers (fact values, thresholds, dates) are written the same way.
    assert numbers(reason.text) <= numbers(reason.text_zh), where
    # Counting words as the reference uses them: 以上 includes, 超过 / 不满 exclude.
    text, zh = reason.text, reason.text_zh
    if " is at least " in text or "以上: inclusive" in text:
        assert "以上" in zh, where
    if " is less than " in text:
        assert "不满" in zh, where
    if " is not more than " in text:
        assert "未超过" in zh, where
    elif " is more than " in text or "超过: exclusive" in text:
        assert "超过" in zh, where
    if " is at most " in text:
        assert "以下" in zh, where


def _screenings() -> list[tuple[str, ScreeningResult]]:
    out = []
    examples = [(p.stem, json.loads(p.read_text(encoding="utf-8")))
                for p in sorted(EXAMPLES_DIR.glob("*.json"))]
    examples += [(d["reference"], d) for d in demo_facts()]
    for name, data in examples:
        facts = parse_facts(data)
        for day in DATES:
            out.append((f"{name}@{day}", screen(facts, day, True)))
    for case_id, changes, as_of, include, *_ in CASES:
        out.append((case_id, screen(parse_facts(facts_with(changes)), as_of, include)))
    return out


SCREENINGS = _screenings()


@pytest.mark.parametrize(("name", "result"), SCREENINGS, ids=[n for n, _ in SCREENINGS])
def test_every_reason_has_chinese_text_with_the_same_numbers(name: str, result: ScreeningResult) -> None:
    for det in result.determinations:
        assert det.reasons
        for reason in det.reasons:
            check_reason(reason, f"{name} {det.regime} {det.outcome}")


def test_every_outcome_is_covered_in_both_languages() -> None:
    seen = {d.outcome for _, r in SCREENINGS for d in r.determinations}
    assert seen == set(OUTCOMES)


def test_chinese_text_of_decisive_reasons() -> None:
    """A few reasons pinned word for word, as a Chinese reviewer reads them."""
    def zh_reasons(changes: dict[str, Any], regime: str, as_of: date = AS_OF) -> list[str]:
        det = screen(parse_facts(facts_with(changes)), as_of, True).determination(regime)
        assert det is not None
        return [r.text_zh for r in det.reasons]

    assert "最大训练计算量为3.1e25次运算，超过1e25次运算" in zh_reasons(
        {"target.ai.max_training_compute_ops": 3.1e25}, "US-OISP")
    assert "最大训练计算量为1e25次运算，未超过1e25次运算" in zh_reasons(
        {"target.ai.max_training_compute_ops": 1e25}, "US-OISP")
    assert ("自2026年1月1日起向境外提供其个人信息（不含敏感个人信息）的人数为1,000,000人，达到1,000,000人以上（“以上”含本数）"
            in zh_reasons({"deal.data_export.pi_subjects_current_year": 1_000_000}, "CN-DATA-EXPORT"))
    assert ("自2026年1月1日起向境外提供其个人信息（不含敏感个人信息）的人数为99,999人，不满100,000人（“以上”含本数）"
            in zh_reasons({"deal.data_export.pi_subjects_current_year": 99_999}, "CN-DATA-EXPORT"))
    def samr(target_china: int) -> list[str]:
        return zh_reasons({"deal.stake_after_pct": 50,
                           "target.turnover_cny": {"china": target_china, "worldwide": 900_000_000},
                           "investor.turnover_cny": {"china": 900_000_000, "worldwide": 20_000_000_000}},
                          "CN-SAMR")

    assert "交易后持股比例50%，达到50%以上：构成控制" in samr(800_000_001)
    assert "目标公司在中国境内的营业额为人民币800,000,000元，未超过人民币800,000,000元（“超过”不含本数）" \
        in samr(800_000_000)
    assert "目标公司涉及关键技术领域（第四条第一款第二项）：取得实际控制权的，须申报安全审查" in zh_reasons(
        {"target.security_sectors": ["key_technologies"], "deal.stake_after_pct": 60}, "CN-FISR")
    lp = zh_reasons({"deal.instrument": "lp_interest", "deal.lp_commitment_usd": 2_000_000,
                     "target.ai.max_training_compute_ops": 3e25}, "US-OISP")
    assert "有限合伙出资承诺额为2,000,000美元，在2,000,000美元以下（“以下”含本数；该数额以下的予以豁免）" in lp
    missing = zh_reasons({"target.ai.max_training_compute_ops": None}, "US-OISP")
    assert "最大训练计算量未提供" in missing
    before = zh_reasons({}, "US-OISP", date(2024, 6, 1))
    assert before == ["本规则于2024年6月1日尚未施行，自2025年1月2日起施行"]


def test_every_code_label_has_a_chinese_label() -> None:
    from approvals.domain.field_labels import coded_paths
    from approvals.resources import label_data
    groups = {"target.activities": "activities", "target.security_sectors": "security_sectors",
              "target.ai.end_uses": "end_uses", "deal.instrument": "instruments"}
    assert set(groups) <= set(coded_paths())
    for path, group in groups.items():
        assert all(_CJK.search(code_name(path, code, "zh")) for code in label_data()[group])


# --- the CLI document is unchanged; storage keeps the Chinese ----------------------------


def test_cli_document_reasons_have_exactly_the_spec_keys() -> None:
    result = screen(parse_facts(facts_with({"target.ai.max_training_compute_ops": 3.1e25})), AS_OF, True)
    data = result.to_json_dict()
    assert set(data) == {"as_of", "rulebook", "determinations"}
    for det in data["determinations"]:
        assert set(det) == {"regime", "outcome", "status", "reasons", "missing"}
        for reason in det["reasons"]:
            assert set(reason) == {"rule", "citation", "text"}
    stored = result.to_storage_dict()
    for det in stored["determinations"]:
        for reason in det["reasons"]:
            assert set(reason) == {"rule", "citation", "text", "text_zh", "citation_zh"}
            assert reason["text_zh"] and reason["citation_zh"]
    # The storage document is the CLI document plus the Chinese fields, nothing else.
    for cli_det, stored_det in zip(data["determinations"], stored["determinations"], strict=True):
        assert [{k: r[k] for k in ("rule", "citation", "text")} for r in stored_det["reasons"]] \
            == cli_det["reasons"]
    assert ScreeningResult.from_json_dict(json.loads(json.dumps(stored, ensure_ascii=False))) == result


def test_a_screening_stored_before_the_chinese_text_still_loads() -> None:
    result = screen(parse_facts(facts_with({"target.ai.max_training_compute_ops": 3.1e25})), AS_OF, True)
    old = result.to_json_dict()  # what stored screenings held before: no Chinese fields
    loaded = ScreeningResult.from_json_dict(old)
    assert loaded.outcomes() == result.outcomes()
    reasons = [r for d in loaded.determinations for r in d.reasons]
    assert reasons and all(r.text_zh == "" and r.citation_zh == "" and r.text for r in reasons)
    # Explicit nulls (hand-edited data) read as absent too.
    old["determinations"][0]["reasons"][0].update(text_zh=None, citation_zh=None)
    first = ScreeningResult.from_json_dict(old).determinations[0].reasons[0]
    assert (first.text_zh, first.citation_zh) == ("", "")
