"""Filings under stress: what officers really type (emoji, CJK Extension B, Korean, Arabic,
control characters, lone surrogates) and extremes (400-character names, 300 attachments,
20,000 characters of free text, 10^15 amounts, unbreakable tokens, a case with nothing
optional). Nothing may crash, vanish or become an empty box without the filing saying so;
nothing may run off the page or into the footer; "Page X of Y" stays right; finals stay
byte-identical. Read back with pypdf: the text, where each piece is drawn, and the fonts."""

from __future__ import annotations

import dataclasses
import io
import itertools
import json
import re
from collections.abc import Iterator
from typing import Any

import pypdf
import pytest
from reportlab.pdfbase import pdfmetrics

from approvals.domain.errors import InputError
from approvals.domain.facts import Facts
from approvals.filings import compose
from approvals.filings import content as c
from approvals.filings.data import Attachment, FilingData, TimelineEvent
from approvals.filings.fonts import (
    CJK,
    CJK_BOLD,
    FALLBACK,
    FALLBACK_HK,
    FALLBACKS,
    FONT_FILES,
    LATIN,
    LATIN_BOLD,
    LICENSE_FILES,
    printable,
    register_fonts,
)
from approvals.filings.layout import (
    FINGERPRINT_Y,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE_LABEL_Y,
    PAGE_SIZES,
    QR_SIZE,
    STATUS_Y,
    build_pdf,
)
from approvals.filings.printable import check_document
from approvals.paths import DataDir
from approvals.resources import resource_path
from approvals.services.filings import check_filing_particulars, load_filing_data
from approvals.store.audit import Actor
from approvals.store.migrate import open_database
from tests.filings_seed import load, seed_case

ADMIN = Actor("alice", ("preparer", "reviewer", "approver", "admin"))
KINDS = ("cn-application", "us-notification", "status-report")
NOW = "2026-11-29T08:00:00Z"
# The PostScript names of the shipped fonts, as the PDF names their subsets.
FONT_OF = {"DejaVuSans": LATIN, "DejaVuSans-Bold": LATIN_BOLD, "DroidSansFallback": CJK,
           "NotoSansSC-Bold": CJK_BOLD, "NotoSansKR-Regular": FALLBACK,
           "NotoSansHK-Regular": FALLBACK_HK}
HEADER_Y_FROM_TOP = 13 * 72 / 25.4


@pytest.fixture(scope="module")
def base() -> Iterator[FilingData]:
    """DEMO-02, complete and approved for filing on every track (a final may be issued)."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(DataDir(Path(tmp) / "data").ensure())
        with db.session() as session:
            refs = load(session, ADMIN, only=("DEMO-02",))
            seed_case(session, ADMIN, "DEMO-02", refs["DEMO-02"],
                      approve=("CN-FISR", "CN-TECH-EXPORT", "CN-SAMR", "US-OISP"), complete=True)
        with db.read_session() as session:
            data = load_filing_data(session, refs["DEMO-02"])
        db.dispose()
        yield data


def _variant(data: FilingData, change: Any = None, **replace: Any) -> FilingData:
    """`data` with its facts changed by `change(facts_json)` (validated by the facts
    model: the extremes are longer than an import takes now, facts.TEXT_LIMITS, as a case
    stored before those limits may be) and other fields replaced."""
    facts = data.facts
    if change is not None:
        raw = json.loads(json.dumps(facts.to_json_dict()))
        change(raw)
        facts = Facts.model_validate(raw)
    return dataclasses.replace(data, facts=facts, **replace)


def _render(data: FilingData, kind: str, final: bool = False) -> tuple[c.FilingDocument, bytes, int]:
    document, _ = compose(data, kind, final=final, now=NOW)
    pdf, pages = build_pdf(document)
    return document, pdf, pages


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- reading a PDF back ---------------------------------------------------------------

Piece = tuple[float, float, float, str]  # x0, x1, baseline y, text


class _Pieces:
    """A pypdf text visitor: every piece of text drawn upright as (x0, x1, baseline y,
    text), x1 measured with the font that drew it."""

    def __init__(self) -> None:
        self.pieces: list[Piece] = []
        self.last: Any = None

    def __call__(self, text: str, cm: list[float], tm: list[float], font: Any,
                 size: float) -> None:
        start = (tuple(cm), tuple(tm))
        text = text.rstrip("\n")
        if not text or font is None or abs(cm[1]) > 1e-6 or abs(tm[1]) > 1e-6:
            return  # nothing drawn, or the rotated watermark
        name = FONT_OF[str(font["/BaseFont"]).split("+", 1)[1]]
        # ReportLab may shrink a line's spaces by up to 5 % (word spacing) to fit it.
        spaces = text.strip().count(" ") * pdfmetrics.stringWidth(" ", name, size) * 0.05
        width = (pdfmetrics.stringWidth(text, name, size) - spaces) * cm[0] * tm[0]
        # pypdf gives each run of a line the line's start: the next run goes on after it.
        x = self.pieces[-1][1] if self.last == start and self.pieces else cm[0] * tm[4] + cm[4]
        self.last = start
        if text.strip():
            self.pieces.append((x, x + width, cm[3] * tm[5] + cm[5], text))


def _read(pdf: bytes, only: slice = slice(None)) -> list[tuple[tuple[float, float], list[Piece], str]]:
    """Per page (of `only`): its size, its pieces of text (`_Pieces`), its text."""
    register_fonts()
    out = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages[only]:
        visit = _Pieces()
        text = page.extract_text(visitor_text=visit) or ""
        box = page.mediabox
        out.append(((float(box.width), float(box.height)), visit.pieces, text))
    return out


def _layout_problems(pages: list[tuple[tuple[float, float], list[Piece], str]]) -> list[str]:
    """Text off the page's margins, between the body and the footer, over the QR code, or
    drawn over other text on the same line."""
    problems = []
    for number, ((width, height), pieces, _) in enumerate(pages, start=1):
        header_y = height - HEADER_Y_FROM_TOP
        lines: dict[float, list[tuple[float, float, str]]] = {}
        for x0, x1, y, text in pieces:
            where = f"page {number}: {text[:40]!r} at ({x0:.1f}–{x1:.1f}, {y:.1f})"
            if x0 < MARGIN_X - 0.5 or x1 > width - MARGIN_X + 0.5:
                problems.append(f"{where} runs past a side margin")
            in_body = MARGIN_BOTTOM - 0.5 <= y <= height - MARGIN_TOP + 0.5
            decoration = any(abs(y - at) < 0.1 for at in (header_y, STATUS_Y, FINGERPRINT_Y,
                                                          PAGE_LABEL_Y))
            if not (in_body or decoration):
                problems.append(f"{where} is outside the body, header and footer lines")
            if y < MARGIN_BOTTOM and x1 > width - MARGIN_X - QR_SIZE + 0.5:
                problems.append(f"{where} runs into the QR code")
            lines.setdefault(round(y, 1), []).append((x0, x1, text))
        for y, line in lines.items():
            line.sort()
            for (_, end, left), (start, _, right) in itertools.pairwise(line):
                if start < end - 0.5:
                    problems.append(f"page {number}: {left[:30]!r} and {right[:30]!r} overlap at y={y}")
    return problems


def _check_numbering(pages: list[tuple[tuple[float, float], list[Piece], str]], count: int,
                     first: int = 1) -> None:
    for number, (_, _, text) in enumerate(pages, start=first):
        assert re.findall(r"Page \d+ of \d+", text) == [f"Page {number} of {count}"], number


def _check(pdf: bytes, count: int) -> str:
    """The layout, numbering and fonts of a filing of `count` pages; its text, squashed."""
    pages = _read(pdf)
    assert len(pages) == count
    assert _layout_problems(pages) == []
    _check_numbering(pages, count)
    assert _font_problems(pdf) == []
    return _squash("".join(text for _, _, text in pages))


def _font_problems(pdf: bytes) -> list[str]:
    """pdffonts' view: every font an embedded TrueType subset (no Type 3, no standard-14),
    each subset with its own tag; and every character a subset maps was drawn with a
    glyph of that font, never its empty .notdef box."""
    from approvals.filings.fonts import _register_cjk_bold, _register_fallback
    _register_cjk_bold()
    for fallback in FALLBACKS:
        _register_fallback(fallback)
    problems = []
    tags: dict[str, str] = {}
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            base = str(font["/BaseFont"])[1:]
            tag, _, name = base.partition("+")
            if font["/Subtype"] != "/TrueType" or "/FontFile2" not in font["/FontDescriptor"]:
                problems.append(f"{base} is not an embedded TrueType font")
            if not re.fullmatch(r"[A-Z]{6}", tag):
                problems.append(f"{base} is not a subset")
            key = f"{name}@{ref.idnum}"
            if tags.setdefault(tag, key) != key:
                problems.append(f"subset tag {tag} used by {tags[tag]} and {key}")
            glyphs = pdfmetrics.getFont(FONT_OF[name]).face.charToGlyph  # type: ignore[attr-defined]
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            for code, value in re.findall(r"<([0-9A-F]{2})> <([0-9A-F]{4,})>", cmap):
                if len(value) % 4:  # ReportLab's own, for a character beyond the BMP
                    problems.append(f"{name} maps {code} to {value}, which is not UTF-16")
                    continue
                char = bytes.fromhex(value).decode("utf-16-be")
                if value == "0000" or (int(code, 16) < 128 and char == chr(int(code, 16))):
                    continue  # unused, or ReportLab's first subset's ASCII, drawn or not
                if len(char) != 1 or ord(char) not in glyphs:
                    problems.append(f"{char!r} ({value}) drawn in {name}, which lacks it")
    return problems


# --- characters -------------------------------------------------------------------------

HARD = {
    "ext_b": "深圳𠀀𠮷科技有限公司",  # CJK Extension B: in none of the fonts
    "emoji": "Team 😀 👨\u200d👩\u200d👧 🇨🇳",  # 😀 in DejaVu; the family and the flag not
    "korean": "삼성전자 주식회사",
    "kana": "ソフトバンク株式会社",
    "fullwidth": "全角！（ＡＢＣ）１２３？",
    "traditional": "龘鑫國際（香港）有限公司",
    "hkscs": "𨋢𡃁維修有限公司",  # Hong Kong ideographs of Extension B: the HK fallback font
    "arabic": "شركة الاستثمار",
    "accents": "Cafe\u0301 Zu\u0308rich",
    "invisible": "Zero\u200bwidth\u200dj\ufeffoin\u200e",
    "controls": "NUL\x00BEL\x07 line\x0bbreak\ttab\r\nCRLF",
    "damaged": "bad \ufffd byte",
}


def test_what_prints_as_typed_and_what_as_code_points() -> None:
    assert printable("Plain ASCII, as most text is.") == ("Plain ASCII, as most text is.", ())
    for text in ("龘鑫國際", "ソフトバンク", "삼성전자", "全角！（ＡＢＣ）", "Zürich — €5", "😀",
                 HARD["hkscs"]):
        assert printable(text) == (text, ()), text
    assert printable(HARD["ext_b"])[0] == "深圳⟨U+20000 U+20BB7⟩科技有限公司"
    assert printable(HARD["emoji"])[0] == "Team 😀 ⟨U+1F468 U+1F469 U+1F467⟩ ⟨U+1F1E8 U+1F1F3⟩"
    assert printable(HARD["arabic"])[0].startswith("⟨U+0634 U+0631 U+0643 U+0629⟩ ⟨U+0627")
    assert printable(HARD["accents"]) == ("Café Zürich", ())  # one letter each, not two
    assert printable(HARD["invisible"]) == ("Zerowidthjoin", ())
    assert printable(HARD["controls"])[0] == "NUL⟨U+0000⟩BEL⟨U+0007⟩ line\nbreak tab\nCRLF"
    assert printable("lone \ud800 half")[0] == "lone ⟨U+D800⟩ half"
    text, found = printable(HARD["damaged"])
    assert text == "bad \ufffd byte" and [why for _, why in found] == [
        "replacement character: the text was damaged before it reached approvals"]
    # A compatibility ideograph is a registered name's own glyph, not normalised away.
    assert printable("\uf900\ufa11")[0] == "\uf900\ufa11"


def _hard_case(data: FilingData) -> FilingData:
    def change(facts: dict[str, Any]) -> None:
        facts["target"]["name_zh"] = HARD["ext_b"] + HARD["traditional"] + HARD["hkscs"]
        facts["target"]["name_en"] = "Shenzhen " + HARD["emoji"] + " " + HARD["accents"]
        facts["investor"]["name"] = HARD["korean"] + " / " + HARD["arabic"]
        facts["investor"]["ultimate_parent"] = HARD["kana"] + " " + HARD["fullwidth"]
        facts["deal"]["commercial_rationale"] = HARD["controls"] + " " + HARD["invisible"] + \
            " " + HARD["damaged"]
    hard = _variant(data, change)
    # Lone surrogates reach a filing from stored particulars and file names, not facts.
    particulars = {**hard.particulars, "representative": {
        **hard.particulars.get("representative", {}), "title": "Chief \ud800 Officer"}}
    attachment = Attachment("scan-\udcff.pdf", "ab" * 32, 10, "other", "2026-11-20T09:00:00Z")
    return dataclasses.replace(hard, particulars=particulars,
                               attachments=(*hard.attachments, attachment))


@pytest.mark.parametrize("kind", KINDS)
def test_hard_characters_print_or_show_their_code_points_and_are_listed(base, kind: str) -> None:
    document, pdf, pages = _render(_hard_case(base), kind)
    text = _check(pdf, pages)
    # Printed as typed, in a font that has them (Korean in the fallback font).
    if kind != "status-report":
        assert "Zürich" in text and "😀" in text
    if kind == "cn-application":
        for typed in ("龘鑫國際（香港）有限公司", "삼성전자주식회사", "ソフトバンク株式会社",
                      "全角！（ＡＢＣ）１２３？", HARD["hkscs"]):
            assert typed in text, typed
    # Shown as code points, never an empty box or nothing.
    assert "⟨U+1F468U+1F469U+1F467⟩" in text
    if kind != "status-report":
        assert "⟨U+20000U+20BB7⟩" in text or kind == "us-notification"
        assert "⟨U+0634U+0631U+0643U+0629⟩" in text
    for invisible in ("\u200b", "\u200d", "\ufeff", "\x00", "\x07"):
        assert invisible not in text
    # Listed on page 1, field by field, after the missing-information box.
    attention = [b for b in document.blocks if isinstance(b, c.Attention)]
    assert len(attention) == 1
    places = dict(attention[0].items)
    first_page = _squash(_read(pdf, slice(0, 1))[0][2])
    assert "CHARACTERSTHATCANNOTBEPRINTEDASTYPED" in first_page
    if kind == "cn-application":
        where = "一、申请人（境内企业）基本情况 Part 1. Applicant (the Chinese company) › 中文名称 Name (Chinese)"
        assert "U+20000 U+20BB7" in places[where] and "not in the filing's fonts" in places[where]
        assert any("投资目的" in w and "⟨U+0000 U+0007⟩ (control character)" in v
                   and "damaged" in v for w, v in places.items())
    if kind == "us-notification":
        assert "U+D800" in places["1. Filer's representative › Title"]
        assert any(w.startswith("10. Attachments › File (type), row ") and "U+DCFF" in v
                   for w, v in places.items())
        assert any(w == "4. Commercial rationale" and "damaged" in v for w, v in places.items())
    index = [type(b) for b in document.blocks].index(c.Attention)
    assert index == (1 if isinstance(document.blocks[0], c.Missing) else 0)


def test_a_case_typed_plainly_has_no_attention_box(base) -> None:
    for kind in KINDS:
        document, _, _ = _render(base, kind)
        assert not any(isinstance(b, c.Attention) for b in document.blocks), kind


def test_a_final_with_code_points_says_so_and_re_renders_byte_identical(base) -> None:
    data = _hard_case(base)
    first, pdf, _ = _render(data, "cn-application", final=True)
    assert first.final and any(isinstance(b, c.Attention) for b in first.blocks)
    _, pdf_again, _ = _render(data, "cn-application", final=True)
    assert pdf_again == pdf
    # Checking is idempotent: laying out a composed document again changes nothing.
    assert check_document(first) == first
    assert build_pdf(first)[0] == pdf


def test_a_document_built_without_compose_never_crashes() -> None:
    """The renderer itself makes every text printable (a lone surrogate used to stop it with
    UnicodeEncodeError)."""
    bad = "lone \ud800 and \x00 and 𠀀"
    document = c.FilingDocument(
        kind="status-report", reference="AP-\ud800", title_en="Title " + bad, title_zh=None,
        page_size="A4", final=False, watermark=True, generated_at=NOW,
        blocks=(c.Heading(bad), c.Para(bad), c.Fields((c.Field("Label", bad),)),
                c.Table(headers=("A", "B"), rows=((bad, bad),), widths=(0.5, 0.5))))
    pdf, pages = build_pdf(document)
    text = _check(pdf, pages)
    assert "⟨U+D800⟩" in text and "⟨U+0000⟩" in text and "⟨U+20000⟩" in text
    assert "CHARACTERSTHATCANNOTBEPRINTEDASTYPED" in text


def test_characters_beyond_the_bmp_can_be_copied_from_the_pdf() -> None:
    """ReportLab wrote their ToUnicode entries as five hex digits, which readers reject: 😀
    could neither be copied nor searched."""
    document = c.FilingDocument(
        kind="status-report", reference="AP-1", title_en="T", title_zh=None, page_size="A4",
        final=False, watermark=False, generated_at=NOW, blocks=(c.Para("smile 😀 here"),))
    pdf, pages = build_pdf(document)
    assert "smile😀here" in _check(pdf, pages)


def test_particulars_with_a_lone_surrogate_or_control_character_are_refused() -> None:
    """They used to pass, then stop the audit trail with an internal error."""
    with pytest.raises(InputError) as caught:
        check_filing_particulars({"representative": {"name": "Dana \ud800", "title": "CCO\x00"}})
    paths = {p.path: p.message for p in caught.value.problems}
    assert "U+D800" in paths["particulars.representative.name"]
    assert "U+0000" in paths["particulars.representative.title"]
    # Line breaks, tabs and direction marks are ordinary text.
    assert check_filing_particulars({"us_person": {"address": "1 Main St\nSuite 2\t\u200e"}})


# --- extremes ------------------------------------------------------------------------------

def _long_names(facts: dict[str, Any]) -> None:
    facts["target"]["name_en"] = ("Extremely Long Company Name Holdings " * 12)[:400]
    facts["target"]["name_zh"] = ("极其冗长的公司名称控股集团有限责任公司" * 25)[:400]
    facts["investor"]["name"] = ("Investor Partners Fund " * 20)[:400]


def _many(facts: dict[str, Any]) -> None:
    facts["target"]["ai"]["us_models_used"] = [f"US model {i} (version {i}.0)" for i in range(300)]
    # The enumerated lists hold each code once (the schema): all of them, then.
    facts["target"]["ai"]["end_uses"] = ["military", "government_intelligence",
                                         "mass_surveillance", "cybersecurity",
                                         "digital_forensics", "penetration_testing",
                                         "robotic_control"]
    facts["target"]["security_sectors"] = [
        "military", "agriculture", "energy_resources", "major_equipment", "infrastructure",
        "transport", "culture", "it_internet", "finance", "key_technologies", "other_important"]
    facts["deal"]["technology_transfer"]["restricted_catalogue_items"] = [
        f"限制类技术第{i}项 Item {i}" for i in range(300)]


def _free_text(facts: dict[str, Any]) -> None:
    facts["deal"]["commercial_rationale"] = (
        "投资者希望取得少数股权以支持研究。The investor seeks a minority position. " * 400)[:20000]


def _big_amounts(facts: dict[str, Any]) -> None:
    facts["deal"]["amount"] = {"value": 10**15, "currency": "USD"}
    facts["deal"]["lp_commitment_usd"] = 1e23  # a float: printed as typed, not in binary
    facts["target"]["turnover_cny"] = {"china": 1e15, "worldwide": 123456789012345.67}
    facts["target"]["ai"]["max_training_compute_ops"] = 1e300


def _tokens(facts: dict[str, Any]) -> None:
    facts["deal"]["commercial_rationale"] = "https://example.com/" + "a1b2c3d4" * 35
    facts["target"]["ai"]["us_models_used"] = ["x" * 300]
    facts["investor"]["ultimate_parent"] = "深" * 300


def _nothing_optional(facts: dict[str, Any]) -> None:
    facts.clear()
    facts.update({"schema_version": 1, "reference": "", "target": {"name_en": "X"},
                  "investor": {"name": "Y"}, "deal": {"instrument": "equity"}})


ATTACHMENTS = tuple(Attachment(f"attachment-{i:03d}-with-a-rather-long-file-name.pdf",
                               f"{i:064x}", 10**6 + i, "org_chart" if i == 0 else "other",
                               "2026-11-20T09:00:00Z") for i in range(300))
TOKEN_FILES = (Attachment("f" * 300 + ".pdf", "e" * 64, 5, "org_chart", "2026-11-20T09:00:00Z"),
               Attachment("https://example.com/" + "ab" * 150, "a" * 300, 5, "other",
                          "2026-11-20T09:00:00Z"))


def _timeline(count: int) -> tuple[TimelineEvent, ...]:
    return tuple(TimelineEvent(i, "2026-11-20T09:00:00Z", "alice", "preparer", "comment.added",
                               "comment", "x" * 300 if i % 50 == 0 else f"Reviewer note {i}",
                               "0" * 64) for i in range(1, count + 1))


EXTREMES: dict[str, tuple[Any, dict[str, Any], tuple[str, ...]]] = {
    "400-character names": (_long_names, {}, KINDS),
    "300 list entries and attachments": (_many, {"attachments": ATTACHMENTS},
                                         ("cn-application", "us-notification")),
    "20,000 characters of free text": (_free_text, {}, ("cn-application", "us-notification")),
    "amounts of 10^15": (_big_amounts, {}, ("cn-application", "us-notification")),
    "300-character unbreakable tokens": (_tokens, {"attachments": TOKEN_FILES}, KINDS),
    "nothing optional": (_nothing_optional, {"screening": None, "tracks": (), "attachments": (),
                                             "timeline": (), "particulars": {}}, KINDS),
    "a long audit timeline": (None, {"timeline": _timeline(150)}, ("status-report",)),
}


@pytest.mark.parametrize("name", EXTREMES)
def test_extremes_stay_on_the_page_and_numbered(base, name: str) -> None:
    change, replace, kinds = EXTREMES[name]
    data = _variant(base, change, **replace)
    for kind in kinds:
        _, pdf, pages = _render(data, kind)
        text = _check(pdf, pages)
        if change is _long_names and kind == "cn-application":
            assert _squash(data.facts.target.name_zh or "") in text
            assert _squash(data.facts.target.name_en) in text
        if change is _big_amounts and kind == "us-notification":
            assert "USD1,000,000,000,000,000" in text and "10³⁰⁰operations" in text
            assert "100,000,000,000,000,000,000,000" in text  # not 99,999,…,991,611,392
        if change is _tokens and kind == "status-report":
            assert "f" * 300 + ".pdf" in text  # cut to fit, every character still there


def test_a_final_of_a_long_filing_re_renders_byte_identical(base) -> None:
    data = _variant(base, _many, attachments=ATTACHMENTS)
    _, pdf, pages = _render(data, "us-notification", final=True)
    assert pages > 10
    assert _render(data, "us-notification", final=True)[1] == pdf


def test_the_page_label_never_runs_into_the_footer_status() -> None:
    """It shared the status line and ran over it on every bilingual preview ("预览 PREVIEW
    (approved for filing; not the stored final) · Generated …") and past page 99."""
    document = c.FilingDocument(
        kind="cn-application", reference="AP-2026-0001", title_en="Application",
        title_zh="申请书", page_size="A4", final=False, watermark=False, generated_at=NOW,
        blocks=tuple(c.Para("Lorem ipsum dolor sit amet. " * 190) for _ in range(101)))
    pdf, count = build_pdf(document)
    assert count >= 100
    pages = _read(pdf, slice(98, None))  # three-digit page numbers
    assert _layout_problems(pages) == []
    _check_numbering(pages, count, first=99)
    for (width, _height), pieces, _ in pages:
        label = [p for p in pieces if "Page " in p[3]]
        assert label and abs(label[0][2] - PAGE_LABEL_Y) < 0.1
        assert label[0][1] <= width - MARGIN_X - QR_SIZE
    assert ("预览（已批准申报，非定稿）PREVIEW(approvedforfiling;notthestoredfinal)"
            in _squash(pages[0][2]))  # the qualifier in both languages


@pytest.mark.parametrize(("name", "family"), [(FALLBACK, "Noto Sans KR"),
                                               (FALLBACK_HK, "Noto Sans HK")])
def test_the_fallback_fonts_are_shipped_and_licensed(name: str, family: str) -> None:
    font = resource_path("fonts", FONT_FILES[name])
    assert 100_000 < font.stat().st_size < 4_000_000  # subsets: what the others lack
    licence = resource_path("fonts", LICENSE_FILES[name]).read_text(encoding="utf-8")
    assert "SIL Open Font License" in licence and family in licence
    assert PAGE_SIZES["A4"]  # the layout module the fonts serve is importable alongside


# --- completeness ----------------------------------------------------------------------------

# 31 CFR 850.405 as ../shared/docs/regulatory-reference.md lists its content: each item, and
# what the notification prints for it.
CONTENT_850_405 = {
    "filer's representative": ("1.Filer'srepresentative", "Name", "E-mail", "Telephone"),
    "the US person (name, places of business and organisation, address, website, ultimate owner)":
        ("2.TheUSperson", "Principalplaceofbusiness", "Placeoforganisation", "Address",
         "Website", "Ultimateowner"),
    "post-transaction organisation chart": ("3.Post-transactionorganisationchart",
                                            "org-chart-post-closing.pdf"),
    "commercial rationale": ("4.Commercialrationale",),
    "why it is covered (structure, rule paragraph)": ("5.Whythetransactionisacoveredtransaction",
                                                      "Structure:", "Ruleparagraph", "31CFR850."),
    "further transaction details": ("6.Transactiondetails", "Formoftransaction"),
    "further target details": ("7.Thecoveredforeignperson", "UnifiedSocialCreditCode"),
    "further financial details": ("8.Financialdetails", "Transactionvalue/consideration"),
}

# The sections the filings issue lists for the Chinese application, by their headings.
CN_SECTIONS = {
    "applicant particulars": "一、申请人（境内企业）基本情况",
    "foreign-investor particulars": "二、外国投资者基本情况",
    "the transaction": "三、交易情况",
    "the control analysis": "四、控制权分析",
    "sectors": "五、所属行业与领域",
    "the AI profile and model-provenance declaration": "六、人工智能情况及模型来源",
    "model-provenance declaration": "模型来源声明",
    "data to be exported": "七、数据出境情况",
    "technology transfer": "八、技术转让情况",
    "screening determinations with citations": "九、筛查结论及依据",
    "attachments with their SHA-256": "SHA-256校验值",
    "declaration": "十一、声明",
    "signature block": "申请人法定代表人（签字）",
    "company-seal block": "申请人（公章）",
}


def test_the_us_notification_prints_every_850_405_content_item(base) -> None:
    _, pdf, pages = _render(base, "us-notification")
    text = _check(pdf, pages)
    for item, shown in CONTENT_850_405.items():
        for piece in shown:
            assert piece in text, (item, piece)


def test_the_cn_application_has_every_section_of_the_issue(base) -> None:
    _, pdf, pages = _render(base, "cn-application")
    text = _check(pdf, pages)
    for section, heading in CN_SECTIONS.items():
        assert heading in text, section
    assert "[OrderNo.37Art.4(2)]" in text  # a determination's citation
