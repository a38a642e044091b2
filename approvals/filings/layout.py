"""Page layout shared by every filing kind: templates, header, footer, watermark, QR code.

- `BaseDocTemplate` with two named page templates ("first", "later").
- "Page X of Y": pages are kept until the end (`_NumberedCanvas`), then numbered.
- Reproducible bytes: invariant mode, fixed metadata, and the PDF creation date taken
  from the document's own generation time, so a final re-rendered from the same stored
  content is byte-identical.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from reportlab import rl_config
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus import Table as RLTable

from approvals.domain.numbers import counted
from approvals.filings import content as c
from approvals.filings import qr
from approvals.filings.fonts import (
    LATIN,
    LATIN_BOLD,
    break_lines,
    draw_mixed,
    markup,
    printable,
    register_fonts,
    text_width,
    wraps_like_reportlab,
)
from approvals.filings.outlines import draw_outlined, outline_bounds
from approvals.filings.printable import check_document

# Reproducible output: no random document id, no clock-based timestamps from ReportLab.
rl_config.invariant = 1

Progress = Callable[[float, str], None]
# Progress messages are finished sentences: the window and any other caller show them as
# they are.
LAYING_OUT = "Laying out the pages…"

PAGE_SIZES = {"A4": A4, "LETTER": LETTER}
MARGIN_X = 18 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 32 * mm
QR_SIZE = 18 * mm
# Footer lines (baselines): the status and generation time, the fingerprint, "Page X of Y".
FOOTER_RULE_Y = MARGIN_BOTTOM - 6 * mm
STATUS_Y = FOOTER_RULE_Y - 5 * mm
FINGERPRINT_Y = FOOTER_RULE_Y - 9.5 * mm
PAGE_LABEL_Y = FOOTER_RULE_Y - 14 * mm
QR_FORM = "approvalsQR"
MARK_FORM = "approvalsDraftMark"
PRODUCER = "approvals (ReportLab)"

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#9a9a9a")


def _over_white(hex_colour: str, alpha: float = 0.5) -> colors.Color:
    """A see-through fill that looks like `hex_colour` on the white page: the DRAFT
    watermark, drawn under the content, shows through it (an opaque label column hid
    "DR" of "DRAFT 草稿")."""
    solid = colors.HexColor(hex_colour)
    return colors.Color(*(1 - (1 - part) / alpha for part in solid.rgb()), alpha=alpha)


HEADER_BG = _over_white("#e8ecf2")
LABEL_BG = _over_white("#f4f6f9")
ALERT = colors.HexColor("#b00020")
ALERT_BG = _over_white("#fdecee")
FLAG_BG = _over_white("#fff6e0")

FOOTER_STATUS_SIZE = 7.5  # the footer's line of status and time

# ReportLab keeps process-wide state (font registry, caches); one build at a time.
_build_lock = threading.Lock()


@contextmanager
def _own_file_identifier() -> Iterator[None]:
    """ReportLab seeds the file identifier (/ID) with SOURCE_DATE_EPOCH when it is set,
    even in invariant mode: a final rendered from a shell that sets it (Nix, Debian
    packaging) differed in bytes and was stored twice. Held off for the build (under
    _build_lock, the only reader); the creation date is ours already (pdf_date)."""
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def _styles() -> dict[str, ParagraphStyle]:
    """Bold styles set their Chinese in the bold CJK font too (`_p`), so a bilingual
    heading or label is bold throughout, digits and Latin letters within Chinese included."""
    base = ParagraphStyle("body", fontName=LATIN, fontSize=9.5, leading=13, textColor=INK,
                          alignment=TA_LEFT, spaceAfter=4)
    return {
        "title": ParagraphStyle("title", parent=base, fontName=LATIN_BOLD, fontSize=16,
                                leading=21, spaceAfter=2),
        "title_zh": ParagraphStyle("title_zh", parent=base, fontName=LATIN_BOLD, fontSize=16,
                                   leading=21, spaceAfter=2),
        "h1": ParagraphStyle("h1", parent=base, fontName=LATIN_BOLD, fontSize=12, leading=16,
                             spaceBefore=10, spaceAfter=4),
        "h2": ParagraphStyle("h2", parent=base, fontName=LATIN_BOLD, fontSize=10.5,
                             leading=14, spaceBefore=6, spaceAfter=3),
        "body": base,
        "en_pair": ParagraphStyle("en_pair", parent=base, textColor=MUTED, spaceAfter=6),
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "note": ParagraphStyle("note", parent=base, fontSize=8.5, leading=11, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11, spaceAfter=0),
        "cell_label": ParagraphStyle("cell_label", parent=base, fontSize=8.5, leading=11,
                                     spaceAfter=0, fontName=LATIN_BOLD),
        "cell_label_en": ParagraphStyle("cell_label_en", parent=base, fontSize=7.5,
                                        leading=9.5, spaceAfter=0, textColor=MUTED),
        # Hashes: 64 hex digits fit on one line of the attachments' hash column (A4); a
        # wider column sets them larger (`_hash_style`).
        "cell_mono": ParagraphStyle("cell_mono", parent=base, fontSize=HASH_PT_LEAST,
                                    leading=8.5, spaceAfter=0),
        "alert_title": ParagraphStyle("alert_title", parent=base, fontName=LATIN_BOLD,
                                      fontSize=10.5, leading=14, textColor=ALERT),
        "cell_missing": ParagraphStyle("cell_missing", parent=base, fontSize=8.5, leading=11,
                                       spaceAfter=0, fontName=LATIN_BOLD, textColor=ALERT),
        "alert": ParagraphStyle("alert", parent=base, fontSize=8.5, leading=11, spaceAfter=1),
    }


CELL_PAD = 4  # left and right padding of table cells
# The type sizes of a SHA-256 in a table: the largest at which its 64 digits, the widest
# ones even, fit its column on one line, from the smallest (the attachments' column on A4)
# up to the cell text's own size.
HASH_PT_LEAST, HASH_PT_MOST = 6.2, 8.5


def _hash_style(style: ParagraphStyle, width: float) -> ParagraphStyle:
    """`style` (cell_mono) at the largest size, in tenths of a point, at which 64 of the
    widest hex digits fit `width`: the chain head's and the organisation chart's columns
    are wide enough for the cell text's size, where 6.2 pt digits did not read on paper."""
    widest = text_width("0" * 64, style.fontName, 10) / 10
    size = max(HASH_PT_LEAST, min(HASH_PT_MOST, int(width / widest * 10) / 10))
    return ParagraphStyle(f"cell_mono_{size}", parent=style, fontSize=size,
                          leading=max(style.leading, size + 2.5))
# A row taller than what is left of the page splits between its lines rather than leaving
# a gap (one taller than a page could not be laid out at all otherwise); tried before a
# split between rows, which would restart the table, header and all, lower on the same
# page. Each part keeps at least two lines of 8.5 pt text.
SPLIT_IN_ROW: dict[str, int] = {"splitByRow": 0, "splitInRow": 24}


class _WrapTicks:
    """A chance to cancel while ReportLab measures a long table: it wraps every cell of
    the table (3,000 rows: several seconds) before the first page ends and reports. The
    build being one at a time (`_build_lock`), the build's `tick` is kept here."""

    EVERY = 500  # cell paragraphs measured between two ticks
    tick: Callable[[], None] | None = None
    thread = 0  # the building thread's: a paragraph measured elsewhere meanwhile is not its
    count = 0

    @classmethod
    def wrapped(cls) -> None:
        if cls.tick is not None and threading.get_ident() == cls.thread:
            cls.count += 1
            if cls.count % cls.EVERY == 0:
                cls.tick()


class _Paragraph(Paragraph):
    """A paragraph whose continuation, when a page break splits it, does not start with an
    empty line: ReportLab hands the line break ending the first part's last line on to the
    second part, which then opens a continued table cell with a blank line."""

    # What ReportLab's wrap sets on the paragraph: its lines broken for the width, and
    # what breaking them leaves behind (its text as words, the widest line).
    _WRAP_STATE = ("width", "_wrapWidths", "blPara", "height", "frags", "_width_max",
                   "_hyphenations", "_splitLongWordCount")

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _WrapTicks.wrapped()
        # A table measures every cell again each time it is wrapped or split (a page end
        # measures it three or four times): the lines of the same text in the same style
        # and width are those found last time. A split paragraph's part has other text.
        last = self.__dict__.get("_last_wrap")
        if last is not None and last[0] == availWidth and last[1] is self.frags \
                and last[2] is self.style:
            self.__dict__.update(last[3])
            return self.width, self.height
        result = super().wrap(availWidth, availHeight)
        if "blPara" in self.__dict__ and self.__dict__.get("width") == availWidth:  # laid out
            state = {name: self.__dict__[name] for name in self._WRAP_STATE
                     if name in self.__dict__}
            self._last_wrap = (availWidth, self.frags, self.style, state)
        return result

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            rest = parts[1]
            frags = rest.frags
            if len(frags) > 1 and _bare_break(frags[0]):
                rest.frags = frags[1:]
        return parts


def _bare_break(frag: Any) -> bool:
    """A line break with no text: a fragment, or ReportLab's split form of a word
    ([width, (fragment, text), ...])."""
    if isinstance(frag, list):
        return frag[0] == 0 and all(getattr(f, "lineBreak", False) and not text
                                    for f, text in frag[1:])
    return bool(getattr(frag, "lineBreak", False)) and not frag.text


def _p(text: str, style: ParagraphStyle, width: float,
       kind: type[_Paragraph] = _Paragraph) -> Paragraph:
    """A paragraph of mixed text `width` points wide, its lines broken by
    `fonts.break_lines` (Chinese rules and English words both kept). A bold style's
    Chinese is set in the bold CJK font. `kind`: the paragraph class (how it splits)."""
    if not wraps_like_reportlab(text, width, style.fontName, style.fontSize):
        text = "\n".join(break_lines(text, width, style.fontName, style.fontSize))
    return kind(markup(text, bold=style.fontName == LATIN_BOLD), style)


def _bilingual(zh: str | None, en: str, zh_style: ParagraphStyle,
               en_style: ParagraphStyle, width: float) -> list[Flowable]:
    if zh:
        return [_p(zh, zh_style, width), _p(en, en_style, width)]
    return [_p(en, zh_style, width)]


def _heading(block: c.Heading, st: dict[str, ParagraphStyle], width: float) -> Flowable:
    style = st["h1"] if block.level == 1 else st["h2"]
    text = f"{block.zh}  {block.en}" if block.zh else block.en
    return _p(text, style, width)


def _para(block: c.Para, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    if block.style == "flag":
        inner = width - 12
        # Its listed points wrap with a hanging indent, as a table cell's (_cell).
        rows = [[_cell(block.zh, st["small"], inner)]] if block.zh else []
        rows.append([_cell(block.en, st["note"] if block.zh else st["small"], inner)])
        box = _rl_table(rows, [width], **SPLIT_IN_ROW)
        box.setStyle([("BOX", (0, 0), (-1, -1), 0.8, colors.HexColor("#c98a00")),
                      ("BACKGROUND", (0, 0), (-1, -1), FLAG_BG),
                      ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6)])
        return [box, Spacer(1, 4)]
    style = st[block.style] if block.style in ("small", "note") else st["body"]
    en_style = st["en_pair"] if block.style == "body" else st["note"]
    return _bilingual(block.zh, block.en, style, en_style, width)


# The room a level-1 heading wants below it before it starts a page's last part
# (flowables' CondPageBreak).
HEADING_ROOM = 40 * mm

# A row at most this tall (eight lines of 8.5 pt cell text, a seventh of the page) goes
# whole onto the next page rather than splitting within itself: a timeline entry or an
# attachment (six lines with its type in both languages) cut after its second line, its
# last line alone under "(continued)" overleaf, reads as two entries.
SHORT_ROW = 8 * 11 + 6


class _Table(RLTable):
    """A table whose row a little taller than the room left (a page, at the top of one)
    still splits. ReportLab refuses a split in a row whose remainder would be shorter
    than `splitInRow` and moves the table on instead, where the same row is refused
    again: a LayoutError. The row is then split that much earlier, so both parts keep
    their minimum. A short row the page ends in is not split at all (`SHORT_ROW`)."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if self.splitInRow and self._short_row_at_page_end(availWidth, availHeight):
            # Between the rows, or (nothing above it but the header) the table moves on.
            return self._splitRows(availHeight, doInRowSplit=False)
        parts = super().split(availWidth, availHeight)
        if not parts and self.splitInRow and availHeight > 2 * self.splitInRow:
            parts = super().split(availWidth, availHeight - self.splitInRow)
        return parts


    def _calc_height(self, availHeight: float, availWidth: float, H: Any = None,
                     W: Any = None) -> None:
        """ReportLab measures every row whose height was not given on every wrap and split
        of the table (a heading's room check, the frame's wrap, its split): the status
        report's 5,500-event timeline was measured several times over, 20 s for 370 pages.
        The columns have fixed widths, so a row's height does not change: once all are
        measured they are kept as given heights, and the split parts take them on."""
        super()._calc_height(availHeight, availWidth, H, W)
        measured, given = self._rowHeights, self._argH  # type: ignore[has-type]
        if None in given and None not in measured and len(measured) == len(given):
            self._argH = list(measured)

    def _short_row_at_page_end(self, availWidth: float, availHeight: float) -> bool:
        """Whether the row that runs past `availHeight` is a short one (not the header)."""
        self._calc(availWidth, availHeight)
        heights = self._rowHeights
        header = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        used = 0.0
        for row, height in enumerate(heights):
            used += height
            if used > availHeight:
                return row >= header and height <= SHORT_ROW
        return False  # the whole table fits


def _rl_table(rows: list[list[Any]], widths: list[float], **kw: Any) -> RLTable:
    """A Table whose cell font is ours (its default is Helvetica, which is never embedded)."""
    table = _Table(rows, colWidths=widths, **kw)
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), LATIN)])
    return table


class _Grid(_Table):
    """A table whose row, split at a page end, says in its first column on the next page
    that it continues (otherwise that cell is empty and the reader cannot tell whose
    reasons they are reading)."""

    continued: Paragraph | None = None
    # The section's heading, "continued", set above the rows going on overleaf after a
    # split between rows: the header row alone did not say whose rows they are (the
    # deadlines report's "No due date yet" rows went on under column titles only).
    section_continued: Paragraph | None = None
    # The body frame's height: whether the table, moved on, starts better on a new page.
    page_height: float | None = None
    # Rows' short names by their index in this table (c.Table.row_names), and how to set a
    # marker naming one: (bilingual, the first column's width, its style).
    row_names: Mapping[int, str] = MappingProxyType({})
    marker_spec: tuple[bool, float, ParagraphStyle] | None = None

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        first, rest = parts
        head = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        # Both parts repeat the header; a row split within itself is in both parts too,
        # so the parts hold one row more than a split between rows would give them.
        in_row = len(first._cellvalues) + len(rest._cellvalues) - head == len(self._cellvalues) + 1
        if not in_row:
            parts = self._no_lone_row(first, rest, head)
            if len(parts) != 2:
                return parts
            first, rest = parts
        rest.page_height = self.page_height
        # The rest's rows after its header are this table's from `start` on (the row split
        # within itself is in both parts).
        start = len(first._cellvalues) - (1 if in_row else 0)
        rest.row_names = {head + i - start: name for i, name in self.row_names.items() if i >= start}
        rest.marker_spec = self.marker_spec
        # ReportLab keeps a line command on "splitlast" for the first part only, so a
        # table broken by a second page ended there without its closing rule.
        rest.setStyle([SPLIT_RULE])
        if self.continued is not None:
            if in_row and head < len(rest._cellvalues) and not rest._cellvalues[head][0]:
                rest._cellvalues[head][0] = [self._continued_row(rest.row_names.get(head))]
            rest.continued = self.continued  # split again later
        if self.section_continued is not None:
            rest.section_continued = self.section_continued  # split again later
            if not in_row:  # a row split within itself says so in its first column
                # The rest did not fit on this page: it starts the next, under the heading.
                return [first, PageBreak(), self.section_continued, rest]
        return parts

    def _continued_row(self, name: str | None) -> Paragraph:
        """The marker of a row going on overleaf, naming it where it has a name and the
        name fits with the marker on one line: "CN-SAMR（续）(continued)"."""
        assert self.continued is not None
        if name is None or self.marker_spec is None:
            return self.continued
        bilingual, width, style = self.marker_spec
        named = [name + (" " if m.startswith("(") else "") + m
                 for m in CONTINUED_MARKERS[bilingual] if m != "…"]
        fits = next((m for m in named if text_width(m, style.fontName, style.fontSize) <= width),
                    None)
        return _p(fits, style, width) if fits is not None else self.continued

    def _no_lone_row(self, first: RLTable, rest: RLTable, head: int) -> list[Flowable]:
        """A split between rows that leaves no row alone on either page: one row under the
        heading at the foot of a page, or the table's last row alone overleaf under the
        heading "continued" (a three-row block of fields went 1 + 2, the deadlines
        report's thirteen rows 1 + 11 + 1). The last row takes one more along when
        enough stay behind; otherwise the table moves on whole, if a new page gives it
        more room than this one. Only a short row (`SHORT_ROW`) counts as alone."""
        here, there = len(first._cellvalues) - head, len(rest._cellvalues) - head
        heights = self._rowHeights
        # Which row would stand alone: a tall one (a determination's reasons) reads
        # well enough alone, and moving it would leave much of a page empty.
        lone = heights[head] if here == 1 else heights[-1] if there == 1 else None
        if lone is None or lone > SHORT_ROW:
            return [first, rest]
        if there == 1 and here >= 3:
            # Up to the end of the row before the last that fit (a hair over, as the
            # table adds its heights up itself).
            return self._splitRows(sum(heights[:head + here - 1]) + 0.01, doInRowSplit=False)
        # A new page holds the rows this one does and one more, below a heading.
        wanted = sum(heights[:head + here + 1])
        if self.page_height is not None and wanted <= self.page_height - HEADING_ROOM:
            return []
        return [first, rest]


# A table broken by a page (within a row too) is closed at the foot of the page, so its
# last line on the page does not look cut off.
SPLIT_RULE = ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 0.4, RULE)


def _grid(rows: list[list[Any]], widths: list[float], header: bool,
          continued: Paragraph | None = None,
          section_continued: Paragraph | None = None,
          page_height: float | None = None) -> RLTable:
    table = _Grid(rows, colWidths=widths, repeatRows=1 if header else 0, **SPLIT_IN_ROW)
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), LATIN)])
    table.continued = continued
    table.section_continued = section_continued
    table.page_height = page_height
    style: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        SPLIT_RULE,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_BG))
    table.setStyle(style)
    return table


def _fields(block: c.Fields, st: dict[str, ParagraphStyle], width: float,
            missing: frozenset[str] = frozenset(), section: c.Heading | None = None,
            page_height: float | None = None) -> Flowable:
    rows: list[list[Any]] = []  # a cell: a paragraph or a list of them
    marked: list[int] = []
    label_width, value_width = width * 0.32 - 2 * CELL_PAD, width * 0.68 - 2 * CELL_PAD
    for f in block.rows:
        label: list[Flowable] = [_p(f.label_zh or f.label_en, st["cell_label"], label_width)]
        if f.label_zh:
            label.append(_p(f.label_en, st["cell_label_en"], label_width))
        if f.path is not None and f.path in missing:
            marked.append(len(rows))
            text = "■ 缺少（必填） MISSING (required)" if f.label_zh else "■ MISSING (required)"
            rows.append([label, _p(text, st["cell_missing"], value_width)])
            continue
        rows.append([label, _p(f.value or "—", st["cell"], value_width)])
    continued = _p(continued_marker(any(f.label_zh for f in block.rows), label_width,
                                    st["cell_label_en"]), st["cell_label_en"], label_width)
    table = _grid(rows, [width * 0.32, width * 0.68], header=False, continued=continued,
                  section_continued=_section_continued(section, st, width),
                  page_height=page_height)
    table.setStyle([("BACKGROUND", (0, 0), (0, -1), LABEL_BG)])
    for row in marked:
        table.setStyle([("BACKGROUND", (1, row), (1, row), ALERT_BG),
                        ("BOX", (1, row), (1, row), 1.2, ALERT)])
    return table


# Rows of a table set between two chances to cancel (a 3,000-event timeline takes seconds
# to set before the layout's own progress begins).
ROWS_A_TICK = 100


def _table(block: c.Table, st: dict[str, ParagraphStyle], width: float,
           tick: Callable[[], None] | None = None,
           section: c.Heading | None = None, page_height: float | None = None) -> Flowable:
    inner = [width * w - 2 * CELL_PAD for w in block.widths]
    header = []
    for i, head in enumerate(block.headers):
        cell: list[Flowable] = []
        if block.headers_zh:
            cell.append(_p(block.headers_zh[i], st["cell_label"], inner[i]))
            cell.append(_p(head, st["cell_label_en"], inner[i]))
        else:
            cell.append(_p(head, st["cell_label"], inner[i]))
        header.append(cell)
    rows: list[list[Any]] = [header]
    mono = {i: _hash_style(st["cell_mono"], inner[i]) for i in block.mono_columns}
    for number, row in enumerate(block.rows, start=1):
        if tick is not None and number % ROWS_A_TICK == 0:
            tick()
        rows.append([_cell(value, mono[i] if i in mono else st["cell"], inner[i])
                     for i, value in enumerate(row)])
    style = st["cell_label_en"]
    continued = _p(continued_marker(bool(block.headers_zh), inner[0], style), style, inner[0])
    table = _grid(rows, [width * w for w in block.widths], header=True, continued=continued,
                  section_continued=_section_continued(section, st, width),
                  page_height=page_height)
    table.row_names = {1 + i: name for i, name in enumerate(block.row_names)}  # after the header
    table.marker_spec = (bool(block.headers_zh), inner[0], style)
    return table


# What starts a listed item in a cell ("• a reason", "■ a fact"); a line starting with the
# no-break indent is the item's English beneath its Chinese (common._INDENT).
BULLETS = ("•", "■")
ITEM_CONTINUES = "\u00a0"


def cell_items(text: str) -> list[str]:
    """A cell's text as the pieces a page break may fall between: each listed item whole
    with everything under it (its English, its "[path]"), the lines heading a list (a
    citation, "Missing:") with its first item. One piece for a text with no list."""
    items: list[list[str]] = [[]]
    listed = False  # the current piece has an item: a line of its own starts the next
    for line in text.split("\n"):
        if listed and not line.startswith(ITEM_CONTINUES):
            items.append([])
            listed = False
        items[-1].append(line)
        listed = listed or line.startswith(BULLETS)
    return ["\n".join(item) for item in items]


# A listed item at most this tall (fourteen lines of 8.5 pt cell text: a citation in two
# languages over a reason in two) is never split by a page break.
WHOLE_ITEM = 14 * 11


class _Item(_Paragraph):
    """A listed item of a cell: not split by a page break (within a row split across
    pages, it goes on the next page whole), unless it is itself taller than `WHOLE_ITEM`."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        height = getattr(self, "height", None)
        if height is None:
            height = self.wrap(availWidth, availHeight)[1]
        if height <= WHOLE_ITEM:
            return []
        return super().split(availWidth, availHeight)


def _cell(text: str, style: ParagraphStyle, width: float) -> Flowable | list[Flowable]:
    """A table cell: one paragraph; a list (a determination's reasons under their
    citations, its missing facts with their paths) one paragraph an item, so that a page
    break never parts a bullet from its English or its "[path]"."""
    if not any(line.startswith(BULLETS) for line in text.split("\n")):
        return _p(text, style, width)
    return [_p(_hanging(item, style, width), style, width, _Item) for item in cell_items(text)]


_LEAD = re.compile(f"^(?:[{''.join(BULLETS)}] |{ITEM_CONTINUES}+)")


def _hanging(text: str, style: ParagraphStyle, width: float) -> str:
    """A listed item's lines broken with a hanging indent: a bullet's wrapped lines, and
    those of the English beneath it, start under its text, not under the bullet (flush
    with the cell, "the territory (CN)" read as an item of its own). The indent is made of
    no-break spaces, which a paragraph keeps at the start of a line."""
    lines: list[str] = []
    for line in text.split("\n"):
        lead = _LEAD.match(line)
        if lead is None:
            lines.append(line)
            continue
        indent = text_width(lead[0], style.fontName, style.fontSize)
        step = text_width(ITEM_CONTINUES, style.fontName, style.fontSize)
        pad = ITEM_CONTINUES * max(1, round(indent / step))
        room = width - text_width(pad, style.fontName, style.fontSize)
        first, *rest = break_lines(line[lead.end():], room, style.fontName, style.fontSize)
        lines.append(lead[0] + first)
        lines.extend(pad + more for more in rest)
    return "\n".join(lines)


class _Gap(Spacer):
    """The space after a table: as much of it as the page has left, none at a page's foot.
    A whole Spacer that no longer fit under a table ending a page started a page of its
    own, blank but for its header and footer, as the last page of a deadlines report."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return availWidth, max(0.0, min(self.height, availHeight))


class _HeadingRoom(CondPageBreak):
    """A heading's conditional page break that also moves the heading on when its first
    table cannot start below it: the table's first listed item does not fit there and goes
    on the next page (an item is not split), which left the heading, and the notes under
    it, alone at the foot of the page."""

    def __init__(self, height: float, lead: list[Flowable], table: RLTable) -> None:
        super().__init__(height)
        self.lead = lead  # the heading and what stands between it and the table
        self.table = table

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        page = getattr(self.table, "page_height", None)
        at_top = page is not None and availHeight >= page - 1  # a break would gain nothing
        if availHeight >= self.height and not at_top and \
                not self._table_starts(availWidth, availHeight):
            availHeight = 0  # as too little room: the page breaks here
        return super().wrap(availWidth, availHeight)

    def _table_starts(self, availWidth: float, availHeight: float) -> bool:
        room = availHeight
        for flowable in self.lead:
            room -= flowable.wrap(availWidth, room)[1] + flowable.getSpaceBefore() \
                + flowable.getSpaceAfter()
        if room <= 0:
            return False
        if self.table.wrap(availWidth, room)[1] <= room:
            return True
        return bool(self.table.split(availWidth, room))


def _section_continued(section: c.Heading | None, st: dict[str, ParagraphStyle],
                       width: float) -> Paragraph | None:
    """The heading a table going on overleaf is continued under there. Not the row
    marker's "(continued)", which says a row goes on."""
    if section is None:
        return None
    style = st["h2"]
    # The heading as it stands, then without its asides ("Part 1. Applicant (the target
    # company; place of organisation: Cayman Islands)" is "Part 1. Applicant" overleaf).
    zh_short = _ASIDE_ZH.sub("", section.zh) if section.zh else None
    en_short = _ASIDE_EN.sub("", section.en)
    for zh, en in ((section.zh, section.en), (zh_short, en_short)):
        for zh_words, words in SECTION_CONTINUED:
            text = f"{zh}{zh_words}  {en} {words}" if zh else f"{en} {words}"
            if text_width(text, style.fontName, style.fontSize) <= width:
                return _p(text, style, width)
    # The longest that keeps the heading on one line; a heading too long for one line
    # anyway ends "(cont.)": "page)" wrapped alone onto a line of its own.
    return _p(text, style, width)


_ASIDE_ZH = re.compile(r"（[^（）]*）")
_ASIDE_EN = re.compile(r" \([^()]*\)")


# The words that mark what goes on from the previous page, each Chinese mark with one
# English rendering wherever it is printed (a section's heading, a row's first cell):
# 续前页 is "continued from the previous page", 续 "continued" (in a narrow place
# "cont."), never one for the other.
CONTINUED_FROM_PAGE = ("（续前页）", "(continued from the previous page)")
CONTINUED = ("（续）", "(continued)")
CONTINUED_SHORT = ("（续）", "(cont.)")

# (Chinese, English) marks of a continued section's heading, longest first.
SECTION_CONTINUED = (CONTINUED_FROM_PAGE, CONTINUED, CONTINUED_SHORT)


# The marker of a row continued on the next page, longest first: in a narrow first column
# (the attachments' or the timeline's number) a shorter one.
CONTINUED_MARKERS = {True: ("".join(CONTINUED), "".join(CONTINUED_SHORT), CONTINUED[0], "续"),
                     False: (CONTINUED[1], CONTINUED_SHORT[1], "…")}


def continued_marker(bilingual: bool, width: float, style: ParagraphStyle) -> str:
    """The longest marker that fits `width` on one line: the continued row's height was
    measured without it, so a marker wrapping onto more lines than the row has would run
    into the row below."""
    markers = CONTINUED_MARKERS[bilingual]
    return next((m for m in markers
                 if text_width(m, style.fontName, style.fontSize) <= width), markers[-1])


def _missing(block: c.Missing, st: dict[str, ParagraphStyle], width: float,
             bilingual: bool) -> Flowable:
    title = ("缺少的信息 — 本草稿不能定稿  " if bilingual else "") + \
        "MISSING INFORMATION — this draft cannot be finalised"
    inner = width - 16
    rows = [[_p(title, st["alert_title"], inner)]]
    # A long item goes on under its text, not under its square (a hanging indent).
    hang = stringWidth("■ ", LATIN, st["alert"].fontSize)
    item_style = ParagraphStyle("alert_item", parent=st["alert"], leftIndent=hang,
                                firstLineIndent=-hang)
    # Its name first, as every message and the determinations' own notes give a missing
    # fact; the key (to find it in a facts file) after it in brackets.
    for path, label in block.items:
        item = f"■ {label} [{path}]" if label else f"■ {path}"
        rows.append([_p(item, item_style, inner - hang)])
    box = _rl_table(rows, [width], **SPLIT_IN_ROW)
    box.setStyle([("BOX", (0, 0), (-1, -1), 1.6, ALERT),
                  ("BACKGROUND", (0, 0), (-1, -1), ALERT_BG),
                  ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                  ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                  ("TOPPADDING", (0, 0), (-1, 0), 6), ("BOTTOMPADDING", (0, -1), (-1, -1), 8)])
    return box


def _attention(block: c.Attention, st: dict[str, ParagraphStyle], width: float,
               bilingual: bool) -> Flowable:
    title = ("无法按原样打印的字符  " if bilingual else "") + \
        "CHARACTERS THAT CANNOT BE PRINTED AS TYPED"
    explanation = (
        ("以下字段中的这些字符以其 Unicode 码位 ⟨U+…⟩ 显示；如有官方的中文或拉丁字母写法，请改用该写法，"
         "或在打印件上手写补正。\n" if bilingual else "")
        + "The fonts of this filing cannot set these characters, so they are printed as their "
        "Unicode code points ⟨U+…⟩ where they occur. Enter the official Latin or Chinese form "
        "where one exists, or write the characters in by hand on the printed filing.")
    inner = width - 16
    hang = stringWidth("■ ", LATIN, st["alert"].fontSize)
    item_style = ParagraphStyle("attention_item", parent=st["alert"], leftIndent=hang,
                                firstLineIndent=-hang)
    rows = [[_p(title, ParagraphStyle("attention_title", parent=st["alert_title"],
                                      textColor=INK), inner)],
            [_p(explanation, st["alert"], inner)]]
    for where, what in block.items:
        rows.append([_p(f"■ {where} — {what}", item_style, inner - hang)])
    box = _rl_table(rows, [width], **SPLIT_IN_ROW)
    box.setStyle([("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor("#c98a00")),
                  ("BACKGROUND", (0, 0), (-1, -1), FLAG_BG),
                  ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                  ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                  ("TOPPADDING", (0, 0), (-1, 0), 6), ("BOTTOMPADDING", (0, 1), (-1, 1), 4),
                  ("BOTTOMPADDING", (0, -1), (-1, -1), 8)])
    return box


def _signature(block: c.Signature, st: dict[str, ParagraphStyle],
               width: float) -> list[Flowable]:
    labels, dates = [], []
    count = len(block.boxes)
    inner = width / count - 12
    for en, zh in block.boxes:
        label: list[Flowable] = [_p(zh or en, st["cell_label"], inner)]
        if zh:
            label.append(_p(en, st["cell_label_en"], inner))
        labels.append(label)
        dates.append(_p("日期 / Date: ____________" if zh else "Date: ____________", st["cell"], inner))
    # Row heights fixed so every box leaves the same room for a signature or seal.
    rows: list[list[Any]] = [labels, [Spacer(1, 1)] * count] + ([dates] if block.dated else [])
    table = _rl_table(rows, [width / count] * count,
                      rowHeights=[None, block.height_mm * mm] + ([None] if block.dated else []))
    table.setStyle([("BOX", (0, 0), (-1, -1), 0.8, INK), ("LINEBEFORE", (1, 0), (-1, -1), 0.8, INK),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 6), ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 6)])
    return [Spacer(1, 6), table]


def flowables(doc: c.FilingDocument, width: float,
              tick: Callable[[], None] | None = None,
              height: float | None = None) -> list[Flowable]:
    """The document as flowables; `tick` is called now and then while long tables are
    set (it may raise to cancel). `height`: the body frame's (a table split leaving a row
    alone moves on when a new page holds more of it)."""
    st = _styles()
    bilingual = doc.title_zh is not None
    # Drafts mark each missing value where it belongs, besides the list on page 1.
    missing = frozenset() if doc.final else frozenset(doc.missing)
    out: list[Flowable] = [NextPageTemplate("later")]
    if doc.title_zh:
        out.append(_p(doc.title_zh, st["title_zh"], width))
    out.append(_p(doc.title_en, st["title"], width))
    out.append(Spacer(1, 4))
    section = len(out)  # where the current heading's flowables start
    heading: c.Heading | None = None  # the section a table continues under, overleaf
    tables = 0  # the section's tables so far (a boxed note is drawn as a table too)
    for block in doc.blocks:
        if isinstance(block, c.Heading):
            heading, tables = block, 0
            # No heading alone at the foot of a page (keepWithNext would instead push a long
            # table whole onto the next page and leave a gap).
            out.append(CondPageBreak((40 if block.level == 1 else 28) * mm))
            section = len(out)
            out.append(_heading(block, st, width))
        elif isinstance(block, c.Para):
            out.extend(_para(block, st, width))
        elif isinstance(block, (c.Fields, c.Table)):
            table = _fields(block, st, width, missing, heading, height) \
                if isinstance(block, c.Fields) else _table(block, st, width, tick, heading, height)
            room = out[section - 1] if heading is not None else None
            if isinstance(room, CondPageBreak) and not isinstance(room, _HeadingRoom) and \
                    not tables:
                # (A flag above it, "Facts changed after this screening", is drawn as a
                # table: counted as one, it left Part 9's heading alone at a page's foot.)
                # The section's first table: its heading must not stay behind alone when
                # the table's first item, or first two rows, cannot start on this page.
                out[section - 1] = _HeadingRoom(room.height, out[section:], table)
            out.extend([table, _Gap(1, 4)])
            tables += 1
        elif isinstance(block, c.Missing):
            out.extend([_missing(block, st, width, bilingual), Spacer(1, 6)])
        elif isinstance(block, c.Attention):
            out.extend([_attention(block, st, width, bilingual), Spacer(1, 6)])
        elif isinstance(block, c.Signature):
            # The signature boxes never go onto a page of their own: whoever signs must see
            # on the same page the declaration (and its heading) they sign. One
            # KeepTogether, not one inside another: an inner one measures as taller than
            # any page, which sent the declaration to a new page however much room was left.
            signed = out[section:]
            del out[section:]
            out.append(KeepTogether([*signed, *_signature(block, st, width)]))
    return out


@lru_cache(maxsize=64)
def _qr_runs(value: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The QR code of `value` (ReportLab's encoder, error correction M): its size in
    modules and its dark runs as (row, first column, length). Encoding tries all eight
    masks, the slowest part of a filing's first page (scored by `qr.make`, the same choice
    in a quarter of the time); the code depends on `value` alone, so a document rendered
    again (a final checked, an export's draft) reuses it."""
    code = QrCodeWidget(value, barLevel="M").qr
    qr.make(code)
    runs: list[tuple[int, int, int]] = []
    for r, row in enumerate(code.modules):
        column = 0
        for dark, run in itertools.groupby(bool(m) for m in row):
            length = len(list(run))
            if dark:
                runs.append((r, column, length))
            column += length
    return code.getModuleCount(), tuple(runs)


def _draw_qr(canvas: Canvas, value: str, x: float, y: float, size: float) -> None:
    """The QR code of `value` as one filled path (drawing ReportLab's widget as thousands
    of shapes is the slowest part of a page otherwise)."""
    count, runs = _qr_runs(value)
    box = size / count
    path = canvas.beginPath()
    for r, column, length in runs:
        path.rect(x + column * box, y + size - (r + 1) * box, length * box, box)
    canvas.saveState()
    canvas.setFillColor(colors.black)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


# What the footer says the PDF is (FilingDocument.stage); the Chinese application says it in
# Chinese first.
FOOTER_STATUS = {"final": "FINAL", "draft": "DRAFT",
                 "preview": "PREVIEW (approved for filing; not the stored final)"}
FOOTER_STATUS_ZH = {"final": "定稿", "draft": "草稿",
                    "preview": "预览（已批准申报，非定稿）"}


class _Decorations:
    """What every page carries, drawn at page start (so content lies above the watermark)."""

    def __init__(self, doc: c.FilingDocument, fingerprint: str,
                 page_size: tuple[float, float]) -> None:
        self.doc = doc
        self.fingerprint = fingerprint
        self.width, self.height = page_size
        self.qr_value = f"APPROVALS|{doc.reference}|{doc.kind}|sha256:{fingerprint}"
        self.qr_ready = False
        self.mark_ready = False
        self.kind_label = f"{doc.title_zh} / {doc.title_en}" if doc.title_zh else doc.title_en
        stamp = doc.generated_at.replace("T", " ").replace("Z", " UTC")
        status = FOOTER_STATUS[doc.stage]
        if doc.title_zh:  # the Chinese application: the clerk reads the status in Chinese too
            status = f"{FOOTER_STATUS_ZH[doc.stage]} {status}"
        # A final's time is when its content last changed (re-rendered byte-identical), so
        # it may be earlier than the rendering: "Generated" would claim a time it was not.
        when = "Content as of" if doc.stage == "final" else "Generated"
        fingerprint_label = "Fingerprint (SHA-256 of content)"
        self.footer_status = f"{status} · {when} {stamp}"
        if doc.title_zh:  # the bilingual application's footer in both languages where it fits
            fingerprint_label = f"内容指纹 {fingerprint_label}"
            both = f"{status} · {'内容截至' if doc.stage == 'final' else '生成时间'} {when} {stamp}"
            # Clear of the QR code beside it (a preview's long status left no room).
            room = self.width - 2 * MARGIN_X - QR_SIZE - 2 * mm
            if text_width(both, LATIN, FOOTER_STATUS_SIZE) <= room:
                self.footer_status = both
        self.fingerprint_line = f"{fingerprint_label}: {fingerprint}"

    def __call__(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        if self.doc.watermark:
            canvas.saveState()
            canvas.setFillColor(colors.HexColor("#c0c0c0"))
            canvas.setFillAlpha(0.35)
            canvas.translate(self.width / 2, self.height / 2)
            canvas.rotate(45)
            if not self.mark_ready:
                # Outlines, not text: copying a draft's text must not pick up "D", "R",
                # "稿" between its rows. The same shapes on every page: drawn once, as a
                # reused form, in the colour and transparency set here.
                mark = "DRAFT 草稿" if self.doc.title_zh else "DRAFT"
                left, bottom, right, top = outline_bounds(mark, size=96, bold=True,
                                                          align="center")
                canvas.beginForm(MARK_FORM, left - 1, bottom - 31, right + 1, top - 29)
                draw_outlined(canvas, 0, -30, mark, size=96, bold=True, align="center")
                canvas.endForm()
                self.mark_ready = True
            canvas.doForm(MARK_FORM)
            canvas.restoreState()
        top = self.height - 13 * mm
        canvas.setFillColor(INK)
        draw_mixed(canvas, MARGIN_X, top, self.doc.reference, size=9, bold=True)
        draw_mixed(canvas, self.width - MARGIN_X, top, self.kind_label, size=8.5, align="right")
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, top - 3 * mm, self.width - MARGIN_X, top - 3 * mm)
        bottom = FOOTER_RULE_Y
        canvas.line(MARGIN_X, bottom, self.width - MARGIN_X, bottom)
        canvas.setFillColor(MUTED)
        draw_mixed(canvas, MARGIN_X, STATUS_Y, self.footer_status, size=FOOTER_STATUS_SIZE)
        draw_mixed(canvas, MARGIN_X, FINGERPRINT_Y, self.fingerprint_line, size=6.5)
        if not self.qr_ready:
            # The same code on every page: encode and draw it once, as a reused form.
            canvas.beginForm(QR_FORM, 0, 0, QR_SIZE, QR_SIZE)
            _draw_qr(canvas, self.qr_value, 0, 0, QR_SIZE)
            canvas.endForm()
            self.qr_ready = True
        canvas.saveState()
        canvas.translate(self.width - MARGIN_X - QR_SIZE, bottom - QR_SIZE - 3 * mm)
        canvas.doForm(QR_FORM)
        canvas.restoreState()
        canvas.restoreState()


def _numbered_canvas(page_size: tuple[float, float], bilingual: bool = False) -> type[Canvas]:
    width, _height = page_size

    class _NumberedCanvas(Canvas):
        """Keeps every page until the end, then stamps "Page X of Y" on each."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFillColor(INK)
                label = f"Page {number} of {total}"
                if bilingual:
                    label = f"第{number}页，共{total}页  {label}"
                # A line of its own, under the fingerprint: on the status line it ran into
                # the long status of a bilingual preview, and of any filing past 99 pages.
                draw_mixed(self, width - MARGIN_X - QR_SIZE - 4 * mm, PAGE_LABEL_Y,
                           label, size=8.5, bold=True, align="right")
                Canvas.showPage(self)
            Canvas.save(self)

    return _NumberedCanvas


def pdf_date(iso_utc: str) -> str:
    """'2026-11-29T01:30:00Z' as a PDF date string."""
    digits = "".join(ch for ch in iso_utc if ch.isdigit())[:14].ljust(14, "0")
    return f"D:{digits}+00'00'"


_SUBSET_NAME = re.compile(rb"/([A-Z]{6})\+(" + b"|".join(
    re.escape(name.encode()) for name in ("DejaVuSans-Bold", "DejaVuSans", "DroidSansFallback",
                                         "NotoSansSC-Bold", "NotoSansKR-Regular",
                                         "NotoSansHK-Regular"))
    + rb")(?=[\s/>\]])")


def _unique_subset_tags(pdf: bytes) -> bytes:
    """ReportLab tags each font's subsets AAAAAA, AAAAAB... per font, so two fonts share a
    tag; the PDF standard wants every subset's tag distinct (preflight checks flag it).
    Renamed in order of appearance, same length, so offsets and bytes stay reproducible."""
    tags: dict[tuple[bytes, bytes], bytes] = {}
    for match in _SUBSET_NAME.finditer(pdf):
        key = (match[1], match[2])
        if key not in tags:
            n = len(tags)
            tags[key] = bytes(65 + (n // 26 ** i) % 26 for i in range(5, -1, -1))
    return _SUBSET_NAME.sub(lambda m: b"/" + tags[(m[1], m[2])] + b"+" + m[2], pdf)


def build_pdf(doc: c.FilingDocument, *, progress: Progress | None = None,
              content_format: int | None = c.FILING_CONTENT_VERSION) -> tuple[bytes, int]:
    """Lay out `doc`; returns (PDF bytes, page count). `progress` may raise to cancel.
    `content_format`: the format its metadata names; another only to compare a file made
    by another version with this layout (None: as made before formats were recorded)."""
    register_fonts()
    doc = check_document(doc)  # as compose leaves it; a document built otherwise too
    page_size = PAGE_SIZES[doc.page_size]
    fingerprint = doc.fingerprint
    return lay_out(
        doc, page_size=page_size, on_page=_Decorations(doc, fingerprint, page_size),
        number_area=page_size, bilingual=doc.title_zh is not None,
        generated_at=doc.generated_at, progress=progress,
        title=printable(f"{doc.reference} — {doc.title_en}")[0],
        subject=f"{doc.kind} sha256:{fingerprint}", creator=(
            "approvals" if content_format is None else c.creator(content_format)),
        keywords=[printable(doc.reference)[0], doc.kind, "final" if doc.final else "draft"],
        lang="zh-CN" if doc.title_zh else "en-US")


def lay_out(doc: c.FilingDocument, *, page_size: tuple[float, float],
            on_page: Callable[[Canvas, Any], None], number_area: tuple[float, float],
            bilingual: bool, generated_at: str, progress: Progress | None,
            **metadata: Any) -> tuple[bytes, int]:
    """The one way a document of the app becomes PDF bytes (filings, the deadlines report):
    the margins, one body frame, `on_page` drawing each page's header and footer, "Page X
    of Y" placed as for a page of `number_area`, the creation date `generated_at` (so a
    re-render is byte-identical), progress while laying out, distinct font subset tags.
    `metadata`: the document information (title, subject, keywords, lang; creator, "approvals"
    unless given: a filing names its content format there)."""
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=page_size,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        author="approvals",
        creator=metadata.pop("creator", "approvals"),
        producer=PRODUCER,
        invariant=1,
        # The canvas's initial font would otherwise be Helvetica (standard-14, not embedded).
        initialFontName=LATIN,
        initialFontSize=9.5,
        **metadata,
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, page_size[0] - 2 * MARGIN_X,
                  page_size[1] - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    template.addPageTemplates([
        PageTemplate(id="first", frames=[frame], onPage=on_page, pagesize=page_size),
        PageTemplate(id="later", frames=[frame], onPage=on_page, pagesize=page_size),
    ])
    story = flowables(doc, frame._width,
                      tick=None if progress is None else lambda: progress(0.0, LAYING_OUT),
                      height=frame._height)
    if progress is not None:
        total = max(1, len(story))
        reached = [0.0]

        def on_progress(kind: str, value: int) -> None:
            # Split flowables re-enter the story, so the raw count can step back.
            if kind == "PROGRESS" and value / total > reached[0]:
                reached[0] = min(0.95, value / total)
                progress(reached[0], LAYING_OUT)
            elif kind == "PAGE":
                # Each page too: a long table is one flowable of the story, laid out over
                # a hundred pages without a PROGRESS (nor a chance to cancel) between. The
                # bar creeps on meanwhile (a 50th of what is left), rather than stand still.
                reached[0] += (0.95 - reached[0]) / 50
                progress(reached[0], f"Laid out {counted(value, 'page')} so far…")

        template.setProgressCallBack(on_progress)
    canvas_class = _numbered_canvas(number_area, bilingual=bilingual)
    created = pdf_date(generated_at)

    def make_canvas(*args: Any, **kwargs: Any) -> Canvas:
        canvas = canvas_class(*args, **kwargs)
        canvas.setDateFormatter(lambda *_: created)
        return canvas

    with _build_lock, _own_file_identifier():
        _WrapTicks.thread = threading.get_ident()
        _WrapTicks.tick = None if progress is None else lambda: progress(
            reached[0], LAYING_OUT)
        try:
            template.build(story, canvasmaker=make_canvas)
        finally:
            _WrapTicks.tick = None
    data = _unique_subset_tags(buffer.getvalue())
    if progress is not None:
        progress(1.0, f"Laid out {counted(template.page, 'page')}.")
    return data, template.page
