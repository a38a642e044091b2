"""Start-up time with a large installation: from opening the data folder until the window
could show, and until its case list shows, cold (the database not in the disk cache, as
after the computer starts) and warm.

Run: python tests/bench/bench_start.py [--root /tmp/approvals-scale] [--repeat N]
         [--baseline OLD_CHECKOUT]

--root is an installation built by tests/bench/bench_scale.py (100,000 cases, 1,000,000
events, about 2 GB); it is only read, never migrated here (its revision must be this
version's head). --baseline measures an earlier checkout (`git archive COMMIT | tar -x -C
DIR`) on the same folder, in turn with this one, under the same load.

Each measurement is a fresh process: it drops the database from the disk cache (cold:
posix_fadvise DONTNEED on approvals.db and its WAL, only that file's pages, so other work
on the machine keeps its cache) or reads it all first (warm), then times what run_gui does
after the sign-in: `_open_data_folder` (finish an interrupted restore, open and check the
database, sweep leftovers) — the window can show once it returns — then the main window
over the officer's 100,000 cases until its first rows and its whole list show. With this
version the whole-file check runs in the background (ui.integrity); "with the check" starts
it as run_gui does, before the sign-in (taken as instant here, the worst case for the case
list, which then loads while the check reads the disk), and says when it ended.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[2]
OFFICER = "bench.officer"  # bench_scale.py's officer, with every role
ROLES = ("preparer", "reviewer", "approver", "admin")


def _drop_from_cache(database: Path) -> None:
    for path in (database, Path(f"{database}-wal")):
        if path.exists():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def _read_all(database: Path) -> None:
    with database.open("rb") as fh:
        while fh.read(1 << 24):
            pass


def child(root: Path, code: Path, cold: bool, with_check: bool) -> dict[str, Any]:
    sys.path.insert(0, str(code))
    from PySide6.QtCore import QCoreApplication

    from approvals.paths import DataDir
    from approvals.store.audit import Actor
    from approvals.ui import application
    from approvals.ui.main_window import MainWindow
    from approvals.ui.workers import TaskRunner

    data_dir = DataDir(root / "data")
    (_drop_from_cache if cold else _read_all)(data_dir.database)
    app = application.make_application()
    t0 = time.perf_counter()
    opened = application._open_data_folder(data_dir)
    marks: dict[str, Any] = {"window could show": time.perf_counter() - t0}
    db: Any = getattr(opened, "db", opened)  # the earlier version returned the Database
    runner = TaskRunner(db)
    if with_check:  # as run_gui starts it: before the sign-in (taken as instant here)
        from approvals.ui.integrity import IntegrityWatch

        watch = IntegrityWatch(runner, data_dir)
        watch.passed.connect(lambda: marks.setdefault("check ended", time.perf_counter() - t0))
        watch.problem_found.connect(lambda p: marks.setdefault("check found", p))
        watch.start()
    window = MainWindow(runner, data_dir, Actor(OFFICER, ROLES))
    window.show()
    window.first_rows_shown.connect(
        lambda _n: marks.setdefault("first rows", time.perf_counter() - t0))
    window.cases_loaded.connect(
        lambda _n: marks.setdefault("whole list", time.perf_counter() - t0))
    wanted = {"whole list", "check ended"} if with_check else {"whole list"}
    deadline = time.monotonic() + 300
    while not wanted <= marks.keys() and "check found" not in marks:
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out; got {marks}")
        app.processEvents()
        time.sleep(0.005)
    runner.wait_for_done()
    QCoreApplication.processEvents()
    window.close()
    db.dispose()
    return marks


def measure(root: Path, code: Path, cold: bool, with_check: bool) -> dict[str, Any]:
    args = [sys.executable, __file__, "--root", str(root), "--child", "--code", str(code)]
    args += ["--cold"] if cold else []
    args += ["--with-check"] if with_check else []
    done = subprocess.run(args, capture_output=True, text=True, cwd=REPO)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit("a measurement failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _shown(marks: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v:6.2f}s" if isinstance(v, float) else f"{k}: {v}"
                     for k, v in marks.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start-up time with a large installation")
    parser.add_argument("--root", type=Path, default=Path("/tmp/approvals-scale"))
    parser.add_argument("--repeat", type=int, default=1,
                        help="measure each case this many times and show the fastest")
    parser.add_argument("--baseline", type=Path, metavar="CODE",
                        help="an earlier checkout, measured in turn with this one")
    parser.add_argument("--code", type=Path, default=REPO, help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cold", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--with-check", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.root, args.code, args.cold, args.with_check)))
        return 0
    database = args.root / "data" / "approvals.db"
    print(f"installation: {database} ({database.stat().st_size / 2**20:,.0f} MB)")
    cases = [("cold", True, False), ("warm", False, False), ("cold, with the check", True, True),
             ("warm, with the check", False, True)]
    for label, cold, with_check in cases:
        versions = [("this version", REPO)]
        if args.baseline is not None and not with_check:
            versions.insert(0, ("baseline", args.baseline))
        results: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in versions}
        for _ in range(args.repeat):
            for name, code in versions:  # in turn: the same load for both
                results[name].append(measure(args.root, code, cold, with_check))
        for name, runs in results.items():
            best = min(runs, key=lambda r: r["window could show"])
            print(f"{label:<22} {name:<13} {_shown(best)}", flush=True)
    if hasattr(os, "getloadavg"):
        print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
