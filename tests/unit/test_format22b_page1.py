"""Page 1 of a draft says a thing once (a reader's pass, format22b), read back from the PDF.

- A case with no track of the filing's regimes: the missing-information box says so in the
  filing's own words ("No Chinese filing track is open for this case" / 本案尚无中国境内审批
  或备案事项; "No US-OISP filing track is open for this case"), and the body does not say it
  again in other words ("No CN track is open…" in the box, the long sentence under
  Applications). The Chinese application's Applications section points to the box.
- A required document missing from the box reads "Post-transaction organisation chart
  (attach it on the Documents tab) [documents.org_chart]": its type is named once, by the
  path in brackets every line of the box ends with.
- The status report's page 1 names the distillation risk flag once ("Distillation risk
  flag: no. It is assessed under OSTP memorandum NSTM-4, …, and is not a legal
  determination."), not twice ("…flag: no. This is a risk flag (…)"); in Chinese,
  蒸馏风险提示 once too.
- A determination still missing a fact names its path once: the screening's reason says
  "the facts do not state whether the deal transfers technology" and the "Missing:" list
  below it gives the fact by name with the path in brackets, where the reason also ended
  "(deal.technology_transfer.transfers)".
"""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

import pypdf

from approvals.domain.facts import parse_facts
from approvals.filings import compose
from approvals.filings.data import WITHDRAWN, Determination, FilingData, Reason
from approvals.filings.layout import build_pdf
from tests.unit.test_filing_content_version import FACTS, NOW, synthetic_case

CN_NONE_EN = "No Chinese filing track is open for this case"
CN_NONE_ZH = "本案尚无中国境内审批或备案事项"
US_NONE = "No US-OISP filing track is open for this case"


def _page_1(data: FilingData, kind: str) -> str:
    document, _missing = compose(data, kind, final=False, now=NOW)
    page = pypdf.PdfReader(io.BytesIO(build_pdf(document)[0])).pages[0]
    return " ".join((page.extract_text() or "").split())


def _all_pages(data: FilingData, kind: str) -> str:
    """The draft's words, every page, white space folded to single spaces."""
    document, _missing = compose(data, kind, final=False, now=NOW)
    pages = pypdf.PdfReader(io.BytesIO(build_pdf(document)[0])).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


def _squashed(text: str) -> str:
    return "".join(text.split())


def _with_determination(data: FilingData, determination: Determination) -> FilingData:
    """`data` screened with `determination` in place of its regime's own (or added last)."""
    assert data.screening is not None
    determinations = list(data.screening.determinations)
    regimes = [d.regime for d in determinations]
    if determination.regime in regimes:
        determinations[regimes.index(determination.regime)] = determination
    else:
        determinations.append(determination)
    return replace(data, screening=replace(data.screening, determinations=tuple(determinations)))


def test_the_chinese_application_without_a_track_says_so_once_in_both_languages() -> None:
    text = _page_1(replace(synthetic_case(), tracks=()), "cn-application")
    squashed = _squashed(text)
    assert squashed.count(_squashed(CN_NONE_EN)) == 1, text
    assert squashed.count(CN_NONE_ZH) == 1, text
    assert f"{CN_NONE_EN} [tracks]" in text  # in the box, its key after it
    assert "CN track" not in text and "相应办理事项" not in text
    applications = squashed[squashed.index("申请事项Applications"):squashed.index("一、申请人")]
    assert applications == "申请事项Applications无，见上方“缺少的信息”。None:seethemissinginformationabove."


def test_every_track_withdrawn_is_said_in_the_box_and_pointed_to_under_applications() -> None:
    data = synthetic_case()
    withdrawn = tuple(replace(t, state=WITHDRAWN) for t in data.tracks)
    text = _page_1(replace(data, tracks=withdrawn), "cn-application")
    squashed = _squashed(text)
    assert "Every track this filing would cover was withdrawn [tracks]" in text
    assert CN_NONE_ZH not in squashed and _squashed(CN_NONE_EN) not in squashed
    assert "None:seethemissinginformationabove." in squashed


def test_the_us_notification_without_a_track_says_so_once() -> None:
    text = _page_1(replace(synthetic_case(), tracks=()), "us-notification")
    assert text.count(US_NONE) == 1, text
    assert f"{US_NONE} [tracks]" in text
    assert "US-OISP track is open" not in text


def test_a_missing_document_names_its_type_once() -> None:
    data = replace(synthetic_case(), attachments=())
    text = _page_1(data, "us-notification")
    assert ("Post-transaction organisation chart (attach it on the Documents tab) "
            "[documents.org_chart]") in text, text
    assert "type org_chart" not in text
    assert text.count("org_chart") == 1


def _without_distillation() -> dict[str, Any]:
    facts = {part: dict(value) if isinstance(value, dict) else value for part, value in FACTS.items()}
    facts["target"] = {**facts["target"], "ai": {**facts["target"]["ai"],
                                                 "trained_on_us_model_outputs": False,
                                                 "us_models_used": []}}
    return facts


def test_the_status_report_names_the_distillation_flag_once() -> None:
    text = _page_1(synthetic_case(), "status-report")
    assert text.count("risk flag") == 1, text
    assert "Distillation risk flag: YES, trained on outputs of US-origin models" in text
    assert "It is assessed under OSTP memorandum NSTM-4" in text and "not a legal determination." in text
    data = replace(synthetic_case(), facts=parse_facts(_without_distillation()))
    text = _page_1(data, "status-report")
    assert "Distillation risk flag: no. It is assessed under OSTP memorandum NSTM-4" in text, text
    assert text.count("risk flag") == 1


def test_the_chinese_application_names_the_distillation_flag_once_in_chinese() -> None:
    text = _squashed(_all_pages(synthetic_case(), "cn-application"))
    assert text.count("风险提示") == 1, text
    assert "。该提示依据美国白宫科技政策办公室备忘录" in text


def test_a_missing_fact_of_a_determination_is_named_by_its_path_once() -> None:
    path = "deal.technology_transfer.transfers"
    data = _with_determination(synthetic_case(), Determination(
        "CN-TECH-EXPORT", "needs_info", "in_force", (
            Reason("cn.tech.transfer", "Technology Import and Export Regulations",
                   f"the facts do not state whether the deal transfers technology ({path})",
                   "本次交易是否转让技术未说明", "《中华人民共和国技术进出口管理条例》"),), (path,)))
    text = _page_1(data, "status-report")
    assert "the facts do not state whether the deal transfers technology Missing:" in text, text
    assert text.count(path) == 1 and f"[{path}]" in text
    words = _all_pages(data, "cn-application")
    assert "the facts do not state whether the deal transfers technology 缺少的事实 Missing:" in words
    assert f"({path})" not in words


def test_the_us_notification_gives_a_missing_facts_path_once() -> None:
    path = "target.ai.max_training_compute_ops"
    data = _with_determination(synthetic_case(), Determination("US-OISP", "needs_info", "final", (
        Reason("us.ai.compute", "31 CFR 850.224",
               f"the facts do not state the largest training run ({path})"),), (path,)))
    words = _all_pages(data, "us-notification")
    assert f"({path})" not in words
    assert "Facts still missing for this determination: " in words and f"[{path}]" in words
