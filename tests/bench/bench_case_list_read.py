"""The case list's read (services.cases.list_cases) on a large installation, as installed
and with a covering index for the tracks' summary: SQLite's part and Python's part of each
reload, warm and with the database out of the disk cache.

Run: python tests/bench/bench_case_list_read.py [--root /tmp/approvals-scale] [--repeat 7]
         [--columns "case_id, id, ..."] [--profile]

--root is an installation built by bench_scale.py (built there first when missing: 100,000
cases, 171,430 tracks, 1,000,000 events); opening it migrates it to this version. The
"candidate" is a copy of its database (made once, in ROOT/candidate) where an index on
--columns replaces ix_filing_tracks_list, made first so that its pages are new ones in
order, as a migration would make it. By default it covers the tracks' summary
(services.cases._LIST_TRACKS_SQL): outcome and due_estimated, which ix_filing_tracks_list
lacks, and id second, which keeps each case's tracks in track order (the order of a case's
blockers). The two take turns, round by round, so both run under the same load on a shared
machine; the bench stops if their rows differ.

Per reload, CPU time of this thread (the machine is shared: wall clock swings with the
load, CPU time much less), median of --repeat (fastest in brackets):
- SQLite: list_cases's four statements (services.cases._read_list), the rows as the
  sqlite3 module hands them over;
- Python: the rest of list_cases (the rows made, services.cases._rows, and the garbage
  collection that follows the read's pause);
both with the collector paused by the caller (the window's reload, ui.main_window.load_list)
and running (`approvals case list`, the CSV export); and the tracks' statement alone, the one
the index is for. Then the wall clock of a read with the database file dropped from the
disk cache (posix_fadvise, this file's pages only: the first reload after the computer
starts) and how much it read from the disk (Linux's /proc/self/io), and `EXPLAIN QUERY
PLAN` of the tracks' read. --profile prints cProfile's report of one read of each (where
the time goes; its own cost per call inflates the Python part).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_scale  # noqa: E402

from approvals.paths import DataDir  # noqa: E402
from approvals.services import cases as cases_service  # noqa: E402
from approvals.store.db import Database, make_engine  # noqa: E402
from approvals.store.migrate import open_database  # noqa: E402

CANDIDATE = "ix_filing_tracks_case_list"
COVERING = ("case_id, id, regime, kind, state, due_date, completed_on, outcome, "
            "due_estimated")
CLOCK = time.thread_time


def _candidate_copy(data_dir: DataDir, root: Path, columns: str) -> DataDir:
    """ROOT/candidate/data: the installation's database with the candidate index in place
    of ix_filing_tracks_list (made again when --columns changes)."""
    candidate = DataDir(root / "candidate" / "data")
    wanted = f"CREATE INDEX {CANDIDATE} ON filing_tracks ({columns})"
    if candidate.database.exists():
        con = sqlite3.connect(candidate.database)
        made = con.execute("SELECT sql FROM sqlite_master WHERE name = ?",
                           (CANDIDATE,)).fetchone()
        con.close()
        if made == (wanted,):
            return candidate
        candidate.database.unlink()
    candidate.root.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    source = sqlite3.connect(data_dir.database)
    source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    source.close()
    partial = candidate.database.with_suffix(".partial")
    shutil.copyfile(data_dir.database, partial)
    con = sqlite3.connect(partial)
    with con:
        con.execute(wanted)
        con.execute("DROP INDEX ix_filing_tracks_list")
    con.close()
    partial.rename(candidate.database)
    print(f"made {candidate.database} ({columns}) in {time.perf_counter() - t0:.0f} s")
    return candidate


@contextmanager
def _timed_reads(spent: list[float]) -> Iterator[None]:
    """Time list_cases's four statements (services.cases._read_list) as it runs them."""
    real = cases_service._read_list

    def timed(*args: Any, **kwargs: Any) -> Any:
        t0 = CLOCK()
        try:
            return real(*args, **kwargs)
        finally:
            spent.append(CLOCK() - t0)

    cases_service._read_list = timed
    try:
        yield
    finally:
        cases_service._read_list = real


def reload(db: Database, *, caller_paused: bool) -> tuple[float, float, list[Any]]:
    """One read of the whole list: (SQLite, Python) CPU seconds and the rows."""
    spent: list[float] = []
    with db.read_session() as session, _timed_reads(spent):
        session.connection()  # the transaction begins outside the timing
        if caller_paused:
            gc.disable()
        t0 = CLOCK()
        try:
            rows = cases_service.list_cases(session)
            total = CLOCK() - t0
        finally:
            gc.enable()
    return spent[0], total - spent[0], rows


def _disk_read_bytes() -> int:
    """What this process has read from the disk itself (Linux), not from the disk cache."""
    try:
        for line in Path("/proc/self/io").read_text().splitlines():
            if line.startswith("read_bytes:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tracks_read(db: Database) -> float:
    """CPU time of the tracks' summary alone (list_cases's statement for the whole list)."""
    with db.read_session() as session:
        driver = session.connection().connection.driver_connection
        assert driver is not None
        cursor = driver.cursor()
        gc.disable()  # as list_cases reads it
        try:
            t0 = CLOCK()
            cursor.execute(cases_service._LIST_TRACKS_SQL.format(where="")).fetchall()
            return CLOCK() - t0
        finally:
            gc.enable()
            cursor.close()


def cold_read(db: Database) -> tuple[float, int]:
    """Wall clock of a read with the database file out of the disk cache, and the bytes
    read from the disk meanwhile."""
    db.engine.dispose()  # no connection (nor SQLite's own page cache) keeps pages
    bench_scale._drop_from_cache(db.data_dir)
    with db.read_session() as session:
        read_before, t0 = _disk_read_bytes(), time.perf_counter()
        cases_service.list_cases(session)
        return time.perf_counter() - t0, _disk_read_bytes() - read_before


def tracks_plan(db: Database) -> list[str]:
    with db.engine.connect() as conn:
        sql = cases_service._LIST_TRACKS_SQL.format(where="")
        return [str(r[3]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]


def profile(db: Database) -> None:
    with db.read_session() as session:
        session.connection()
        profiler = cProfile.Profile()  # wall clock: a CPU-time timer per call costs more
        profiler.runcall(cases_service.list_cases, session)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(8)


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:,.0f} ms ({min(values) * 1000:,.0f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The case list's read, with a covering index")
    parser.add_argument("--root", type=Path, default=Path("/tmp/approvals-scale"))
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--columns", default=COVERING,
                        help="the candidate index's columns on filing_tracks")
    parser.add_argument("--profile", action="store_true", help="cProfile one read of each")
    args = parser.parse_args(argv)
    if REPO in args.root.resolve().parents:
        parser.error("keep the data outside the repository (--root)")
    data_dir = DataDir(args.root / "data")
    if not data_dir.database.exists():
        t0 = time.perf_counter()
        bench_scale.build(args.root, cases=100_000, events=1_000_000, documents=20_000,
                          users=50, seed=7)
        print(f"built {args.root} in {time.perf_counter() - t0:.0f} s")
    open_database(data_dir).dispose()  # migrated to this version first
    candidate_dir = _candidate_copy(data_dir, args.root, args.columns)
    dbs = {"as installed": Database(data_dir, open_database(data_dir).engine),
           "candidate": Database(candidate_dir, make_engine(candidate_dir.database))}
    results: dict[str, dict[str, list[float]]] = {name: {} for name in dbs}
    rows: dict[str, list[Any]] = {}
    try:
        for name, db in dbs.items():
            print(f"{name}: tracks read as {'; '.join(tracks_plan(db))}")
            reload(db, caller_paused=True)  # warm: the disk cache, the compiled statements
        for _ in range(args.repeat):
            for name, db in dbs.items():  # in turn: the same load for both
                out = results[name]
                for paused in (True, False):
                    sqlite_s, python_s, rows[name] = reload(db, caller_paused=paused)
                    key = "collector paused by the caller" if paused else "collector running"
                    out.setdefault(f"SQLite, {key}", []).append(sqlite_s)
                    out.setdefault(f"Python, {key}", []).append(python_s)
                    out.setdefault(f"whole read, {key}", []).append(sqlite_s + python_s)
                out.setdefault("the tracks' summary alone (SQLite)", []).append(tracks_read(db))
        read_from_disk: dict[str, int] = {}
        for _ in range(max(1, args.repeat // 2)):
            for name, db in dbs.items():
                seconds, read_from_disk[name] = cold_read(db)
                results[name].setdefault("not in the disk cache (wall clock)", []).append(
                    seconds)
        if rows["as installed"] != rows["candidate"]:
            raise SystemExit("the rows differ with the candidate index")
        print(f"\n{len(rows['candidate']):,} cases; CPU time per read, median of "
              f"{args.repeat} (fastest in brackets); the rows are the same, field for field")
        print(f"{'read':<50} {'as installed':>18} {'candidate':>18}")
        for key in results["candidate"]:
            print(f"{key:<50} {_ms(results['as installed'][key]):>18} "
                  f"{_ms(results['candidate'][key]):>18}")
        print(f"{'read from the disk, not in the disk cache':<50} "
              f"{read_from_disk['as installed'] / 2**20:>15,.1f} MB "
              f"{read_from_disk['candidate'] / 2**20:>15,.1f} MB")
        if args.profile:
            for name, db in dbs.items():
                print(f"\ncProfile, {name}:")
                profile(db)
    finally:
        for db in dbs.values():
            db.dispose()
    if hasattr(os, "getloadavg"):
        print(f"\nmachine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
