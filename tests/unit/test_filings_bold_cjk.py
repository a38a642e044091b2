"""Chinese in bold styles is set in a bold font: a bilingual heading, a field label, a
table header, the declaration and the page label are bold in both languages (Droid Sans
Fallback has no bold, so its Chinese used to print regular beside bold English). Read
back with pypdf: the font each run is drawn in and that font's weight (the /StemV
ReportLab derives from the font's OS/2 weight class). The draft watermark is the bold
fonts' outlines, not text (test_filings_watermark_outlines)."""

from __future__ import annotations

import io

import pypdf
import pytest

from approvals.filings import content as c
from approvals.filings.fonts import CJK, CJK_BOLD, LATIN, draw_mixed, font_for, markup, runs
from approvals.filings.layout import build_pdf
from approvals.services.filings import render_filing
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.filings_seed import load, seed_case

ADMIN = Actor("alice", ("preparer", "reviewer", "approver", "admin"))
# ReportLab's StemV is 50 + (usWeightClass / 65)²: 87 for a regular (400), 165 for a bold
# (700) font; a semibold (600) would give 135.
BOLD_STEM = 130


def _drawn(pdf: bytes) -> tuple[str, list[int]]:
    """Everything drawn, whitespace left out, and the StemV of the font of each character
    (a run of one style can span several fonts: ReportLab subsets by 256 glyphs)."""
    chars: list[str] = []
    stems: list[int] = []

    def visit(text: str, _cm: object, _tm: object, font: object, _size: object) -> None:
        if font is None:
            return
        stem = int(font["/FontDescriptor"].get_object()["/StemV"])  # type: ignore[index]
        for char in text:
            if not char.isspace():
                chars.append(char)
                stems.append(stem)

    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return "".join(chars), stems


def _weights(pdf: bytes, text: str) -> list[list[int]]:
    """The StemV of each character of every place `text` is drawn."""
    drawn, stems = _drawn(pdf)
    text = "".join(text.split())
    found = [stems[i:i + len(text)] for i in range(len(drawn)) if drawn.startswith(text, i)]
    assert found, f"{text!r} is not drawn"
    return found


def _is_bold(pdf: bytes, text: str) -> bool:
    """Drawn bold throughout (somewhere: the title also stands, regular, in the header)."""
    return any(min(place) >= BOLD_STEM for place in _weights(pdf, text))


def _is_regular(pdf: bytes, text: str) -> bool:
    return all(max(place) < BOLD_STEM for place in _weights(pdf, text))


def _document() -> c.FilingDocument:
    return c.FilingDocument(
        kind="cn-application", reference="AP-2026-0042", title_en="Application",
        title_zh="申请书", page_size="A4", final=False, watermark=True,
        generated_at="2026-11-29T01:30:00Z",
        blocks=(
            c.Heading("Part 1. Applicant", "一、申请人基本情况"),
            c.Para("The applicant applies.", "申请人提出申请。"),
            c.Fields((c.Field("Name", "深圳机械视觉机器人有限公司", "中文名称"),)),
            c.Table(headers=("Track",), headers_zh=("办理事项",), rows=(("外商投资安全审查",),),
                    widths=(1.0,)),
            c.Heading("Declaration", "十一、声明"),
            c.Para("We declare.", "郑重声明。"),
            c.Signature(boxes=(("Company seal", "申请人（公章）"),)),
        ),
    )


def test_bold_styles_draw_chinese_in_a_bold_font() -> None:
    pdf, _pages = build_pdf(_document())
    for bold in ("申请书", "一、申请人基本情况", "中文名称", "办理事项", "十一、声明", "申请人",
                 "公章", "第"):  # title, headings, label, header, box, page
        assert _is_bold(pdf, bold), bold
    for regular in ("申请人提出申请", "深圳机械视觉机器人有限公司", "外商投资安全审查", "郑重声明"):
        assert _is_regular(pdf, regular), regular
    # The English beside them keeps its weights too.
    assert _is_bold(pdf, "Part 1. Applicant") and _is_regular(pdf, "The applicant applies.")


def test_latin_within_bold_chinese_is_bold_too() -> None:
    """Digits in a mainly Chinese heading are as bold as the Chinese around them."""
    doc = _document()
    heading = c.Heading("Order No. 37", "第37号令审查")
    pdf, _ = build_pdf(c.FilingDocument(**{**doc.__dict__, "blocks": (heading,)}))
    assert _is_bold(pdf, "第") and _is_bold(pdf, "37") and _is_bold(pdf, "号令审查")


def test_font_choice_by_weight() -> None:
    assert font_for("中") == CJK
    assert font_for("中", bold=True) == CJK_BOLD
    assert font_for("A", bold=True) == LATIN  # the paragraph's own (bold) Latin font
    assert runs("声明 Declaration", bold=True) == [(CJK_BOLD, "声明"), (LATIN, " Declaration")]
    assert markup("声明", bold=True) == f'<font name="{CJK_BOLD}">声明</font>'
    assert markup("声明") == f'<font name="{CJK}">声明</font>'
    # A character only the regular CJK font has (Hangul jamo) stays drawable in bold text.
    assert font_for("\u1100") == CJK
    assert font_for("\u1100", bold=True) == CJK


def test_canvas_lines_in_bold_use_the_bold_chinese_font() -> None:
    class Recorder:
        def __init__(self) -> None:
            self.fonts: list[tuple[str, str]] = []
            self.font = ""

        def setFont(self, name: str, _size: float) -> None:  # ReportLab's names
            self.font = name

        def drawString(self, _x: float, _y: float, text: str) -> None:
            self.fonts.append((self.font, text))

    canvas = Recorder()
    draw_mixed(canvas, 0, 0, "第 1 页 Page 1", size=8.5, bold=True)
    assert canvas.fonts[0] == (CJK_BOLD, "第")
    assert canvas.fonts[1][0] == "ApprovalsSans-Bold"


@pytest.fixture
def demo_case(db: Database) -> str:
    with db.session() as session:
        refs = load(session, ADMIN, only=("DEMO-02",))
        # A draft missing its particulars (the demo's facts are whole): the box is drawn.
        seed_case(session, ADMIN, "DEMO-02", refs["DEMO-02"], particulars=False)
    return refs["DEMO-02"]


def test_cn_application_headings_labels_and_declaration_are_bold(db: Database,
                                                                 demo_case: str) -> None:
    with db.read_session() as session:
        pdf = render_filing(session=session, reference=demo_case, kind="cn-application",
                            actor=ADMIN).pdf
    for bold in ("外商投资审批申请书", "申请事项", "统一社会信用代码", "办理事项", "十一、声明",
                 "缺少的信息"):
        assert _is_bold(pdf, bold), bold
    for regular in ("深圳机械视觉机器人有限公司", "申请人及外国投资者郑重声明"):
        assert _is_regular(pdf, regular), regular
