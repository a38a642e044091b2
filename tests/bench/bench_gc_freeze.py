"""Garbage-collection pauses, with and without `freeze_start_up_objects` (ui.application).

Run: QT_QPA_PLATFORM=offscreen python tests/bench/bench_gc_freeze.py [--cases 100000]
         [--repeat 5] [--root DIR]

Makes a data folder once (under --root, kept, or a temporary one): bench_ui's generated
cases, the demo cases, and one heavy case (300 documents, 500 comments, 5,000 more events).
Then, in a fresh process for each mode (as started, and frozen) and in turn: the main
window over every case until its whole list shows, the freeze (or not), a few keystrokes
in its filter, and the heavy case's window opened `--repeat` times until it is filled.
Reported: the medians, the longest full (generation 2) collection while a case opened
or a keystroke was taken, and the process's resident memory before and after.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench_ui import ACTOR, generate, wait  # beside this file

DOCUMENTS, COMMENTS, EVENTS = 300, 500, 5000


def make(root: Path, cases: int) -> str:
    """The data folder under `root`; the heavy case's reference."""
    from approvals.paths import DataDir
    from approvals.services.cases import case_id_by_reference
    from approvals.services.demo import load_demo
    from approvals.services.documents import attach_document
    from approvals.services.workspace import add_comment
    from approvals.store.audit import append_event
    from approvals.store.migrate import open_database

    data_dir = DataDir(root / "data").ensure()
    db = open_database(data_dir)
    generate(data_dir.database, cases, 7)
    with db.session() as s:
        reference = load_demo(s, actor=ACTOR).created[1]
    files = root / "files"
    files.mkdir(exist_ok=True)
    with db.session() as s:
        case_id = case_id_by_reference(s, reference)
        for n in range(DOCUMENTS):
            source = files / f"exhibit-{n:03}.pdf"
            source.write_bytes(f"%PDF-1.4 exhibit {n}\n".encode() * 20)
            attach_document(s, actor=ACTOR, data_dir=data_dir, case_id=case_id,
                            source=source, doc_type="board-resolution" if n % 2 else "")
        for n in range(COMMENTS):
            add_comment(s, actor=ACTOR, reference=reference,
                        body=f"Checked the register again ({n}); see the note of 12 Nov.")
        for n in range(EVENTS):
            append_event(s, actor=ACTOR, action="field.changed", entity="case",
                         entity_id=reference, case_id=case_id, field="target.employees",
                         old=4000 + n, new=4001 + n, reason=f"Register of {n % 28 + 1} Nov")
    db.dispose()
    return reference


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


MODES = {  # what start-up does: freeze or not, and the collector's thresholds (None: as is)
    "plain": (False, None),
    "frozen": (True, None),
    "frozen+threshold": (True, (10_000, 10, 10)),
}


def child(root: Path, reference: str, cases: int, repeat: int, mode: str) -> dict[str, Any]:
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtTest import QTest

    from approvals.paths import DataDir
    from approvals.store.migrate import open_database
    from approvals.ui.application import freeze_start_up_objects, make_application
    from approvals.ui.case_view import CaseView
    from approvals.ui.main_window import MainWindow
    from approvals.ui.workers import TaskRunner

    frozen, threshold = MODES[mode]
    full: list[float] = []  # each full collection's length, on any thread (it holds the GIL)
    spent = [0.0]  # all collections' time
    began: list[float] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            began.append(time.perf_counter())
        elif began:
            took = time.perf_counter() - began.pop()
            spent[0] += took
            if info["generation"] == 2:
                full.append(took)

    gc.callbacks.append(watch)
    app = make_application()
    data_dir = DataDir(root / "data")
    db = open_database(data_dir)
    runner = TaskRunner(db)
    t0 = time.perf_counter()
    window = MainWindow(runner, data_dir, ACTOR)
    window.show()
    wait(app, lambda: window.model.total >= cases, timeout=300)
    wait(app, lambda: runner.idle, timeout=300)
    listed = time.perf_counter() - t0
    froze = 0.0
    if frozen:
        t0 = time.perf_counter()
        freeze_start_up_objects()
        froze = time.perf_counter() - t0
    if threshold:
        gc.set_threshold(*threshold)
    rss_start = rss_mb()
    keys, key_pauses = [], []
    for round_ in range(repeat):
        window.filter_edit.clear()
        wait(app, lambda: window.model.rowCount() == window.model.total)
        for char in "shang":
            full.clear()
            before = window.model.rowCount()
            t0 = time.perf_counter()
            QTest.keyClick(window.filter_edit, char)
            wait(app, lambda b=before: window.model.rowCount() != b
                 or window.model.needle == window.filter_edit.text().casefold())
            keys.append(time.perf_counter() - t0)
            key_pauses.append(max(full, default=0.0))
        del round_
    window.filter_edit.clear()
    opened, open_pauses, open_gc, rss = [], [], [], []
    views_alive = 0
    for _ in range(repeat):
        full.clear()
        spent[0] = 0.0
        t0 = time.perf_counter()
        view = CaseView(runner, ACTOR, data_dir, reference)
        view.show()
        wait(app, lambda v=view: v.data is not None, timeout=120)
        app.processEvents()
        opened.append(time.perf_counter() - t0)
        open_pauses.append(max(full, default=0.0))
        open_gc.append(spent[0])
        view.close()
        view.deleteLater()
        wait(app, lambda: runner.idle)
        # As the running event loop does: processEvents alone leaves deferred deletes.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        del view
        app.processEvents()
        rss.append(rss_mb())
    gc.collect()
    views_alive = sum(isinstance(o, CaseView) for o in gc.get_objects())
    runner.wait_for_done()
    return {"frozen": frozen, "list_s": listed, "freeze_ms": froze * 1000,
            "frozen_objects": gc.get_freeze_count(),
            "key_ms": statistics.median(keys) * 1000, "key_max_ms": max(keys) * 1000,
            "key_gc_max_ms": max(key_pauses) * 1000,
            "open_ms": statistics.median(opened) * 1000, "open_max_ms": max(opened) * 1000,
            "open_gc_max_ms": max(open_pauses) * 1000,
            "open_gc_total_ms": statistics.median(open_gc) * 1000, "views_alive": views_alive,
            "rss_start_mb": rss_start, "rss_mb": rss}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2, help="processes per mode")
    parser.add_argument("--root", type=Path)
    parser.add_argument("--child", choices=tuple(MODES))
    parser.add_argument("--modes", default="plain,frozen", help=", ".join(MODES))
    parser.add_argument("--reference")
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.root, args.reference, args.cases, args.repeat,
                               args.child)))
        return 0
    root = args.root or Path(tempfile.mkdtemp(prefix="bench-gc-"))
    marker = root / "reference.txt"
    if not marker.exists():
        started = time.perf_counter()
        marker.write_text(make(root, args.cases))
        print(f"made {args.cases:,} cases and the heavy one in "
              f"{time.perf_counter() - started:.0f} s under {root}")
    reference = marker.read_text()
    for _ in range(args.rounds):
        for mode in args.modes.split(","):
            out = subprocess.run(
                [sys.executable, __file__, "--child", mode, "--root", str(root),
                 "--reference", reference, "--cases", str(args.cases),
                 "--repeat", str(args.repeat)],
                check=True, capture_output=True, text=True).stdout
            result = json.loads(out.strip().splitlines()[-1])
            rss = ", ".join(f"{m:.0f}" for m in result["rss_mb"])
            print(f"{mode:16}: list {result['list_s']:.1f} s; freeze {result['freeze_ms']:.0f} ms "
                  f"({result['frozen_objects']:,} objects); keystroke median "
                  f"{result['key_ms']:.0f} ms, max {result['key_max_ms']:.0f} ms "
                  f"(longest full GC {result['key_gc_max_ms']:.0f} ms); heavy case opened "
                  f"median {result['open_ms']:.0f} ms, max {result['open_max_ms']:.0f} ms "
                  f"(longest full GC {result['open_gc_max_ms']:.0f} ms, all GC "
                  f"{result['open_gc_total_ms']:.0f} ms); {result['views_alive']} closed "
                  f"windows alive; RSS "
                  f"{result['rss_start_mb']:.0f} MB, then {rss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
