"""A listed item of a table cell wraps with a hanging indent (pdf19): the lines a reason
wraps onto, and those of its English beneath its Chinese, start under the item's text, not
under its bullet. They started flush with the cell ("• investor is organised in US: a
recipient outside" over "the territory (CN)"), read as an item without a bullet. The
content, and so the fingerprint, is unchanged: only the layout. Read back with pypdf:
where each line of the cell starts."""

from __future__ import annotations

import io
from typing import Any

import pypdf

from approvals.filings import content as c
from approvals.filings.layout import build_pdf

NOW = "2026-11-29T08:00:00Z"
INDENT = "\u00a0" * 3  # as filings.common indents a reason's English under its Chinese
REASON_ZH = "目标公司注册于中国（CN）：位于境内，本次交易涉及限制出口技术，须申领技术出口许可，许可申请在三十个工作日内作出决定"
REASON_EN = ("investor is organised in US: a recipient outside the territory (CN), and the "
             "deal transfers or licenses technology to the investor: a technology export")
NBSP_WIDTH = 0.318 * 8.5  # DejaVu Sans, cell text of 8.5 pt
CELL = f"[Citation of the rule]\n• {REASON_ZH}\n{INDENT}{REASON_EN}\n• short one"


def _line_starts(document: c.FilingDocument) -> dict[str, float]:
    """{a line's text (stripped): the x where its first visible character is drawn}."""
    pdf, _pages = build_pdf(document)
    lines: list[tuple[Any, float, str]] = []  # (where the line starts, its x, its text)

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, _size: float) -> None:
        if abs(tm[1]) > 1e-6 or not text.strip("\n"):
            return  # the rotated watermark, or nothing drawn
        start = (tuple(cm), tuple(tm))
        # pypdf hands each run of a line (Latin, then Chinese) the line's start: joined.
        if lines and lines[-1][0] == start:
            lines[-1] = (start, lines[-1][1], lines[-1][2] + text)
        else:
            lines.append((start, cm[0] * tm[4] + cm[4], text))

    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    starts: dict[str, float] = {}
    for _start, x, text in lines:
        line = text.replace("\u00a0", " ").rstrip("\n")
        # The no-break spaces before the text are drawn as part of the line: measured out.
        lead = len(line) - len(line.lstrip(" "))
        if line.strip():
            starts.setdefault(line.strip(), x + lead * NBSP_WIDTH)
    return starts


def _document() -> c.FilingDocument:
    table = c.Table(headers=("Regime", "Reasons"), rows=(("CN-TECH-EXPORT", CELL),),
                    widths=(0.3, 0.7))
    return c.FilingDocument(
        kind="status-report", reference="AP-2026-0001", title_en="Case status report",
        title_zh=None, page_size="A4", final=False, watermark=False, generated_at=NOW,
        blocks=(table,))


def _starting(starts: dict[str, float], prefix: str) -> list[float]:
    return [x for line, x in starts.items() if line.startswith(prefix)]


def test_wrapped_lines_of_an_item_start_under_its_text_not_its_bullet() -> None:
    starts = _line_starts(_document())
    (citation,) = _starting(starts, "[Citation")
    (bullet,) = _starting(starts, "• 目标公司")
    assert abs(bullet - citation) < 0.5  # the bullet at the cell's edge
    (english,) = _starting(starts, "investor is organised")
    text_start = english  # the English beneath the Chinese starts where the Chinese text does
    assert text_start > bullet + 6
    # Every other line of the item (the Chinese and the English wrapped) starts there too.
    wrapped = [x for line, x in starts.items() if not line.startswith(("•", "investor is"))
               and (line in REASON_ZH or line in REASON_EN)]
    assert len(wrapped) >= 2, starts
    for x in wrapped:
        assert abs(x - text_start) < 1.5, (x, text_start, starts)


def test_the_layout_leaves_the_content_and_its_fingerprint_alone() -> None:
    document = _document()
    assert document.blocks[0].rows[0][1] == CELL  # type: ignore[union-attr]
    pdf, _pages = build_pdf(document)
    text = "".join((p.extract_text() or "") for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    squash = "".join(text.split())
    assert "".join(REASON_EN.split()) in squash and REASON_ZH in squash


def test_the_points_to_check_wrap_under_their_text_too() -> None:
    # The draft's "To check before filing" box wrapped its points flush with the box.
    point = ("• US-OISP: prohibited instead if the semiconductor activity concerns advanced "
             "nodes, EDA or fabrication equipment, which the facts do not record: check it "
             "before the notification is filed with the Department of the Treasury")
    box = c.Para("To check before filing (the screening's points for the officer):\n" + point,
                 style="flag")
    document = c.FilingDocument(
        kind="us-notification", reference="AP-2026-0001", title_en="Notification",
        title_zh=None, page_size="A4", final=False, watermark=False, generated_at=NOW,
        blocks=(box,))
    starts = _line_starts(document)
    (bullet,) = _starting(starts, "• US-OISP")
    wrapped = [x for line, x in starts.items()
               if not line.startswith(("•", "To check")) and line in point]
    assert wrapped, starts
    for x in wrapped:
        assert x > bullet + 6, (x, bullet, starts)
