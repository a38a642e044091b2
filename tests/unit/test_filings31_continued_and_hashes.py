"""A QA pass over the printed filings (content format 23), on paper:

- 续前页 was printed "(continued from the previous page)" under one heading and
  "(continued)" under another: each Chinese mark has one English rendering.
- A SHA-256 in a column wide enough (the status report's chain head, the US notification's
  organisation chart) was set in 6.2 pt like the attachments' narrow column: it is set as
  large as its column allows on one line, up to the cell text's 8.5 pt.
"""

from __future__ import annotations

import io
import re

import pypdf

from approvals.filings import content as c
from approvals.filings.fonts import register_fonts, text_width
from approvals.filings.layout import (
    CONTINUED_MARKERS,
    HASH_PT_LEAST,
    HASH_PT_MOST,
    MARGIN_X,
    SECTION_CONTINUED,
    _styles,
    _table,
    build_pdf,
)

A4_WIDTH = 595.2756 - 2 * MARGIN_X
# Each Chinese mark with its one English rendering ("cont." only where "continued" does
# not fit).
ONE_WORDING = {("（续前页）", "(continued from the previous page)"), ("（续）", "(continued)"),
               ("（续）", "(cont.)")}


def test_each_chinese_mark_has_one_english_rendering() -> None:
    assert set(SECTION_CONTINUED) <= ONE_WORDING
    # A row's marker says 续 in the same words.
    assert all(m.startswith("（续）") or m == "续" for m in CONTINUED_MARKERS[True])
    assert not any("续前页" in m for m in CONTINUED_MARKERS[True])


def _pages(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text() or "")
            for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_a_part_9_going_on_overleaf_is_marked_in_one_wording() -> None:
    # The demo's Part 9 went on under "九、筛查结论及依据（续前页） Part 9. Screening
    # determinations (continued)": 续前页 said one way, "continued" another.
    blocks: list[c.Block] = [c.Heading("Part 1. Lead")]
    blocks += [c.Para(f"Filler line {n}.") for n in range(30)]
    blocks.append(c.Heading("Part 9. Screening determinations", "九、筛查结论及依据"))
    blocks.append(c.Table(("Due date", "Case", "State"), tuple(
        (f"Row{n} due", f"AP-2026-{n:04d}", "Draft\nsecond line") for n in range(40)),
        (0.3, 0.3, 0.4), ("到期日", "案件", "状态")))
    document = c.FilingDocument(kind="cn-application", reference="EX-1", title_en="Example",
                                title_zh="示例", page_size="A4", final=False, watermark=False,
                                generated_at="2026-11-18T09:00:00Z", blocks=tuple(blocks))
    later = " ".join(_pages(build_pdf(document)[0])[1:])
    headed = re.findall(r"九、筛查结论及依据(（[^）]*）) Part 9\. Screening determinations (\([^)]*\))",
                        later)
    assert headed
    for zh, en in headed:
        assert (zh, en) in ONE_WORDING, (zh, en)


def test_a_long_heading_continued_overleaf_drops_its_asides_to_stay_on_one_line() -> None:
    """An offshore applicant's Part 1 went on under "一、申请人（目标公司；注册地：开曼群岛）
    基本情况（续） Part 1. Applicant (the target" / "company; …) (cont.)": two lines."""
    from approvals.filings.layout import _section_continued

    register_fonts()
    st = _styles()
    heading = c.Heading("Part 1. Applicant (the target company; place of organisation: "
                        "Cayman Islands)", "一、申请人（目标公司；注册地：开曼群岛）基本情况")
    said = _section_continued(heading, st, A4_WIDTH)
    assert said is not None
    text = re.sub(r"<[^>]+>", "", said.text).replace("&nbsp;", " ")
    assert "Part 1. Applicant (continued" in text and "一、申请人基本情况（续" in text
    assert "Cayman" not in text
    style = st["h2"]
    assert text_width(text, style.fontName, style.fontSize) <= A4_WIDTH
    # A heading that fits keeps its words.
    short = _section_continued(c.Heading("Part 3. The transaction", "三、交易情况"), st, A4_WIDTH)
    assert short is not None and "三、交易情况（续前页）" in short.text


def _hash_size(width: float) -> float:
    register_fonts()
    table = _table(c.Table(headers=("What", "SHA-256"), rows=(("x", "0" * 64),),
                           widths=(1 - width, width), mono_columns=(1,)), _styles(), A4_WIDTH)
    cell = table._cellvalues[1][1]
    style = cell.style
    inner = A4_WIDTH * width - 8
    assert text_width("0" * 64, style.fontName, style.fontSize) <= inner  # one line
    return float(style.fontSize)


def test_a_hash_is_as_large_as_its_column_allows() -> None:
    assert _hash_size(0.53) >= HASH_PT_LEAST  # the attachments' column (A4)
    assert _hash_size(0.78) == HASH_PT_MOST  # the status report's chain head
    assert _hash_size(0.66) >= 7.5  # the US notification's organisation chart (A4 at least)
