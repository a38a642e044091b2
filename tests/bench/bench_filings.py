"""Benchmark: render a 20-page filing, side by side with a plain ReportLab document of the
same page count (standard fonts, no header/footer/QR/watermark, no fingerprint).

Target: under 1 s on one core for the 20-page filing. Run:

    python tests/bench/bench_filings.py [--repeat 5]

The filing is a status report of a demo case whose audit timeline was grown until the
report reaches 20 pages; times are the best of N runs (CPU time of this process, which
is single-threaded), after one warm-up that also registers the fonts.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table  # noqa: E402

from approvals.filings import compose  # noqa: E402
from approvals.filings.layout import build_pdf  # noqa: E402
from approvals.filings.printable import check_document  # noqa: E402
from approvals.paths import DataDir  # noqa: E402
from approvals.services.filings import load_filing_data, render_filing  # noqa: E402
from approvals.store.audit import Actor, append_event  # noqa: E402
from approvals.store.migrate import open_database  # noqa: E402
from approvals.store.models import Case, utc_now  # noqa: E402
from tests.filings_seed import load, seed_case  # noqa: E402

ADMIN = Actor("bench", ("preparer", "reviewer", "approver", "admin"))
TARGET_PAGES = 20


def _best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def _grow(db, reference: str, case_id: int, count: int) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        for i in range(count):
            append_event(session, actor=ADMIN, action="comment.added", entity="comment",
                         entity_id=i, case_id=case_id,
                         reason=f"Reviewer note {i}: checked the turnover figures against the "
                                "audited accounts and the share register.")


def plain_reportlab(rows: int) -> tuple[bytes, int]:
    """A plain document: a heading, a paragraph and a long table, Helvetica, no decoration."""
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4)
    data = [["#", "When", "Who", "Action", "Details"]] + [
        [str(i), utc_now(), "bench [preparer]", "comment.added",
         Paragraph(f"reason: Reviewer note {i}: checked the turnover figures against the "
                   "audited accounts and the share register.", styles["BodyText"])]
        for i in range(rows)
    ]
    story = [Paragraph("Case status report", styles["Title"]),
             Paragraph("A plain ReportLab document for comparison.", styles["BodyText"]),
             Table(data, colWidths=[30, 100, 90, 80, 180], repeatRows=1)]
    doc.build(story)
    return buffer.getvalue(), doc.page


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(DataDir(Path(tmp) / "data").ensure())
        with db.session() as session:
            refs = load(session, ADMIN)
        with db.session() as session:
            seed_case(session, ADMIN, "DEMO-02", refs["DEMO-02"],
                      approve=("CN-FISR", "CN-TECH-EXPORT", "CN-SAMR", "US-OISP"), complete=True)
            case = session.exec(Case.__table__.select().where(  # type: ignore[attr-defined]
                Case.reference == refs["DEMO-02"])).first()
            case_id = case.id
        reference = refs["DEMO-02"]

        def render() -> int:
            with db.read_session() as session:
                return render_filing(session=session, reference=reference, kind="status-report",
                                     actor=ADMIN).page_count

        cold_start = time.perf_counter()
        pages = render()
        cold = time.perf_counter() - cold_start
        cold_pages = pages
        # Grow the timeline until the report has exactly TARGET_PAGES pages.
        # About 17 timeline rows fit a page; step from below so the count lands on target.
        while pages < TARGET_PAGES:
            _grow(db, reference, case_id, max(1, (TARGET_PAGES - pages) * 12))
            pages = render()
        with db.read_session() as session:
            data = load_filing_data(session, reference)
            events = len(data.timeline)
        document, _ = compose(data, "status-report", final=False, now=utc_now())

        service = _best(render, args.repeat)
        layout = _best(lambda: build_pdf(document), args.repeat)
        # The pass that makes every text printable (part of compose and of build_pdf).
        checking = _best(lambda: check_document(document), args.repeat)

        def render_cn() -> int:  # bilingual: Chinese in regular and bold fonts
            with db.read_session() as session:
                return render_filing(session=session, reference=reference,
                                     kind="cn-application", actor=ADMIN).page_count

        cn_pages = render_cn()
        cn = _best(render_cn, args.repeat)

        rows = events
        plain_pages = plain_reportlab(rows)[1]
        while plain_pages < pages:
            rows += 10
            plain_pages = plain_reportlab(rows)[1]
        while plain_pages > pages:
            rows -= 2
            plain_pages = plain_reportlab(rows)[1]
        plain = _best(lambda: plain_reportlab(rows), args.repeat)
        db.dispose()

    print(f"status-report: {pages} pages ({events} timeline events)")
    print(f"  first render in the process ({cold_pages} pages, incl. loading fonts):"
          f" {cold * 1000:5.0f} ms (wall)")
    print(f"  render_filing (read case + compose + lay out):      {service * 1000:7.0f} ms")
    print(f"  layout only (build_pdf):                            {layout * 1000:7.0f} ms")
    print(f"  of which the printable-text check (check_document): {checking * 1000:7.1f} ms")
    print(f"plain ReportLab document, {plain_pages} pages ({rows} table rows):"
          f" {plain * 1000:7.0f} ms")
    print(f"cn-application: {cn_pages} pages, render_filing:              {cn * 1000:7.0f} ms")
    print(f"target < 1000 ms for {pages} pages: {'met' if service < 1.0 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
