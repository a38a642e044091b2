"""Every fact a draft's missing-information box names is marked in place too (pdflook).

A draft lists on page 1 the facts a screening lacks; its rows then show each one as
"■ 缺少（必填） MISSING (required)". Part 7 of the Chinese application (data to be
exported) marked only "important data": the box named the critical-information-
infrastructure operator and the numbers of individuals, and their rows said "未说明 /
Not stated" as an optional fact does, so an officer looking for them found nothing
flagged. The AI rows of both forms (largest training run, biological sequence data) were
the same. Read back from the PDF with pypdf, row by row."""

from __future__ import annotations

import copy
import io
import re
from dataclasses import replace

import pypdf

from approvals.domain.facts import parse_facts
from approvals.filings import compose
from approvals.filings.data import Determination, FilingData
from approvals.filings.layout import build_pdf
from tests.unit.test_filing_content_version import FACTS, NOW, synthetic_case

MARK = "■缺少（必填）MISSING(required)"
DATA_EXPORT = ("deal.data_export.cii_operator", "deal.data_export.pi_subjects_current_year",
               "deal.data_export.sensitive_pi_subjects_current_year")
AI = ("target.ai.max_training_compute_ops", "target.ai.primarily_biological_sequence_data")


def _squashed(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))


def _lacking(paths: tuple[str, ...], regime: str) -> FilingData:
    """The fixed case without the facts at `paths`, its `regime` screening needing them."""
    facts = copy.deepcopy(FACTS)
    for path in paths:
        *parents, leaf = path.split(".")
        node = facts
        for key in parents:
            node = node[key]
        del node[leaf]
    data = synthetic_case()
    assert data.screening is not None
    dets = tuple(d for d in data.screening.determinations if d.regime != regime)
    dets += (Determination(regime=regime, outcome="needs_info", status="in_force",
                           missing=paths),)
    return replace(data, facts=parse_facts(facts),
                   screening=replace(data.screening, determinations=dets))


def _after(text: str, label: str) -> str:
    """What follows a row's label (its English label, the value next)."""
    return text[text.index(label) + len(label):][:40]


def test_part_7_marks_every_data_export_fact_the_box_names() -> None:
    data = _lacking(DATA_EXPORT, "CN-DATA-EXPORT")
    document, missing = compose(data, "cn-application", final=False, now=NOW)
    assert set(DATA_EXPORT) <= {path for path, _ in missing}
    text = _squashed(build_pdf(document)[0])
    part7 = text[text.index("Part7.Datatobeexported"):text.index("Part8.")]
    for label in ("Criticalinformationinfrastructureoperator",
                  "Non-sensitivepersonalinformationexportedsince1January(individuals)",
                  "Sensitivepersonalinformationexportedsince1January(individuals)"):
        assert _after(part7, label).startswith(MARK), label
    # A fact no screening asks for still reads "Not stated".
    assert _after(part7, "Individualswhosepersonalinformationisprocessed").startswith(
        "未说明/Notstated")


def test_the_ai_rows_of_both_forms_mark_the_facts_the_box_names() -> None:
    data = _lacking(AI, "US-OISP")
    us, missing = compose(data, "us-notification", final=False, now=NOW)
    assert set(AI) <= {path for path, _ in missing}
    text = _squashed(build_pdf(us)[0])
    section = text[text.index("7.Thecoveredforeignperson"):text.index("8.Financial")]
    for label in ("Largesttrainingrun", "Primarilybiologicalsequencedata"):
        assert _after(section, label).startswith("■MISSING(required)"), label
    data = _lacking(AI, "CN-FISR")
    cn, _missing = compose(data, "cn-application", final=False, now=NOW)
    text = _squashed(build_pdf(cn)[0])
    part6 = text[text.index("Part6.AIprofile"):text.index("Part7.")]
    for label in ("Largesttrainingrun", "Primarilybiologicalsequencedata"):
        assert _after(part6, label).startswith(MARK), label
