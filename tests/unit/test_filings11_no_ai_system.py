"""A target marked as developing no AI system whose facts still record a training run or
US models used: the filings say so in both languages and declare what is recorded; the
model-provenance declaration is still required (it was skipped with the answer, so a final
printed "has not yet declared"). With nothing recorded of an AI system the declaration
does not apply, and the application says so instead of "not yet declared"."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from typing import Any

import pypdf
import pytest

from approvals.domain.errors import InputError
from approvals.filings import compose
from approvals.filings import content as c
from approvals.filings.layout import build_pdf
from tests.unit.test_filing_content_version import NOW, no_ai_system_case, synthetic_case

PROVENANCE = "target.ai.trained_on_us_model_outputs"


def with_ai(**update: Any) -> Any:
    data = synthetic_case()
    ai = data.facts.target.ai
    assert ai is not None
    target = data.facts.target.model_copy(update={"ai": ai.model_copy(update=update)})
    return replace(data, facts=data.facts.model_copy(update={"target": target}))


def paragraphs(document: c.FilingDocument) -> list[c.Para]:
    return [b for b in document.blocks if isinstance(b, c.Para)]


def text_of(document: c.FilingDocument) -> str:
    pdf, _pages = build_pdf(document)
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))


def test_a_training_run_recorded_despite_no_is_said_in_both_languages() -> None:
    document, missing = compose(no_ai_system_case(), "cn-application", final=False, now=NOW)
    flag = next(p for p in paragraphs(document) if p.en.startswith("The applicant states that "
                                                                   "it does not develop"))
    assert flag.style == "flag"
    assert "a training run of 3.1 × 10²⁵ operations and training on outputs of US-origin " \
           "models" in flag.en
    assert flag.zh is not None and "最大训练计算量为3.1 × 10²⁵次运算、使用美国来源模型的输出进行训练" \
        in flag.zh
    text = text_of(document)
    assert "申请人声明其不研发人工智能系统，但事实信息记录了" in text
    assert PROVENANCE not in [path for path, _ in missing]  # declared: True


def test_the_provenance_declaration_stays_required_while_a_training_run_is_recorded() -> None:
    data = with_ai(develops_ai_system=False, trained_on_us_model_outputs=None, us_models_used=None)
    _document, missing = compose(data, "cn-application", final=False, now=NOW)
    assert PROVENANCE in [path for path, _ in missing]
    with pytest.raises(InputError) as refused:
        compose(data, "cn-application", final=True, now=NOW)
    assert PROVENANCE in [p.path for p in refused.value.problems]


def test_with_nothing_of_an_ai_system_recorded_the_declaration_does_not_apply() -> None:
    data = with_ai(develops_ai_system=False, max_training_compute_ops=None, end_uses=[],
                   primarily_biological_sequence_data=False, trained_on_us_model_outputs=None,
                   us_models_used=None)
    document, missing = compose(data, "cn-application", final=False, now=NOW)
    assert PROVENANCE not in [path for path, _ in missing]
    said = paragraphs(document)
    assert any(p.en == "Not applicable: the applicant does not develop AI systems."
               and p.zh == "不适用：申请人不研发人工智能系统。" for p in said)
    assert not any("has not yet declared" in p.en for p in said)
    assert not any(p.en.startswith("The applicant states that it does not develop") for p in said)


def test_the_us_notification_says_it_too() -> None:
    document, _missing = compose(no_ai_system_case(), "us-notification", final=False, now=NOW)
    assert any(p.en.startswith("The covered foreign person is stated not to develop AI systems, "
                               "but the facts record a training run of 3.1 × 10²⁵ operations")
               for p in paragraphs(document))


def test_us_models_named_without_an_answer_are_printed_with_the_risk_flag() -> None:
    data = with_ai(trained_on_us_model_outputs=None, us_models_used=["a US model via API"])
    document, _missing = compose(data, "us-notification", final=False, now=NOW)
    assert any("not stated (US-origin models named in the facts: a US model via API)" in p.en
               for p in paragraphs(document))
    document, _missing = compose(data, "cn-application", final=False, now=NOW)
    assert any(p.zh and "未说明（事实信息列明的美国来源模型：a US model via API）" in p.zh
               for p in paragraphs(document))


def test_a_final_is_laid_out_byte_for_byte_the_same_again() -> None:
    first, _ = compose(no_ai_system_case(), "cn-application", final=True, now=NOW)
    again, _ = compose(no_ai_system_case(), "cn-application", final=True,
                       now="2027-03-01T12:00:00Z")
    assert build_pdf(first)[0] == build_pdf(again)[0]


def with_no_profile(activities: list[str]) -> Any:
    data = synthetic_case()
    target = data.facts.target.model_copy(update={"ai": None, "activities": activities})
    return replace(data, facts=data.facts.model_copy(update={"target": target}))


def test_without_an_ai_profile_the_application_declares_nothing_for_the_applicant() -> None:
    """target.ai null (a chip packager, no AI page in the wizard) printed "The applicant
    states that it does not develop AI systems": a declaration nobody made. It says what
    the facts say, and the distillation flag does not apply (content format 24: it read
    "not stated", an answer asked of a target with no AI system)."""
    document, _missing = compose(with_no_profile(["semiconductor_packaging"]), "cn-application",
                                 final=False, now=NOW)
    said = [(p.en, p.zh) for p in paragraphs(document)]
    assert not any("states that it does not develop" in en for en, _zh in said)
    assert ("Not applicable: the applicant's business activities, as recorded, include no AI "
            "model development or AI application.",
            "不适用：所记录的申请人业务活动不包括人工智能模型研发或人工智能应用。") in said
    # Content format 25: what the facts record, not "the target develops no AI system",
    # which no one declared.
    assert any(en.startswith("Distillation risk flag: not applicable (no AI system "
                             "development is recorded for the target)")
               and zh is not None and "不适用（未记录目标公司研发人工智能系统）" in zh
               for en, zh in said)


def test_an_ai_company_without_its_profile_is_said_to_have_given_none() -> None:
    document, _missing = compose(with_no_profile(["ai_model_development"]), "cn-application",
                                 final=False, now=NOW)
    flagged = [p for p in paragraphs(document) if p.en.startswith("Not stated: the applicant's AI")]
    assert len(flagged) == 1 and flagged[0].style == "flag"
    # An AI company that gave no profile has not answered: its flag stays "not stated".
    assert any(p.en.startswith("Distillation risk flag: not stated") for p in paragraphs(document))
    assert flagged[0].zh is not None and flagged[0].zh.startswith("未填报：申请人尚未提供其人工智能情况")


def without_ai(activities: list[str] | None) -> Any:
    data = synthetic_case()
    target = data.facts.target.model_copy(update={"ai": None, "activities": activities})
    return replace(data, facts=data.facts.model_copy(update={"target": target}))


def field_rows(document: c.FilingDocument) -> dict[str, c.Field]:
    return {f.label_en: f for b in document.blocks if isinstance(b, c.Fields) for f in b.rows}


def test_activities_not_stated_are_no_ground_for_not_applicable() -> None:
    """No AI profile and no activities stated: a draft said "Not applicable: the
    applicant's business activities, as recorded, include no AI model development", of
    activities nobody had recorded, and the US notification left the AI rows out while its
    page-1 box named them missing."""
    document, _missing = compose(without_ai(None), "cn-application", final=False, now=NOW)
    said = [p.en for p in paragraphs(document)]
    assert not any(en.startswith("Not applicable: the applicant's business activities") for en in said)
    assert any(en.startswith("Not stated: the applicant's AI profile") for en in said)
    assert any(en.startswith("Distillation risk flag: not stated.") for en in said)
    notice, _ = compose(without_ai(None), "us-notification", final=False, now=NOW)
    rows = field_rows(notice)
    assert rows["Develops AI systems"].path == "target.ai.develops_ai_system"
    assert rows["End uses"].path == "target.ai.end_uses"
    assert rows["Activities"].path == "target.activities"


def test_activities_recorded_without_ai_still_read_not_applicable() -> None:
    document, _missing = compose(without_ai(["cloud_idc"]), "cn-application", final=False, now=NOW)
    assert any(p.en.startswith("Not applicable: the applicant's business activities")
               for p in paragraphs(document))
    notice, _ = compose(without_ai(["cloud_idc"]), "us-notification", final=False, now=NOW)
    assert "Develops AI systems" not in field_rows(notice)
