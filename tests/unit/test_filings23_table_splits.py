"""Where a page ends in a table:

- No short row stands alone on a page, away from the rest of its table: a block of three
  fields went one row under its heading at the foot of a page and two overleaf (the
  Chinese application's Part 8), the deadlines report's thirteen rows 1 + 11 + 1. The last
  row takes one more along, or the table (and its heading) moves on whole.
- The space after a table that fills its page to the foot does not start a blank last
  page (a deadlines report could end on one).
- The heading a table is continued under overleaf keeps to one line: it ends
  "(continued)" where "(continued from the previous page)" would wrap, which left
  "page)" alone on a second line (or a third, under a long Part 1 heading).
"""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from approvals.filings import content as c
from approvals.filings.layout import build_pdf

ROWS = {
    "fields": 3,   # a block of fields: Part 8 of the Chinese application
    "table": 6,    # a table with column titles: a section of the deadlines report
}


def _document(kind: str, filler: int, heading: str = "Part 8. Technology transfer",
              heading_zh: str | None = "八、技术转让情况") -> c.FilingDocument:
    blocks: list[c.Block] = [c.Heading("Part 1. Lead")]
    blocks += [c.Para(f"Filler line {n}.") for n in range(filler)]
    blocks.append(c.Heading(heading, heading_zh))
    if kind == "fields":
        # The note Part 8 prints above its rows while nothing of them is stated.
        blocks.append(c.Para("No technology-transfer particulars have been stated. " * 3,
                             "尚未填报技术转让情况。", style="note"))
        blocks.append(c.Fields(tuple(
            c.Field(f"Label {n} of the block", f"Row{n} value", f"标签{n}")
            for n in range(ROWS[kind]))))
    else:
        blocks.append(c.Table(("Due date", "Case", "State"), tuple(
            (f"Row{n} due", f"AP-2026-{n:04d}", "Draft\nsecond line") for n in range(ROWS[kind])),
            (0.3, 0.3, 0.4), ("到期日", "案件", "状态")))
    return c.FilingDocument(kind="cn-application", reference="EX-1", title_en="Example",
                            title_zh="示例", page_size="A4", final=False, watermark=False,
                            generated_at="2026-11-18T09:00:00Z", blocks=tuple(blocks))


def _pages(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text() or "")
            for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("kind", sorted(ROWS))
def test_no_row_stands_alone_on_a_page(kind: str) -> None:
    # Filler moves the table's start down the page a line at a time, so that the page ends
    # at each of its rows in turn.
    splits = 0
    for filler in range(14, 34):
        pages = _pages(build_pdf(_document(kind, filler))[0])
        counts = [len(re.findall(r"Row\d", page)) for page in pages]
        on = [n for n in counts if n]
        assert sum(on) == ROWS[kind]
        assert all(n >= 2 for n in on), (filler, counts)
        splits += len(on) > 1
        # The heading is on the page of the table's first row.
        first = next(i for i, page in enumerate(pages) if "Row0" in page)
        assert "Part 8. Technology transfer" in pages[first], (filler, counts)
    # Six rows do go on overleaf, under the heading "continued"; three move on whole.
    assert splits >= (0 if kind == "fields" else 3)


def test_a_table_ending_a_page_leaves_no_blank_page_after_it() -> None:
    # The space after a table filling its page to the foot started a page of its own.
    for filler in range(56, 70):
        pages = _pages(build_pdf(_document("table", filler))[0])
        assert "Row5" in pages[-1], (filler, len(pages))


def test_the_continued_heading_keeps_to_one_line() -> None:
    long = ("Part 1. Applicant (the target company; place of organisation: "
            "Cayman Islands)")
    long_zh = "一、申请人（目标公司；注册地：开曼群岛）基本情况"
    # The longest marks that keep it on one line; shorter ones before a second line (the
    # applicant's heading wrapped "(continued)" alone); where none does, the heading
    # without its asides (the offshore applicant's went on over two lines).
    for heading, zh, zh_words, words, shown, shown_zh in (
            ("Due later", None, "", "(continued from the previous page)", None, None),
            ("Part 1. Applicant (the Chinese company)", "一、申请人（境内企业）基本情况",
             "（续）", "(cont.)", None, None),
            (long, long_zh, "（续前页）", "(continued from the previous page)",
             "Part 1. Applicant", "一、申请人基本情况")):
        for filler in range(20, 30):
            pdf = build_pdf(_document("table", filler, heading, zh))[0]
            pages = _pages(pdf)
            if len(pages) > 1 and "Row" in pages[1] and "Row" in pages[0]:
                break
        else:
            pytest.fail("the table never went on overleaf")
        heading, zh = shown or heading, shown_zh or zh
        assert f"{heading} {words} 到期日" in pages[1]
        if zh:
            assert f"{zh}{zh_words} {heading}" in pages[1]
        # Its lines as the page sets them: the heading's last ends with the words, and it
        # takes one line, not one more.
        raw = pypdf.PdfReader(io.BytesIO(pdf)).pages[1].extract_text().splitlines()
        start = next(n for n, line in enumerate(raw) if line.startswith(zh or heading))
        end = next(n for n, line in enumerate(raw) if line.rstrip().endswith(words))
        assert end == start, raw[start:end + 1]
