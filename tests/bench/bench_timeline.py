"""The case window's Timeline with a long audit trail.

Run: QT_QPA_PLATFORM=offscreen python tests/bench/bench_timeline.py [--events 5000]

Loads the demo cases, then fills one case window's Timeline with that many events (the
demo case's own, repeated with long old/new values and several-line reasons) and
measures, with the real widgets: filling the table, one keystroke in its filter, and
showing the selected event in the details pane.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.services.demo import load_demo
from approvals.store.audit import Actor
from approvals.store.migrate import open_database
from approvals.ui.case_view import CaseView
from approvals.ui.workers import TaskRunner

ACTOR = Actor(username="bench", roles=("preparer", "reviewer", "approver", "admin"))


def pump(app: QApplication, until, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not until():
        if time.monotonic() > end:
            raise TimeoutError("the case window did not load")
        app.processEvents()
        time.sleep(0.005)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    folder = DataDir(Path(tempfile.mkdtemp())).ensure()
    db = open_database(folder)
    with db.session() as session:
        references = load_demo(session, actor=ACTOR).created
    runner = TaskRunner(db)
    view = CaseView(runner, ACTOR, folder, references[1])
    view.resize(1280, 800)
    view.show()
    pump(app, lambda: view.data is not None and runner.idle)
    assert view.data is not None
    view.tabs.setCurrentWidget(view.timeline_page)  # its controls are made when first shown
    data = view.data
    base = data.bundle.events
    long_value = "x" * 300
    events = []
    for i in range(args.events):
        e = base[i % len(base)]
        extra = {}
        if i % 3 == 0:
            extra = {"reason": f"Line one of reason {i}\nline two\nline three",
                     "old_value": long_value, "new_value": long_value + " changed",
                     "action": "field.changed", "field": "deal.amount.value"}
        events.append(dataclasses.replace(e, id=i + 1, **extra))
    bundle = dataclasses.replace(data.bundle, events=events)
    fill, keys, details = [], [], []
    for n in range(args.repeat):
        t = time.perf_counter()
        view._show_timeline(bundle, data.tracks)
        app.processEvents()
        fill.append(time.perf_counter() - t)
        t = time.perf_counter()
        view.timeline_filter.setText("line")
        app.processEvents()
        keys.append(time.perf_counter() - t)
        view.timeline_filter.clear()
        app.processEvents()
        t = time.perf_counter()
        view.timeline.selectRow(len(events) // 2 + n)  # a row not selected before
        app.processEvents()
        details.append(time.perf_counter() - t)
    print(f"{args.events:,} events in the Timeline")
    print(f"fill the table      median {statistics.median(fill) * 1000:7.1f} ms")
    print(f"one filter keystroke median {statistics.median(keys) * 1000:7.1f} ms")
    print(f"select an event     median {statistics.median(details) * 1000:7.1f} ms")
    runner.wait_for_done()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
