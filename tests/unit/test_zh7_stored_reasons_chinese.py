"""Screenings stored before the Chinese reasons read as Chinese (facts paths, codes, ISO
dates in the Chinese line) are shown and printed in today's words: a case screened last
month prints the same Chinese application as one screened today. The English, the record
the CLI gives, is as stored."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from approvals.domain.screening import ScreeningResult, chinese_of_the_day
from approvals.filings import compose
from approvals.filings.data import Determination, Reason
from tests.unit.test_filing_content_version import NOW, synthetic_case
from tests.unit.test_zh7_screening_chinese import reasons

# As screenings stored them (recorded from the previous version's output).
STORED_BEFORE = {
    "最大训练算力未提供（target.ai.max_training_compute_ops）": "最大训练算力未提供",
    "交易后持股比例20%，不满50%；控制权无法确定：deal.acquires_control未提供":
        "交易后持股比例20%，不满50%；控制权无法确定：未提供“是否取得实际控制权”",
    "控制权无法确定：deal.stake_after_pct、deal.acquires_control未提供":
        "控制权无法确定：未提供“交易后持股比例（%）”、“是否取得实际控制权”",
    "全球营业额合计无法确定（已知：投资者人民币9,000,000,000元）：target.turnover_cny.worldwide未提供":
        "全球营业额合计无法确定（已知：投资者人民币9,000,000,000元）：未提供“全球营业额（人民币）（目标公司）”",
    "目标公司涉及的安全审查领域（CN-FISR 第四条）未提供（target.security_sectors）":
        "目标公司涉及的安全审查领域（《外商投资安全审查办法》第四条）未提供",
    "CN-US-CAPITAL在2022-08-31尚未见诸报道：CN-US-CAPITAL.approval.2026-04于2026-04-24首次见诸报道":
        "截至2022年8月31日，该措施尚未见诸报道（于2026年4月24日首次见诸报道）",
    "US-OISP在2024-06-01尚未生效：US-OISP.scope.2025自2025-01-02起施行":
        "本规则于2024年6月1日尚未施行，自2025年1月2日起施行",
    "本规则库收录的CN-NEGATIVE-LIST规则在2019-01-01均未生效：最早收录的CN-NEGATIVE-LIST.access.2024"
    "自2024-11-01起施行；此前版本的负面清单（2021年版及更早版本）当时适用，但本规则库未收录：请对照该日有效的版本人工核查":
        "本规则库收录的版本于2019年1月1日均未施行（最早收录的版本自2024年11月1日起施行）；此前版本的负面清单"
        "（2021年版及更早版本）当时适用，但本规则库未收录：请对照该日有效的版本人工核查",
    "互联网信息服务通常须取得增值电信业务经营许可证（ICP），负面清单对增值电信业务设有外资股比限制：目标公司持有该许可证的，"
    "请同时记录增值电信业务（value_added_telecom），以便核查股比限制":
        "互联网信息服务通常须取得增值电信业务经营许可证（ICP），负面清单对增值电信业务设有外资股比限制：目标公司持有该许可证的，"
        "请在“主营业务”中同时记录“增值电信业务”，以便核查股比限制",
}
OLD_CITATION = "据报道的措施（彭博社，2026-04-24）；尚未公布法律文件"


@pytest.mark.parametrize(("stored", "today"), STORED_BEFORE.items())
def test_a_stored_chinese_line_reads_in_todays_words(stored: str, today: str) -> None:
    assert chinese_of_the_day(stored) == today


def test_todays_lines_are_left_as_they_are() -> None:
    assert all(chinese_of_the_day(line) == line for line in reasons())


def test_a_stored_screening_loads_with_todays_chinese_and_its_english_as_stored() -> None:
    english = "max training compute not given (target.ai.max_training_compute_ops)"
    stored = {"as_of": "2026-11-01", "rulebook": "2026.11.2+1bcf318a137c", "determinations": [{
        "regime": "US-OISP", "outcome": "needs_info", "status": "in_force",
        "missing": ["target.ai.max_training_compute_ops"],
        "reasons": [{"rule": "US-OISP.prohibited.2025", "citation": "31 CFR 850.224", "text": english,
                     "text_zh": "最大训练算力未提供（target.ai.max_training_compute_ops）",
                     "citation_zh": OLD_CITATION}]}]}
    loaded = ScreeningResult.from_json_dict(json.loads(json.dumps(stored)))
    reason = loaded.determinations[0].reasons[0]
    assert (reason.text, reason.text_zh) == (english, "最大训练算力未提供")
    assert reason.citation_zh == "据报道的措施（彭博社，2026年4月24日）；尚未公布法律文件"
    assert loaded.to_json_dict()["determinations"][0]["reasons"][0]["text"] == english


def test_the_chinese_application_prints_a_stored_screening_in_todays_words() -> None:
    data = synthetic_case()
    assert data.screening is not None
    old = Reason("CN-FISR.scope.2021", "Order No. 37, Art. 4",
                 "stake after the deal 20 % is less than 50 %; control not settled: "
                 "deal.acquires_control not given",
                 "交易后持股比例20%，不满50%；控制权无法确定：deal.acquires_control未提供",
                 OLD_CITATION)
    screening = replace(data.screening, determinations=(
        Determination("CN-FISR", "needs_info", "in_force", (old,), ("deal.acquires_control",)),))
    document, _missing = compose(replace(data, screening=screening), "cn-application", final=False, now=NOW)
    text = json.dumps(document.canonical(), ensure_ascii=False)
    assert "控制权无法确定：未提供“是否取得实际控制权”" in text
    assert "（彭博社，2026年4月24日）" in text and "2026-04-24" not in text
    # The Chinese citation in full-width brackets, the English in its own beneath.
    assert "【据报道的措施（彭博社，2026年4月24日）；尚未公布法律文件】\\n[Order No. 37, Art. 4]" in text
    assert "deal.acquires_control not given" in text  # the English beneath, as stored
    assert "控制权无法确定：deal.acquires_control未提供" not in text


def test_a_stored_day_that_is_no_date_stays_as_written() -> None:
    """Stored text is data (a row may have been edited): no traceback, the day as it is."""
    assert chinese_of_the_day("US-OISP在2024-13-01尚未生效：US-OISP.scope.2025自2025-01-02起施行") \
        == "本规则于2024-13-01尚未施行，自2025年1月2日起施行"
    old = {"rule": "r", "citation": "c", "text": "t", "citation_zh": "（彭博社，2026-02-30）"}
    assert ScreeningResult.from_json_dict({"as_of": "2026-11-01", "rulebook": "x", "determinations": [
        {"regime": "US-OISP", "outcome": "needs_info", "status": "in_force", "reasons": [old]}]}
    ).determinations[0].reasons[0].citation_zh == "（彭博社，2026-02-30）"
