"""An officer's day with 100,000 cases, timed as the GUI thread lives it: how long the
window stops answering (the longest gap between turns of the event loop) while the list
loads, while a filter is typed a letter at a time, a column sorted, the list scrolled, a
case opened, the deadlines dashboard opened, filtered and sorted, the list exported to
CSV, and the window narrowed to 200 % on a laptop (683 pixels).

Run: QT_QPA_PLATFORM=offscreen python tests/bench/bench_polish13_officer_day.py
         [--cases 100000] [--seed 7]

Each line: the wall time of the step and the longest the GUI thread was blocked during it
(a timer ticking every 2 ms on the GUI thread; a gap between its ticks is a stall). Work on
the workers (reading, sorting orders, writing the file) shows in the wall time only. No
target: a stall above ~100 ms is one an officer notices; compare runs before and after a
change (bench_caselist_gui.py times the case list's own steps in more detail).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.store.migrate import open_database
from approvals.ui.application import make_application
from approvals.ui.case_list import COLUMNS
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.bench.bench_ui import ACTOR, generate, wait


class StallMeter:
    """The longest gap between ticks of a 2 ms timer on the GUI thread while running."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(2)
        self.timer.timeout.connect(self._tick)
        self.clock = QElapsedTimer()
        self.longest = 0

    def _tick(self) -> None:
        self.longest = max(self.longest, self.clock.restart())

    def __enter__(self) -> StallMeter:
        self.longest = 0
        self.clock.start()
        self.timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._tick()  # a step that blocked to its end counts too
        self.timer.stop()


def step(app: QApplication, name: str, action: Callable[[], object],
         until: Callable[[], bool] = lambda: True) -> None:
    """Run `action`, then the event loop until `until()`; print the wall time and the
    longest stall."""
    with StallMeter() as meter:
        t0 = time.perf_counter()
        action()
        wait(app, until, timeout=300)
        app.processEvents()
        wall = time.perf_counter() - t0
    print(f"{name:<52} {wall * 1000:>8.0f} ms   longest stall {meter.longest:>6} ms",
          flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="GUI-thread stalls with many cases")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = DataDir(Path(tmp) / "data").ensure()
        db = open_database(data_dir)
        t0 = time.perf_counter()
        generate(data_dir.database, args.cases, args.seed)
        print(f"{args.cases:,} cases generated in {time.perf_counter() - t0:.1f} s", flush=True)
        app = make_application()
        runner = TaskRunner(db)
        holder: dict[str, MainWindow] = {}

        def start() -> None:
            window = holder["window"] = MainWindow(runner, data_dir, ACTOR)
            window.resize(1280, 780)
            window.show()

        step(app, "main window shown, every case loaded", start,
             lambda: "window" in holder and holder["window"].model.total == args.cases
             and runner.idle)
        window = holder["window"]
        table, model = window.table, window.model

        def type_filter(text: str) -> Callable[[], None]:
            def typing() -> None:
                window.filter_edit.setFocus()
                for char in text:
                    QTest.keyClick(window.filter_edit, char)
                    app.processEvents()
            return typing

        step(app, "typing 'shenzhen deep' in the filter", type_filter("shenzhen deep"),
             lambda: model.needle == "shenzhen deep")
        step(app, "the filter cleared (Escape)",
             lambda: QTest.keyClick(window.filter_edit, Qt.Key.Key_Escape),
             lambda: model.rowCount() == model.total)
        step(app, "typing 'AP-2026-0999' in the filter", type_filter("AP-2026-0999"),
             lambda: model.needle == "ap-2026-0999")
        window.clear_filters()
        wait(app, lambda: model.rowCount() == model.total)

        header = table.horizontalHeader()
        for column, spec in enumerate(COLUMNS):
            if header.isSectionHidden(column):
                continue
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                direction = "asc" if order == Qt.SortOrder.AscendingOrder else "desc"
                step(app, f"sort by {spec.title} ({direction})",
                     lambda c=column, o=order: table.sortByColumn(c, o))
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)

        bar = table.verticalScrollBar()

        def scroll() -> None:
            for k in range(51):  # top to bottom in 50 drags of the scroll bar, each painted
                bar.setValue(bar.maximum() * k // 50)
                table.viewport().repaint()
                app.processEvents()

        step(app, "scrolled top to bottom (50 steps, each painted)", scroll)
        bar.setValue(0)
        step(app, "mouse wheel, 30 notches",
             lambda: [QTest.keyClick(table, Qt.Key.Key_PageDown) for _ in range(30)])

        reference = model.row_at(1234).reference
        step(app, f"opening case {reference} (Enter)", lambda: window.open_case(reference),
             lambda: reference in window.case_views
             and window.case_views[reference].data is not None and runner.idle)
        window.case_views[reference].close()

        step(app, "deadlines dashboard (Ctrl+D) until its rows are in",
             window.show_dashboard,
             lambda: window.dashboard is not None and window.dashboard._prepared is not None
             and runner.idle)
        dashboard = window.dashboard
        assert dashboard is not None

        def dashboard_filter() -> None:
            dashboard.filter_edit.setFocus()
            for char in "shenzhen":
                QTest.keyClick(dashboard.filter_edit, char)
                app.processEvents()

        step(app, "typing 'shenzhen' in the dashboard's filter", dashboard_filter)
        dashboard.filter_edit.clear()
        dashboard.apply_filter()
        for column in range(dashboard.tree.model().columnCount()):
            step(app, f"dashboard sorted by its column {column}",
                 lambda c=column: dashboard.tree.sortByColumn(c, Qt.SortOrder.DescendingOrder))
        dashboard.close()

        out = Path(tmp) / "cases.csv"
        export = window.case_list_export if hasattr(window, "case_list_export") else None
        if export is None:
            from approvals.ui.exports import install_export_features
            export = install_export_features(window, runner, ACTOR)
        step(app, f"case list exported to CSV ({model.rowCount():,} cases)",
             lambda: export.export_to(out),
             lambda: getattr(window, "export_message", None) is not None and runner.idle)
        window.export_message.close()
        progress = getattr(window, "export_progress", None)
        if progress is not None:
            progress.close()

        step(app, "window narrowed to 683 px (200 % on a laptop)",
             lambda: window.resize(683, 354))
        step(app, "and widened again to 1280 px", lambda: window.resize(1280, 780))
        runner.wait_for_done()
        window.close()
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
