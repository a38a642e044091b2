"""What a rendering works out from its content alone is worked out once per process: the
QR code of a document rendered again (a final re-rendered to check it, an export's
drafts), the printable form of a text that recurs (labels, names, headings; every text
of a document checked when composed and again when laid out) and the lines of a paragraph
measured again at the same width. The results are the same."""

from __future__ import annotations

from typing import Any

import pytest
from reportlab.platypus import Paragraph

from approvals.filings import content as c
from approvals.filings import fonts, layout


def _document(reference: str) -> c.FilingDocument:
    return c.FilingDocument(
        kind="status-report", reference=reference, title_en="Case status report",
        title_zh=None, page_size="A4", final=False, watermark=True,
        generated_at="2026-11-29T01:30:00Z",
        blocks=(c.Heading("Summary"), c.Para("Target: Shenzhen Müller 机器人 Co., Ltd.")))


def test_a_document_rendered_again_reuses_its_qr_code_and_is_the_same() -> None:
    document = _document("AP-2026-QR-REUSE")
    before = layout._qr_runs.cache_info()
    first, _ = layout.build_pdf(document)
    after_first = layout._qr_runs.cache_info()
    second, _ = layout.build_pdf(document)
    after_second = layout._qr_runs.cache_info()
    assert after_first.misses == before.misses + 1  # encoded for the first rendering
    assert after_second.misses == after_first.misses  # not again for the second
    assert after_second.hits == after_first.hits + 1
    assert first == second


def test_another_document_gets_its_own_qr_code() -> None:
    count, runs = layout._qr_runs("APPROVALS|AP-1|status-report|sha256:" + "0" * 64)
    other = layout._qr_runs("APPROVALS|AP-2|status-report|sha256:" + "0" * 64)
    assert count > 20 and runs and other[1] != runs


def test_a_recurring_text_is_made_printable_once_with_the_same_answer() -> None:
    text = "Zhōu Wěi 周伟\u200d \U00020000 recurring"
    before = fonts._printable_remembered.cache_info()
    first = fonts.printable(text)
    second = fonts.printable(text)
    after = fonts._printable_remembered.cache_info()
    assert after.misses == before.misses + 1 and after.hits == before.hits + 1
    assert first == second == fonts._printable(text)
    assert first == ("Zhōu Wěi 周伟 ⟨U+20000⟩ recurring",
                     (("\U00020000", fonts.NO_GLYPH),))


def test_a_long_free_text_is_not_kept() -> None:
    text = "Begründung 理由. " * 100
    before = fonts._printable_remembered.cache_info()
    assert fonts.printable(text) == (text, ())
    assert fonts._printable_remembered.cache_info() == before


def _broken_lines(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The widths ReportLab breaks a paragraph's lines for, call by call."""
    widths: list[float] = []
    break_lines = Paragraph.breakLines

    def counting(self: Paragraph, width: Any) -> Any:
        widths.append(width[0] if isinstance(width, (list, tuple)) else width)
        return break_lines(self, width)

    monkeypatch.setattr(Paragraph, "breakLines", counting)
    return widths


def test_a_paragraph_measured_again_at_the_same_width_keeps_its_lines(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A table measures each cell again on every wrap and split: the lines are broken once
    for a width, and again only for another width (or other text)."""
    style = layout._styles()["cell"]
    text = "Reviewer note: checked the turnover figures 核对了营业额 against the accounts. " * 4
    widths = _broken_lines(monkeypatch)
    paragraph = layout._p(text, style, 200)
    first = paragraph.wrap(200, 500)
    assert paragraph.wrap(200, 80) == first and len(widths) == 1
    narrow = paragraph.wrap(120, 500)
    assert narrow[1] > first[1] and len(widths) == 2
    assert paragraph.wrap(200, 500) == first and len(widths) == 3
    fresh = layout._p(text, style, 200)
    assert fresh.wrap(200, 500) == first
    assert _lines(fresh) == _lines(paragraph)


def _lines(paragraph: Paragraph) -> list[list[tuple[str, str]]]:
    return [[(word.text, word.fontName) for word in line.words]
            for line in paragraph.blPara.lines]


def test_the_rest_of_a_split_paragraph_is_measured_for_itself() -> None:
    style = layout._styles()["cell"]
    paragraph = layout._p("A line of a long cell that a page end splits. " * 12, style, 150)
    _width, height = paragraph.wrap(150, 1000)
    first, rest = paragraph.split(150, height / 2)
    assert first.wrap(150, 1000)[1] + rest.wrap(150, 1000)[1] == pytest.approx(height)
    assert rest.wrap(150, 1000)[1] < height
