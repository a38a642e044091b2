"""The filings as a compliance officer and an authority clerk read them, read back from the
PDF (pypdf): Chinese line breaks, numbers written for print, rows that split without
restarting the table, labels instead of codes, the seal box, hashes on one line."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pypdf
import pytest

from approvals.domain.rulebook import REGIMES
from approvals.filings.fonts import LATIN, NO_LINE_END, NO_LINE_START, break_lines
from approvals.paths import DataDir
from approvals.services.filings import render_filing
from approvals.store.audit import Actor, chain_head
from approvals.store.db import Database
from tests.conftest import new_database
from tests.filings_seed import load

ADMIN = Actor("alice", ("preparer", "reviewer", "approver", "admin"))
KINDS = ("cn-application", "us-notification", "status-report")
# Chinese closing and opening marks (the Latin ones also end words such as "Ltd.").
ZH_NO_START = {ch for ch in NO_LINE_START if ord(ch) > 0x2FFF}
ZH_NO_END = {ch for ch in NO_LINE_END if ord(ch) > 0x2FFF}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, dict[str, str]]]:
    """The demo as `approvals demo` loads it: the stored screenings carry Chinese reasons."""
    db = new_database(DataDir(tmp_path_factory.mktemp("print-audit") / "data").ensure())
    with db.session() as session:
        refs = load(session, ADMIN)
    yield db, refs
    db.dispose()


def _render(db: Database, reference: str, kind: str) -> bytes:
    with db.read_session() as session:
        return render_filing(session=session, reference=reference, kind=kind, actor=ADMIN).pdf


def _page_lines(pdf: bytes) -> list[list[str]]:
    return [[line.strip() for line in (page.extract_text() or "").split("\n") if line.strip()]
            for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


class _DemoReadings:
    """The demo's drafts as this module's tests read them, each rendered and read back once:
    they read the same draft (same case, kind and data: no test writes to the module's
    demo database, and a draft renders in a read-only unit of work) and check only what it
    says. A draft's generation time differs between two renderings; no test here reads it."""

    def __init__(self, db: Database, refs: dict[str, str]) -> None:
        self.db, self.refs = db, refs
        self._pdfs: dict[tuple[str, str], bytes] = {}
        self._pages: dict[tuple[str, str], list[list[str]]] = {}

    def pdf(self, demo_ref: str, kind: str) -> bytes:
        key = (demo_ref, kind)
        if key not in self._pdfs:
            self._pdfs[key] = _render(self.db, self.refs[demo_ref], kind)
        return self._pdfs[key]

    def pages(self, demo_ref: str, kind: str) -> list[list[str]]:
        key = (demo_ref, kind)
        if key not in self._pages:
            self._pages[key] = _page_lines(self.pdf(demo_ref, kind))
        return [list(page) for page in self._pages[key]]  # a test may change its copy


@pytest.fixture(scope="module")
def demo_read(demo: tuple[Database, dict[str, str]]) -> _DemoReadings:
    return _DemoReadings(*demo)


@pytest.mark.parametrize("demo_ref", ["DEMO-02", "DEMO-05", "DEMO-10"])
def test_no_chinese_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(
        demo_read, demo_ref: str) -> None:
    pages = demo_read.pages(demo_ref, "cn-application")
    lines = [line for page in pages for line in page]
    assert sum(1 for line in lines if re.search(r"[\u4e00-\u9fff]", line)) > 100
    bad = [line for line in lines if line[0] in ZH_NO_START or line[-1] in ZH_NO_END]
    assert not bad, bad[:5]


def test_break_lines_keeps_words_and_closing_marks() -> None:
    text = "技术出口管理（《技术进出口管理条例》；《中国禁止出口限制出口技术目录》） / Technology export control"
    for width in (60.0, 90.0, 120.0, 200.0):
        lines = break_lines(text, width, LATIN, 8.5)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert all(line[0] not in NO_LINE_START and line[-1] not in NO_LINE_END for line in lines)
        assert "Technology" in " ".join(lines).split() and "export" in " ".join(lines).split()
    # A hash wider than the column is cut, nothing is lost.
    digest = "27468fdfb7ce1d3545487dc62d6830aacc363674278ae417c8580a82c3bf7820"
    assert "".join(break_lines(digest, 80, LATIN, 8.5)) == digest


@pytest.mark.parametrize("kind", KINDS)
def test_numbers_are_written_for_print(demo_read, kind: str) -> None:
    """Training compute as a power of ten, never 4e+22 / 1e25 / 10^22."""
    text = "\n".join(line for page in demo_read.pages("DEMO-02", kind) for line in page)
    assert not re.search(r"\b\d+(\.\d+)?e\+?\d+\b", text), re.findall(r"\S*\d+e\+?\d+\S*", text)
    assert "10^" not in text
    assert "4 × 10²²" in text
    if kind == "cn-application":
        assert "4 × 10²²次运算 / 4 × 10²² operations" in text
        assert "持有申请人51%的股权" in text


def test_a_long_row_splits_inside_itself_and_the_table_header_is_not_repeated_mid_page(demo_read) -> None:
    """A determination longer than the rest of the page continues on the next page under the
    repeated header; the table never restarts, header and all, lower on the same page."""
    pages = demo_read.pages("DEMO-02", "cn-application")
    with_table = [page for page in pages if any(line.startswith("监管制度") for line in page)]
    assert len(with_table) >= 2  # the determinations run over more than one page
    for page in with_table:
        assert sum(1 for line in page if line.startswith("监管制度")) == 1


def test_cn_application_clock_and_screening_note_are_in_chinese_too(demo_read) -> None:
    text = "".join("".join(page) for page in demo_read.pages("DEMO-02", "cn-application"))
    text = re.sub(r"\s+", "", text)
    assert "一般审查：自2026年11月19日起30个工作日（中国日历）" in text
    assert "GeneralReview:" not in text and "Generalreview:30workingdays(CNcalendar)" in text
    assert "自2026年11月17日起中止计时" in text  # SAMR stopped for materials
    assert "未计算法定时限" in text
    # Turnover: each language on its own line, with its own punctuation and currency words.
    assert "中国境内：人民币920,000,000元；全球：人民币1,300,000,000元" in text
    assert "China:RMB920,000,000;worldwide:RMB1,300,000,000" in text
    assert re.search(r"由cli:root于\S+（UTC）记录。", text) or "（UTC）记录。" in text


def test_status_report_uses_words_not_codes_and_keeps_the_chain_hash_whole(demo_read) -> None:
    pages = demo_read.pages("DEMO-02", "status-report")
    text = "\n".join(line for page in pages for line in page)
    with demo_read.db.read_session() as session:
        head = chain_head(session)
    assert any(head in line for page in pages for line in page), "chain head hash split"
    history = text[text.index("History of the CN-FISR track"):text.index("Documents")]
    assert "Draft → Internal review" in history
    assert "internal_review" not in history and "submit_for_review" not in history
    assert "History of the CN-FISR track (CN-FISR)" not in text
    assert re.search(r"Case status\s+Open", text)
    timeline = text[text.index("Audit timeline"):]
    assert "Draft → Internal review" in timeline and "draft → internal_review" not in timeline
    # Each action in words, as the app's timeline says it; no code split over two lines.
    assert "Track opened" in timeline and "Case created" in timeline
    assert not re.search(r"\b(case|track|document)\.[a-z_]+", timeline)


def test_why_covered_groups_reasons_under_their_paragraph_without_rule_ids(demo_read) -> None:
    text = "\n".join(line for page in demo_read.pages("DEMO-02", "us-notification")
                     for line in page)
    why = text[text.index("5. Why the transaction"):text.index("6. Transaction details")]
    assert "US-OISP.scope" not in why and "Rule id" not in why
    assert why.count("31 CFR Part 850, subpart B") == 2  # the outcome line and its one row
    assert "investor is a US person" in why and "target develops AI systems" in why


def test_seal_box_is_large_enough_for_a_company_seal() -> None:
    """An official Chinese company seal is a circle of about 40 mm."""
    from reportlab.lib.units import mm

    from approvals.filings import content as c
    from approvals.filings.cn_application import SEAL_MM
    from approvals.filings.fonts import register_fonts
    from approvals.filings.layout import _signature, _styles

    register_fonts()
    block = c.Signature((("Company seal", "公章"), ("Signature", "签字")), height_mm=SEAL_MM)
    table = _signature(block, _styles(), 480)[-1]  # [Spacer, table]
    table.wrap(480, 800)
    assert table._rowHeights[1] >= 42 * mm
    assert 42 * mm <= 480 / 2  # and each box wide enough


def test_self_approval_and_missing_list_read_in_both_languages(tmp_path) -> None:
    """A self-approval names the states in words, and every line of a Chinese application's
    missing list gives the Chinese first."""
    from tests.filings_seed import seed_case

    db = new_database(DataDir(tmp_path / "data").ensure())
    with db.session() as session:
        refs = load(session, ADMIN, only=("DEMO-02", "DEMO-09"))
        seed_case(session, ADMIN, "DEMO-02", refs["DEMO-02"], approve=("CN-SAMR",),
                  self_approve=("CN-SAMR",), complete=True)
    text = re.sub(r"\s+", "", "".join(
        "".join(page) for page in _page_lines(_render(db, refs["DEMO-02"], "cn-application"))))
    assert "（内部审核→批准申报）" in text
    assert "(Internalreview→Approvedforfiling)" in text
    assert "internal_review" not in text
    # The organisation chart's hash is printed whole, on one line.
    us_lines = [line for page in _page_lines(_render(db, refs["DEMO-02"], "us-notification"))
                for line in page]
    assert any("0" * 63 + "1" in line for line in us_lines)
    first = _page_lines(_render(db, refs["DEMO-09"], "cn-application"))[0]
    items = [line for line in first if line.startswith("■ ")]
    assert items and all(re.match(r"■ [\u4e00-\u9fff]", item) for item in items), items
    db.dispose()


def test_shares_and_the_notification_intro_read_as_written(demo_read) -> None:
    us = "\n".join(line for page in demo_read.pages("DEMO-01", "us-notification")
                   for line in page)
    assert "6.5 %" in us and "6.50 %" not in us
    intro = re.sub(r"\s+", " ", us[us.index("Notification of a transaction"):us.index("1. Filer")])
    assert "Zhiyuan Frontier Intelligence Co., Ltd., with the content required by 31 CFR 850.405" \
        in intro
    assert "Notification under 31 CFR 850.405" not in us


def test_unstated_data_export_and_technology_transfer_are_marked_where_they_belong(demo) -> None:
    """The demo's DEMO-14 states neither: a draft lists them on page 1 and marks the rows.
    The screening names the data export facts it needs: each is listed once, not the data
    export facts as a whole beside them."""
    db, refs = demo
    with db.read_session() as session:
        rendered = render_filing(session=session, reference=refs["DEMO-14"],
                                 kind="cn-application", actor=ADMIN)
    assert {"deal.data_export.important_data",
            "deal.technology_transfer.transfers"} <= set(rendered.missing)
    assert "deal.data_export" not in rendered.missing
    assert len(rendered.missing) == len(set(rendered.missing))
    text = re.sub(r"\s+", "", "".join("".join(page) for page in _page_lines(rendered.pdf)))
    assert "是否向境外提供重要数据Importantdatatobeexported■缺少（必填）MISSING(required)" in text
    assert ("是否向外国投资者转让或许可技术Technologytransferredorlicensedtotheforeigninvestor"
            "■缺少（必填）MISSING(required)") in text


def test_control_analysis_reads_as_a_sentence(demo_read) -> None:
    text = re.sub(r"\s+", " ", " ".join(" ".join(page) for page in
                                         demo_read.pages("DEMO-01", "cn-application")))
    assert "will hold 6.5 % of the applicant's equity, and it will appoint no directors;" in text
    assert "6.5%的股权，不委派董事，" in text
    assert "director(s)" not in text and "委派 0 名" not in text
    # An empty list, like every bilingual value, gives the Chinese first.
    assert "预期最终用途 Intended end uses 无 / None" in text and "None / 无" not in text


@pytest.mark.parametrize("kind", KINDS)
def test_every_font_subset_has_its_own_tag(demo_read, kind: str) -> None:
    """ISO 32000: different subsets in one file have different tags (AAAAAA+, AAAAAB+...)."""
    reader = pypdf.PdfReader(io.BytesIO(demo_read.pdf("DEMO-02", kind)), strict=True)
    names = {str(font.get_object()["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}
    tags = [name.split("+")[0] for name in names]
    assert len(names) >= 3 and len(set(tags)) == len(tags), sorted(names)
    assert all(re.fullmatch(r"/[A-Z]{6}", tag) for tag in tags)


def test_us_certification_has_one_box_each_for_signature_name_and_date(demo_read) -> None:
    last = " ".join(demo_read.pages("DEMO-02", "us-notification")[-1])
    assert "Signature (chief executive officer or duly authorized designee)" in last
    assert "18 U.S.C. 1001" in last and "accurate and complete in all material respects" in last
    assert "Printed name and title" in last and "Date" in last
    assert "Date: ____" not in last  # the date has its own box, not a line under each


def test_chinese_application_footer_reads_in_both_languages(demo_read) -> None:
    pages = demo_read.pages("DEMO-02", "cn-application")
    for number, page in enumerate(pages, start=1):
        text = " ".join(page)
        # Set without spaces (第1页); text extraction puts one at each change of font.
        assert re.search(rf"第 ?{number} ?页，共 ?{len(pages)} ?页", text), text
        assert f"Page {number} of {len(pages)}" in text
        assert "草稿 DRAFT · 生成时间 Generated" in text
        assert "内容指纹 Fingerprint (SHA-256 of content)" in text
    us = " ".join(demo_read.pages("DEMO-02", "us-notification")[0])
    assert "页，共" not in us and "草稿" not in us  # the English-only kinds stay English


def test_a_row_continued_on_the_next_page_says_so(demo_read) -> None:
    """The first column of a row split at a page end is otherwise empty on the next page."""
    # DEMO-14: its determinations split one between their items (DEMO-02's now go whole
    # onto the next page, an item being never split: filings13).
    pages = demo_read.pages("DEMO-14", "cn-application")
    marker = re.compile(r"(.*)（续）\((?:continued|cont\.)\)")
    marked = [page for page in pages if any(marker.fullmatch(line) for line in page)]
    assert marked
    for page in marked:
        # Right under the repeated header, before any other row, naming its regime.
        header = next(i for i, line in enumerate(page) if line.startswith("Regime"))
        at = next(i for i, line in enumerate(page) if marker.fullmatch(line))
        assert at > header
        named = marker.fullmatch(page[at])
        assert named is not None and named.group(1) in REGIMES, page[at]


@pytest.mark.parametrize("kind", ["cn-application", "us-notification", "status-report"])
def test_attachment_hashes_print_whole_on_one_line(tmp_path, kind: str) -> None:
    """A clerk compares each SHA-256 with the file: it must not wrap, even one of wide
    digits only (the widest a SHA-256 can print)."""
    from sqlmodel import select

    from approvals.store.models import Document
    from tests.filings_seed import seed_case

    db = new_database(DataDir(tmp_path / "data").ensure())
    widest = "0" * 64
    with db.session() as session:
        refs = load(session, ADMIN, only=("DEMO-02",))
        seed_case(session, ADMIN, "DEMO-02", refs["DEMO-02"], complete=True)
        doc = session.exec(select(Document).where(Document.doc_type == "transaction_agreement")).one()
        doc.sha256 = widest
        session.add(doc)
    lines = [line for page in _page_lines(_render(db, refs["DEMO-02"], kind)) for line in page]
    assert any(widest in line for line in lines)
    assert any("9f2c" not in line and "0" * 63 + "1" in line for line in lines)
    db.dispose()


def test_a_paragraph_split_at_a_page_end_goes_on_without_an_empty_line() -> None:
    """ReportLab passes the break ending the first part's last line on to the second part,
    which opened the continued cell with a blank line."""
    from approvals.filings.layout import _p, _styles

    style = _styles()["cell"]
    text = ("[CAC Order No. 16]\n• target is organised in CN\n• no important data is exported\n"
            "• target is not a critical information infrastructure operator")
    paragraph = _p(text, style, 150)
    lines = round(paragraph.wrap(150, 10_000)[1] / style.leading)
    assert lines == 5
    for kept in range(2, lines - 1):
        first, rest = _p(text, style, 150).split(150, kept * style.leading)
        assert round(first.wrap(150, 10_000)[1] / style.leading) == kept
        assert round(rest.wrap(150, 10_000)[1] / style.leading) == lines - kept, kept
        both = first.getPlainText() + rest.getPlainText()
        assert "".join(both.split()) == "".join(text.split())  # nothing lost or doubled


def test_a_table_broken_by_a_page_is_closed_at_its_foot() -> None:
    """Also when the break falls within a row (ReportLab leaves such a part open below)."""
    from approvals.filings.layout import _grid, _p, _styles

    style = _styles()["cell"]
    tall = "\n".join(f"• reason {i}" for i in range(60))
    rows = [[_p("Head", style, 100)], [_p("short", style, 100)], [_p(tall, style, 100)]]
    table = _grid(rows, [110], header=True)
    # Broken by a second page too: ReportLab kept the rule for the first part only, and
    # the second page's part of a long attachment list ended open.
    for page in range(3):
        table.wrap(110, 10_000)
        first, rest = table.split(110, 120)  # within the tall row
        count = len(first._cellvalues)
        below = [cmd for cmd in first._linecmds if cmd[0] == "LINEBELOW"
                 and cmd[1][1] == count - 1 and cmd[2][1] == count - 1 and cmd[3] > 0]
        assert below, (page, first._linecmds)
        table = rest


def test_a_long_missing_item_goes_on_under_its_text_not_under_its_square() -> None:
    from approvals.filings import content as c
    from approvals.filings.layout import build_pdf

    label = ("Foreign investor's authorised representative, named as in the power of attorney "
             "signed by the investor")
    doc = c.FilingDocument(
        kind="us-notification", reference="AP-2026-0042", title_en="Notification",
        title_zh=None, page_size="A4", final=False, watermark=True,
        generated_at="2026-11-29T01:30:00Z",
        blocks=(c.Missing((("particulars.foreign_investor.authorised_representative", label),
                           ("target.uscc", "USCC"))),))
    pdf, _ = build_pdf(doc)
    starts: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
        if text.strip():
            starts.setdefault(text.strip(), cm[4] + tm[4] * cm[0])

    pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    square = next(x for text, x in starts.items() if text.startswith("■ " + label[:12]))
    going_on = next(x for text, x in starts.items() if "[particulars" in text
                    and not text.startswith("■"))
    assert starts["■ USCC [target.uscc]"] == square
    assert going_on > square + 5  # past "■ ", under the item's first word


def test_the_status_report_marks_unverified_citations_and_filings_to_authorities_do_not(
        demo_read) -> None:
    """regulatory-reference.md: a rule taken from secondary sources carries "(verify)" so
    the app can show it. The status report (for the firm and its auditors) marks those
    citations and says once what the mark means; the filings to an authority print their
    citations as they are (a draft lists them in its box of points to check)."""
    report = "\n".join(line for page in demo_read.pages("DEMO-02", "status-report") for line in page)
    flat = " ".join(report.split())
    assert "[31 CFR 850.224] (verify)" in flat
    assert "Order No. 37 (Foreign Investment Security Review Measures), Art. 4] (verify)" not in flat
    assert "Citations marked (verify) rest on rules the rulebook holds as taken from " \
           "secondary sources" in flat
    for kind in ("us-notification", "cn-application"):
        text = " ".join(" ".join(line for page in demo_read.pages("DEMO-02", kind)
                                 for line in page).split())
        assert "] (verify)" not in text  # no citation marked in place
    # The draft notification lists them in its box for the officer instead.
    notification = " ".join(" ".join(line for page in demo_read.pages("DEMO-02", "us-notification")
                                     for line in page).split())
    assert ("US-OISP: citations taken from secondary sources, not yet checked against the "
            "official text (verify):") in notification
