"""Figures for the workflow layer: deadline arithmetic and audit-chain verification.

Run: python tests/bench/bench_workflow.py   (not collected by pytest)
"""

from __future__ import annotations

import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from approvals.domain.calendars import build_calendar
from approvals.domain.clocks import Pause, compute_deadline
from approvals.paths import DataDir
from approvals.services.audit import verify
from approvals.store.audit import Actor, append_event
from approvals.store.migrate import open_database


def bench_deadlines(n: int = 5000) -> None:
    cn = build_calendar("CN")
    start = date(2024, 1, 1)
    t = time.perf_counter()
    for i in range(n):
        compute_deadline(cn, start + timedelta(days=i % 900), 60, "working",
                         pauses=[Pause(start + timedelta(days=i % 900 + 10),
                                       start + timedelta(days=i % 900 + 25))])
    dt = time.perf_counter() - t
    print(f"deadlines: {n} x 60 working days with a pause on CN: {dt:.2f} s "
          f"({dt / n * 1e6:.0f} µs each)")


def bench_verify(n: int = 20000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(DataDir(Path(tmp)).ensure())
        actor = Actor("bench", ("admin",))
        t = time.perf_counter()
        with db.session() as s:
            for i in range(n):
                append_event(s, actor=actor, action="field.changed", entity="case",
                             entity_id=str(i % 50), case_id=None, field="target.name_en",
                             old=f"old {i}", new=f"new {i}", reason="bench")
        append_dt = time.perf_counter() - t
        t = time.perf_counter()
        with db.read_session() as s:
            report = verify(s)
        dt = time.perf_counter() - t
        db.dispose()
    assert report.ok and report.events_checked == n
    print(f"audit: appended {n} events in {append_dt:.2f} s; verified in {dt:.2f} s "
          f"({n / dt:,.0f} events/s)")


if __name__ == "__main__":
    bench_deadlines()
    bench_verify()
