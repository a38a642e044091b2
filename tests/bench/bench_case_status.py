"""The case list's blocking outcomes at scale: 100,000 cases (tests/bench/bench_ui.py's
data), a share of them with a refused technology export, open or closed after the refusal
(with the audit events a close leaves), and screening prohibitions.

Run: python tests/bench/bench_case_status.py [--cases 100000] [--repeat 5]

Prints how long the worker's read of the whole list takes (services.cases.list_cases, with
the closed refusals found through the events) and the prepared rows (ui.case_list), and
how many rows say "blocked".
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from approvals.paths import DataDir
from approvals.services.cases import list_cases
from approvals.store.migrate import open_database
from approvals.ui.case_list import prepare_rows
from tests.bench.bench_ui import generate

NOW = "2026-11-01T09:00:00Z"


def add_outcomes(db_path: Path, n: int, seed: int, share: float) -> None:
    """For a `share` of the cases: a refused technology export (half of them closed since,
    with the transition events), and as many closed clearances (events too), and a share
    of US notifications the screening prohibits."""
    rng = random.Random(seed)
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA synchronous=OFF")
    events = []
    for case_id in rng.sample(range(1, n + 1), int(n * share * 2)):
        refused = rng.random() < 0.5
        closed = rng.random() < 0.5
        state = "closed" if closed else ("prohibited" if refused else "cleared")
        kind = "CN-TECH-EXPORT" if refused else "CN-SAMR"
        cur = con.execute(
            "INSERT INTO filing_tracks (case_id, regime, kind, outcome, state, created_at, "
            "updated_at, clock_pauses, due_estimated, version, completed_on) "
            "VALUES (?,?,?,?,?,?,?,'[]',0,1,?)",
            (case_id, kind, kind, "approval_required", state, NOW, NOW, "2026-10-01"))
        path = ["draft", "internal_review", "approved_for_filing", "filed",
                "application_review" if refused else "phase_1_review",
                "prohibited" if refused else "cleared"] + (["closed"] if closed else [])
        for old, new in itertools.pairwise(path):
            events.append((NOW, "bench", "track.transition", "track", str(cur.lastrowid),
                           case_id, cur.lastrowid, "state", f'"{old}"', f'"{new}"'))
    con.executemany(
        "INSERT INTO events (occurred_at, actor, role, action, entity, entity_id, case_id, "
        "track_id, field, old_value, new_value, reason, details, prev_hash, hash) "
        "VALUES (?,?,'',?,?,?,?,?,?,?,?,'','{}','','')", events)
    con.execute("UPDATE filing_tracks SET outcome = 'prohibited' WHERE kind = 'US-OISP' "
                "AND id % ? = 0", (int(1 / share),))
    con.commit()
    con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Case list blocking outcomes at scale")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--share", type=float, default=0.05)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = DataDir(Path(tmp) / "data").ensure()
        open_database(data_dir).dispose()
        generate(data_dir.database, args.cases, args.seed)
        add_outcomes(data_dir.database, args.cases, args.seed, args.share)
        db = open_database(data_dir)
        reads, prepares, rows = [], [], []
        for _ in range(args.repeat):
            with db.read_session() as session:
                t0 = time.perf_counter()
                rows = list_cases(session)
                reads.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            prepare_rows(rows)
            prepares.append(time.perf_counter() - t0)
        db.dispose()
    blocked = sum(1 for r in rows if r.blocked)
    closed = sum(1 for r in rows if r.worst_state == "closed" and r.blocked)
    print(f"{args.cases:,} cases, {blocked:,} blocked ({closed:,} with every track ended)")
    print(f"list_cases (read)     median {statistics.median(reads) * 1000:6.0f} ms  "
          f"best {min(reads) * 1000:6.0f} ms")
    print(f"prepare_rows          median {statistics.median(prepares) * 1000:6.0f} ms  "
          f"best {min(prepares) * 1000:6.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
