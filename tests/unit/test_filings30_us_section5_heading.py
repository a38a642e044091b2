"""Item 5 of the US notification is headed by what the screening found (content format 22):
"Why the transaction is a covered transaction" only where it found a notifiable (or
prohibited) covered transaction; otherwise "Why the transaction was screened under 31 CFR
Part 850", as its lead says the reasons "do not make it a notifiable covered transaction".
The heading said the transaction was covered whatever the screening found. The US
notification is in English only: it has no Chinese heading. Read back from the PDF with
pypdf, the determination that of the real screening of the facts."""

from __future__ import annotations

import copy
import io
import re
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader

from approvals.domain.facts import parse_facts
from approvals.domain.screening import screen
from approvals.filings import compose
from approvals.filings.data import Determination, FilingData, Reason
from approvals.filings.layout import build_pdf
from approvals.filings.us_notification import NOT_COVERED_TITLE
from tests.unit.test_filing_content_version import FACTS, NOW, synthetic_case

COVERED = "5. Why the transaction is a covered transaction"
NOT_COVERED = "5. Why the transaction was screened under 31 CFR Part 850"


def _screened(deal: dict[str, Any], ai: dict[str, Any] | None = None) -> FilingData:
    """The fixed case with deal terms (and AI facts) changed, its US-OISP determination
    that of the real screening of those facts."""
    facts: dict[str, Any] = copy.deepcopy(FACTS)
    facts["deal"].update(deal)
    facts["target"]["ai"].update(ai or {})
    parsed = parse_facts(facts)
    found = screen(parsed, date(2026, 11, 18)).determination("US-OISP")
    assert found is not None
    us = Determination("US-OISP", found.outcome, found.status,
                       tuple(Reason(r.rule, r.citation, r.text, r.text_zh, r.citation_zh,
                                    advice=r.advice) for r in found.reasons), found.missing)
    data = synthetic_case()
    assert data.screening is not None
    others = tuple(d for d in data.screening.determinations if d.regime != "US-OISP")
    return replace(data, facts=parsed,
                   screening=replace(data.screening, determinations=(us, *others)))


def _text(data: FilingData) -> str:
    document, _missing = compose(data, "us-notification", final=False, now=NOW)
    pdf, _pages = build_pdf(document)
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def _outcome(data: FilingData) -> str:
    det = data.screening.for_regime("US-OISP") if data.screening else None
    assert det is not None
    return det.outcome


def test_the_heading_of_a_transaction_found_not_covered_says_it_was_screened() -> None:
    data = _screened({"instrument": "debt"})  # debt financing is no covered transaction type
    assert _outcome(data) not in ("notification_required", "prohibited")
    text = _text(data)
    assert NOT_COVERED in text and COVERED not in text
    section = text[text.index(NOT_COVERED):text.index("6. Transaction details")]
    assert "they do not make it a notifiable covered transaction" in section
    assert f"5. {NOT_COVERED_TITLE}" == NOT_COVERED


def test_the_fixed_cases_outcome_that_is_not_a_notification_is_not_headed_covered() -> None:
    text = _text(synthetic_case())  # its US-OISP outcome, "notify", is not notifiable
    assert NOT_COVERED in text and COVERED not in text


@pytest.mark.parametrize(("compute", "outcome"), [(3e23, "notification_required"),
                                                   (3.1e25, "prohibited")])
def test_a_notifiable_or_prohibited_transaction_keeps_the_covered_heading(
        compute: float, outcome: str) -> None:
    data = _screened({}, {"max_training_compute_ops": compute})
    assert _outcome(data) == outcome
    text = _text(data)
    assert COVERED in text and NOT_COVERED not in text
    section = text[text.index(COVERED):text.index("6. Transaction details")]
    assert "The transaction is covered for the following reasons:" in section


def test_without_a_screening_the_form_heading_stands() -> None:
    text = _text(replace(synthetic_case(), screening=None))
    assert COVERED in text and NOT_COVERED not in text
