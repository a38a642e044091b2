"""A listed item of a table cell is never parted by a page break (filings13): a
determination's missing fact ("• its name" with "[its.path]" beneath) was printed with its
bullet at the foot of one page and its path at the head of the next; a bilingual reason
with its Chinese on one page and its English on the other. A row taller than the page
room still splits, between its items. Read back with pypdf."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from approvals.filings import content as c
from approvals.filings.layout import build_pdf, cell_items

NOW = "2026-11-29T08:00:00Z"
INDENT = "\u00a0" * 3  # as filings.common indents a reason's English under its Chinese


def _pages(blocks: tuple[c.Block, ...]) -> list[str]:
    document = c.FilingDocument(
        kind="status-report", reference="AP-2026-0001", title_en="Case status report",
        title_zh=None, page_size="A4", final=False, watermark=True, generated_at=NOW,
        blocks=blocks)
    pdf, _count = build_pdf(document)
    return [re.sub(r"\s+", " ", page.extract_text() or "")
            for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _reasons(items: int) -> str:
    """A determination's missing facts as filings.common words them: each by name with its
    path after it, long enough that the path wraps onto a line of its own."""
    lines = ["[Citation of the rule paragraph]", "Missing:"]
    lines += [f"• item-{i} a fact the screening lacks, named in words long enough to wrap "
              f"onto a second line of the cell and then a third [fact.path.number{i}]"
              for i in range(1, items + 1)]
    return "\n".join(lines)


def test_items_are_read_with_what_goes_under_them() -> None:
    text = ("【第四条】\n[Art. 4]\n• 中文一\n" + INDENT + "English one\n• two\n"
            "缺少的事实 Missing:\n• 三\n" + INDENT + "three [c.d]")
    assert cell_items(text) == ["【第四条】\n[Art. 4]\n• 中文一\n" + INDENT + "English one",
                                "• two", "缺少的事实 Missing:\n• 三\n" + INDENT + "three [c.d]"]
    assert cell_items("no list\nat all") == ["no list\nat all"]


@pytest.mark.parametrize("lead_lines", [2, 4, 7, 9, 12, 15])
def test_a_bullet_and_its_path_are_on_one_page(lead_lines: int) -> None:
    table = c.Table(headers=("Regime", "Reasons"), rows=(("US-OISP", _reasons(40)),),
                    widths=(0.3, 0.7))
    pages = _pages((c.Para(" ".join(["Lead-in line."] * 14 * lead_lines)), table))
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        bullets = set(re.findall(r"item-(\d+) ", page))
        paths = set(re.findall(r"number(\d+)\]", page))
        assert bullets == paths, (number, bullets ^ paths)
    # The row went on overleaf (split between its items), not whole onto a new page.
    assert "item-1 " in pages[0] and "item-40 " in pages[-1]


@pytest.mark.parametrize("lines_above", [29, 30, 31])
def test_a_heading_goes_on_with_a_table_whose_first_item_does_not_fit(lines_above: int) -> None:
    """A first item (a citation over a long reason) that does not fit under the heading
    goes on the next page, and the table with it: the section's heading and its note went
    on there too, not left alone at the foot of the page."""
    first = ("[Citation heading of the first rule paragraph]\n• first-item "
             + " ".join(["a reason long enough to run over many lines of the cell"] * 11))
    table = c.Table(headers=("Regime", "Reasons"), rows=(("US-OISP", first + "\n" + _reasons(3)),),
                    widths=(0.3, 0.7))
    pages = _pages((*(c.Para(f"Line {i}.") for i in range(lines_above)),
                    c.Heading("9. Screening determination"),
                    c.Para("Screened as of 2026-11-18 against rulebook r1.", style="note"),
                    table))
    [with_heading] = [page for page in pages if "9. Screening determination" in page]
    assert "first-item " in with_heading
