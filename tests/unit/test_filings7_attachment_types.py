"""The Chinese application names its attachments' types in Chinese and English, as it
names everything else (they printed in English only: "(Technology export contract)");
a type with no Chinese name, and the English-only filings, print the English. Read back
from the PDF with pypdf."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pypdf

from approvals.filings import compose
from approvals.filings.data import Attachment
from approvals.filings.layout import build_pdf
from tests.unit.test_filing_content_version import NOW, synthetic_case

ATTACHMENTS = (
    Attachment("org-chart.pdf", "d" * 64, 2345, "org_chart", "2026-11-18T12:05:00Z"),
    Attachment("contract.pdf", "e" * 64, 3456, "technology-export-contract",
               "2026-11-18T12:06:00Z"),
    Attachment("memo.pdf", "f" * 64, 4567, "board_memo", "2026-11-18T12:07:00Z"),
)


def _text(kind: str) -> str:
    data = replace(synthetic_case(), attachments=ATTACHMENTS)
    document, _missing = compose(data, kind, final=False, now=NOW)
    pdf, _pages = build_pdf(document)
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))


def test_the_chinese_application_names_attachment_types_in_both_languages() -> None:
    text = _text("cn-application")
    assert "(交易后组织架构图/Post-transactionorganisationchart)" in text
    assert "(技术出口合同/Technologyexportcontract)" in text
    assert "(Boardmemo)" in text  # no Chinese name: as it is named everywhere


def test_the_english_filings_name_them_in_english() -> None:
    text = _text("status-report")
    assert "(Technologyexportcontract)" in text and "技术出口合同" not in text
