"""Desktop workspace speed with 100,000 cases.

Run: QT_QPA_PLATFORM=offscreen python tests/bench/bench_ui.py [--cases 100000] [--repeat 5]

Generates the cases (with one to three filing tracks each, due dates spread around today)
straight into a fresh database, then measures, with the real widgets:
1. the main window shown with the case list populated (target < 1.5 s);
2. one keystroke in the filter until the view shows the filtered rows (target < 100 ms);
3. opening a case until its window is filled (target < 200 ms);
and, for context, how long after the full list the status bar's overdue and due-soon
counts appear (counted on a worker).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.services.demo import demo_facts
from approvals.store.audit import Actor
from approvals.store.migrate import open_database
from approvals.ui.application import make_application
from approvals.ui.main_window import MainWindow, load_list
from approvals.ui.workers import TaskRunner

ACTOR = Actor(username="bench", roles=("preparer", "reviewer", "approver", "admin"))
TRACKS = [("CN-FISR", "CN-FISR", ["draft", "internal_review", "filed", "general_review"]),
          ("CN-SAMR", "CN-SAMR", ["draft", "filed", "phase_1_review"]),
          ("US-OISP", "US-OISP", ["draft", "internal_review", "filed"]),
          ("CN-DATA-EXPORT", "CN-DATA-EXPORT", ["draft", "filed"])]
CITIES = ["Beijing", "Shanghai", "Shenzhen", "Hangzhou", "Chengdu", "Wuhan", "Nanjing", "Suzhou"]
WORDS = ["Frontier", "Vision", "Deep", "Quantum", "Cloud", "Speech", "Robotics", "Data",
         "Model", "Chip", "Semantic", "Neural"]
FUNDS = ["Redwood", "Summit", "Harbor", "Granite", "Evergreen", "Lakeshore", "Pacific", "Liberty"]


def generate(db_path: Path, n: int, seed: int) -> None:
    """Bulk-insert n cases with tracks (raw SQL: this is set-up, not what is measured)."""
    import sqlite3

    rng = random.Random(seed)
    templates = demo_facts()
    today = date.today()
    now = "2026-11-01T09:00:00Z"
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA synchronous=OFF")
    cases, tracks = [], []
    for i in range(1, n + 1):
        facts = dict(templates[i % len(templates)])
        target = f"{rng.choice(CITIES)} {rng.choice(WORDS)} {rng.choice(WORDS)} Co., Ltd. {i}"
        investor = f"{rng.choice(FUNDS)} {rng.choice(['Ventures', 'Capital', 'Partners'])} {i}"
        facts["target"] = {**facts["target"], "name_en": target}
        facts["investor"] = {**facts["investor"], "name": investor}
        facts["reference"] = f"BENCH-{i}"
        amount = rng.choice([1_500_000, 5e6, 2e7, 1.5e8, 4e8])
        cases.append((i, f"AP-2026-{i:06d}", json.dumps(facts), rng.choice(["open"] * 9 + ["draft"]),
                      rng.choice(["li.wei", "sarah.chen", "bench"]), target, investor, amount,
                      rng.choice(["USD", "USD", "CNY"]), now, now, 1))
        for regime, kind, states in rng.sample(TRACKS, rng.randint(1, 3)):
            due = today + timedelta(days=rng.randint(-20, 120)) if rng.random() < 0.6 else None
            tracks.append((i, regime, kind, "approval_required", rng.choice(states),
                           due.isoformat() if due else None, now, now))
    con.executemany(
        "INSERT INTO cases (id, reference, facts, status, owner, target_name, investor_name, "
        "amount_value, amount_currency, created_at, updated_at, version) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", cases)
    con.executemany(
        "INSERT INTO filing_tracks (case_id, regime, kind, outcome, state, due_date, "
        "created_at, updated_at, clock_pauses, due_estimated, version) "
        "VALUES (?,?,?,?,?,?,?,?,'[]',0,1)", tracks)
    con.commit()
    con.close()


def wait(app: QApplication, until: Callable[[], bool], timeout: float = 60.0) -> None:
    """Run the event loop as the app does: idle until an event arrives (a worker's result
    is one), so the measuring does not compete with the workers for the interpreter."""
    end = time.perf_counter() + timeout
    ticker = QTimer()
    ticker.start(20)  # wakes the loop to check the timeout
    try:
        while not until():
            if time.perf_counter() > end:
                raise TimeoutError
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    finally:
        ticker.stop()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Desktop workspace speed")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = DataDir(Path(tmp) / "data").ensure()
        db = open_database(data_dir)
        started = time.perf_counter()
        generate(data_dir.database, args.cases, args.seed)
        print(f"generated {args.cases:,} cases in {time.perf_counter() - started:.1f} s")
        app = make_application()
        runner = TaskRunner(db)

        # 1. Window shown with the list populated (a fresh window each time): first rows
        # on screen, then every case loaded (filterable, sortable).
        first_rows, shown, summary = [], [], []
        window = None
        for _ in range(args.repeat):
            if window is not None:
                window.close()
                window.deleteLater()
                app.processEvents()
            t0 = time.perf_counter()
            window = MainWindow(runner, data_dir, ACTOR)
            window.show()
            wait(app, lambda w=window: w.model.total > 0)
            window.table.viewport().repaint()  # the first paint of the populated table
            first_rows.append(time.perf_counter() - t0)
            wait(app, lambda w=window: w.model.total == args.cases)
            window.table.viewport().repaint()
            shown.append(time.perf_counter() - t0)
            t1 = time.perf_counter()
            wait(app, lambda w=window: w.deadline_summary.isVisible())
            summary.append(time.perf_counter() - t1)
            wait(app, lambda: runner.idle)  # background column orders: not part of it
        assert window is not None

        # 2. One keystroke in the filter until the view holds the filtered rows.
        keystrokes = []
        words = ["s", "h", "a", "n", "g"]
        for round_ in range(args.repeat):
            window.filter_edit.clear()
            wait(app, lambda w=window: w.model.rowCount() == args.cases)
            for char in words:
                before = window.model.rowCount()
                t0 = time.perf_counter()
                QTest.keyClick(window.filter_edit, char)
                wait(app, lambda w=window, b=before: w.model.rowCount() != b
                     or w.model.needle == w.filter_edit.text().casefold())
                window.table.viewport().repaint()
                keystrokes.append(time.perf_counter() - t0)
            if round_ == 0:
                print(f"filter 'shang': {window.model.rowCount():,} rows shown")
        window.filter_edit.clear()
        wait(app, lambda w=window: w.model.rowCount() == args.cases)

        # 3. Opening a case until its window is filled.
        opened = []
        rng = random.Random(args.seed)
        for _ in range(args.repeat):
            row = window.model.row_at(rng.randrange(window.model.rowCount()))
            while row.status == "draft":
                row = window.model.row_at(rng.randrange(window.model.rowCount()))
            t0 = time.perf_counter()
            window.open_case(row.reference)
            view = window.case_views[row.reference]
            wait(app, lambda v=view: v.data is not None)
            app.processEvents()
            opened.append(time.perf_counter() - t0)
            view.close()
            app.processEvents()

        # The worker's part of the full load alone (query + prepared rows), for context.
        worker = []
        for _ in range(args.repeat):
            with db.read_session() as session:
                t0 = time.perf_counter()
                load_list(session)
                worker.append(time.perf_counter() - t0)

        # Sorting a column (not a target, shown for completeness).
        t0 = time.perf_counter()
        window.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        app.processEvents()
        sort_time = time.perf_counter() - t0

        runner.wait_for_done()
        window.close()
        db.dispose()

    def line(name: str, values: list[float], target: float) -> None:
        median, worst = statistics.median(values), max(values)
        verdict = "ok" if median < target else "SLOW"
        print(f"{name:<42} median {ms(median):>8}  worst {ms(worst):>8}  "
              f"target < {ms(target)}  {verdict}")

    print(f"\n{args.cases:,} cases, {args.repeat} runs each")
    line("main window shown, first rows on screen", first_rows, 1.5)
    line("main window, all cases loaded", shown, 1.5)
    line("filter keystroke until view updated", keystrokes, 0.1)
    line("open a case until its window is filled", opened, 0.2)
    print(f"{'deadline counts shown after the full list':<42} median "
          f"{ms(statistics.median(summary)):>8}  worst {ms(max(summary)):>8}  "
          f"({window.urgent_counts.overdue:,} overdue, "
          f"{window.urgent_counts.due_soon:,} due soon)")
    print(f"{'  of which reading + preparing (worker)':<42} median "
          f"{ms(statistics.median(worker)):>8}  best {ms(min(worker)):>8}")
    print(f"{'sort 100k rows by target (one run)':<42} {ms(sort_time):>15}")
    if hasattr(os, "getloadavg"):
        print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
