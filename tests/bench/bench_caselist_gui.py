"""The case list's GUI-thread work with 100,000 cases: what the officer waits for.

Run: QT_QPA_PLATFORM=offscreen python tests/bench/bench_caselist_gui.py [--cases 100000]
         [--repeat 3]

Generates the cases as bench_ui does, then times, on the GUI thread alone (the workers'
reading is bench_ui's and bench_scale's): taking in a reloaded list (a case edited in its
window, F5) with the list scrolled and cases selected; a click on each column header, both
directions; Home, End, Ctrl+End and PageDown in the list; Ctrl+A, and a sort with every
case selected; the Status and Regime filters chosen together; a letter typed in the list
that no case starts with (Qt's type-ahead); typing a Chinese name into the filter. Each
line is the median (and the worst) of --repeat runs; no target: compare a run before a
change with one after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtTest import QTest

from approvals.paths import DataDir
from approvals.store.migrate import open_database
from approvals.ui.application import make_application
from approvals.ui.case_list import COLUMNS
from approvals.ui.main_window import MainWindow, load_list
from approvals.ui.workers import TaskRunner
from tests.bench.bench_ui import ACTOR, generate, wait


def timed(app: object, action: Callable[[], object], repeat: int) -> list[float]:
    """Seconds from `action` until the events it posted are handled and the list repainted."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        action()
        app.processEvents()  # type: ignore[attr-defined]
        times.append(time.perf_counter() - t0)
    return times


def line(name: str, values: list[float]) -> None:
    print(f"{name:<46} median {statistics.median(values) * 1000:>7.0f} ms  "
          f"worst {max(values) * 1000:>7.0f} ms", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Case list GUI-thread times")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = DataDir(Path(tmp) / "data").ensure()
        db = open_database(data_dir)
        generate(data_dir.database, args.cases, args.seed)
        app = make_application()
        runner = TaskRunner(db)
        window = MainWindow(runner, data_dir, ACTOR)
        window.resize(1280, 780)
        window.show()
        wait(app, lambda: window.model.total == args.cases)
        wait(app, lambda: runner.idle)
        table, model = window.table, window.model

        def repaint() -> None:
            table.viewport().repaint()

        # A reload, as after a case window's change: the worker's result taken in (a
        # fresh read each time, as the app's), with the list scrolled and cases selected;
        # then how long until the background work that follows (the other columns' sort
        # orders, the deadline counts) is done: the list paints slower while it runs.
        table.verticalScrollBar().setValue(40_000)
        selection = table.selectionModel()
        table.setCurrentIndex(model.index(40_010, 0))
        for row in range(40_010, 40_020):
            selection.select(model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                             | QItemSelectionModel.SelectionFlag.Rows)
        taken, settled = [], []
        for _ in range(args.repeat):
            with db.read_session() as session:
                loaded = load_list(session)
            t0 = time.perf_counter()
            window._show_cases(loaded, window._generation)
            table.viewport().repaint()
            app.processEvents()
            taken.append(time.perf_counter() - t0)
            wait(app, lambda: runner.idle)
            settled.append(time.perf_counter() - t0)
        line("reload taken in and painted", taken)
        line("reload until its background work is done", settled)

        header = table.horizontalHeader()
        for column, spec in enumerate(COLUMNS):
            if header.isSectionHidden(column):
                continue
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                def sort(c: int = column, o: Qt.SortOrder = order) -> None:
                    table.sortByColumn(c, o)
                    repaint()

                direction = "asc" if order == Qt.SortOrder.AscendingOrder else "desc"
                line(f"sort by {spec.title} ({direction})", timed(app, sort, args.repeat))
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        table.setFocus()
        for name, key, modifiers in (
                ("End", Qt.Key.Key_End, Qt.KeyboardModifier.NoModifier),
                ("Home", Qt.Key.Key_Home, Qt.KeyboardModifier.NoModifier),
                ("Ctrl+End", Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier),
                ("PageDown", Qt.Key.Key_PageDown, Qt.KeyboardModifier.NoModifier)):
            def press(k: Qt.Key = key, m: Qt.KeyboardModifier = modifiers) -> None:
                QTest.keyClick(table, k, m)
                repaint()

            line(f"key {name} in the list", timed(app, press, args.repeat))

        def select_all() -> None:
            table.clearSelection()
            QTest.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            repaint()
            table.horizontalHeader().repaint()

        line("Ctrl+A, every case selected", timed(app, select_all, args.repeat))
        orders = iter([Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder] * args.repeat)

        def sort_all_selected() -> None:
            table.sortByColumn(1, next(orders))
            repaint()
            table.horizontalHeader().repaint()

        line("sort with every case selected", timed(app, sort_all_selected, args.repeat))
        table.clearSelection()
        table.selectRow(0)

        def type_ahead() -> None:
            QTest.keyClick(table, "z")  # no reference starts with it (nor "zz")
            repaint()

        line("a letter no case starts with, typed in the list",
             timed(app, type_ahead, args.repeat))

        def filters() -> None:
            window.status_filter.setCurrentIndex(window.status_filter.findData("open"))
            window.regime_filter.setCurrentIndex(window.regime_filter.findData("CN-SAMR"))
            repaint()

        def no_filters() -> None:
            window.clear_filters()
            repaint()

        both = []
        for _ in range(args.repeat):
            both += timed(app, filters, 1)
            timed(app, no_filters, 1)
        line("status and regime filters chosen", both)

        def chinese() -> None:
            window.filter_edit.clear()
            for char in "深圳":
                window.filter_edit.insert(char)  # as an input method commits it
                wait(app, lambda: model.needle == window.filter_edit.text().casefold())
            repaint()

        line("typing 深圳 in the filter", timed(app, chinese, args.repeat))
        runner.wait_for_done()
        window.close()
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
