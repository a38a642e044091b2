"""A place given as XX (the facts' code for unknown / not stated, as the screening reads
it) prints in every filing kind, in both languages, as a place not given: "Not stated" /
"未说明", never the private-use code XX: in the particulars, the applicant's heading,
signatory and seal (those of a place not stated, what is true either way, not of an
offshore company), the screening's reasons (which name the XX for the officer) and the
USCC (required, not "not applicable for a target organised in XX")."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pypdf
import pytest

from approvals.domain.screening import screen
from approvals.filings import KINDS, compose
from approvals.filings import common as k
from approvals.filings import content as c
from approvals.filings.data import Determination, FilingData, Reason
from approvals.filings.layout import build_pdf
from tests.unit.test_filing_content_version import NOW, synthetic_case


def unknown_places_case(*, us_person: bool = True, screened: bool = True) -> FilingData:
    """The fixed case, its target organised and headquartered in XX, its investor organised
    in XX. Screened: no USCC, and the screening these facts get (its reasons naming the XX,
    for a US-person investor); else the fixed case's screening, as a final can be printed."""
    data = synthetic_case()
    facts = data.facts
    target = facts.target.model_copy(update={"jurisdiction": "XX", "headquarters": "XX"})
    investor = facts.investor.model_copy(update={"jurisdiction": "XX", "us_person": us_person})
    if not screened:
        facts = facts.model_copy(update={"target": target, "investor": investor})
        return replace(data, facts=facts)
    target = target.model_copy(update={"uscc": None})
    facts = facts.model_copy(update={"target": target, "investor": investor})
    result = screen(facts, date(2026, 11, 18))
    determinations = tuple(
        Determination(d.regime, d.outcome, d.status,
                      tuple(Reason(r.rule, r.citation, r.text, r.text_zh, r.citation_zh)
                            for r in d.reasons), tuple(d.missing))
        for d in result.determinations)
    if us_person:
        assert any("XX" in r.text and "XX" in r.text_zh for d in determinations for r in d.reasons)
    assert data.screening is not None
    return replace(data, facts=facts,
                   screening=replace(data.screening, determinations=determinations))


def pdf_text(document: c.FilingDocument) -> str:
    pdf, _pages = build_pdf(document)
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def field_values(document: c.FilingDocument, path: str) -> list[str]:
    return [row.value for block in document.blocks if isinstance(block, c.Fields)
            for row in block.rows if row.path == path]


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize(("final", "us_person", "screened"),
                         [(False, True, True), (False, False, True), (True, True, False)])
def test_no_filing_prints_xx(kind: str, final: bool, us_person: bool, screened: bool) -> None:
    data = unknown_places_case(us_person=us_person, screened=screened)
    document, _missing = compose(data, kind, final=final, now=NOW)
    text = pdf_text(document)
    assert "XX" not in text and "XX" not in re.sub(r"\s+", "", text)


def test_the_chinese_application_says_not_stated_in_both_languages() -> None:
    document, missing = compose(unknown_places_case(), "cn-application", final=False, now=NOW)
    for path in ("target.jurisdiction", "target.headquarters", "investor.jurisdiction"):
        assert field_values(document, path) == ["未说明 / Not stated"], path
    headings = [(b.en, b.zh) for b in document.blocks if isinstance(b, c.Heading)]
    assert ("Part 1. Applicant (the target company)", "一、申请人（目标公司）基本情况") in headings
    signature = next(b for b in document.blocks if isinstance(b, c.Signature))
    # The wording of a place not stated, not that of a company organised offshore.
    assert signature.boxes[1] == ("Company seal of the applicant (organised outside mainland "
                                  "China: its seal, if it has one)",
                                  "申请人（公章；境外注册的申请人：印章，如有）")
    text = re.sub(r"\s+", "", pdf_text(document))
    assert "注册地：" not in text  # the heading names no place
    assert text.count("未说明/Notstated") >= 4  # three places and the USCC
    assert "target.uscc" in [path for path, _ in missing]


def test_the_us_notification_says_not_stated() -> None:
    document, _missing = compose(unknown_places_case(), "us-notification", final=False, now=NOW)
    for path in ("target.jurisdiction", "target.headquarters", "investor.jurisdiction"):
        assert field_values(document, path) == ["Not stated"], path
    text = re.sub(r"\s+", " ", pdf_text(document))
    assert "organised / headquartered: not stated" in text


def test_the_screening_reasons_say_not_stated_in_both_languages() -> None:
    data = unknown_places_case()
    assert data.screening is not None
    det = data.screening.for_regime("US-OISP")
    assert det is not None
    lines = [line for texts in k.reasons_by_citation(det.reasons, bilingual=True).values()
             for line in texts]
    said = next(line for line in lines if "目标公司注册地未说明" in line)
    assert "目标公司注册地未说明；总部所在地未说明" in said
    # The path is for a facts file: given once, in the list of missing facts.
    assert "target's place of organisation not stated; headquarters not stated" in said
    assert "target.jurisdiction" not in "".join(lines)
    assert "XX" not in "".join(lines)
    # On a page the path is given once, in the "Missing:" list under the reasons: the
    # status report's English, and the determinations table in both languages.
    status, _missing = compose(data, "status-report", final=False, now=NOW)
    text = re.sub(r"\s+", " ", pdf_text(status))
    table = next(b for b in k.determinations_table(data, "US-OISP", bilingual=True)
                 if isinstance(b, c.Table))
    for page in (text, table.rows[0][3]):
        assert "target's place of organisation not stated; headquarters not stated:" in page
        assert page.count("target.jurisdiction") == 1 and "[target.jurisdiction]" in page
        assert "XX" not in page
    assert "目标公司注册地未说明；总部所在地未说明" in table.rows[0][3]
