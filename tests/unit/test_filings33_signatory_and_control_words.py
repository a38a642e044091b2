"""Content format 32: who certifies a US notification filed by a natural person; the
representative's title and employer that 850.405(b)(1) asks for; merger control's own word
for control and its own test of a minority investor's veto rights; a control answer not
given said plainly; the final called 定稿 in the box of points to check."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from approvals.domain.errors import InputError
from approvals.domain.facts import parse_facts
from approvals.domain.rulebook import default_rulebook
from approvals.domain.screening import determine
from approvals.filings import compose
from approvals.filings import content as c
from approvals.filings.us_notification import CERTIFICATION, CERTIFICATION_INDIVIDUAL
from tests.unit.test_filing_content_version import NOW, individual_case, synthetic_case
from tests.unit.test_filings14_people import _texts

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "spec" / "examples"


def _signature_labels(document: c.FilingDocument) -> list[str]:
    return [label for b in document.blocks if isinstance(b, c.Signature)
            for label, _zh in b.boxes]


def test_an_individual_certifies_a_us_notification_in_person() -> None:
    document, _ = compose(individual_case(), "us-notification", final=False, now=NOW)
    paragraphs = [b.en for b in document.blocks if isinstance(b, c.Para)]
    assert CERTIFICATION_INDIVIDUAL in paragraphs and CERTIFICATION not in paragraphs
    assert "chief executive officer" not in _texts(document)
    assert _signature_labels(document) == [
        "Signature (the individual filing this notification)", "Printed name", "Date"]


def test_an_entity_certifies_by_its_officer_or_designee() -> None:
    document, _ = compose(synthetic_case(), "us-notification", final=False, now=NOW)
    assert CERTIFICATION in [b.en for b in document.blocks if isinstance(b, c.Para)]
    assert _signature_labels(document)[:2] == [
        "Signature (chief executive officer or duly authorized designee)",
        "Printed name and title"]


@pytest.mark.parametrize(("particular", "label"), [
    ("title", "Filer's representative: title"),
    ("organisation", "Filer's representative: employer"),
])
def test_the_representatives_title_and_employer_are_required(particular: str, label: str) -> None:
    data = synthetic_case()
    representative = {k: v for k, v in data.particulars["representative"].items()
                      if k != particular}
    data = replace(data, particulars={**data.particulars, "representative": representative})
    _, missing = compose(data, "us-notification", final=False, now=NOW)
    assert (f"particulars.representative.{particular}", label) in missing
    with pytest.raises(InputError, match=label):
        compose(data, "us-notification", final=True, now=NOW)


def _minority_with_veto() -> dict:
    facts = json.loads((EXAMPLES / "frontier-lab.json").read_text(encoding="utf-8"))
    facts["deal"].update({"stake_after_pct": 20, "veto_rights": True, "board_seats": 1})
    facts["deal"].pop("acquires_control", None)
    facts["target"]["security_sectors"] = ["it_internet"]
    # Over the merger-control thresholds, so that control decides.
    facts["target"]["turnover_cny"] = {"china": 5_000_000_000, "worldwide": 13_000_000_000}
    facts["investor"]["turnover_cny"] = {"china": 1_000_000_000, "worldwide": 2_000_000_000}
    return facts


def test_merger_control_weighs_veto_rights_by_its_own_test_and_word() -> None:
    facts = parse_facts(_minority_with_veto())
    book, day = default_rulebook(), date(2026, 12, 7)
    samr = determine("CN-SAMR", facts, day, rulebook=book)
    fisr = determine("CN-FISR", facts, day, rulebook=book)
    assert samr is not None and fisr is not None
    samr_zh = "\n".join(r.text_zh for r in samr.reasons)
    fisr_zh = "\n".join(r.text_zh for r in fisr.reasons)
    samr_en = "\n".join(r.text for r in samr.reasons)
    # The field asked is one for both regimes, named by its label where it is missing.
    assert "实际控制" not in samr_zh.replace("“是否取得实际控制权”", "")
    assert "是否取得控制权" in samr_zh
    assert "高级管理人员任免" in samr_zh and "共同控制" in samr_zh
    assert "budget, the business plan or the appointment of senior managers" in samr_en
    # The security review keeps Order 37's definition and its word.
    assert "是否取得实际控制权" in fisr_zh and "产生重大影响" in fisr_zh


def test_a_control_answer_not_given_is_said_plainly() -> None:
    data = synthetic_case()
    deal = data.facts.deal.model_copy(update={"acquires_control": None, "stake_after_pct": 20})
    data = replace(data, facts=data.facts.model_copy(update={"deal": deal}))
    text = _texts(compose(data, "cn-application", final=False, now=NOW)[0])
    assert "外国投资者是否取得对申请人的实际控制权" in text and "尚未说明。" in text
    assert "is not yet stated." in text
    assert "has not stated whether" not in text and "双方声明，外国投资者尚未说明" not in text
