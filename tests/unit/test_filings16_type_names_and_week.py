"""Two wordings of the printed papers.

A document type nothing names reads like the named ones on the Documents tab and in the
filings: a key a script gave ("board_memo") as "Board memo", and a label an officer typed
("Sino-US JV agreement") as typed, its hyphens kept.

The deadlines report's PDF and CSV name the days "Due this week" held on the report's
date (that day to the week's Sunday), as the dashboard does: read later, a bare "this
week" was taken for the seven days after the reader's today."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pypdf

from approvals.domain.document_types import document_type_name
from approvals.filings import compose
from approvals.filings import content as c
from approvals.filings import deadline_report as dr
from approvals.filings.common import attachments_table
from approvals.filings.data import Attachment
from approvals.filings.layout import build_pdf
from approvals.ui.case_documents import document_type_text
from tests.unit.test_filing_content_version import NOW, synthetic_case

TUESDAY = date(2026, 12, 1)


# --- document types without a name ---------------------------------------------------

def test_an_unnamed_key_reads_with_a_capital_as_the_named_types() -> None:
    assert document_type_name("board_memo") == "Board memo"
    assert document_type_name("legal-opinion") == "Legal opinion"
    assert document_type_name("board_memo", "zh") == "Board memo"  # no Chinese name known


def test_a_typed_label_is_kept_as_typed() -> None:
    assert document_type_name("Sino-US JV agreement") == "Sino-US JV agreement"
    assert document_type_name("kyc pack") == "kyc pack"  # words an officer chose
    assert document_type_name("Board minutes") == "Board minutes"


class _Doc:
    """The part of DocumentInfo the Documents tab's Type cell reads."""

    def __init__(self, doc_type: str) -> None:
        self.doc_type, self.is_rendering = doc_type, False


class _Data:
    def __init__(self, *attachments: Attachment) -> None:
        self.attachments = attachments

    def attachments_for(self, tracks: object) -> tuple[Attachment, ...]:
        return self.attachments


def test_the_filings_attachment_list_says_what_the_documents_tab_says() -> None:
    types = ("board_memo", "Sino-US JV agreement", "org_chart")
    table = attachments_table(_Data(*(  # type: ignore[arg-type]
        Attachment(f"f{i}.pdf", "a" * 64, 10, t, "2026-11-18T12:00:00Z")
        for i, t in enumerate(types))), bilingual=False)
    assert isinstance(table, c.Table)
    assert [row[1].partition("\n")[2] for row in table.rows] == [
        f"({document_type_text(_Doc(t))})" for t in types]  # type: ignore[arg-type]
    assert [row[1] for row in table.rows][:2] == ["f0.pdf\n(Board memo)",
                                                  "f1.pdf\n(Sino-US JV agreement)"]


def test_a_rendered_filing_prints_the_unnamed_type_with_a_capital() -> None:
    data = replace(synthetic_case(), attachments=(
        Attachment("memo.pdf", "f" * 64, 4567, "board_memo", "2026-11-18T12:07:00Z"),))
    document, _missing = compose(data, "status-report", final=False, now=NOW)
    pdf, _pages = build_pdf(document)
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in
                                      pypdf.PdfReader(io.BytesIO(pdf)).pages))
    assert "memo.pdf(Boardmemo)" in text and "(boardmemo)" not in text


# --- the deadlines report's week -------------------------------------------------------

def _row(section: str, due: str | None) -> dr.DeadlineRow:
    return dr.DeadlineRow(
        section=section, item=dr.TRACK, reference="AP-2026-0002", target="Target Co.",
        target_zh="", regime="CN-FISR", kind="CN-FISR", state="General review", condition="",
        due_date=due, estimated=False, days_left=3, days_overdue=None, unit="working",
        stopped_since=None, expected_completion=None, owner="li.wei", key=(dr.TRACK, 1))


def _report(as_of: date, *rows: dr.DeadlineRow) -> dr.DeadlineReport:
    return dr.DeadlineReport(as_of, "2026-12-01T09:00:00Z", dr.ALL_OPEN, list(rows), len(rows))


def _headings(report: dr.DeadlineReport) -> list[tuple[str, str | None]]:
    return [(b.en, b.zh) for b in dr.document(report).blocks if isinstance(b, c.Heading)]


def test_the_printed_heading_names_the_days_of_this_week() -> None:
    report = _report(TUESDAY, _row("this_week", "2026-12-04"), _row("later", "2026-12-09"))
    assert _headings(report) == [
        ("Due this week (1) · 1 Dec to Sunday 6 Dec 2026", "本周到期 · 2026年12月1日至12月6日（星期日）"),
        ("Due later (1)", "以后到期")]


def test_the_csv_section_names_the_days_of_this_week() -> None:
    assert _row("this_week", "2026-12-04").csv_row(TUESDAY, dr.ALL_OPEN)[0] == (
        "Due this week (1 Dec to Sunday 6 Dec 2026)")
    assert _row("later", "2026-12-09").csv_row(TUESDAY, dr.ALL_OPEN)[0] == "Due later"


def test_a_sunday_and_a_week_across_the_new_year() -> None:
    assert dr.section_title("this_week", date(2026, 12, 6)) == (
        "Due this week (Sunday 6 Dec 2026 only)")
    assert dr.week_words_zh(date(2026, 12, 6)) == "仅2026年12月6日（星期日）"
    assert dr.section_title("this_week", date(2026, 12, 29)) == (
        "Due this week (29 Dec 2026 to Sunday 3 Jan 2027)")
    assert dr.week_words_zh(date(2026, 12, 29)) == "2026年12月29日至2027年1月3日（星期日）"
    assert dr.section_title("this_week") == "Due this week"  # the dashboard's own title
