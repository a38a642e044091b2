"""Deadlines dashboard speed with many cases: what its worker reads (open deadlines,
tracks by state, and the expected US notifications with their projected due dates) and
prepares, then what the GUI thread does with it: filling the lists, sorting by a header
click, the filter's keystrokes. The GUI thread's figures are what freezes the window.

Run: QT_QPA_PLATFORM=offscreen python tests/bench/bench_dashboard.py [--cases 100000]
     [--repeat 5] [--module OTHER/dashboard.py]  (--module: time another version's widget,
     e.g. `git show HEAD~3:approvals/ui/dashboard.py > /tmp/old.py`, for before and after)

Generates the cases as bench_ui.py does (one to three tracks each; about a quarter of the
cases have a US-OISP track, most with no completion date recorded), then times each step.
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
    parser.add_argument("--module", help="another dashboard.py to time the GUI part of")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = DataDir(Path(tmp) / "data").ensure()
        open_database(data_dir).dispose()
        generate(data_dir.database, args.cases, args.seed)
        db = open_database(data_dir)
        print(f"{args.cases:,} cases")
        for name, read in (("open deadlines", open_deadlines), ("tracks by state", track_states),
                           ("expected US notifications", expected_notifications)):
            times, count = [], 0
            for _ in range(args.repeat):
                with db.read_session() as session:
                    start = time.perf_counter()
                    count = len(read(session))
                    times.append(time.perf_counter() - start)
            report(name, count, times)
        with db.read_session() as session:
            data = dashboard_module(args.module).load_dashboard(session)
        gui(db, data, args.repeat, args.module)
        db.dispose()
    return 0


def report(name: str, count: int, times: list[float]) -> None:
    print(f"{name:28} {count:>7,} rows  median {statistics.median(times) * 1000:7.0f} ms"
          f"  max {max(times) * 1000:7.0f} ms")


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
