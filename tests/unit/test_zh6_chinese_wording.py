"""The Chinese of the bilingual application, as a Chinese regulatory lawyer reads it before
filing: dates written 2026年11月19日 (not 2026-11-19) in Chinese lines, amounts and counts
without spaces (人民币920,000,000元, 51%的股权), laws by their official names, regimes by
their Chinese names rather than their codes, no English left in a Chinese sentence, and
one colon a sentence. Checked on the composed content (no PDF needed)."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import replace
from datetime import date

from approvals.domain.facts import parse_facts
from approvals.domain.workflow import workflow
from approvals.filings import common as k
from approvals.filings import compose
from approvals.filings.content import FilingDocument
from approvals.filings.data import FilingData, Track
from tests.unit.test_filing_content_version import FACTS, NOW, synthetic_case


def _general_review(track: Track) -> Track:
    """The CN-FISR track in general review with its clock running, as once approved."""
    return replace(track, kind="CN-FISR", state="general_review", state_label="General review",
                   state_label_zh="一般审查", clock_phase="general_review", clock_calendar="CN",
                   clock_unit="working", clock_days=30, clock_start="2026-11-19",
                   due_date="2026-12-31", due_estimated=False)


def _case(models: tuple[str, ...] = ("Llama 3.1 405B (open weights)", "GPT-4o via API"),
          **deal: object) -> FilingData:
    data = synthetic_case()
    tracks = tuple(_general_review(t) if t.regime == "CN-FISR" else t for t in data.tracks)
    facts = copy.deepcopy(FACTS)
    facts["deal"].update(deal)
    facts["target"]["ai"]["us_models_used"] = list(models)
    return replace(data, tracks=tracks, facts=parse_facts(facts))


def _text(document: FilingDocument) -> str:
    return json.dumps(document.canonical(), ensure_ascii=False)


def _application(data: FilingData) -> str:
    document, _missing = compose(data, "cn-application", final=False, now=NOW)
    return _text(document)


def test_dates_in_chinese_lines_are_written_the_chinese_way() -> None:
    text = _application(_case())
    assert "一般审查：自2026年11月19日起30个工作日（中国日历）" in text
    assert "自2026-11-19起" not in text
    # The due date: the Chinese way above the date as the English reads it.
    assert "2026年12月31日\\n2026-12-31" in text
    assert "筛查基准日：2026年11月18日；规则版本：test-rulebook；由 Li Wei (li.wei) 于 2026年11月18日 09:00:00（UTC）记录。" in text
    assert "筛查基准日 2026-11-18" not in text
    # The facts' dates pair as every bilingual value does: Chinese first.
    assert "2026年12月10日 / 2026-12-10" in text and "2027年1月20日 / 2027-01-20" in text
    assert "《对美国人工智能模型的对抗性蒸馏》（2026年4月23日）" in text
    assert "（2026-04-23）" not in text


def test_zh_date_reads_dates_and_leaves_other_text_alone() -> None:
    assert k.zh_date("2027-03-08") == "2027年3月8日"
    assert k.zh_date(date(2026, 1, 1)) == "2026年1月1日"
    assert k.zh_date("2026-11-30 08:22:53") == "2026年11月30日 08:22:53"
    assert k.zh_date("not a date") == "not a date"
    assert k.date_both(None) == k.NOT_STATED


def test_amounts_shares_and_seats_have_no_spaces_in_chinese() -> None:
    text = _application(_case(stake_after_pct=51.0, board_seats=3))
    assert "中国境内：人民币650,000,000元；全球：人民币700,000,000元" in text
    assert "150,000,000美元\\nUSD 150,000,000" in text
    assert "外国投资者将持有申请人51%的股权，委派3名董事" in text
    assert "人民币 " not in text and " 元" not in text and " 美元" not in text
    assert " 名董事" not in text and "% 的股权" not in text
    assert "3.1 × 10²⁵次运算 / 3.1 × 10²⁵ operations" in text


def test_laws_and_regimes_go_by_their_official_chinese_names() -> None:
    assert k.zh("regimes", "CN-SAMR") == "经营者集中申报（《中华人民共和国反垄断法》；国务院令第773号）"
    assert k.zh("regimes", "CN-TECH-EXPORT").startswith("技术出口管理（《中华人民共和国技术进出口管理条例》；")
    assert k.zh("regimes", "CN-DATA-EXPORT") == "数据出境（国家互联网信息办公室令第11号、第16号）"
    assert k.zh("regimes", "CN-FISR") == "外商投资安全审查（国家发展和改革委员会、商务部令第37号）"
    assert k.zh("outcomes", "not_in_force") == "筛查基准日尚未生效"
    # A fact a screening lacks names the screening in Chinese, not by its code.
    assert k.needed_text("target.uscc", ["CN-FISR", "CN-DATA-EXPORT"], "zh") == \
        "统一社会信用代码（目标公司），外商投资安全审查、数据出境筛查所需"
    assert k.regime_short_zh("NO-SUCH-REGIME") == "NO-SUCH-REGIME"


def test_the_distillation_flag_has_one_colon_and_chinese_list_punctuation() -> None:
    text = _application(_case())
    assert ("蒸馏风险提示：是，使用了美国来源模型的输出进行训练"
            "（Llama 3.1 405B (open weights)；GPT-4o via API）。") in text
    flag_zh = re.search(r'"zh": "(蒸馏风险提示[^"]*)"', text)
    assert flag_zh and "是：" not in flag_zh[1] and "; " not in flag_zh[1]


def test_no_english_words_left_in_chinese_values() -> None:
    data = _case()
    data = replace(data, attachments=())
    text = _application(data)
    assert "无附件 / No documents attached" in text
    assert "是否为关键信息基础设施运营者" in text and "是否主要使用生物序列数据" in text
    assert "是否为领先科技／人工智能企业" in text
    unnamed_text = _application(_case(models=()))
    assert "其模型训练使用了下列美国来源模型的输出：未列明。" in unnamed_text
    assert "未列明 / not named" not in unnamed_text


def test_approved_for_filing_says_it_was_the_firm_that_approved() -> None:
    track = _general_review(synthetic_case().tracks[1])
    assert track.approved_for_filing
    table = k.tracks_table((track,), bilingual=True)
    assert "✓ 已通过内部审批，准予申报 / internally approved for filing" in table.rows[0][1]


def test_fisr_preliminary_review_is_named_as_a_lawyer_names_it() -> None:
    states = {s.name: s for s in workflow("CN-FISR").states}
    assert states["preliminary_review"].label_zh == "初步审查（决定是否进行安全审查）"
