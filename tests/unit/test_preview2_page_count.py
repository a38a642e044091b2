"""Pages counted from a PDF's own page tree, without Qt (a worker may do it: no Qt object
is made off the GUI thread for it)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from approvals.domain.errors import ApprovalsError
from approvals.services.cases import list_cases
from approvals.services.deadline_report import render_deadlines_pdf
from approvals.services.filings import render_filing
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.filing_preview import pdf_page_count
from tests.ui.test_filing_preview import many_pages


@pytest.mark.parametrize("count", [1, 2, 37, 250])
def test_the_page_tree_counts_as_pypdf_does(count: int) -> None:
    pdf = many_pages(count)
    assert pdf_page_count(pdf) == len(PdfReader(io.BytesIO(pdf)).pages) == count


def test_the_apps_own_filings_and_reports_are_counted(demo: Database, admin: Actor) -> None:
    with demo.read_session() as session:
        reference = list_cases(session)[0].reference
        rendered = [(each.pdf, each.page_count) for each in (
            render_filing(session=session, reference=reference, kind=kind, actor=admin)
            for kind in ("cn-application", "us-notification", "status-report"))]
        report = render_deadlines_pdf(session, actor=admin)
    for pdf, pages in [*rendered, (report.pdf, report.pages)]:
        assert pdf_page_count(pdf) == pages == len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("bytes_given", [
    b"", b"not a pdf at all", b"<< /Type /Pages /Count 3 >>",  # no PDF header
    b"%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n%%EOF",  # a page, no page tree
])
def test_what_is_no_pdf_is_refused_plainly(bytes_given: bytes) -> None:
    with pytest.raises(ApprovalsError, match="could not be read for printing"):
        pdf_page_count(bytes_given)
