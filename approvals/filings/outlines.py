"""Text drawn as the outlines of its glyphs: shapes that look like the text and are none.

A draft's diagonal "DRAFT 草稿" watermark used to be text: copying a draft's table
(a reader's select-all, `pdftotext`, pypdf) put its letters, "D", "R", "稿", between the
rows. Drawn here as filled paths it prints and shows the same, in the fonts the filings
embed (`fonts.FONT_FILES`, read with fontTools), and no reader takes it for text.

The outlines are read once per process and kept (a few glyphs; the bold Chinese font is
opened lazily, reading only the glyphs asked for).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont as FontFile
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import FILL_NON_ZERO

from approvals.filings.fonts import FONT_FILES, LATIN, LATIN_BOLD, printable, runs
from approvals.resources import resource_path

# One drawing operation of an outline, in ems (font units / units per em): ("M", x, y),
# ("L", x, y), ("C", x1, y1, x2, y2, x, y) or ("Z",).
Op = tuple[Any, ...]
Glyph = tuple[Op, ...]

_lock = threading.Lock()  # fontTools reads a lazily opened font's tables on first use


class _Recorder(BasePen):
    """Records a glyph's contours as moves, lines and cubic curves in ems (BasePen turns
    TrueType's quadratic curves into cubic ones, which PDF paths draw)."""

    def __init__(self, glyph_set: Any, units_per_em: int) -> None:
        super().__init__(glyph_set)
        self.scale = 1.0 / units_per_em
        self.ops: list[Op] = []

    def _moveTo(self, pt: tuple[float, float]) -> None:
        self.ops.append(("M", *self._em(pt)))

    def _lineTo(self, pt: tuple[float, float]) -> None:
        self.ops.append(("L", *self._em(pt)))

    def _curveToOne(self, pt1: tuple[float, float], pt2: tuple[float, float],
                    pt3: tuple[float, float]) -> None:
        self.ops.append(("C", *self._em(pt1), *self._em(pt2), *self._em(pt3)))

    def _closePath(self) -> None:
        self.ops.append(("Z",))

    def _endPath(self) -> None:  # an open contour fills as if closed, as in a font
        self.ops.append(("Z",))

    def _em(self, pt: tuple[float, float]) -> tuple[float, float]:
        return pt[0] * self.scale, pt[1] * self.scale


@lru_cache(maxsize=len(FONT_FILES))
def _font_file(font: str) -> FontFile:
    file = FontFile(str(resource_path("fonts", FONT_FILES[font])), lazy=True)
    # Glyphs by number, as ReportLab found them for the same text (its character map of
    # the font, already read): naming the 60,000 glyphs of a Chinese font from its own
    # character map would take fontTools half a second.
    file.setGlyphOrder([f"glyph{i}" for i in range(file["maxp"].numGlyphs)])
    return file


@lru_cache(maxsize=256)
def glyph_outline(font: str, char: str) -> Glyph:
    """The outline of `char` in the shipped file of registered ReportLab font `font`, in
    ems: the glyph ReportLab sets for it (none for a character the font lacks)."""
    number = pdfmetrics.getFont(font).face.charToGlyph.get(ord(char))
    if number is None:
        return ()
    with _lock:
        file = _font_file(font)
        glyph_set = file.getGlyphSet()
        pen = _Recorder(glyph_set, file["head"].unitsPerEm)
        glyph_set[f"glyph{number}"].draw(pen)
        return tuple(pen.ops)


@lru_cache(maxsize=32)
def _line(text: str, bold: bool) -> tuple[float, tuple[tuple[float, Glyph], ...]]:
    """`text` as one line at size 1: its width and each glyph's (x, outline). Fonts and
    advances are those `fonts.draw_mixed` sets the same text in."""
    x = 0.0
    glyphs: list[tuple[float, Glyph]] = []
    for font, run in runs(printable(text)[0], bold):
        font = LATIN_BOLD if bold and font == LATIN else font
        for char in run:
            outline = glyph_outline(font, char)
            if outline:
                glyphs.append((x, outline))
            x += pdfmetrics.stringWidth(char, font, 1.0)
    return x, tuple(glyphs)


def _start(width: float, x: float, align: str) -> float:
    return x - width if align == "right" else x - width / 2 if align == "center" else x


def outline_bounds(text: str, *, size: float, bold: bool = False,
                   align: str = "left") -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of what `draw_outlined` draws at (0, 0)."""
    width, glyphs = _line(text, bold)
    left = _start(width * size, 0.0, align)
    xs = [left + (gx + op[i]) * size for gx, glyph in glyphs for op in glyph
          for i in range(1, len(op), 2)]
    ys = [op[i] * size for _gx, glyph in glyphs for op in glyph for i in range(2, len(op), 2)]
    if not xs:
        return left, 0.0, left + width * size, 0.0
    return min(xs), min(ys), max(xs), max(ys)


def draw_outlined(canvas: Any, x: float, y: float, text: str, *, size: float,
                  bold: bool = False, align: str = "left") -> float:
    """Draw one line of text as `fonts.draw_mixed` would, in the current fill colour, as
    filled outlines (one path a glyph, as a reader paints text glyph by glyph): it looks
    the same and carries no text to copy or search. Returns its width."""
    width, glyphs = _line(text, bold)
    left = _start(width * size, x, align)
    for gx, glyph in glyphs:
        path = canvas.beginPath()
        _trace(path, glyph, left + gx * size, y, size)
        canvas.drawPath(path, stroke=0, fill=1, fillMode=FILL_NON_ZERO)
    return width * size


def _trace(path: Any, glyph: Sequence[Op], x: float, y: float, size: float) -> None:
    for op in glyph:
        kind = op[0]
        if kind == "Z":
            path.close()
            continue
        points = [x + v * size if i % 2 == 0 else y + v * size for i, v in enumerate(op[1:])]
        if kind == "M":
            path.moveTo(*points)
        elif kind == "L":
            path.lineTo(*points)
        else:
            path.curveTo(*points)
