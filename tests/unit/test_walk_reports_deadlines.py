"""The deadlines report as an auditor checks its printout: "Page X of Y" ends at the right
margin (under the header's date), not where the filings keep room for a QR code the report
does not print; a filter that keeps no row is said as such."""

from __future__ import annotations

import io
from datetime import date

import pypdf
from reportlab.pdfbase import pdfmetrics

from approvals.filings import layout
from approvals.filings.deadline_report import (
    ALL_OPEN,
    PAGE_SIZE,
    DeadlineReport,
    DeadlineRow,
    build_pdf,
)
from approvals.filings.fonts import LATIN_BOLD, register_fonts
from approvals.services.deadline_report import included_text
from tests.pdf_support import pdf_words


def _row(n: int) -> DeadlineRow:
    return DeadlineRow(section="later", item="track", reference=f"AP-2026-{n:04d}",
                       target="Target Co., Ltd.", target_zh="目标有限公司", regime="CN-FISR",
                       kind="CN-FISR", state="General review", condition="",
                       due_date="2027-01-05", estimated=False, days_left=6, days_overdue=None,
                       unit="working", stopped_since=None, expected_completion=None,
                       owner="alice", key=("track", n))


def test_page_numbers_end_at_the_right_margin() -> None:
    rows = [_row(n) for n in range(30)]
    report = DeadlineReport(date(2026, 12, 28), "2026-12-28T09:00:00Z", ALL_OPEN, rows,
                            len(rows))
    pdf, pages = build_pdf(report)
    register_fonts()
    assert pages >= 2
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for number, page in enumerate(reader.pages, start=1):
        label = f"Page {number} of {pages}"
        runs: list[tuple[float, str]] = []

        def visit(text: str, _cm: list[float], tm: list[float], _font: object,
                  _size: float, label: str = label,
                  runs: list[tuple[float, str]] = runs) -> None:
            if text.strip() == label:  # the Latin run, after the Chinese one
                runs.append((tm[4], text.rstrip("\n")))

        page.extract_text(visitor_text=visit)
        assert len(runs) == 1, (number, runs)
        start, run = runs[0]
        right = start + pdfmetrics.stringWidth(run, LATIN_BOLD, 8.5)
        assert abs(right - (PAGE_SIZE[0] - layout.MARGIN_X)) < 1, (number, right)


def test_a_filter_that_keeps_no_row_is_not_reported_as_no_deadlines() -> None:
    """A filtered report with no row said "No open deadlines are listed." (there were 30),
    and every filtered report counted its rows twice ("(4 of 25 rows). 4 rows of 25.")."""
    rows = [_row(n) for n in range(30)]
    empty = DeadlineReport(date(2026, 12, 28), "2026-12-28T09:00:00Z",
                           included_text("zzz", 0, 30), [], 30)
    words = pdf_words(build_pdf(empty)[0])
    assert "No row of the 30 matches the filter." in words and "没有符合筛选条件的行" in words
    assert "No open deadlines" not in words
    kept = DeadlineReport(date(2026, 12, 28), "2026-12-28T09:00:00Z",
                          included_text("Target", 4, 30), rows[:4], 30)
    words = pdf_words(build_pdf(kept)[0])
    assert "(4 of 30 rows). Days are counted" in words and "4 rows of 30" not in words
    # Without a filter: the count, once.
    every = DeadlineReport(date(2026, 12, 28), "2026-12-28T09:00:00Z", ALL_OPEN, [], 0)
    assert "No open deadlines are listed." in pdf_words(build_pdf(every)[0])
