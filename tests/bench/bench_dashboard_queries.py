"""The dashboard's chart query and the case list's closed refusals, with and without the
indexes made for them (migration 0009), on a large installation; and what the dashboard
and the case list read as a whole. Prints each read's time and the query plan of every
statement it runs (EXPLAIN QUERY PLAN; without the indexes, only the plans that differ).

Run: python tests/bench/bench_dashboard_queries.py [--root /tmp/approvals-scale] [--repeat 5]
         [--closed 0.9] [--refused 0.01] [--no-plans]

--root is an installation built by bench_scale.py (built there first when missing: 100,000
cases, 171,430 tracks, 1,000,000 events). Opening it migrates it to this version (the
first time: a copy of the database in backups/, then the new migrations; timed).

Each round runs every read once per variant, each variant in a read transaction that is
rolled back, so the installation is left as it was; the variants take turns, so that both
run under the same load on a shared machine:
- "as built": the tracks as bench_scale makes them (7,143 of 171,430 closed, none after a
  refusal);
- "years later" (--closed, --refused): most tracks closed, a few of them after a refusal
  (a `track.transition` event from `prohibited`, as the workflow records it), as in an
  office that has kept its cases for years.
each as installed ("with") and with the new indexes dropped inside the
transaction ("without": the schema before migration 0009, on the same data, same load).
The results of the two must be equal; the bench stops if they are not.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from approvals.paths import DataDir  # noqa: E402
from approvals.services.cases import _LIST_CLOSED_REFUSALS_SQL, list_cases  # noqa: E402
from approvals.services.workspace import track_states  # noqa: E402
from approvals.store.migrate import current_revision, open_database  # noqa: E402
from approvals.ui.dashboard import load_dashboard  # noqa: E402
from approvals.ui.main_window import load_list  # noqa: E402

# The indexes of migration 0009 ("without" drops them inside the rolled-back transaction).
NEW_INDEXES = ("ix_filing_tracks_chart", "ix_events_refusals")
_FRESH = itertools.count()  # makes each EXPLAIN's text new (see _plan)


def _driver(session: Any) -> Any:
    return session.connection().connection.driver_connection


def closed_refusals(session: Any) -> list[tuple[int, str]]:
    """The case list's query alone (all cases), as list_cases runs it."""
    cursor = _driver(session).cursor()
    try:
        return cursor.execute(_LIST_CLOSED_REFUSALS_SQL.format(where="")).fetchall()
    finally:
        cursor.close()


def _count(result: Any) -> int:
    if hasattr(result, "prepared"):  # load_list
        return len(result.prepared.rows)
    if hasattr(result, "tracks"):  # load_dashboard
        return len(result.tracks) + len(result.expected)
    return len(result)


def _same(result: Any) -> Any:
    """What must not change with the indexes: the rows each read returns."""
    if hasattr(result, "prepared"):
        return _count(result)
    if hasattr(result, "tracks"):
        return (result.states, len(result.tracks), len(result.expected))
    if result and hasattr(result[0], "blocked"):  # list_cases: every row's blockers
        return [(r.reference, r.blocked) for r in result]
    return sorted(result)


READS: list[tuple[str, Callable[[Any], Any]]] = [
    ("chart query (track_states)", track_states),
    ("closed refusals query", closed_refusals),
    ("dashboard load (load_dashboard)", load_dashboard),
    ("case list read (list_cases)", list_cases),
    ("case list load (load_list)", load_list),
]


def _years_later(session: Any, closed: float, refused: float) -> str:
    """Close most tracks, a few of them after a refusal (rolled back with the transaction)."""
    conn = _driver(session)
    every = max(1, round(1 / max(1e-9, 1 - closed))) if closed < 1 else 0
    conn.execute("UPDATE filing_tracks SET state = 'closed'"
                 + (f" WHERE id % {every} != 0" if every else ""))
    per = max(1, round(1 / refused)) if refused > 0 else 0
    if per:
        conn.execute(
            "INSERT INTO events (occurred_at, actor, role, action, entity, entity_id, case_id, "
            "track_id, old_value, new_value, reason, details, prev_hash, hash) "
            "SELECT '2026-11-01T09:00:00Z', 'bench', 'approver', 'track.transition', 'track', "
            "id, case_id, id, '\"prohibited\"', '\"closed\"', 'refused', '{}', '', '' "
            f"FROM filing_tracks WHERE state = 'closed' AND id % {per} = 1")
    return _describe(session)


def _describe(session: Any) -> str:
    conn = _driver(session)
    total, shut = conn.execute(
        "SELECT count(*), sum(state = 'closed') FROM filing_tracks").fetchone()
    refusals = len(closed_refusals(session))
    return f"{shut:,} of {total:,} tracks closed, {refusals:,} of them after a refusal"


def _plan(conn: Any, sql: str) -> list[str]:
    # A fresh statement each time: an EXPLAIN from the connection's statement cache is not
    # prepared again after DROP INDEX (it does not check the schema), so it would show the
    # dropped index still in use.
    rows = conn.execute(f"EXPLAIN QUERY PLAN {sql} -- {next(_FRESH)}").fetchall()
    depth: dict[int, int] = {0: 0}
    out = []
    for node, parent, _unused, detail in rows:
        depth[node] = depth.get(parent, 0) + 1
        out.append("  " * depth[node] + detail)
    return out


def _statements(session: Any, read: Callable[[Any], Any]) -> list[str]:
    """The distinct statements a read runs (with their values, as SQLite expands them); one
    of each shape, a statement run once per row differing only in its numbers."""
    seen: dict[str, str] = {}
    conn = _driver(session)
    conn.set_trace_callback(lambda s: seen.setdefault(re.sub(r"\b\d+\b", "?", s), s))
    try:
        read(session)
    finally:
        conn.set_trace_callback(None)
    return [s for s in seen.values() if s.lstrip().upper().startswith(("SELECT", "WITH"))]


def _short(sql: str, width: int = 150) -> str:
    one = " ".join(sql.split())
    return one if len(one) <= width else one[:width - 1] + "…"


def run_variant(db: Any, *, years_later: bool, without: bool, args: argparse.Namespace,
                plans: dict[str, list[list[str]]] | None,
                ) -> tuple[str, dict[str, tuple[float, Any]]]:
    """Each read once, in a transaction of its own that is rolled back; with `plans`, the
    plans of the statements each read runs too."""
    out: dict[str, tuple[float, Any]] = {}
    with db.read_session() as session:  # rolled back on leaving
        conn = _driver(session)
        session.connection()  # the transaction begins here: the changes below are in it
        described = (_years_later(session, args.closed, args.refused) if years_later
                     else _describe(session))
        if without:
            present = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index'")}
            for name in NEW_INDEXES:
                if name in present:
                    conn.execute(f"DROP INDEX {name}")
        for name, read in READS:
            start = time.perf_counter()
            result = read(session)
            out[name] = (time.perf_counter() - start, result)
            if plans is not None:
                key = (f"{name}, {'years later' if years_later else 'as built'}, "
                       f"{'without' if without else 'with'} the new indexes")
                plans[key] = [[_short(sql), *_plan(conn, sql)]
                              for sql in _statements(session, read)]
    return described, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Chart and closed-refusal queries")
    parser.add_argument("--root", type=Path, default=Path("/tmp/approvals-scale"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--closed", type=float, default=0.9,
                        help="share of tracks closed in the 'years later' variant")
    parser.add_argument("--refused", type=float, default=0.01,
                        help="share of the closed tracks closed after a refusal")
    parser.add_argument("--no-plans", action="store_true", help="skip the query plans")
    args = parser.parse_args(argv)
    if REPO in args.root.resolve().parents:
        parser.error("keep the data outside the repository (--root)")
    data_dir = DataDir(args.root / "data")
    if not data_dir.database.exists():
        import bench_scale

        t0 = time.perf_counter()
        bench_scale.build(args.root, cases=100_000, events=1_000_000, documents=20_000,
                          users=50, seed=7)
        print(f"built {args.root} in {time.perf_counter() - t0:.0f} s")
    from approvals.store.db import make_engine

    engine = make_engine(data_dir.database)
    before = current_revision(engine)
    engine.dispose()
    t0 = time.perf_counter()
    db = open_database(data_dir)
    opened = time.perf_counter() - t0
    after = current_revision(db.engine)
    print(f"opened {data_dir.database} ({data_dir.database.stat().st_size / 2**20:,.0f} MB) "
          f"in {opened:.1f} s" + (f", migrated {before} -> {after} (with the copy in "
                                  "backups/)" if before != after else f", at {after}"))
    plans: dict[str, list[list[str]]] = {}  # each statement: its text, then its plan
    try:
        for years_later in (False, True):
            # With and without in turn, round by round: both under the same load.
            times: dict[bool, dict[str, list[float]]] = {False: {}, True: {}}
            results: dict[bool, dict[str, Any]] = {False: {}, True: {}}
            described = ""
            for n in range(args.repeat):
                for without in (False, True):
                    described, out = run_variant(
                        db, years_later=years_later, without=without, args=args,
                        plans=None if n or args.no_plans else plans)
                    for name, (seconds, result) in out.items():
                        times[without].setdefault(name, []).append(seconds)
                        results[without][name] = result
            title = "years later" if years_later else "as built"
            print(f"\n{title}: {described}; median of {args.repeat} (max)")
            print(f"{'read':<34} {'rows':>8} {'with the indexes':>20} {'without':>20}")
            for name, _read in READS:
                r_with, r_without = results[False][name], results[True][name]
                if _same(r_with) != _same(r_without):
                    raise SystemExit(f"{name}: the result differs without the indexes")
                print(f"{name:<34} {_count(r_with):>8,} {_ms(times[False][name]):>20} "
                      f"{_ms(times[True][name]):>20}", flush=True)
    finally:
        db.dispose()
    for key, statements in plans.items():
        if key.endswith("without the new indexes"):  # only where the plan is not the same
            same = plans[key.replace("without the", "with the")]
            statements = [st for st in statements if st not in same]
            if not statements:
                print(f"\nEXPLAIN QUERY PLAN, {key}: the same plans")
                continue
        print(f"\nEXPLAIN QUERY PLAN, {key}:")
        for line in (line for st in statements for line in st):
            print("  " + line)
    if hasattr(os, "getloadavg"):
        print(f"\nmachine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    return 0


def _ms(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:.1f} ms ({max(times) * 1000:.0f})"


if __name__ == "__main__":
    raise SystemExit(main())
