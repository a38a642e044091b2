"""Deadlines dashboard speed with many cases: what its worker reads (open deadlines,
tracks by state, and the expected US notifications with their projected due dates) and
prepares, then what the GUI thread does with it: filling the lists, sorting by a header
click, the filter's keystrokes. The GUI thread's figures are what freezes the window.

Run: QT_QPA_PLATFORM=offscreen python tests/bench/bench_dashboard.py [--cases 100000]
     [--repeat 5] [--module OTHER/dashboard.py]  (--module: time another version's widget,
     e.g. `git show HEAD~3:approvals/ui/dashboard.py > /tmp/old.py`, for before and after)

Generates the cases as bench_ui.py does (one to three tracks each; about a quarter of the
cases have a US-OISP track, most with no completion date recorded), then --conditions open
conditions of clearances whose due dates are counted in days, which the dashboard counts
again on the current calendar: working days on the Chinese calendar (across Spring Festival
and National Day), calendar days rolled to the next working day, renewal windows counted
back from an expiry, on CN and US, from days between 2016 and 2033 (so some run through
years without an official schedule: estimated). Then times each step.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ui import generate

from approvals.paths import DataDir
from approvals.services.workspace import (
    expected_notifications,
    open_deadlines,
    track_states,
)
from approvals.store.migrate import open_database


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Deadlines dashboard read speed")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--conditions", type=int, default=7_000,
                        help="open conditions with due dates counted in days")
    parser.add_argument("--module", help="another dashboard.py to time the GUI part of")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = DataDir(Path(tmp) / "data").ensure()
        open_database(data_dir).dispose()
        generate(data_dir.database, args.cases, args.seed)
        add_conditions(data_dir.database, args.conditions, args.seed)
        db = open_database(data_dir)
        print(f"{args.cases:,} cases, {args.conditions:,} open conditions counted in days")
        for name, read in (("open deadlines", open_deadlines), ("tracks by state", track_states),
                           ("expected US notifications", expected_notifications)):
            times, cpu, count = [], [], 0
            for _ in range(args.repeat):
                with db.read_session() as session:
                    start, start_cpu = time.perf_counter(), time.process_time()
                    count = len(read(session))
                    times.append(time.perf_counter() - start)
                    cpu.append(time.process_time() - start_cpu)
            report(name, count, times, cpu)
        with db.read_session() as session:
            data = dashboard_module(args.module).load_dashboard(session)
        gui(db, data, args.repeat, args.module)
        db.dispose()
    return 0


def add_conditions(db_path: Path, n: int, seed: int) -> None:
    """n open conditions counted in days on tracks of open cases (raw SQL, as generate),
    each stored with the text and due date that counting gave when it was recorded."""
    import random
    import sqlite3
    from datetime import date, timedelta

    from approvals.domain.calendars import build_calendar, estimated_note
    from approvals.domain.clocks import DayCount, count_due, escape_template, render_due_text

    rng = random.Random(seed)
    calendars = {code: build_calendar(code) for code in ("CN", "US")}
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA synchronous=OFF")
    tracks = [r[0] for r in con.execute(
        "SELECT t.id FROM filing_tracks t JOIN cases c ON c.id = t.case_id "
        "WHERE c.status = 'open' ORDER BY t.id")]
    # A clearance's conditions share the day they count from (the decision's): a few
    # hundred distinct days in all, as in an office's cases.
    days_from = [date(2016, 1, 1) + timedelta(days=rng.randint(0, 18 * 365)) for _ in range(400)]
    rows = []
    for _ in range(n):
        code = rng.choice(["CN", "CN", "CN", "US"])
        kind = rng.choice(["working", "working", "calendar", "back"])
        unit = "calendar" if kind == "calendar" else "working"
        days = rng.choice([5, 10, 20, 30, 60, 90, 180, 365] if kind != "back" else [0, 20, 60])
        start = rng.choice(days_from)
        count = DayCount(days, unit, start, code, back=kind == "back")
        template = escape_template(f"Report to the authority {rng.randint(1, 99)}") + \
            (" between {opens} and {due}" if count.back else "{due_note}")
        counted = count_due(calendars[code], count)
        text = render_due_text(template, counted, estimated_note(code, counted.estimated_years))
        rows.append((rng.choice(tracks), text, counted.due.isoformat(), days, unit,
                     start.isoformat(), code, int(count.back), template))
    con.executemany(
        "INSERT INTO obligations (track_id, text, due_date, status, created_at, due_days, "
        "due_unit, due_from, due_calendar, due_back, text_template) "
        "VALUES (?,?,?,'open','2026-11-01T09:00:00Z',?,?,?,?,?,?)", rows)
    con.commit()
    con.close()


def report(name: str, count: int, times: list[float], cpu: list[float] | None = None) -> None:
    # The reads' CPU time too: on a machine shared with other work it varies less than the
    # wall clock's, so before/after comparisons read from it.
    used = f"  CPU {statistics.median(cpu) * 1000:7.0f} ms" if cpu else ""
    print(f"{name:28} {count:>7,} rows  median {statistics.median(times) * 1000:7.0f} ms"
          f"  max {max(times) * 1000:7.0f} ms{used}")


def dashboard_module(path: str | None) -> Any:
    if not path:
        from approvals.ui import dashboard

        return dashboard
    spec = importlib.util.spec_from_file_location("other_dashboard", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def gui(db: Any, data: Any, repeat: int, path: str | None) -> None:
    """The widget's part, timed call by call (each call is what the event loop waits for)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from approvals.ui.workers import TaskRunner

    module = dashboard_module(path)
    app = QApplication.instance() or QApplication([])
    runner = TaskRunner(db)
    dashboard = module.DeadlinesDashboard(runner)
    dashboard.resize(1340, 700)
    dashboard.show()
    app.processEvents()
    rows = len(data.tracks) + len(data.expected)
    prepare = getattr(module, "prepare_dashboard", None)

    def timed(name: str, fn: Any, count: int = rows) -> None:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            fn()
            app.processEvents()  # the paint that follows, with the rows on screen
            times.append(time.perf_counter() - start)
        report(name, count, times)

    prepared: list[Any] = [data]
    if prepare is not None:  # made on the worker: not the GUI thread's
        def prep() -> None:
            prepared[0] = prepare(data)
        timed("worker: prepare rows", prep)
    timed("GUI: fill the lists", lambda: dashboard._show(prepared[0]))

    def refill_where_the_officer_is() -> None:
        """A refresh (a track stepped in a case window) while a row deep in the biggest
        group is current and at the top of the list (kept there since caselist3)."""
        tree = dashboard.tree
        model = tree.model()
        g = max(range(model.rowCount()), key=lambda k: model.rowCount(model.index(k, 0)))
        row = model.index(min(300, model.rowCount(model.index(g, 0)) - 1), 0, model.index(g, 0))
        tree.setCurrentIndex(row)
        tree.scrollTo(row, tree.ScrollHint.PositionAtTop)
        dashboard._show(prepared[0])

    timed("GUI: refill, a row deep in a group current", refill_where_the_officer_is)
    header = dashboard.tree.header()
    orders = iter([Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder] * repeat)
    timed("GUI: sort by Target (click)", lambda: header.setSortIndicator(2, next(orders)))
    timed("GUI: sort by Due (click)", lambda: header.setSortIndicator(0, next(orders)))
    edit = dashboard.filter_edit
    # Each from the text typed before it (untimed), as the officer types.
    for label, before, text in (("first keystroke", "", "s"), ("second keystroke", "s", "sh"),
                                ("a word", "shangha", "shanghai"), ("cleared", "shanghai", "")):
        times: list[float] = []
        for _ in range(repeat):
            edit.setText(before)
            dashboard.apply_filter()
            app.processEvents()
            start = time.perf_counter()
            edit.setText(text)
            dashboard.apply_filter()
            app.processEvents()
            times.append(time.perf_counter() - start)
        report(f"GUI: filter, {label}", rows, times)
    dashboard.close()
    runner.wait_for_done()


if __name__ == "__main__":
    raise SystemExit(main())
