"""The garbage collector around the big loads with 100,000 cases: the case list's load,
the deadlines dashboard's, and 30 refreshes of both, timed as the GUI thread lives them.

Run: QT_QPA_PLATFORM=offscreen python tests/bench/bench_gc13_reloads.py
         [--cases 100000] [--refreshes 30] [--mode current|none|collect|threshold]
         [--reclaim-every N]

`--mode` says what ends a collector pause (`approvals.ui.workers.gc_paused`): `current` is
the code as it stands; `none` just switches the collector back on (what the objects made
meanwhile then cost: the first collection after the pause walks them all); `collect`
collects the young generations on the worker before handing the results over; `threshold`
switches back on with a young-generation threshold of 100,000 instead of 700.
`--reclaim-every` sets how many large pauses pass between full collections (`current`).

Each step: its wall time, the longest the GUI thread was blocked (a 2 ms timer's longest
gap), and every collection of 20 ms or more (its generation, thread and length, from
`gc.callbacks`). After the refreshes: resident memory, the frozen and the tracked objects,
first and last, so a pause that leaks (cycles frozen for ever) shows as growth.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.store.migrate import open_database
from approvals.ui import workers
from approvals.ui.application import make_application
from approvals.ui.case_list import CaseTableModel
from approvals.ui.dashboard import DeadlinesDashboard
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.bench.bench_polish13_officer_day import StallMeter
from tests.bench.bench_ui import ACTOR, generate, wait


class CollectionLog:
    """Every collection's generation, thread and length, from gc.callbacks."""

    def __init__(self) -> None:
        self.started: dict[int, float] = {}
        self.seen: list[tuple[int, str, float]] = []

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        me = threading.get_ident()
        if phase == "start":
            self.started[me] = time.perf_counter()
        elif me in self.started:
            took = time.perf_counter() - self.started.pop(me)
            self.seen.append((info["generation"], threading.current_thread().name, took))

    def long_ones(self) -> str:
        long = [f"gen {g} on {'GUI' if name == 'MainThread' else 'worker'} {took * 1000:.0f} ms"
                for g, name, took in self.seen if took >= 0.02]
        self.seen.clear()
        return "; ".join(long) or "none over 20 ms"


class SlotClock:
    """The longest run of a few GUI-thread methods (what the GUI thread itself spends on
    a step, as against what it waits for)."""

    def __init__(self) -> None:
        self.longest: dict[str, float] = {}

    def wrap(self, owner: type, name: str) -> None:
        real = getattr(owner, name)

        def timed_call(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                took = time.perf_counter() - t0
                self.longest[name] = max(self.longest.get(name, 0.0), took)

        setattr(owner, name, timed_call)

    def report(self) -> str:
        text = ", ".join(f"{name} {took * 1000:.0f} ms" for name, took in self.longest.items()
                         if took >= 0.02)
        self.longest.clear()
        return text or "none over 20 ms"


SLOTS = SlotClock()


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def use_mode(mode: str) -> None:
    """Replace what ends a pause, for comparison (see the module's docstring)."""
    pause = workers.gc_paused
    if mode == "current":
        return
    if mode == "none":
        pause.settle = lambda: None  # type: ignore[method-assign]
    elif mode == "collect":
        pause.settle = lambda: gc.collect(1) and None  # type: ignore[method-assign]
    elif mode == "threshold":
        pause.settle = lambda: None  # type: ignore[method-assign]
        gc.set_threshold(100_000, *gc.get_threshold()[1:])
    else:
        raise SystemExit(f"Unknown --mode {mode!r}")


def timed(app: QApplication, log: CollectionLog, name: str, action: Any, until: Any) -> None:
    with StallMeter() as meter:
        t0 = time.perf_counter()
        action()
        wait(app, until, timeout=600)
        app.processEvents()
        wall = time.perf_counter() - t0
    print(f"{name:<40} {wall * 1000:>7.0f} ms  longest stall {meter.longest:>5} ms  "
          f"collections: {log.long_ones()}; GUI-thread slots: {SLOTS.report()}; "
          f"RSS {rss_mb():.0f} MB, frozen {gc.get_freeze_count():,}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Collector pauses with many cases")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--refreshes", type=int, default=30)
    parser.add_argument("--mode", default="current")
    parser.add_argument("--reclaim-every", type=int, default=workers.gc_paused.RECLAIM_EVERY)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    use_mode(args.mode)
    for owner, name in ((MainWindow, "_show_cases"), (MainWindow, "_show_urgent_counts"),
                        (CaseTableModel, "add_orders"), (DeadlinesDashboard, "_show")):
        SLOTS.wrap(owner, name)
    workers.gc_paused.RECLAIM_EVERY = args.reclaim_every
    print(f"Python {sys.version.split()[0]}, mode {args.mode}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = DataDir(Path(tmp) / "data").ensure()
        db = open_database(data_dir)
        generate(data_dir.database, args.cases, args.seed)
        app = make_application()
        runner = TaskRunner(db)
        log = CollectionLog()
        gc.callbacks.append(log)
        loads: list[int] = []
        holder: dict[str, MainWindow] = {}

        def start() -> None:
            window = holder["window"] = MainWindow(runner, data_dir, ACTOR)
            window.cases_loaded.connect(loads.append)
            window.resize(1280, 780)
            window.show()

        def listed(count: int) -> Any:
            return lambda: len(loads) >= count and runner.idle

        timed(app, log, "main window, every case loaded", start, listed(1))
        window = holder["window"]
        timed(app, log, "deadlines dashboard (Ctrl+D)", window.show_dashboard,
              lambda: window.dashboard is not None
              and getattr(window.dashboard, "_prepared", None) is not None and runner.idle)
        dashboard = window.dashboard
        assert dashboard is not None
        figures = []
        for n in range(1, args.refreshes + 1):
            before = dashboard._prepared
            count = len(loads) + 1
            timed(app, log, f"refresh {n} (list and dashboard)", window.refresh,
                  lambda b=before, c=count: len(loads) >= c  # type: ignore[misc]
                  and dashboard._prepared is not b and runner.idle)
            figures.append((rss_mb(), gc.get_freeze_count(), len(gc.get_objects())))
        for label, (rss, frozen, tracked) in (("after the first refresh", figures[0]),
                                              ("after the last", figures[-1])):
            print(f"{label:<24} RSS {rss:>6.0f} MB  frozen {frozen:>10,}  "
                  f"tracked {tracked:>9,}", flush=True)
        print(f"large pauses: {workers.gc_paused._large_pauses}", flush=True)
        gc.callbacks.remove(log)
        dashboard.close()
        runner.wait_for_done()
        window.close()
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
