"""What leaving closed cases out costs the deadlines dashboard and the case list: the
queries of services.workspace (open tracks, open conditions) and services.cases (the
list's cases) with the status test as it was (`status != 'draft'`) and as it is now
(`status NOT IN ('draft', 'closed', 'discarded')`), on a synthetic installation. Prints
each query's median time and its plan (EXPLAIN QUERY PLAN), which must not change.

Run: python tests/bench/bench_case_lifecycle.py [--cases 50000] [--closed 0.3] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from approvals.paths import DataDir  # noqa: E402
from approvals.services.workspace import _OPEN_OBLIGATIONS_SQL, _OPEN_TRACKS_SQL  # noqa: E402
from approvals.store.migrate import open_database  # noqa: E402

NEW = "NOT IN ('draft', 'closed', 'discarded')"
OLD = "!= 'draft'"


def build(root: Path, cases: int, closed: float) -> Path:
    """`cases` cases (a share of them closed, their tracks withdrawn), 1.7 tracks each,
    a condition on every tenth track; inserted directly (no services: only the reads are
    measured)."""
    db = open_database(DataDir(root).ensure())
    db.dispose()
    import sqlite3

    conn = sqlite3.connect(root / "approvals.db")
    rnd = random.Random(7)
    case_rows, track_rows, obligation_rows = [], [], []
    track_id = 0
    for n in range(1, cases + 1):
        is_closed = rnd.random() < closed
        status = "closed" if is_closed else rnd.choice(["open"] * 8 + ["completed", "draft"])
        case_rows.append((n, f"AP-2026-{n:06d}", "{}", status, "alice", f"Target {n}",
                          "Fund", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"))
        for regime in ("CN-FISR", "US-OISP")[: 1 + (n % 10 < 7)]:
            track_id += 1
            state = "withdrawn" if is_closed else rnd.choice(["draft", "filed", "general_review"])
            done = "2026-06-01" if is_closed else None
            due = None if is_closed else f"2026-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
            track_rows.append((track_id, n, regime, regime, "approval_required", state, due,
                               done))
            if track_id % 10 == 0:
                obligation_rows.append((track_id, "Keep the data in China", due))
    conn.executemany("INSERT INTO cases (id, reference, facts, status, owner, target_name, "
                     "investor_name, created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,?,?,1)",
                     case_rows)
    conn.executemany("INSERT INTO filing_tracks (id, case_id, regime, kind, outcome, state, "
                     "due_date, completed_on, clock_pauses, due_estimated, created_at, "
                     "updated_at, version) VALUES (?,?,?,?,?,?,?,?,'[]',0,'','',1)",
                     track_rows)
    conn.executemany("INSERT INTO obligations (track_id, text, due_date, status, created_at) "
                     "VALUES (?,?,?,'open','')", obligation_rows)
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()
    return root / "approvals.db"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--closed", type=float, default=0.3)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    import sqlite3

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        path = build(Path(tmp) / "data", args.cases, args.closed)
        print(f"built {args.cases:,} cases ({args.closed:.0%} closed) in "
              f"{time.perf_counter() - t0:.1f} s")
        conn = sqlite3.connect(path)
        queries = {
            "dashboard: open tracks": _OPEN_TRACKS_SQL.text,
            "dashboard: open conditions": _OPEN_OBLIGATIONS_SQL.text,
            "case list: cases (no drafts)": "SELECT id, reference, status FROM cases "
                                            f"WHERE status {NEW} ORDER BY reference",
        }
        for name, sql in queries.items():
            variants = {"before (!= 'draft')": sql.replace(NEW, OLD), "now (NOT IN)": sql}
            times: dict[str, list[float]] = {v: [] for v in variants}
            counts = {}
            for _ in range(args.repeat):  # the variants take turns, under the same load
                for variant, text in variants.items():
                    start = time.perf_counter()
                    counts[variant] = len(conn.execute(text).fetchall())
                    times[variant].append(time.perf_counter() - start)
            print(f"\n{name}")
            for variant, text in variants.items():
                plan = " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + text))
                print(f"  {variant:22} {statistics.median(times[variant]) * 1000:8.1f} ms  "
                      f"{counts[variant]:>8,} rows  plan: {plan}")
        conn.close()


if __name__ == "__main__":
    main()
