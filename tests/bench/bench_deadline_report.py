"""The deadlines report (Export CSV…, Save as PDF… / Print… on the dashboard) of a large
installation: how long reading the rows, writing the CSV and laying out the PDF take, and
the process's peak memory.

Run: python tests/bench/bench_deadline_report.py [--root /tmp/deadline-report-bench]
         [--cases 100000] [--repeat 3] [--sample 2000]

Each step runs --repeat times; its median is printed (the machine is shared). The first
line is the dashboard's own load (ui.dashboard.load_dashboard: its worker's read), which
the report's read includes.

--root is a data folder built by bench_scale.build (built there first when missing: the
demo's cases copied to --cases cases, with their tracks, conditions and screenings; the
report reads no audit events, so the folder gets only as many as it has cases). Each
export records its `deadlines.exported` event there, as in the app.

The PDF holds at most filings.deadline_report.MAX_PDF_ROWS rows (the most urgent sections
first); --sample lays out that many rows alone as well, to give the layout's rate and what
a PDF of every row would take (the reason for the limit).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from approvals.filings.deadline_report import (  # noqa: E402
    MAX_PDF_ROWS,
    DeadlineReport,
    build_pdf,
    printed_counts,
)
from approvals.paths import DataDir  # noqa: E402
from approvals.services.deadline_report import (  # noqa: E402
    deadline_report,
    export_deadlines_csv,
    save_deadlines_pdf,
)
from approvals.store.audit import Actor  # noqa: E402
from approvals.store.migrate import open_database  # noqa: E402

OFFICER = Actor("bench", ("preparer", "reviewer", "approver", "admin"))  # built in code


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(label: str, repeat: int, fn):  # type: ignore[no-untyped-def]
    times, cpu, result = [], [], None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    # The CPU time too: on a machine shared with other work it varies less than the wall
    # clock's, so before/after comparisons read from it.
    print(f"{label:<44} {statistics.median(times):8.2f} s median of {len(times)}, "
          f"max {max(times):.2f} s, CPU {statistics.median(cpu):.2f} s   "
          f"(peak memory so far {_peak_mb():,.0f} MB)")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Deadlines report: CSV and PDF timings")
    parser.add_argument("--root", type=Path, default=Path("/tmp/deadline-report-bench"))
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=int, default=2_000,
                        help="rows laid out alone, for the layout's rate")
    args = parser.parse_args(argv)
    data_dir = DataDir(args.root / "data")
    if not data_dir.database.exists():
        import bench_scale

        t0 = time.perf_counter()
        bench_scale.build(args.root, cases=args.cases, events=args.cases, documents=0,
                          users=5, seed=7)
        print(f"built {args.root} ({args.cases:,} cases) in {time.perf_counter() - t0:.0f} s")
    db = open_database(data_dir)
    try:
        from approvals.ui.dashboard import load_dashboard

        with db.read_session() as s:
            data = _timed("the dashboard's load (load_dashboard)", args.repeat,
                          lambda: load_dashboard(s))
        conditions = sum(1 for t in data.tracks if t.condition is not None)
        print(f"  {len(data.tracks):,} open deadlines ({conditions:,} conditions), "
              f"{len(data.expected):,} expected US notifications")
        with db.read_session() as s:
            report = _timed("read the rows (deadline_report)", args.repeat,
                            lambda: deadline_report(s, actor=OFFICER))
        sections = Counter(r.section for r in report.rows)
        print(f"rows: {len(report.rows):,} ({', '.join(f'{k} {v:,}' for k, v in sections.items())})")
        out = Path(tempfile.mkdtemp(prefix="deadline-report-"))

        def csv_export():  # type: ignore[no-untyped-def]
            with db.session() as s:
                return export_deadlines_csv(s, actor=OFFICER, out=out / "deadlines.csv")

        result = _timed("Export CSV (read, write, record)", args.repeat, csv_export)
        size = (out / "deadlines.csv").stat().st_size
        print(f"  {result.rows:,} rows, {size / 1e6:,.1f} MB")

        def pdf_export():  # type: ignore[no-untyped-def]
            with db.session() as s:
                return save_deadlines_pdf(s, actor=OFFICER, out=out / "deadlines.pdf")

        saved = _timed(f"Save as PDF (at most {MAX_PDF_ROWS:,} rows)", args.repeat, pdf_export)
        printed = sum(printed_counts(report).values())
        print(f"  {printed:,} of {saved.rows:,} rows on {saved.pages:,} pages, "
              f"{(out / 'deadlines.pdf').stat().st_size / 1e6:,.1f} MB")

        sample = DeadlineReport(report.as_of, report.generated_at, report.included,
                                report.rows[:args.sample], args.sample)
        t0 = time.perf_counter()
        _pdf, pages = build_pdf(sample, limit=args.sample)
        took = time.perf_counter() - t0
        rate = args.sample / took
        print(f"layout of {args.sample:,} rows alone: {took:.1f} s, {pages} pages "
              f"({rate:,.0f} rows/s): every one of the {len(report.rows):,} rows would take "
              f"about {len(report.rows) / rate / 60:,.0f} min and "
              f"{pages * len(report.rows) // max(args.sample, 1):,} pages")
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
