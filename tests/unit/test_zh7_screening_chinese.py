"""The Chinese line of every screening reason reads as Chinese, as a Chinese regulatory
lawyer reads it: no facts paths (target.ai.max_training_compute_ops), codes
(value_added_telecom), regime codes or rule ids, and dates written 2026年4月24日; a fact
the reason needs is named as the wizard names its field. Checked over the demo cases and
the spec's examples, with each fact removed in turn, on every regime. The English `text`
(the CLI contract) keeps its paths."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from typing import Any

from approvals.domain.errors import InputError
from approvals.domain.facts import parse_facts
from approvals.domain.field_labels import fact_label, field_name, named_paths
from approvals.domain.rulebook import default_rulebook
from approvals.domain.screening import Reason, screen
from approvals.services.demo import demo_facts
from tests.conftest import EXAMPLES_DIR
from tests.unit.test_screening import AS_OF, facts_with

# Before each regime was in force (the not-in-force lines), between versions, and today.
DATES = (date(2019, 1, 1), date(2024, 3, 1), AS_OF)
_PATH = re.compile(r"\b[a-z]+(?:_[a-z]+)*(?:\.[a-z_]+)+\b")
_CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_REGIME = re.compile(r"\b(?:CN|US)-[A-Z]")
_E_NUMBER = re.compile(r"\d(?:\.\d+)?e\d+")
_QUOTED = re.compile(r"“[^”]*”")  # what the officer typed (a catalogue item, a place)
# The Latin words a Chinese lawyer writes as they are: a place's code after its name
# (中国（CN）), the licence's and standard's names.
_LATIN_ALLOWED = {"ICP", "IDC", "ISO", "alpha"}


def _documents() -> list[dict[str, Any]]:
    return [*demo_facts(), *(json.loads(p.read_text(encoding="utf-8"))
                             for p in sorted(EXAMPLES_DIR.glob("*.json")))]


def _without(document: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    copied = copy.deepcopy(document)
    parent = copied
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    return copied


def _fact_paths(node: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if prefix or key in ("target", "investor", "deal"):
                if prefix:
                    yield (*prefix, key)
                yield from _fact_paths(value, (*prefix, key))


def _reasons() -> Iterator[tuple[str, Reason]]:
    for document in _documents():
        name = document["reference"]
        facts = parse_facts(document)
        for day in DATES:
            for proposed in (False, True):
                for det in screen(facts, day, proposed).determinations:
                    for reason in det.reasons:
                        yield f"{name}@{day} {det.regime}", reason
        # Each fact removed in turn (needs_info lines), with every regime screened.
        for path in _fact_paths(document):
            try:
                facts = parse_facts(_without(document, path))
            except InputError:  # a required field (the target's name): refused before screening
                continue
            for day in (date(2023, 7, 1), AS_OF):
                for det in screen(facts, day, True).determinations:
                    for reason in det.reasons:
                        yield f"{name} without {'.'.join(path)}@{day} {det.regime}", reason


@cache
def reasons() -> dict[str, tuple[str, Reason]]:
    """Each distinct Chinese line, with where it was first seen."""
    return dict((r.text_zh, (where, r)) for where, r in reversed(list(_reasons())))


def test_the_chinese_lines_name_no_path_code_regime_or_iso_date() -> None:
    assert len(reasons()) > 250  # the ground covered: every branch the facts reach
    paths = set(named_paths())
    for zh, (where, reason) in reasons().items():
        context = f"{where}: {zh}"
        assert not _PATH.search(zh) and not _CODE.search(zh), context
        assert not any(path in zh for path in paths), context
        assert not _ISO_DATE.search(zh), context
        assert not _REGIME.search(zh) and reason.rule not in zh, context
        latin = re.findall(r"[A-Za-z]+", _E_NUMBER.sub("", _QUOTED.sub("", zh)))
        assert all(w in _LATIN_ALLOWED or re.fullmatch("[A-Z]{2}", w) for w in latin), context


def test_the_english_lines_keep_their_paths() -> None:
    """The CLI's `text` names the path, for a facts file: only the Chinese changed."""
    english = {r.text for _, r in reasons().values()}
    assert "the facts do not state the largest training run (target.ai.max_training_compute_ops)" in english
    assert any("the facts do not state whether the investor acquires control (deal.acquires_control)" in t
               for t in english)


def _zh(changes: dict[str, Any], regime: str, as_of: date = AS_OF) -> list[str]:
    det = screen(parse_facts(facts_with(changes)), as_of, True).determination(regime)
    assert det is not None
    return [r.text_zh for r in det.reasons]


def test_a_missing_fact_is_named_as_the_wizard_names_it() -> None:
    assert "最大训练计算量未提供" in _zh({"target.ai.max_training_compute_ops": None}, "US-OISP")
    control = _zh({"target.security_sectors": ["key_technologies"], "deal.stake_after_pct": None,
                   "deal.acquires_control": None}, "CN-FISR")
    assert "控制权无法确定：未提供“交易后持股比例（%）”、“是否取得实际控制权”" in control
    # The same label in two sections keeps its section: whose turnover is missing.
    samr = _zh({"target.turnover_cny": {"china": 900_000_000, "worldwide": 1_000_000_000},
                "investor.turnover_cny": {"china": 900_000_000}, "deal.stake_after_pct": 60}, "CN-SAMR")
    assert any(line.startswith("参与集中的经营者全球营业额合计无法确定")
               and line.endswith("：未提供“全球营业额（人民币）（投资者）”") for line in samr)
    assert field_name("deal.acquires_control", "zh") == "是否取得实际控制权"
    assert field_name("investor.turnover_cny.china", "zh") == "中国境内营业额（人民币）（投资者）"
    assert field_name("deal.acquires_control") == "Acquires control"


def test_not_in_force_reads_with_chinese_dates_and_no_codes() -> None:
    assert _zh({}, "US-OISP", date(2024, 6, 1)) == ["本规则于2024年6月1日尚未施行，自2025年1月2日起施行"]
    assert _zh({}, "CN-US-CAPITAL", date(2026, 4, 23)) == [
        "该措施仅见诸报道，并非现行有效的法律：对其筛查仅提示风险，不构成法定要求；截至2026年4月23日"
        "尚无相关报道（于2026年4月24日首次见诸报道）"]
    negative = _zh({}, "CN-NEGATIVE-LIST", date(2023, 1, 1))[0]
    assert negative.startswith("本规则库收录的版本于2023年1月1日均未施行（最早收录的版本自2024年11月1日起施行）；")


def test_sums_items_and_lists_read_as_chinese_sentences() -> None:
    samr = _zh({"deal.stake_after_pct": 60,
                "target.turnover_cny": {"china": 1_000_000_000, "worldwide": 1_000_000_000},
                "investor.turnover_cny": {"china": 1_000_000_000, "worldwide": 20_000_000_000}}, "CN-SAMR")
    assert ("参与集中的经营者全球营业额合计人民币21,000,000,000元（其中目标公司人民币1,000,000,000元，"
            "投资者人民币20,000,000,000元），超过人民币12,000,000,000元（“超过”不含本数）") in samr
    assert not any(" + " in line for line in samr)
    tech = _zh({"deal.technology_transfer": {"transfers": True, "prohibited_catalogue_items": [],
                                             "restricted_catalogue_items": ["Speech synthesis", "AI interface"]}},
               "CN-TECH-EXPORT")
    assert ("本次交易涉及2025年7月15日调整后的《中国禁止出口限制出口技术目录》限制出口类技术“Speech synthesis”、"
            "“AI interface”，须申领技术出口许可，主管部门应自收到申请之日起30个工作日内作出是否许可的决定") in tech
    # A list of one reads without "any one of".
    assert "目标公司的经营活动不包括量子计算" in _zh({"target.activities": ["ai_application"]}, "US-OISP")
    assert not any("任何一项" in zh for zh in reasons())


def test_the_rulebooks_chinese_has_chinese_dates_and_names() -> None:
    book = default_rulebook()
    capital = book.rule("CN-US-CAPITAL.approval.2026-04")
    assert capital.citation_zh == "据报道的措施（彭博社，2026年4月24日）；尚未公布法律文件"
    for rule in book.rules:
        for text in (rule.citation_zh, rule.title_zh):
            assert not _ISO_DATE.search(text) and not _CODE.search(text), text
    telecom = _zh({"target.activities": ["internet_information_services"]}, "CN-NEGATIVE-LIST")
    assert any("请在“主营业务”中同时记录“增值电信业务”" in line for line in telecom)
    assert not any("value_added_telecom" in line for line in telecom)


def test_the_field_and_the_reasons_call_a_us_person_the_same() -> None:
    """美国人 (31 CFR's "U.S. person", as the rulebook's Chinese titles say it) in the
    wizard's field, the application's Part 2 and the reasons alike, not 美国人士 in one."""
    assert fact_label("investor.us_person", "zh") == "是否为美国人（投资者）"
    assert "投资者为美国人" in _zh({}, "US-OISP")
    assert not any("美国人士" in zh for zh in reasons())
