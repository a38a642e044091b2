"""A draft's diagonal watermark ("DRAFT", "DRAFT 草稿" on the Chinese application) is drawn
as the outlines of its letters, not as text: copying a draft's table (select-all in a
reader, `pdftotext`, pypdf) put stray "D", "R", "稿" between its rows. The footer's
status ("DRAFT", "草稿 DRAFT") is text and stays; a final has no watermark at all."""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path

import pypdf
import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from approvals.filings import content as c
from approvals.filings import outlines
from approvals.filings.fonts import CJK_BOLD, LATIN_BOLD
from approvals.filings.layout import build_pdf

ROOT = Path(__file__).resolve().parents[2]
MARK_LETTERS = {"D", "R", "A", "F", "T", "草", "稿", "DRAFT", "草稿", "DRAFT 草稿"}


def _document(zh: bool, final: bool = False) -> c.FilingDocument:
    rows = tuple((str(i), "comment.added", f"Reviewer note {i} 审查意见 {i}") for i in range(1, 80))
    return c.FilingDocument(
        kind="cn-application" if zh else "status-report", reference="AP-2026-0042",
        title_en="Application", title_zh="申请书" if zh else None, page_size="A4",
        final=final, watermark=not final, generated_at="2026-11-29T01:30:00Z",
        blocks=(c.Heading("Audit timeline", "审计记录" if zh else None),
                c.Table(headers=("#", "Action", "Details"), rows=rows, widths=(0.1, 0.3, 0.6))))


def _pages(pdf: bytes) -> list[pypdf.PageObject]:
    return list(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _forms(page: pypdf.PageObject) -> list[bytes]:
    """The content of each form the page draws (the QR code; a draft's watermark)."""
    xobjects = page["/Resources"].get("/XObject", {})
    return [xobjects[name].get_object().get_data() for name in xobjects
            if xobjects[name].get_object()["/Subtype"] == "/Form"]


@pytest.mark.parametrize("zh", [True, False], ids=["cn-application", "english"])
def test_a_drafts_text_has_no_watermark_letters(zh: bool) -> None:
    pages = _pages(build_pdf(_document(zh))[0])
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        lines = [line.strip() for line in text.splitlines()]
        # pypdf reads the footer's "草稿 DRAFT · 生成时间 Generated …" as several lines
        # (two fonts).
        stray = [line for line, after in zip(lines, [*lines[1:], ""], strict=True)
                 if line in MARK_LETTERS
                 and not (line == "草稿" and after.startswith("DRAFT ·"))]
        assert not stray, (number, stray)
        squashed = re.sub(r"\s+", "", text)
        # The footer's status, once a page, is the only DRAFT and the only 草稿.
        status = "草稿DRAFT·生成时间Generated2026-11-2901:30:00UTC" if zh else \
            "DRAFT·Generated2026-11-2901:30:00UTC"
        assert squashed.count(status) == 1, number
        assert squashed.count("DRAFT") == 1, number
        assert squashed.count("草稿") == (1 if zh else 0), number
        assert "Reviewernote" in squashed


@pytest.mark.parametrize("zh", [True, False], ids=["cn-application", "english"])
def test_the_watermark_is_still_drawn_on_every_page_of_a_draft(zh: bool) -> None:
    """Drawn as filled outlines (one a glyph: D R A F T, and 草 稿), in a form every page
    reuses, under the page's grey and transparency."""
    pages = _pages(build_pdf(_document(zh))[0])
    marks = []
    for page in pages:
        forms = _forms(page)
        assert len(forms) == 2  # the QR code and the watermark
        mark = next(f for f in forms if b"BT" not in f and f.count(b" re") == 0)
        marks.append(mark)
        assert b"BT" not in mark and b"Tj" not in mark  # no text in it
        assert len(re.findall(rb"\bf\n|\bf$", mark)) == (7 if zh else 5)
        content = page.get_contents().get_data()
        assert b"0.752941 0.752941 0.752941 rg" in content or b".752941 .752941 .752941 rg" \
            in content  # #c0c0c0
        gstates = page["/Resources"]["/ExtGState"]
        assert any(float(gstates[g].get_object().get("/ca", 1)) == pytest.approx(0.35)
                   for g in gstates)
    assert len(set(marks)) == 1


def test_a_final_has_no_watermark() -> None:
    pages = _pages(build_pdf(_document(True, final=True))[0])
    for page in pages:
        assert len(_forms(page)) == 1  # the QR code only
        squashed = re.sub(r"\s+", "", page.extract_text())
        assert "DRAFT" not in squashed and "草稿" not in squashed
        assert "定稿FINAL·内容截至Contentasof" in squashed


def test_the_outlines_are_the_fonts_glyphs_where_the_text_was() -> None:
    """Same fonts, size and advances as the text drawn before: "DRAFT" in DejaVu Sans Bold
    (capitals 0.729 em high), 草稿 in Noto Sans SC Bold, centred on the same point."""
    size = 96
    width = stringWidth("DRAFT", LATIN_BOLD, size)
    left, bottom, right, top = outlines.outline_bounds("DRAFT", size=size, bold=True,
                                                        align="center")
    assert top == pytest.approx(0.729 * size, abs=0.5) and bottom == pytest.approx(0, abs=0.5)
    # D's left side bearing, T's right one (DejaVu Sans Bold: 188 and 11 of 2048 units).
    assert left == pytest.approx(-width / 2 + 188 / 2048 * size, abs=0.01)
    assert right == pytest.approx(width / 2 - 11 / 2048 * size, abs=0.01)
    both = outlines.outline_bounds("DRAFT 草稿", size=size, bold=True)
    zh_width = stringWidth("草稿", CJK_BOLD, size)
    assert both[2] == pytest.approx(width + stringWidth(" ", LATIN_BOLD, size) + zh_width,
                                    abs=0.1 * size)
    assert outlines.glyph_outline(CJK_BOLD, "草")[0][0] == "M"
    assert outlines.glyph_outline(LATIN_BOLD, " ") == ()


def test_the_outlines_are_read_once_per_process() -> None:
    build_pdf(_document(True))
    read = outlines._font_file.cache_info().misses
    glyphs = outlines.glyph_outline.cache_info().misses
    build_pdf(_document(True))
    build_pdf(_document(False))
    assert outlines._font_file.cache_info().misses == read
    assert outlines.glyph_outline.cache_info().misses == glyphs


def test_fonttools_is_a_declared_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(re.fullmatch(r"fonttools>=\d+(\.\d+)*", dep) for dep in project["dependencies"])
