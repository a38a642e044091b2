"""A section whose first table has a flag above it ("Facts changed after this screening",
drawn boxed, as a table) left its heading, its note and the flag alone at the foot of a
page, the table starting overleaf without them (Part 9 of AP-2026-0010's application).
Wherever the section falls, its heading is on the page its table starts on."""

from __future__ import annotations

import io

from pypdf import PdfReader

from approvals.filings import content as c
from approvals.filings.layout import build_pdf

HEADING = "Part 9. Screening determinations"


def _document(filler_lines: int) -> c.FilingDocument:
    filler = tuple(c.Para(f"Filler line {i} " + "words " * 12) for i in range(filler_lines))
    rows = tuple((f"REG-{i}", "Approval required", "In force", "a reason " * 30)
                 for i in range(4))
    return c.FilingDocument(
        kind="cn-application", reference="AP-2026-0001", title_en="Application",
        title_zh=None, page_size="A4", final=False, watermark=True,
        generated_at="2026-11-30T00:00:00Z",
        blocks=(*filler, c.Heading(HEADING),
                c.Para("The screening as recorded.", style="note"),
                c.Para("Facts changed after this screening: the stake.", style="flag"),
                c.Table(headers=("Regime", "Outcome", "Status", "Reasons and citations"),
                        rows=rows, widths=(0.15, 0.15, 0.15, 0.55))),
        missing=())


def test_the_heading_and_the_flag_go_over_with_the_table() -> None:
    for lines in range(22, 36):  # the heading from mid-page down to the page's foot
        pdf, _pages = build_pdf(_document(lines))
        texts = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
        heading_on = next(i for i, text in enumerate(texts) if HEADING in text)
        table_on = next(i for i, text in enumerate(texts) if "Reasons and citations" in text)
        assert heading_on == table_on, (lines, heading_on, table_on)
