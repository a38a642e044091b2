"""The fonts every filing uses: TrueType files shipped in resources/fonts, always embedded.

ReportLab's standard-14 fonts are never used: they are not embedded, and a PDF that
relies on the reader's fonts prints Chinese as empty boxes. DejaVu Sans carries Latin
text; Droid Sans Fallback (which has no Latin glyphs) carries Chinese. Droid has no bold,
so bold text (headings, labels, the declaration) sets its Chinese in Noto Sans SC Bold, a
real bold Hei of the same sans style (a faux bold, stroking the outlines, fills the
counters of dense characters in print). Subsets of Noto Sans KR (Hangul and the few Hanja and
symbols the others lack) and Noto Sans HK (the Hong Kong ideographs of CJK Extension B and
later) are the fallbacks for what neither has. `markup` splits a string
into runs by which font holds each character, so mixed text renders everywhere.
ReportLab embeds TrueType fonts as subsets (/FontFile2), only the glyphs used.

What no font can set is never left to a font's empty box: `printable` (see its docstring)
prints it as its code point, ⟨U+20000⟩, and says so.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Protocol
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from approvals.resources import resource_path

LATIN = "ApprovalsSans"
LATIN_BOLD = "ApprovalsSans-Bold"
CJK = "ApprovalsCJK"
CJK_BOLD = "ApprovalsCJK-Bold"
FALLBACK = "ApprovalsFallback"
FALLBACK_HK = "ApprovalsFallbackHK"
# Tried in order for a character neither the Latin nor the CJK font has.
FALLBACKS = (FALLBACK, FALLBACK_HK)

FONT_FILES: dict[str, str] = {
    LATIN: "DejaVuSans.ttf",
    LATIN_BOLD: "DejaVuSans-Bold.ttf",
    CJK: "DroidSansFallbackFull.ttf",
    CJK_BOLD: "NotoSansSC-Bold.ttf",
    FALLBACK: "NotoSansKR-Regular.ttf",
    FALLBACK_HK: "NotoSansHK-Regular.ttf",
}
LICENSE_FILES: dict[str, str] = {
    LATIN: "LICENSE-DejaVu.txt",
    LATIN_BOLD: "LICENSE-DejaVu.txt",
    CJK: "LICENSE-DroidSansFallback.txt",
    CJK_BOLD: "LICENSE-NotoSansSC.txt",
    FALLBACK: "LICENSE-NotoSansKR.txt",
    FALLBACK_HK: "LICENSE-NotoSansHK.txt",
}

# Loaded when first needed, not with the others: bold Chinese is 10 MB to read, which the
# English filings never need; a fallback only when a character is in neither font.
ON_FIRST_USE = frozenset({CJK_BOLD, *FALLBACKS})

_lock = threading.Lock()
_registered = False


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap of a font subset, with characters beyond the BMP (😀, the
    Hanja of plane 2) written as UTF-16 surrogate pairs as the PDF standard wants: ReportLab
    writes them as five hex digits, which readers reject, so that text could not be copied
    or searched. Characters of the BMP are written exactly as ReportLab does (same bytes)."""
    def utf16(code: int) -> str:
        if code <= 0xFFFF:
            return f"{code:04X}"
        code -= 0x10000
        return f"{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}"

    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


def register_fonts() -> None:
    """Register the shipped fonts with ReportLab once per process (thread-safe); the bold
    CJK font and the fallback on first use (`font_for`)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        for name, file_name in FONT_FILES.items():
            if name not in ON_FIRST_USE:
                pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file_name))))
        pdfmetrics.registerFontFamily(LATIN, normal=LATIN, bold=LATIN_BOLD,
                                      italic=LATIN, boldItalic=LATIN_BOLD)
        _registered = True


def _register_cjk_bold() -> None:
    register_fonts()
    with _lock:
        if CJK_BOLD in pdfmetrics.getRegisteredFontNames():
            return
        path = resource_path("fonts", FONT_FILES[CJK_BOLD])
        pdfmetrics.registerFont(TTFont(CJK_BOLD, str(path)))
        pdfmetrics.registerFontFamily(CJK, normal=CJK, bold=CJK_BOLD, italic=CJK,
                                      boldItalic=CJK_BOLD)


@lru_cache(maxsize=1)
def _latin_chars() -> frozenset[int]:
    register_fonts()
    font = pdfmetrics.getFont(LATIN)
    bold = pdfmetrics.getFont(LATIN_BOLD)
    # A character goes to the Latin font only when both weights have it.
    return frozenset(font.face.charToGlyph) & frozenset(bold.face.charToGlyph)


@lru_cache(maxsize=1)
def _cjk_chars() -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(CJK).face.charToGlyph)


@lru_cache(maxsize=1)
def _cjk_bold_chars() -> frozenset[int]:
    _register_cjk_bold()
    return frozenset(pdfmetrics.getFont(CJK_BOLD).face.charToGlyph)


def _register_fallback(name: str) -> None:
    register_fonts()
    with _lock:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", FONT_FILES[name]))))


@lru_cache(maxsize=len(FALLBACKS))
def _fallback_chars(name: str) -> frozenset[int]:
    _register_fallback(name)
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


def _fallback_for(code: int) -> str | None:
    return next((name for name in FALLBACKS if code in _fallback_chars(name)), None)


def font_for(char: str, bold: bool = False) -> str:
    """The font that can draw `char`: LATIN if the Latin font has it (the text's own
    weight of it), else the CJK font; in `bold` text the bold CJK font where it has the
    character (the few it lacks, e.g. Hangul jamo, stay regular rather than go missing);
    else a fallback font (regular in bold text too). A character none of them
    has is LATIN, whose empty box `printable` keeps it from ever reaching."""
    code = ord(char)
    if code in _latin_chars() or char in "\n\t ":
        return LATIN
    if code in _cjk_chars():
        return CJK_BOLD if bold and code in _cjk_bold_chars() else CJK
    fallback = _fallback_for(code)
    if fallback is not None:
        return fallback
    return LATIN


# --- what can be printed -----------------------------------------------------------------
# Officers paste names and notes from e-mails, Word, web pages and foreign registers. Each
# character either prints as itself, or as its code point ⟨U+20000⟩ (reported, so a draft
# can list where), or is a layout or invisible character handled as below.

# Line and paragraph separators (Word's manual line break is \x0b) end a line.
_LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x1c": "\n",
                "\x1d": "\n", "\x1e": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"}
# Right-to-left scripts and scripts whose letters must be shaped or reordered: ReportLab
# sets neither, so a name in them would print misspelt (Arabic letters unjoined, in reverse
# order). They print as code points; the filing wants the official Latin or Chinese form.
_SHAPED = ((0x0900, 0x0DFF), (0x0E00, 0x0FFF), (0x1000, 0x109F), (0x1780, 0x18AF),
           (0xA8E0, 0xA8FF), (0xA980, 0xAADF), (0x11000, 0x11FFF))
# Invisible characters without a glyph in any font, dropped: joiners, zero-width space,
# byte-order mark, direction marks (category Cf), variation selectors, grapheme joiner.
_INVISIBLE = frozenset({"\u034f", *map(chr, range(0xFE00, 0xFE10)), "\u180b", "\u180c",
                        "\u180d", "\u180f"})
REPLACEMENT = "\ufffd"

# Why a character is not printed as itself (a filing's attention box says so).
NO_GLYPH = "not in the filing's fonts"
RIGHT_TO_LEFT = "right-to-left or shaped script, which the filing cannot set"
CONTROL = "control character"
INVALID = "invalid character (half of a UTF-16 pair)"
PRIVATE = "private-use or unassigned"
DAMAGED = "replacement character: the text was damaged before it reached approvals"

_verdicts: dict[str, str | None] = {}


def _verdict(char: str) -> str | None:
    """None when `char` prints as itself; else why it prints as its code point ("" for an
    invisible character, which is dropped; DAMAGED prints as itself but is reported)."""
    verdict = _verdicts.get(char, "?")
    if verdict != "?":
        return verdict
    code = ord(char)
    category = unicodedata.category(char)
    if char == " " or char == "\n":
        verdict = None
    elif char in _INVISIBLE or 0xE0100 <= code <= 0xE01EF or category == "Cf":
        verdict = ""
    elif category == "Cc":
        verdict = CONTROL
    elif category == "Cs":  # a lone surrogate: JSON's "\ud800", a file name's bad bytes
        verdict = INVALID
    elif category in ("Co", "Cn"):
        verdict = PRIVATE
    elif unicodedata.bidirectional(char) in ("R", "AL") or \
            any(lo <= code <= hi for lo, hi in _SHAPED):
        verdict = RIGHT_TO_LEFT
    elif char == REPLACEMENT:
        verdict = DAMAGED
    elif code in _latin_chars() or code in _cjk_chars() or _fallback_for(code):
        verdict = None
    else:
        verdict = NO_GLYPH
    _verdicts[char] = verdict
    return verdict


def code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


def _compose(text: str) -> str:
    """Combining accents joined to their letter where Unicode has the letter (NFC), one
    cluster at a time: NFC of the whole text would also swap CJK compatibility ideographs
    (豈 U+F900) for their unified forms, changing a registered name."""
    out: list[str] = []
    for char in text:
        if out and (unicodedata.combining(char) or 0x1160 <= ord(char) <= 0x11FF):
            out[-1] += char  # an accent, or a Hangul vowel or final of a jamo sequence
        else:
            out.append(char)
    return "".join(unicodedata.normalize("NFC", c) if len(c) > 1 else c for c in out)


def printable(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """`text` as a filing prints it, and the (character, why) of each character that does
    not print as itself. Lines end in \\n (CR, CRLF, vertical tab, form feed, U+2028 too);
    a tab is a space; accents are composed with their letters; invisible format characters
    (joiners, direction marks, variation selectors) are dropped; every other character no
    font can draw as itself (CJK Extension B, most emoji, Arabic, control characters, lone
    surrogates) prints as its code point, consecutive ones together: ⟨U+20000 U+20001⟩.
    U+FFFD prints as itself (�) but is reported: the text was damaged before it came here."""
    if text.isascii() and text.isprintable():
        return text, ()
    if len(text) <= _REMEMBERED_LENGTH:
        return _printable_remembered(text)
    return _printable(text)


# A filing's labels, names and headings recur in every rendering, and a document is checked
# when composed and again when laid out: the answer depends on the text alone (the shipped
# fonts do not change while the app runs). Long free texts are not kept.
_REMEMBERED_LENGTH = 500


@lru_cache(maxsize=4096)
def _printable_remembered(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    return _printable(text)


def _printable(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    for old, new in _LINE_BREAKS.items():
        text = text.replace(old, new)
    text = _compose(text.replace("\t", " "))
    out: list[str] = []
    marked: list[str] = []  # the code points of the current ⟨…⟩
    found: list[tuple[str, str]] = []
    for char in text:
        verdict = _verdict(char)
        if verdict:
            found.append((char, verdict))
            if verdict != DAMAGED:
                marked.append(code_point(char))
                continue
        elif verdict == "":
            continue
        if marked:
            out.append(f"⟨{' '.join(marked)}⟩")
            marked = []
        out.append(char)
    if marked:
        out.append(f"⟨{' '.join(marked)}⟩")
    return "".join(out), tuple(found)


def runs(text: str, bold: bool = False) -> list[tuple[str, str]]:
    """Split `text` into (font name, run) pieces, each drawable by its font."""
    out: list[tuple[str, str]] = []
    for char in text:
        font = font_for(char, bold)
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + char)
        else:
            out.append((font, char))
    return out


def markup(text: str, bold: bool = False) -> str:
    """Paragraph markup for plain `text`: XML-escaped, CJK runs wrapped in the CJK font
    (its bold in `bold` text: a <font> tag sets the weight, not the paragraph's style)."""
    parts = []
    for font, run in runs(text, bold):
        escaped = escape(run).replace("\n", "<br/>")
        parts.append(escaped if font == LATIN else f'<font name="{font}">{escaped}</font>')
    return "".join(parts)


class TextCanvas(Protocol):
    """What draw_mixed draws on: a ReportLab canvas (a page's, or a numbered one)."""

    def setFont(self, psfontname: str, size: float) -> None: ...

    def drawString(self, x: float, y: float, text: str) -> None: ...


def draw_mixed(canvas: TextCanvas, x: float, y: float, text: str, *, size: float,
               bold: bool = False, align: str = "left") -> float:
    """Draw one line of mixed text on a canvas; returns its width."""
    text = printable(text)[0]
    pieces = [(LATIN_BOLD if bold and f == LATIN else f, r) for f, r in runs(text, bold)]
    width = sum(pdfmetrics.stringWidth(r, f, size) for f, r in pieces)
    if align == "right":
        x -= width
    elif align == "center":
        x -= width / 2
    for font, run in pieces:
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, font, size)
    return width


# --- line breaking ----------------------------------------------------------------------
# ReportLab wraps either by words (Chinese then breaks anywhere, punctuation included) or
# by characters (its CJK mode knows only part of the Chinese line-breaking rules and can
# cut an English word). Filings are mixed, so lines are broken here and handed over ready.

# 禁则 (line-breaking rules): these never start a line...
NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉’”…‥·・%‰℃°,.;:?!)]}")
# ...and these never end one.
NO_LINE_END = frozenset("（《「『【〔〈‘“([{")
# Punctuation set like Chinese (one unit each), though the Latin font draws it.
_WIDE_PUNCTUATION = frozenset("‘’“”…‥·")
# Where an over-long token (a hash, a URL, an audit code) may be cut before any character.
_SOFT_BREAK_AFTER = frozenset("/_.-=;,&?")


_wide: dict[str, bool] = {}


def _is_wide(char: str) -> bool:
    """Set like a Chinese character: a line may break on either side of it. Hangul is not:
    Korean breaks between words, at its spaces."""
    wide = _wide.get(char)
    if wide is None:
        font = font_for(char)
        wide = _wide[char] = char in _WIDE_PUNCTUATION or font == CJK or (
            font in FALLBACKS and unicodedata.east_asian_width(char) in "WF"
            and "HANGUL" not in unicodedata.name(char, ""))
    return wide


def _atoms(line: str) -> list[str]:
    """Spaces, Latin words and single Chinese characters, in order."""
    atoms: list[str] = []
    for char in line:
        if char == " ":
            kind = "space"
        elif _is_wide(char):
            atoms.append(char)
            continue
        else:
            kind = "word"
        last = atoms[-1] if atoms else ""
        if last and not _is_wide(last[-1]) and (last[-1] == " ") == (kind == "space"):
            atoms[-1] = last + char
        else:
            atoms.append(char)
    return atoms


def _segments(line: str) -> list[tuple[str, str]]:
    """(text, trailing spaces) pieces between which a line may break."""
    segments: list[list[str]] = []
    for atom in _atoms(line):
        if atom[0] == " ":
            if segments:
                segments[-1][1] += atom
            else:
                segments.append(["", atom])
            continue
        if segments and not segments[-1][1]:
            prev = segments[-1][0]
            # Adjacent without a space: a break only next to a Chinese character, and
            # never before a closing mark or after an opening one.
            glue = not (_is_wide(prev[-1]) or _is_wide(atom[0])) or \
                atom[0] in NO_LINE_START or prev[-1] in NO_LINE_END
            if glue:
                segments[-1][0] = prev + atom
                continue
        elif segments and atom[0] in NO_LINE_START:
            segments[-1][0] += segments[-1][1] + atom  # "word )" keeps the mark on the line
            segments[-1][1] = ""
            continue
        segments.append([atom, ""])
    return [(text, space) for text, space in segments]


# A bracketed Chinese aside: （人数）, （不含敏感个人信息）.
_CHINESE_ASIDE = re.compile(r"（[^（）]{1,12}）")
# A Chinese term quoted in an English line ("more than (超过: exclusive)"): one word there.
_CHINESE_TERM = re.compile(r"(?<![\u3400-\u9fff])[\u3400-\u9fff]{2,6}(?![\u3400-\u9fff])")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def _asides_kept(line: str, segments: list[tuple[str, str]], width: float,
                 measure: Callable[[str], float]) -> list[tuple[str, str]]:
    """`segments` with no break inside a bracketed Chinese aside that fits in 3/4 of a line:
    "（人" / "数）" read as a broken word does; nor, in an English line, inside a Chinese
    term it quotes ("(以" / "上: inclusive)")."""
    spans = [m.span() for m in _CHINESE_ASIDE.finditer(line) if measure(m.group()) <= width * 3 / 4]
    if len(_LATIN_LETTER.findall(line)) > sum(_is_wide(ch) for ch in line):
        spans += [m.span() for m in _CHINESE_TERM.finditer(line)]
    if not spans:
        return segments
    kept: list[tuple[str, str]] = []
    end = 0
    for text, space in segments:
        if kept and not kept[-1][1] and any(start < end < stop for start, stop in spans):
            kept[-1] = (kept[-1][0] + text, space)
        else:
            kept.append((text, space))
        end += len(text) + len(space)
    return kept


class _Measure:
    def __init__(self, font: str, size: float) -> None:
        self.font, self.size = font, size
        self.bold = font == LATIN_BOLD  # Chinese in bold text is set in the bold CJK font
        self.cache: dict[str, float] = {}

    def __call__(self, text: str) -> float:
        total = 0.0
        cache = self.cache
        for char in text:
            width = cache.get(char)
            if width is None:
                drawn = font_for(char, self.bold)  # measured in the font that draws it
                font = self.font if drawn == LATIN else drawn
                width = cache[char] = pdfmetrics.stringWidth(char, font, self.size)
            total += width
        return total


_measures: dict[tuple[str, float], _Measure] = {}


def _measure(font: str, size: float) -> _Measure:
    """The (cached) width measure for `font` at `size`: lines are measured char by char."""
    measure = _measures.get((font, size))
    if measure is None:
        register_fonts()
        measure = _measures[(font, size)] = _Measure(font, size)
    return measure


def text_width(text: str, font: str, size: float) -> float:
    """The width of mixed text in points, each character in the font that draws it
    (`font` the Latin one): pdfmetrics.stringWidth would measure Chinese in `font`."""
    return _measure(font, size)(text)


def _cut_long(text: str, room: float, width: float, measure: _Measure) -> list[str]:
    """An unbreakable piece wider than a line, cut to fit: after a soft break point in
    the last third of the line if there is one, else before the first character that
    does not fit. The first piece fills `room`, the others `width`."""
    pieces: list[str] = []
    start, used, soft = 0, 0.0, -1
    limit = room
    for i, char in enumerate(text):
        w = measure(char)
        if used + w > limit and i > start:
            cut = soft if soft > start and measure(text[start:soft]) > limit / 3 else i
            pieces.append(text[start:cut])
            start, soft, limit = cut, -1, width
            used = measure(text[start:i])
        used += w
        if char in _SOFT_BREAK_AFTER:
            soft = i + 1
    pieces.append(text[start:])
    return pieces


def wraps_like_reportlab(text: str, width: float, font: str, size: float) -> bool:
    """True when ReportLab's own word wrap breaks `text` as `break_lines` would: no
    Chinese in it and no word wider than the line (the usual English text, set faster)."""
    if any(_is_wide(char) for char in text):
        return False
    measure = _measure(font, size)
    return all(measure(word) < width for word in text.split())


def break_lines(text: str, width: float, font: str, size: float) -> list[str]:
    """`text` broken into lines no wider than `width` points: between words, next to
    Chinese characters, never before a closing mark or after an opening one (禁则); a
    token wider than a line is cut. `font` is the Latin font; Chinese uses the CJK font."""
    measure = _measure(font, size)
    width -= 0.01  # what ReportLab measures must fit too
    out: list[str] = []
    for line in text.split("\n"):
        if measure(line) <= width:  # most lines: nothing to break
            out.append(line)
            continue
        current, used, pending = "", 0.0, ""
        for seg, space in _asides_kept(line, _segments(line), width, measure):
            seg_width = measure(seg)
            gap = measure(pending) if current else 0.0
            if current and used + gap + seg_width <= width:
                current += pending + seg
                used += gap + seg_width
            elif seg_width <= width:
                if current:
                    out.append(current)
                current, used = seg, seg_width
            else:  # wider than a line: fill this one, then whole lines
                room = width - used - gap if current else width
                pieces = _cut_long(seg, room, width, measure)
                # Go on on this line only up to a soft break point, never mid-word.
                if current and room > width / 4 and pieces[0] and \
                        pieces[0][-1] in _SOFT_BREAK_AFTER and measure(pieces[0]) <= room:
                    out.append(current + pending + pieces[0])
                    pieces = pieces[1:]
                elif current:
                    out.append(current)
                    pieces = _cut_long(seg, width, width, measure)
                out.extend(pieces[:-1])
                current = pieces[-1] if pieces else ""
                used = measure(current)
            pending = " " if space else ""  # ReportLab sets a run of spaces as one
        out.append(current)
    return out
