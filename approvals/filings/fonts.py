"""The fonts every filing uses: TrueType files shipped in resources/fonts, always embedded.

ReportLab's standard-14 fonts are never used: they are not embedded, and a PDF that
relies on the reader's fonts prints Chinese as empty boxes. DejaVu Sans carries Latin
text; Droid Sans Fallback (which has no Latin glyphs) carries Chinese. `markup` splits a
string into runs by which font holds each character, so mixed text renders everywhere.
ReportLab embeds TrueType fonts as subsets (/FontFile2), only the glyphs used.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from approvals.resources import resource_path

LATIN = "ApprovalsSans"
LATIN_BOLD = "ApprovalsSans-Bold"
CJK = "ApprovalsCJK"

FONT_FILES: dict[str, str] = {
    LATIN: "DejaVuSans.ttf",
    LATIN_BOLD: "DejaVuSans-Bold.ttf",
    CJK: "DroidSansFallbackFull.ttf",
}
LICENSE_FILES: dict[str, str] = {
    LATIN: "LICENSE-DejaVu.txt",
    LATIN_BOLD: "LICENSE-DejaVu.txt",
    CJK: "LICENSE-DroidSansFallback.txt",
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the shipped fonts with ReportLab once per process (thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, file_name in FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file_name))))
        pdfmetrics.registerFontFamily(LATIN, normal=LATIN, bold=LATIN_BOLD,
                                      italic=LATIN, boldItalic=LATIN_BOLD)
        pdfmetrics.registerFontFamily(CJK, normal=CJK, bold=CJK, italic=CJK, boldItalic=CJK)
        _registered = True


@lru_cache(maxsize=1)
def _latin_chars() -> frozenset[int]:
    register_fonts()
    font = pdfmetrics.getFont(LATIN)
    bold = pdfmetrics.getFont(LATIN_BOLD)
    # A character goes to the Latin font only when both weights have it.
    return frozenset(font.face.charToGlyph) & frozenset(bold.face.charToGlyph)  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def _cjk_chars() -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(CJK).face.charToGlyph)  # type: ignore[attr-defined]


def font_for(char: str) -> str:
    """The font that can draw `char`: Latin if it has it, else the CJK font."""
    code = ord(char)
    if code in _latin_chars() or char in "\n\t " or code not in _cjk_chars():
        return LATIN
    return CJK


def runs(text: str) -> list[tuple[str, str]]:
    """Split `text` into (font name, run) pieces, each drawable by its font."""
    out: list[tuple[str, str]] = []
    for char in text:
        font = font_for(char)
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + char)
        else:
            out.append((font, char))
    return out


def markup(text: str) -> str:
    """Paragraph markup for plain `text`: XML-escaped, CJK runs wrapped in the CJK font."""
    parts = []
    for font, run in runs(text):
        escaped = escape(run).replace("\n", "<br/>")
        parts.append(escaped if font == LATIN else f'<font name="{CJK}">{escaped}</font>')
    return "".join(parts)


def draw_mixed(canvas: object, x: float, y: float, text: str, *, size: float,
               bold: bool = False, align: str = "left") -> float:
    """Draw one line of mixed text on a canvas; returns its width."""
    pieces = [(LATIN_BOLD if bold and f == LATIN else f, r) for f, r in runs(text)]
    width = sum(pdfmetrics.stringWidth(r, f, size) for f, r in pieces)
    if align == "right":
        x -= width
    elif align == "center":
        x -= width / 2
    for font, run in pieces:
        canvas.setFont(font, size)  # type: ignore[attr-defined]
        canvas.drawString(x, y, run)  # type: ignore[attr-defined]
        x += pdfmetrics.stringWidth(run, font, size)
    return width
