"""A short table row the page ends in goes whole onto the next page: the audit timeline's
entries (three lines) and the attachments were cut after their second line, the last line
alone overleaf under "(continued)", reading as two entries. A tall row (a determination's
reasons) still splits within itself, as before. Read back with pypdf."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from approvals.filings import content as c
from approvals.filings.layout import build_pdf

NOW = "2026-11-29T08:00:00Z"


def _pages(blocks: tuple[c.Block, ...]) -> list[str]:
    document = c.FilingDocument(
        kind="status-report", reference="AP-2026-0001", title_en="Case status report",
        title_zh=None, page_size="A4", final=False, watermark=True, generated_at=NOW,
        blocks=blocks)
    pdf, _count = build_pdf(document)
    return [re.sub(r"\s+", " ", page.extract_text() or "")
            for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _timeline(rows: int, lines: int) -> c.Table:
    words = " ".join(["checked the schedule against the data room index"] * lines)
    return c.Table(headers=("#", "Action", "Details"),
                   rows=tuple((str(i), "comment.added", f"Note {i} starts: {words} ends-{i}")
                              for i in range(1, rows + 1)),
                   widths=(0.08, 0.22, 0.7))


@pytest.mark.parametrize("phrases", [3, 8])  # rows of three lines; of six (a bilingual attachment)
def test_a_short_row_is_never_cut_at_a_page_end(phrases: int) -> None:
    pages = _pages((c.Heading("Audit timeline"), _timeline(120, phrases)))
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        started = set(re.findall(r"Note (\d+) starts", page))
        ended = set(re.findall(r"ends-(\d+)", page))
        assert started == ended, (number, started ^ ended)
    assert all("(continued)" not in page and "(cont.)" not in page for page in pages)


def test_a_tall_row_still_splits_within_itself() -> None:
    pages = _pages((c.Para("Lead-in. " * 300), _timeline(1, 60)))
    cut = [i for i, page in enumerate(pages) if "Note 1 starts" in page]
    assert cut and "ends-1" not in pages[cut[0]]  # the row goes on overleaf
    assert "ends-1" in pages[cut[0] + 1] and "(cont" in pages[cut[0] + 1]
