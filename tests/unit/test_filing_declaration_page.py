"""The declaration and its signature boxes follow on the page the filing has reached when
they fit there: they are kept together, never sent to a page of their own for nothing."""

from __future__ import annotations

import io

from pypdf import PdfReader

from approvals.filings import content as c
from approvals.filings.layout import build_pdf


def short_filing(signature: c.Signature) -> c.FilingDocument:
    return c.FilingDocument(
        kind="us-notification", reference="AP-2026-0001", title_en="Notification",
        title_zh=None, page_size="LETTER", final=False, watermark=True,
        generated_at="2026-11-30T00:00:00Z",
        blocks=(c.Heading("1. Commercial rationale"), c.Para("A minority investment."),
                c.Heading("2. Certification"), c.Para("I certify that this is true."),
                signature),
        missing=())


def test_a_short_filing_signs_on_its_one_page() -> None:
    for signature in (c.Signature((("Signature", None), ("Date", None)), dated=False),
                      c.Signature((("法定代表人", "Legal representative"),), height_mm=40)):
        pdf, pages = build_pdf(short_filing(signature))
        assert pages == 1
        text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
        assert "Commercial rationale" in text and "Certification" in text
