"""Numbers, amounts and dates as officers type or paste them, read exactly or refused.

Pure functions shared by the wizard (and anything else that reads typed text): each
returns the value the facts store, or raises `Unreadable` with a message for the field.
The unambiguous is normalised (full-width characters, zero-width characters from web
pages, thousands separators, 万 / 亿 and million / billion, Chinese numerals in words
(八亿, 三千万, 壹亿贰仟万), 10^25 written out, a percent sign, year-first dates); the
ambiguous is refused rather than guessed (02/01/2026, 1.500, 150m, 八亿五, a bare `$`
beside a non-dollar currency, 0.5 in a percent field). Whatever is
accepted is exact: a decimal that a float cannot hold to the digit is refused, never
rounded.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date
from decimal import Decimal, localcontext

from approvals.domain.dates import ISO_DATE
from approvals.domain.errors import InputError, Problem
from approvals.domain.numbers import counted, kept_figure


class Unreadable(ValueError):
    """The text cannot be read as the value asked for; the message says why."""


# What a message quotes of the text typed, at most: a 3,000-character paste quoted whole
# made the message, and the label showing it, thousands of characters wide.
QUOTED_AT_MOST = 40
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(char: str) -> str:
    """A character as a message may show it: control characters, line and paragraph
    separators and invisible format characters escaped (\\n, \\x07, \\u200b), as raw
    they break the line or vanish from the message."""
    if unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp"):
        return char
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 \
        else f"\\U{code:08x}"


def quoted(text: str) -> str:
    """Typed text as a message quotes it: 'as typed', with control characters escaped;
    when longer than QUOTED_AT_MOST characters, its beginning with … and its length
    ('2026-01-01 2026-01-02 2026-01-03 2026-01…' (3,000 characters))."""
    shown = "".join(_visible(c) for c in text)
    if len(shown) <= QUOTED_AT_MOST:
        return f"'{shown}'"
    kept, width = [], 0
    for char in text:  # whole escapes only: never half of one
        piece = _visible(char)
        if width + len(piece) > QUOTED_AT_MOST - 1:
            break
        kept.append(piece)
        width += len(piece)
    return f"'{''.join(kept)}…' ({counted(len(text), 'character')})"


# Money and counts: the case list keeps an amount as a float, exact to 15 digits, and no
# deal, turnover or head-count comes near 10^15.
MONEY_DIGITS = 15
# int() refuses thousands of digits; no real figure (compute included) has 400.
MAX_DIGITS = 400
MAX_EXPONENT = 10**6

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUPERSCRIPT_RUN = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+")


def plain_text(text: str) -> str:
    """Full-width digits, letters and signs (pasted from Chinese documents) as ASCII, and
    without the invisible characters a web page carries (zero-width spaces, direction
    marks, soft hyphens): for codes, numbers and dates only, never for names."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c) != "Cf").strip()


def compact_code(text: str) -> str:
    """A code (USCC, LEI) as pasted: ASCII, upper case, no spaces, hyphens or line breaks."""
    return re.sub(r"[\s\-‐‑‒–—]", "", plain_text(text)).upper()


# -- names -----------------------------------------------------------------------------------
# CJK ideographs (the unified blocks and their extensions, and the compatibility block).
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def has_chinese(text: str) -> bool:
    """Whether `text` has a Chinese character (a CJK ideograph)."""
    return _HAN.search(text) is not None


def chinese_name_problem(text: str) -> str | None:
    """Why a name typed as the Chinese one is not (None when it has Chinese characters):
    the English name typed twice, or pinyin, would be printed as the Chinese name."""
    if has_chinese(text):
        return None
    return ("has no Chinese characters: type the name as registered in Chinese "
            "(e.g. 示例科技有限公司), or leave it empty")


_LINE_BREAK = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")
_HAN_SIDE_CHARS = ("\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
                   "\u3000-\u303f\uff00-\uffef")
_HAN_SIDE = re.compile(f"[{_HAN_SIDE_CHARS}]")
# Spaces between two Chinese characters: a PDF's or a justified web page's, never part of
# a registered Chinese name (北京示例 科技有限公司 was filed, and printed, with the gap).
_HAN_GAP = re.compile(f"(?<=[{_HAN_SIDE_CHARS}])[ \t\u3000]+(?=[{_HAN_SIDE_CHARS}])")


def name_text(text: str) -> str:
    """A company's or person's name as pasted, as it is to be filed: without the invisible
    characters a web page or PDF carries (zero-width spaces, direction marks, soft
    hyphens) and on one line (a break between Chinese characters joins them, another
    becomes a space), runs of spaces as one and none between two Chinese characters
    (an ideographic space 　 elsewhere as a plain one). Otherwise exactly as written: full-width
    brackets and letters stay, as the name is registered (北京灵犀（智算）科技有限公司).
    Composed (NFC): "é" copied from a macOS PDF as e and a combining accent is one "é", as
    typed, so the same name compares equal to itself."""
    text = "".join(c for c in unicodedata.normalize("NFC", text) if unicodedata.category(c) != "Cf")

    def join(match: re.Match[str]) -> str:
        before, after = match.string[match.start() - 1:match.start()], \
            match.string[match.end():match.end() + 1]
        return "" if _HAN_SIDE.match(before) and _HAN_SIDE.match(after) else " "

    text = _HAN_GAP.sub("", _LINE_BREAK.sub(join, text.strip()))
    return re.sub(r"[ \t\u3000]{2,}|[\t\u3000]", " ", text)


def has_visible_text(text: str) -> bool:
    """Whether `text` has something to read: not only spaces and invisible characters (a
    zero-width space, a byte-order mark), which a comment or a type of them filed blank."""
    return any(not c.isspace() and unicodedata.category(c) != "Cf" for c in text)


# Invisible characters (zero-width spaces, direction marks, the byte-order mark, the soft
# hyphen): kept out of what a search compares, as they are out of what a reader sees.
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")


def search_key(text: str) -> str:
    """`text` as searches and duplicate checks compare it: compatibility-folded (NFKC:
    full-width ＡＰ－２０２６ is AP-2026, an ideographic space a space, é one character
    however it was typed), invisible characters dropped, case-folded. ASCII, which most of
    a case list is, takes the fast way: nothing to fold but the case."""
    if text.isascii():
        return text.casefold()
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).casefold()


def english_name_problem(text: str) -> str | None:
    """Why a name typed as the English one is not (None when it has Latin letters): the
    Chinese name typed into the first, required, name field would be printed where the
    filings and the case list give the English one."""
    if _HAN.search(text) and not re.search("[A-Za-z]", plain_text(text)):
        return ("is in Chinese characters: type it under Name (Chinese), and here the "
                "English name as registered, or its pinyin (e.g. Beijing Zhiyuan Co., Ltd.)")
    return None


# -- lengths ---------------------------------------------------------------------------------
# The most each kind of typed text takes: far above any real value, far below a paste gone
# wrong (a 1 MB clipboard went whole into the facts, the filings and the case list). An
# identifier (USCC, LEI) needs none: its format fixes its length and its check says so.
NAME_CHARS = 200  # a company's or person's name (registered names run to about 100)
REFERENCE_CHARS = 100  # the officer's own reference for a deal
PLACE_CHARS = 100  # a place's code or name (the longest country name has 56)
ITEM_CHARS = 300  # one line of a list: a model and how it is reached, a catalogue item
LIST_ITEMS = 200  # lines of a list (the technology export catalogue has fewer items)
DESCRIPTION_CHARS = 4_000  # free text (the commercial rationale): about a page of a filing
REASON_CHARS = 1_000  # why something changed, as the audit trail records it


def length_problem(text: str, most: int, what: str, *, cut: bool = False) -> str | None:
    """Why `text` is too long for its field (None when it is not): its length and the most
    `what` ("a name") takes. The text is refused, never cut to fit: a paste cut silently
    lost its end unseen. `cut`: the text box held no more than this (a one-line box keeps
    32,767 characters of a longer paste), so its length is a floor."""
    if len(text) <= most:
        return None
    length = f"at least {counted(len(text), 'character')}" if cut else \
        counted(len(text), "character")
    return f"is {length} long; {what} takes at most {most:,}: shorten it"


# The control characters a pasted text carries most often, by what they are: a message
# naming only "U+000B" left the officer to look it up.
_CONTROL_NAMES = {0x00: "a NUL character", 0x09: "a tab", 0x0A: "a line break",
                  0x0B: "Word's manual line break", 0x0C: "a page break",
                  0x0D: "a line break", 0x1B: "an escape character", 0x7F: "a delete character"}
RETYPE = "type the text again rather than paste it"
# Characters that end or control a line wherever they stand (a control character, and
# U+2028 and U+2029, which break the line as "\n" does): in a name, a full name or a
# password they are refused, "Mallory<U+2028>Approved by …" printed a forged second line.
LINE_BREAKING_CATEGORIES = frozenset(("Cc", "Zl", "Zp"))
# The embeddings, overrides and isolates of the bidirectional algorithm (LRE … RLO, LRI …
# PDI); the marks LRM and RLM, which reorder nothing after them, stay allowed.
_DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _unprintable(char: str, allowed: str) -> bool:
    """A text-direction control, half of a UTF-16 pair, or a character that ends or
    controls a line (unless `allowed`)."""
    category = unicodedata.category(char)
    return (char in _DIRECTION_CONTROLS or category == "Cs"
            or (category in LINE_BREAKING_CATEGORIES and char not in allowed))


def control_character_problem(text: str, *, allowed: str = "", fix: str = RETYPE) -> str | None:
    """Why `text` cannot be stored as it is (None when it can): a control character (NUL,
    Word's manual line break U+000B, a tab or line break where `allowed` does not take
    them) or half of a UTF-16 pair (JSON's "\\ud800"): neither can be printed on a filing,
    and the audit trail could not record the second. Named by its code, what it is and
    its place in the text, then `fix`, what to do."""
    for index, char in enumerate(text):
        if not _unprintable(char, allowed):
            continue
        if char in _DIRECTION_CONTROLS:
            # Invisible, yet it reverses how the text after it is shown (in the case list,
            # the exports, a filing): a record that reads otherwise than it is stored.
            return (f"contains a text-direction control (U+{ord(char):04X}) at character "
                    f"{index + 1:,}, which changes how the text after it is shown; {fix}")
        named = character_named(char)
        return (f"contains {named}{',' if ', ' in named else ''} at "
                f"character {index + 1:,}, which cannot be printed; {fix}")
    return None


def one_line_problem(text: str, most: int, what: str) -> str | None:
    """Why a one-line text (a holiday's name, a schedule's source) cannot be kept as typed:
    a control character ("New\x0bYear" showed as "New⎕Year" in the calendar), or a paste
    longer than `most` (it ran off the window's edge)."""
    return control_character_problem(text) or length_problem(text.strip(), most, what)


def free_text_problem(text: str) -> str | None:
    """control_character_problem of a text that may run over lines (a comment, a
    reviewer's reasons, a filing particular): line breaks and tabs are its own."""
    return control_character_problem(text, allowed="\n\r\t")


def controls_shown(text: str) -> str:
    """`text` with each control character (line breaks and tabs kept), line or paragraph
    separator and text-direction control written as its code point, ⟨U+202E⟩: what the
    audit trail records of a reason it did not refuse at its field (a file name holding
    one, a reason from an older reviewer's pack) then reads as it is stored."""
    return "".join(f"⟨U+{ord(char):04X}⟩" if _unprintable(char, "\n\r\t") else char
                   for char in text)


def refuse_unprintable(field: str, text: str) -> None:
    """Refuse a free text holding a control character or a text-direction control
    (free_text_problem), at `field`: a reviewer's U+202E came out reversed in the
    preparer's import and in the audit export."""
    if issue := free_text_problem(text):
        raise InputError(Problem(field, issue))


def character_named(char: str) -> str:
    """A control or invalid character as a message names it: "a control character
    (U+0009), a tab", "an invalid character (U+D800)"."""
    category = unicodedata.category(char)
    if category in ("Zl", "Zp"):
        return f"a {'line' if category == 'Zl' else 'paragraph'} separator (U+{ord(char):04X})"
    kind = "an invalid character" if category == "Cs" else "a control character"
    what = _CONTROL_NAMES.get(ord(char), "")
    return f"{kind} (U+{ord(char):04X})" + (f", {what}" if what else "")


def list_length_problem(lines: list[str], *, most_items: int = LIST_ITEMS,
                        item_chars: int = ITEM_CHARS) -> str | None:
    """Why the lines of a list (one item each; blank lines are not items) are too many or
    one is too long (named by its line number, as the box shows it)."""
    items = sum(1 for line in lines if line.strip())
    if items > most_items:
        return f"has {counted(items, 'item')}; the list takes at most {most_items:,}: shorten it"
    for number, line in enumerate(lines, start=1):
        if issue := length_problem(line.strip(), item_chars, "an item"):
            return f"line {number:,} {issue}"
    return None


# -- no value --------------------------------------------------------------------------------
# What officers type for "there is none" or "not known": filed as typed, "N/A" became the
# ultimate parent's name, "None" a restricted catalogue item. An empty field says it
# ("NA" is left out: it is Namibia's code).
NO_VALUE_WORDS = frozenset({
    "n/a", "n.a", "none", "nil", "null", "-", "--", "—", "–", "/", "?", "unknown",
    "not applicable", "not known", "tbd", "tbc", "无", "没有", "不适用", "未知", "暂无", "待定",
})


def no_value_problem(text: str, *, zero: bool = False) -> str | None:
    """Why a word for "none" or "not known" is not a value (None when `text` is not one):
    the field left empty says so, and a list has its "None" box. `zero`: a figure that
    can be 0 (board seats, a count, a turnover), where "none" is 0 and empty is unknown."""
    if plain_text(text).casefold().rstrip(".") not in NO_VALUE_WORDS:  # "N/A." too
        return None
    if zero:
        return (f"{quoted(text.strip())} is not a number: write 0 when there are none, or "
                "leave the field empty when it is not known")
    return (f"{quoted(text.strip())} is not a value: leave the field empty when there is "
            "none or it is not known")


# -- numbers ---------------------------------------------------------------------------------
# Longest first: 万亿 before 亿, "million" before "m".
_MULTIPLIERS: tuple[tuple[str, int], ...] = (
    ("万亿", 10**12), ("萬億", 10**12), ("千万", 10**7), ("千萬", 10**7), ("百万", 10**6),
    ("百萬", 10**6), ("十万", 10**5), ("十萬", 10**5), ("亿", 10**8), ("億", 10**8),
    ("万", 10**4), ("萬", 10**4), ("千", 10**3),
    ("thousand", 10**3), ("million", 10**6), ("billion", 10**9), ("trillion", 10**12),
    ("mln", 10**6), ("bln", 10**9), ("mn", 10**6), ("mm", 10**6), ("bn", 10**9),
    ("tn", 10**12), ("k", 10**3),
)
_MULTIPLIER_END = re.compile(
    "(" + "|".join(re.escape(word) for word, _ in _MULTIPLIERS) + r")\.?$")
_BY_WORD = dict(_MULTIPLIERS)
# "3.1 × 10^25", "3.1x10**25", "10^26" (superscripts were turned into ^digits).
_TIMES_TEN = re.compile(r"^(?:(.*?)(?:×|x|\*|·|⋅))?10(?:\^|\*\*)([+-]?\d+)$")
_NOISE = re.compile(r"[\s_'’]")
# A comma separates thousands only: "6,5 %" is a decimal comma, not 65 %.
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
# Dots grouping thousands, as in Europe: "1.000.000", "1.000.000,50".
_DOT_GROUPED = re.compile(r"[+-]?\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?|[+-]?\d{1,3}\.\d{3},\d+")
# One dot and three digits: 1.5 here, 1,500 in Europe.
_DOT_OR_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}\.\d{3}")
_PLAIN = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?")


# Chinese numerals in words, as contracts and e-mails write amounts (人民币八亿元, 三千万,
# 壹亿贰仟万元整 in the financial forms, 1亿2000万 mixing digits in): digits, the units
# within a myriad, and the myriads.
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
              "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6,
              "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
_CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_CN_NUMERAL = re.compile("[" + "".join((*_CN_DIGITS, *_CN_SMALL_UNITS, *_CN_BIG_UNITS)) + "]")
# A token of such a figure: a digit run (1,200 / 1.5), or one numeral character.
_CN_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|.")
# The unit a bare last digit is short for in speech (八亿五 = 八亿五千万).
_NEXT_UNIT_DOWN = {10**8: ("千万", 10**7), 10**4: ("千", 1000), 1000: ("百", 100), 100: ("十", 10)}


def _chinese_figure(text: str, shown: str) -> int:
    """A figure in Chinese numerals (八亿, 十二亿, 三千万, 一千零五十万, 壹亿贰仟万) or
    digits with Chinese units (1亿2000万), exactly (whole numbers, in Python ints). A bare
    digit after a unit of a hundred or more (八亿五, 三千五) is refused: speech means
    八亿五千万, but it could be taken for 八亿零五, and an amount is not guessed."""
    total = 0  # the 亿 group, times 亿
    myriads = 0  # the 万 group within the current 亿 group, times 万
    section = 0  # below 万
    pending: int | None = None  # a digit waiting for its unit
    last_unit, last_small, zero_before = 0, 0, False
    previous_was_digit = False

    def refuse(why: str) -> Unreadable:
        return Unreadable(f"{quoted(shown)} is not a number{why}")

    for token in _CN_TOKEN.findall(text):
        if token[0].isdecimal() or token in _CN_DIGITS:
            if "." in token:  # 1.5亿 is read before this; 1.5亿2000万 says the 5000万 twice
                raise refuse(": a decimal may only come before the last unit (1.5亿, 1亿5000万)")
            value = int(token.replace(",", "")) if token[0].isdecimal() else _CN_DIGITS[token]
            if previous_was_digit:  # 一二三, 二〇二六: digits read one by one, not a figure
                raise refuse(": write it with its units (二千零二十六, not 二〇二六) or in digits")
            if value == 0 and not token[0].isdecimal():
                zero_before, previous_was_digit = True, False
                continue
            pending, previous_was_digit = value, True
            continue
        previous_was_digit = False
        if token in _CN_SMALL_UNITS:
            unit = _CN_SMALL_UNITS[token]
            if pending is None and not (unit == 10 and section == 0):  # 十二 is 12; 百 alone is no figure
                raise refuse(f": no digit before {token}")
            if last_small and unit >= last_small:  # 三十五百: the units must come down
                raise refuse(f": {token} after a smaller unit")
            section += (pending if pending is not None else 1) * unit
            pending, last_unit, last_small, zero_before = None, unit, unit, False
        elif token in _CN_BIG_UNITS:
            unit = _CN_BIG_UNITS[token]
            group = section + (pending or 0)
            if unit == 10**4:
                if group == 0 or myriads:  # 万 alone, or 一万二万
                    raise refuse(f": no digit before {token}" if group == 0 else f": {token} twice")
                myriads = group * unit
            else:
                if total:  # 一亿二亿; 万亿 (10¹²) is written so
                    raise refuse(f": {token} twice")
                group += myriads
                if group == 0:
                    raise refuse(f": no digit before {token}")
                total, myriads = group * unit, 0  # 一万亿: the myriads times 亿
            section, pending, last_unit, last_small, zero_before = 0, None, unit, 0, False
        else:
            raise refuse("")
    if pending is not None and last_unit >= 100 and not zero_before:
        words, unit = _NEXT_UNIT_DOWN[last_unit]
        spoken = total + myriads + section + pending * unit
        literal = total + myriads + section + pending
        if quoted(shown) != f"'{shown}'":  # a long paste: not spelt out twice more
            raise Unreadable(f"{quoted(shown)} ends in a digit with no unit (八亿五 is short for "
                             "八亿五千万 in speech): write the unit after it, or the digits")
        raise Unreadable(f"'{shown}' is short for {shown}{words} ({spoken:,}) in speech, but could "
                         f"be read as {literal:,}: write {shown}{words} or the digits")
    return total + myriads + section + (pending or 0)


_CN_POINT = re.compile("(.+?)点([" + "".join(_CN_DIGITS) + r"\d]+)(.*)")


def _chinese_point(text: str, shown: str) -> str:
    """八点五亿 as 8.5亿, 十二点五 as 12.5: a decimal written with 点 in digits, for the
    rest of the reading (the unit after it, the exactness checks)."""
    point = _CN_POINT.fullmatch(text)
    if point is None:
        return text
    whole, fraction, rest = point.groups()
    if _CN_NUMERAL.search(whole):
        if any(c in _CN_BIG_UNITS for c in whole):  # 一亿点五: the point after a unit
            raise Unreadable(f"{quoted(shown)} is not a number: write the decimal before the unit (1.5亿)")
        whole = str(_chinese_figure(whole, shown))
    digits = "".join(str(_CN_DIGITS[c]) if c in _CN_DIGITS else c for c in fraction)
    return f"{whole}.{digits}{rest}"


def _powers_of_ten(text: str) -> str:
    """10²⁵ as 10^25, before NFKC would read the superscripts as digits (10⁶ as 106)."""
    return _SUPERSCRIPT_RUN.sub(lambda m: "^" + m[0].translate(_SUPERSCRIPTS), text)


# Words that may follow a figure and say only what it counts: 15万人 of people, 3e25 FLOP
# of training compute. Longest first.
PEOPLE = ("individuals", "persons", "people", "人", "名")
OPERATIONS = ("次浮点运算", "operations", "次运算", "flops", "flop", "ops", "次")


def read_number(text: str, *, percent: bool = False, integer: bool = False,
                max_digits: int = MAX_DIGITS, units: tuple[str, ...] = ()
                ) -> int | float | None:
    """A number as officers type or paste it: `1,000,000`, `1 000 000`, `1.000.000`,
    `1000万`, `8亿`, `八亿`, `八点五亿`, `800 million`, `3.1e25`, `3.1 × 10²⁵`, `12.5 %`,
    `百分之五十一`, full-width digits, and one of `units` after it (PEOPLE: `15万人`). None when empty; Unreadable when it is
    not a number or is ambiguous.

    Digits alone (with separators or a multiplier that leaves a whole number) give an
    exact int; e-notation gives a float (as the facts have always stored 3.1e25); a
    decimal gives a float only when the float holds it to the digit."""
    shown = text.strip()
    text = _NOISE.sub("", plain_text(_powers_of_ten(text))).lower()
    for unit in units:
        if text.endswith(unit) and len(text) > len(unit):
            text = text.removesuffix(unit)
            break
    if percent:  # "12.5 percent", "12.5 per cent", "12.5 pct", "百分之五十一" as "12.5%"
        text = re.sub(r"(?:percent|pct)$", "%", text)
        if text.startswith("百分之") and len(text) > 3:
            text = text.removeprefix("百分之") + "%"
    text = _chinese_point(text, shown)
    had_percent = percent and text.endswith("%")
    if percent:
        text = text.removesuffix("%")
    if not text:
        return None
    multiplier = 1
    whole = text
    if word := _MULTIPLIER_END.search(text):
        multiplier = _BY_WORD[word[1]]
        text = text[: word.start()]
        if _CN_NUMERAL.search(text) or (not text and not word[1].isascii()):
            # Chinese numerals before the unit (八亿, 十二亿), or units inside (1亿2000万).
            text, multiplier = str(_chinese_figure(whole, shown)), 1
    elif _CN_NUMERAL.search(text):
        text = str(_chinese_figure(text, shown))  # 八百, 一千零五
    elif re.fullmatch(r"[+-]?[\d.,]+m", text):
        raise Unreadable(f"{quoted(shown)} is not a number as written: 'm' means a thousand in some "
                         "accounts and a million in others; write 'million' or the digits")
    exponent = 0
    if ten := _TIMES_TEN.match(text):
        if ten[1] == "":  # "× 10^25" with no figure before it
            raise Unreadable(f"{quoted(shown)} is not a number")
        text, exponent = (ten[1] or "1"), int(ten[2])
    mantissa = _digits(text, shown, percent=percent)
    floating = "e" in mantissa or ten is not None
    try:
        # Enough precision that no digit typed is rounded away by the multiplication.
        with localcontext(prec=len(mantissa) + 40, Emax=MAX_EXPONENT, Emin=-MAX_EXPONENT):
            exact = Decimal(mantissa) * multiplier * (Decimal(10) ** exponent)
    except ArithmeticError:  # an exponent beyond any float
        raise Unreadable("must be a finite number") from None
    if floating and float(exact) in (float("inf"), float("-inf")):
        raise Unreadable("must be a finite number")
    digits = exact.adjusted() + 1 if exact else 0
    if digits > max_digits:
        raise Unreadable(f"has too many digits ({digits:,}); at most {max_digits} before the point")
    number: int | float
    if not floating and exact == exact.to_integral_value() and (
            "." not in mantissa or multiplier > 1):
        number = int(exact)
    else:
        try:
            # The float only where it holds every digit typed: 1.0000000000000000000000001e25
            # is more than 10^25, its float is not (a whole number stays exact as an int).
            number = kept_figure(exact, quoted(shown))
        except ValueError as exc:
            raise Unreadable(str(exc)) from None
    if integer:
        if number != int(number):
            raise Unreadable("must be a whole number")
        number = int(number)
    if number == 0:
        number = 0 if isinstance(number, int) else 0.0  # "-0.0" is zero, not negative
    if percent and not had_percent and 0 < number < 1:
        raise Unreadable(f"{quoted(shown)} could be {number:g} % or a fraction ({number * 100:g} %): "
                         f"type {number:g} % or {number * 100:g}")
    return number


def _digits(text: str, shown: str, *, percent: bool) -> str:
    """The number's digits with its separators read: a plain numeral for Decimal()."""
    if _DOT_GROUPED.fullmatch(text):
        return text.replace(".", "").replace(",", ".")
    if "," in text:
        if not _GROUPED.fullmatch(text.split("e")[0]):
            raise Unreadable(f"{quoted(shown)}: a comma may only separate thousands (1,000,000); "
                             "write decimals with a point, e.g. 6.5")
        text = text.replace(",", "")
    elif not percent and _DOT_OR_THOUSANDS.fullmatch(text):
        raise Unreadable(_dot_or_thousands(text, shown))
    if not _PLAIN.fullmatch(text):
        raise Unreadable(f"{quoted(shown)} is not a number{_misspelt_multiplier(text)}")
    return text


def _dot_or_thousands(text: str, shown: str) -> str:
    """'12.345' could be a decimal or twelve thousand: both readings, and a way to type
    each that is not refused again. The decimal keeps its digits with a zero added
    ('12.3450': three digits after a dot are what is ambiguous); the rest of what was typed
    ('USD', 'million') stays in the forms to type."""
    sign = text[0] if text[0] in "+-" else ""
    whole, part = text.lstrip("+-").split(".")
    trimmed = part.rstrip("0")
    readings = [f"{sign}{whole}.{trimmed or '0'}", f"{sign}{whole},{part}"]
    forms = [readings[1], readings[0] if trimmed != part else f"{sign}{whole}.{part}0"]
    if text in shown.lower():  # digits typed as digits: keep the currency and the multiplier
        at = shown.lower().index(text)
        readings, forms = ([f"{shown[:at]}{x}{shown[at + len(text):]}" for x in group]
                           for group in (readings, forms))
    return (f"{quoted(shown)} could be {readings[0]} or {readings[1]} (a dot groups thousands "
            f"in some countries): write {quoted(forms[0])} or {quoted(forms[1])}")


_SPELT_MULTIPLIERS = ("thousand", "million", "billion", "trillion")


def _misspelt_multiplier(text: str) -> str:
    """": did you mean 'million'?" for a figure ending in a near miss (1.2 milion, 3
    bilion); else nothing. Never read as the word meant: a hint only."""
    ending = re.search(r"[a-z]{4,}\.?$", text)
    if ending is None:
        return ""
    meant = difflib.get_close_matches(ending[0].rstrip("."), _SPELT_MULTIPLIERS, n=1,
                                      cutoff=0.8)
    return f": did you mean '{meant[0]}'?" if meant else ""


# -- amounts ---------------------------------------------------------------------------------
DOLLAR = "$"  # a dollar of the currency chosen beside the amount (US, Hong Kong, Singapore …)
YEN = "¥"  # yuan or yen: the same sign
DOLLAR_CURRENCIES = frozenset({"USD", "HKD", "SGD", "AUD", "CAD", "NZD", "TWD"})
YEN_CURRENCIES = frozenset({"CNY", "JPY"})
# What may stand before or after the figure; longest first.
_CURRENCY_MARKS: tuple[tuple[str, str], ...] = (
    # Written out, as term sheets and e-mails do ("25 million US dollars", "1.5亿美金");
    # "dollars" alone names no single currency, as "$" does not.
    ("hong kong dollars", "HKD"), ("hong kong dollar", "HKD"), ("hk dollars", "HKD"),
    ("us dollars", "USD"), ("us dollar", "USD"), ("u.s. dollars", "USD"),
    ("pounds sterling", "GBP"), ("renminbi", "CNY"), ("sterling", "GBP"),
    ("dollars", DOLLAR), ("dollar", DOLLAR), ("euros", "EUR"), ("euro", "EUR"),
    ("yuan", "CNY"), ("yen", "JPY"),
    ("新加坡元", "SGD"), ("瑞士法郎", "CHF"), ("人民币", "CNY"), ("人民幣", "CNY"),
    ("美元", "USD"), ("美金", "USD"), ("港元", "HKD"), ("港币", "HKD"), ("港幣", "HKD"),
    ("欧元", "EUR"), ("歐元", "EUR"), ("日元", "JPY"), ("日圓", "JPY"), ("英镑", "GBP"),
    ("英鎊", "GBP"), ("新元", "SGD"), ("元", "CNY"), ("円", "JPY"),
    ("us$", "USD"), ("hk$", "HKD"), ("sg$", "SGD"), ("s$", "SGD"), ("cn¥", "CNY"),
    # CNH, the offshore market's name for the yuan, is no ISO 4217 code but the same
    # currency: an amount quoted from a Hong Kong term sheet is an amount in CNY.
    ("jp¥", "JPY"), ("rmb", "CNY"), ("cnh", "CNY"), ("usd", "USD"), ("cny", "CNY"),
    ("eur", "EUR"), ("hkd", "HKD"), ("gbp", "GBP"), ("jpy", "JPY"), ("sgd", "SGD"), ("chf", "CHF"),
    ("€", "EUR"), ("£", "GBP"), ("$", DOLLAR), ("¥", YEN),
)
_CURRENCY_NAMES = {"RMB": "CNY", "人民币": "CNY", "元": "CNY", "美元": "USD", "港元": "HKD",
                   "港币": "HKD", "欧元": "EUR", "日元": "JPY", "英镑": "GBP", "美金": "USD",
                   "人民幣": "CNY", "港幣": "HKD", "YUAN": "CNY", "RENMINBI": "CNY"}


# Any other ISO 4217 code, in capitals, before or after the figure ("MOP 5,000,000",
# "1,000.125 KWD"): in small letters some are words (ALL, TOP).
_CODE_FIRST = re.compile(r"([A-Z]{3})(?![A-Za-z])")
_CODE_LAST = re.compile(r"(?<![A-Za-z])([A-Z]{3})$")


def _currency_mark(body: str) -> tuple[str, str] | None:
    """The figure without the currency mark it starts or ends with, and that currency's
    code (DOLLAR or YEN for a bare sign); None when it has no mark."""
    lowered = body.lower()
    for mark, code in _CURRENCY_MARKS:
        if lowered.startswith(mark):
            return body[len(mark):].strip(), code
        if lowered.endswith(mark):
            return body[: -len(mark)].strip(), code
    if (first := _CODE_FIRST.match(body)) and first[1] in ISO_4217_CODES:
        return body[3:].strip(), first[1]
    if (last := _CODE_LAST.search(body)) and last[1] in ISO_4217_CODES:
        return body[:-3].strip(), last[1]
    return None


def read_amount(text: str, *, max_digits: int = MONEY_DIGITS
                ) -> tuple[int | float | None, str | None]:
    """An amount with the currency it is written with, if any: ("RMB 800 million") gives
    (800000000, "CNY"), "$2,000,000" gives (2000000, DOLLAR), "8亿" gives (800000000, None).
    The currency is an ISO 4217 code, DOLLAR or YEN (signs that name no single currency)."""
    # Powers of ten first: plain_text would make 10⁶ the number 106.
    # 整 closes an amount written for a contract ("exactly"): 人民币8亿元整.
    body = plain_text(_powers_of_ten(text)).removesuffix("整").strip()
    marks: list[str] = []
    for _ in range(2):  # one mark before and one after at most ("人民币8亿元")
        if (found := _currency_mark(body)) is None:
            break
        body, marks = found[0], [*marks, found[1]]
    named = set(marks)
    if len(named) > 1:
        raise Unreadable(f"{quoted(text.strip())} names two currencies")
    try:
        value = read_number(body, max_digits=max_digits) if body or not marks else None
    except Unreadable:
        _refuse_a_mistyped_code(text, body, max_digits)
        raise
    if value is None and marks:
        raise Unreadable(f"{quoted(text.strip())} has no figure")
    return value, (marks[0] if marks else None)


# Three capitals before or after a figure: a currency code, when it is none ISO 4217 knows
# (CYN 1000, 5 USB) most likely one mistyped. In small letters they may be a word ("mil").
_CODE_LIKE = re.compile(r"^([A-Z]{3})\s*(?=[\d.,])|(?<=[\d.])\s*([A-Z]{3})$")


def _refuse_a_mistyped_code(text: str, body: str, max_digits: int) -> None:
    """Refuse `text` for a mistyped currency code written with its figure ("CYN 1000":
    did you mean CNY?), rather than as "not a number", when the rest is a figure."""
    found = _CODE_LIKE.search(body)
    if found is None:
        return
    code = found[1] or found[2]
    try:
        read_number(body[:found.start()] + body[found.end():], max_digits=max_digits)
    except Unreadable:
        return
    problem = currency_problem(code, code)
    if problem and "did you mean" in problem:  # else no code meant: "not a number" stands
        raise Unreadable(f"{quoted(text.strip())}: {problem}")


def in_chinese_units(text: str) -> bool:
    """Is the figure written with 万, 亿 or another Chinese unit, or in Chinese numerals
    (八百)? Such a figure with no currency beside it is most often yuan, yet may be
    dollars: not to be guessed."""
    body = plain_text(text)
    return (any(word in body for word, _ in _MULTIPLIERS if not word.isascii())
            or _CN_NUMERAL.search(body) is not None)


def currency_code(text: str) -> str:
    """The code typed or chosen as the currency: upper case ASCII, RMB and the Chinese
    names as their ISO 4217 codes."""
    code = plain_text(text).upper()
    return _CURRENCY_NAMES.get(code, code)


# ISO 4217 currency codes in use (no funds, metals or test codes): a code outside it is a
# typing mistake (CYN for CNY), which would be stored and printed on a filing as typed.
_ISO_4217_TEXT = """
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP
BYN BZD CAD CDF CHF CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP
GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS
KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR
MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR
SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD
TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL
"""
ISO_4217_CODES = frozenset(_ISO_4217_TEXT.split())
# The currencies deals are most often in: a mistyped code is compared with these first.
COMMON_CURRENCIES = ("USD", "CNY", "EUR", "HKD", "GBP", "JPY", "SGD", "CHF")
_NOT_ISO_4217 = {"CNH": "CNY (offshore yuan, CNH, is the same currency)", "RMB": "CNY"}


def currency_problem(code: str, typed: str | None = None) -> str | None:
    """Why a currency (as `currency_code` gives it) is not one the facts can hold, with the
    code meant where a likely one is found (CYN: did you mean CNY?); None when it is fine.
    `typed`: what the officer typed for it, quoted back as typed ('us dollar', not 'US
    DOLLAR')."""
    if code in ISO_4217_CODES:
        return None
    if not code:
        return "choose the currency, e.g. USD or CNY"
    said = quoted(typed.strip() if typed and typed.strip() else code)
    if code in _NOT_ISO_4217:
        return f"{said} is not an ISO 4217 code: write {_NOT_ISO_4217[code]}"
    if not re.fullmatch(r"[A-Z]{3}", code):
        return f"{said} is not a currency code: write the three letters, e.g. USD or CNY"
    # Letters swapped (CYN, UDS) or one mistyped (USB): the common currencies first.
    swapped = [c for c in (*COMMON_CURRENCIES, *sorted(ISO_4217_CODES))
               if sorted(c) == sorted(code)]
    one_off = [c for c in COMMON_CURRENCIES
               if sum(a != b for a, b in zip(c, code, strict=True)) == 1]
    meant = next(iter(dict.fromkeys(swapped + one_off)), None)
    hint = f"did you mean {meant}?" if meant else "use the ISO 4217 code, e.g. USD or CNY"
    return f"{said} is not an ISO 4217 currency code: {hint}"


# ISO 4217's minor units: the decimal places an amount in a currency can have. These have
# none or three; every other code of ISO_4217_CODES has two (cents, fen).
_NO_MINOR_UNIT = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF"
_THREE_PLACES = "BHD IQD JOD KWD LYD OMR TND"
_MINOR_UNIT_PLACES = {**dict.fromkeys(_NO_MINOR_UNIT.split(), 0),
                      **dict.fromkeys(_THREE_PLACES.split(), 3)}


def minor_unit_places(code: str) -> int:
    """The decimal places of an amount in the currency `code` (ISO 4217): 2 for USD and
    CNY (cents, fen), 0 for JPY and KRW, 3 for KWD."""
    return _MINOR_UNIT_PLACES.get(code, 2)


def minor_unit_problem(value: int | float, code: str, typed: str | None = None) -> str | None:
    """Why an amount has more decimal places than its currency has (USD 1,000,000.005,
    where a cent is the smallest part: a slip of the point or of a digit, printed as such
    on a filing); None when it fits. `typed`: the figure as the officer typed it, quoted
    back as typed ('1e-5', not '1e-05')."""
    if isinstance(value, int) or value.is_integer():
        return None
    places = -int(Decimal(repr(value)).as_tuple().exponent)
    allowed = minor_unit_places(code)
    if places <= allowed:
        return None
    said = quoted(typed.strip() if typed and typed.strip() else number_text(value))
    if allowed == 0:
        return (f"{said} has a fraction, and a {code} amount is whole ({code} has no "
                "smaller unit): check the figure")
    return (f"{said} has {counted(places, 'decimal place')}, and a {code} amount has at "
            f"most {allowed}: check the figure")


def amount_currency(mark: str | None, chosen: str) -> str:
    """The currency of an amount: the one written with the figure, else the one chosen.
    A `$` or `¥` alone is read in the chosen currency only if that is a dollar or yuan/yen."""
    chosen = currency_code(chosen)
    if mark == DOLLAR:
        if chosen not in DOLLAR_CURRENCIES:
            raise Unreadable("'$' is the sign of US, Hong Kong, Singapore and other dollars: "
                             "choose the currency (e.g. USD) or write US$ or HK$")
        return chosen
    if mark == YEN:
        if chosen not in YEN_CURRENCIES:
            raise Unreadable("'¥' is the sign of both the yuan and the yen: choose CNY or JPY "
                             "as the currency, or write 元 / RMB for yuan")
        return chosen
    return mark or chosen


def read_money(text: str, currency: str, *, max_digits: int = MONEY_DIGITS
               ) -> int | float | None:
    """A figure of a field kept in `currency` (a turnover in CNY, the LP commitment in USD,
    a deal amount in its own currency), as `read_amount` reads it: a currency written with
    it must be that one ("RMB 8亿", a `$` in a dollar), and it has no more decimal places
    than that currency has. Unreadable otherwise, saying which."""
    value, mark = read_amount(text, max_digits=max_digits)
    if not mark and currency != "CNY" and re.search(r"[亿万]", text):
        # A figure in 亿 or 万 is yuan more often than not: 5亿 in the LP commitment (USD)
        # was taken as USD 500,000,000 without a word, about seven times too much.
        shown = text.strip()
        raise Unreadable(f"is in {currency}: a figure in 亿 or 万 is usually yuan; write it "
                         f"with its currency ({shown}美元 for {currency}, or convert a yuan "
                         "figure)" if currency == "USD" else
                         f"is in {currency}: a figure in 亿 or 万 is usually yuan; write it "
                         f"with its currency, or convert a yuan figure")
    written = amount_currency(mark, currency) if mark else currency
    if written != currency:
        raise Unreadable(f"is in {currency}: convert the {written} figure")
    if value is not None and (issue := minor_unit_problem(value, currency, text)):
        raise Unreadable(issue)
    return value


# -- dates -----------------------------------------------------------------------------------
# 号 for 日 as people write it (2026年12月31号).
_YEAR_FIRST = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?")
# Letters typed for the digits they look like (2026-12-1O, 2O26): only ever suggested.
_DIGIT_LOOK_ALIKES = str.maketrans("oOlI", "0011")
_YEAR_LAST = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{2}|\d{4})")
_MONTHS = {name: i for i, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1) for name in names}
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s\-]*([a-z]+)\.?[\s\-,]*(\d{4})")
_MONTH_DAY = re.compile(r"([a-z]+)\.?\s*(\d{1,2})(?:st|nd|rd|th)?[\s,]*(\d{4})")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")


def read_date(text: str) -> str | None:
    """A date as typed, as the facts write it (YYYY-MM-DD): `2026-01-02`, `2026/1/2`,
    `2026.01.02`, `2026年1月2日`, `2 January 2026`, `Jan 2, 2026`, full-width digits.
    Day and month in either order (02/01/2026) are refused unless only one reading is a
    date; a two-digit year and YYYYMMDD are refused. None when empty."""
    shown = text.strip()
    text = plain_text(text).lower()
    if not text:
        return None
    if ISO_DATE.fullmatch(text):
        return _checked(shown, int(text[:4]), int(text[5:7]), int(text[8:]))
    if m := _YEAR_FIRST.fullmatch(text):
        return _checked(shown, int(m[1]), int(m[2]), int(m[3]))
    for pattern, order in ((_DAY_MONTH, (1, 2)), (_MONTH_DAY, (2, 1))):
        m = pattern.fullmatch(text)
        if m and m[order[1]] in _MONTHS:
            return _checked(shown, int(m[3]), _MONTHS[m[order[1]]], int(m[order[0]]))
    if m := _YEAR_LAST.fullmatch(text):
        first, second = int(m[1]), int(m[2])
        if len(m[3]) == 2:
            # Never read as 20yy, but the dates it could be are written out to pick from
            # (as for 10/12/2026), rather than an example date that is none of them.
            year = 2000 + int(m[3])
            # With the year first too where dashes or dots part it (26-12-31, 26.12.31), as
            # Chinese documents write it: only the year-last readings were offered
            # ("2031-12-26"). Slashes are the US and European forms', year last.
            year_first = (_valid(2000 + first, second, int(m[3]))
                          if "/" not in text else None)
            meant = sorted({d.isoformat() for d in (_valid(year, second, first),
                                                    _valid(year, first, second), year_first)
                            if d})
            raise Unreadable(f"{quoted(shown)} has a two-digit year: write the year in full, "
                             f"as YYYY-MM-DD ({' or '.join(meant) or 'e.g. 2026-10-22'})")
        year = int(m[3])
        readings = {d for d in (_valid(year, second, first), _valid(year, first, second)) if d}
        if len(readings) == 1:
            return readings.pop().isoformat()
        if len(readings) == 2:
            day_first, month_first = _valid(year, second, first), _valid(year, first, second)
            assert day_first and month_first
            raise Unreadable(
                f"{quoted(shown)} could be {_words(day_first)} or {_words(month_first)}: write it "
                f"YYYY-MM-DD ({day_first.isoformat()} or {month_first.isoformat()})")
        raise Unreadable(f"{quoted(shown)} is not a date: use YYYY-MM-DD, e.g. 2026-10-22")
    raise Unreadable(f"{quoted(shown)} is not a date: {_look_alike_hint(shown)}"
                     "use YYYY-MM-DD, e.g. 2026-10-22")



def read_day(text: str, missing: str) -> date:
    """read_date for a field that must hold a date: the day, or Unreadable saying why
    (`missing` when the field is empty)."""
    typed = read_date(text)
    if typed is None:
        raise Unreadable(missing)
    return date.fromisoformat(typed)


def _look_alike_hint(shown: str) -> str:
    """"a letter O where a digit should be (2026-12-10?): " when the date reads with the
    letters O and l taken for 0 and 1; else nothing. Suggested, never read so."""
    digits = re.sub(r"(?<=\d)[oOlI]|[oOlI](?=\d)",
                    lambda m: m[0].translate(_DIGIT_LOOK_ALIKES), shown)
    if digits == shown:
        return ""
    try:
        meant = read_date(digits)
    except Unreadable:
        return ""
    letters = sorted({c for c, d in zip(shown, digits, strict=True) if c != d})
    return f"the letter {' and '.join(letters)} where a digit should be (did you mean {meant}?); "


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _checked(shown: str, year: int, month: int, day: int) -> str:
    found = _valid(year, month, day)
    if found is None:
        why = (f"there is no month {month}" if not 1 <= month <= 12 else
               "there is no year 0" if year == 0 else
               f"{_MONTH_NAMES[month - 1]} {year} has no day {day}")
        raise Unreadable(f"{quoted(shown)} is not a date ({why}): use YYYY-MM-DD, e.g. 2026-10-22")
    return found.isoformat()


def _words(day: date) -> str:
    return f"{day.day} {_MONTH_NAMES[day.month - 1]}"


# -- shown back -----------------------------------------------------------------------------
def number_text(value: int | float, *, percent: bool = False) -> str:
    """A stored number as the field shows it again: grouped (1,000,000; 1,000,000.5),
    exact (the text reads back as the same value), large floats in e-notation (3.1e25).
    `percent`: a percent field's text, which `read_number(percent=True)` reads back."""
    if isinstance(value, bool):
        raise TypeError("a yes/no is not a number")
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e15):
        text = f"{int(value):,}"  # 1e6 read as 1,000,000, not 1,000,000.0
    elif value != 0 and not 1e-4 <= abs(value) < 1e15:
        text = repr(value).replace("e+", "e")
    else:
        text = f"{Decimal(repr(value)):,f}"
    # Below 1 % the sign is written, as the field asks for it there (0.5 alone is refused).
    return f"{text} %" if percent and 0 < value < 1 else text


# Three decimals after a whole part of 1 to 999, no group separator: read_number takes
# "1.125" as possibly 1,125 (a dot groups thousands in some countries) and asks.
_READS_AS_THOUSANDS = re.compile(r"-?[1-9]\d{0,2}\.\d{3}( %)?")


def field_number_text(value: int | float, *, percent: bool = False) -> str:
    """number_text as a form field is filled with it (a figure from a facts file, a
    draft): one that would read back as ambiguous gets a fourth decimal, 0 ("1.1250"),
    which read_number takes as the decimal it is (a facts file's 1.125 was shown as
    "1.125" and refused under its field as "could be 1.125 or 1,125")."""
    text = number_text(value, percent=percent)
    if _READS_AS_THOUSANDS.fullmatch(text):
        whole, _, sign = text.partition(" ")
        return f"{whole}0" + (f" {sign}" if sign else "")
    return text


# A yes or no typed or written as a word ("yes", "No", "是"): the answer it gives. The
# wizard's Import JSON… and review mode's typed choices both read it from here.
YES_NO_WORDS: dict[str, bool] = {"yes": True, "y": True, "true": True, "是": True,
                                 "no": False, "n": False, "false": False, "否": False}
