"""Content format 24: the US notification's certification is that of 31 CFR 850.203 (the
chief executive officer or a duly authorized designee, under 18 U.S.C. 1001, complete and
accurate in all material respects); a prohibited transaction's *Notification due* says why
no period runs instead of a dash; and the distillation risk flag of a target that develops
no AI system reads "not applicable", not "not stated". Read back from the PDFs."""

from __future__ import annotations

import copy
import io
import re
from dataclasses import replace
from typing import Any

from pypdf import PdfReader

from approvals.domain.facts import parse_facts
from approvals.filings import compose
from approvals.filings.data import FilingData
from approvals.filings.layout import build_pdf
from tests.unit.test_filing_content_version import FACTS, NOW, synthetic_case


def _text(data: FilingData, kind: str) -> str:
    document, _missing = compose(data, kind, final=False, now=NOW)
    pdf, _pages = build_pdf(document)
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def test_the_certification_is_that_of_850_203() -> None:
    text = _text(synthetic_case(), "us-notification")
    assert "Certification (31 CFR 850.203)" in text
    for words in ("chief executive officer or other duly authorized designee",
                  "actual authority to make this certification",
                  "18 U.S.C. 1001", "fully comply with the requirements of 31 CFR part 850",
                  "accurate and complete in all material respects",
                  "Signature (chief executive officer or duly authorized designee)"):
        assert words in text, words
    assert "to the best of my knowledge" not in text
    assert "Signature of the filer's representative" not in text


def test_a_prohibited_transaction_has_no_notification_period_and_says_so() -> None:
    data = synthetic_case()
    prohibited = tuple(replace(t, outcome="prohibited", due_date=None, state="draft")
                       for t in data.tracks)
    text = _text(replace(data, tracks=prohibited), "us-notification")
    assert ("Notification due (US-OISP) Not applicable: the transaction is prohibited (31 CFR "
            "850.224) and may not be completed, so no notification period runs") in text


def _no_ai(profile: dict[str, Any] | None) -> FilingData:
    facts: dict[str, Any] = copy.deepcopy(FACTS)
    facts["target"]["activities"] = ["semiconductor_design"] if profile is None else ["ai_application"]
    facts["target"]["ai"] = profile
    return replace(synthetic_case(), facts=parse_facts(facts))


def test_a_target_without_an_ai_system_has_a_flag_that_does_not_apply() -> None:
    # A profile answering No is the applicant's word; without a profile, what the facts
    # record (no AI activity), not a declaration the applicant never made.
    for data, why in ((_no_ai(None), "no AI system development is recorded for the target"),
                      (_no_ai({"develops_ai_system": False}), "the target develops no AI system")):
        for kind in ("us-notification", "status-report"):
            text = _text(data, kind)
            assert f"not applicable ({why})" in text, kind
            assert "flag: not stated" not in text, kind
    # With an AI system whose provenance is not declared, the flag stays "not stated".
    unanswered = copy.deepcopy(FACTS)
    unanswered["target"]["ai"].update(trained_on_us_model_outputs=None, us_models_used=[])
    text = _text(replace(synthetic_case(), facts=parse_facts(unanswered)), "us-notification")
    assert "flag: not stated" in text


def test_the_representatives_mailing_address_is_asked_for_and_printed() -> None:
    """31 CFR 850.405(b)(1) lists the representative's mailing address beside the name,
    title, e-mail, telephone and employer."""
    data = synthetic_case()
    assert "Mailing address 1 Example Way, Menlo Park, CA 94025, USA" in _text(data, "us-notification")
    without = {**data.particulars, "representative": {
        k: v for k, v in data.particulars["representative"].items() if k != "address"}}
    _document, missing = compose(replace(data, particulars=without), "us-notification",
                                 final=False, now=NOW)
    assert ("particulars.representative.address", "Filer's representative: mailing address") in missing


def test_the_status_report_names_a_tracks_workflow_by_its_name() -> None:
    data = synthetic_case()
    contract = replace(data.tracks[0], regime="CN-DATA-EXPORT", kind="CN-DATA-EXPORT-CONTRACT")
    document, _missing = compose(replace(data, tracks=(contract,)), "status-report",
                                 final=False, now=NOW)
    headings = [b.en for b in document.blocks if type(b).__name__ == "Heading"]
    assert "History of the CN-DATA-EXPORT track — Standard contract filing (CAC)" in headings
    assert not any("(CN-DATA-EXPORT-CONTRACT)" in h for h in headings)
