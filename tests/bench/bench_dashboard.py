"""Deadlines dashboard read speed with many cases: what its worker reads (open deadlines,
tracks by state, and the expected US notifications with their projected due dates).

Run: python tests/bench/bench_dashboard.py [--cases 100000] [--repeat 5]

Generates the cases as bench_ui.py does (one to three tracks each; about a quarter of the
cases have a US-OISP track, most with no completion date recorded), then times each read.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ui import generate

from approvals.paths import DataDir
from approvals.services.workspace import (
    expected_notifications,
    open_deadlines,
    track_states,
)
from approvals.store.migrate import open_database


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Deadlines dashboard read speed")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = DataDir(Path(tmp) / "data").ensure()
        open_database(data_dir).dispose()
        generate(data_dir.database, args.cases, args.seed)
        db = open_database(data_dir)
        print(f"{args.cases:,} cases")
        for name, read in (("open deadlines", open_deadlines), ("tracks by state", track_states),
                           ("expected US notifications", expected_notifications)):
            times, count = [], 0
            for _ in range(args.repeat):
                with db.read_session() as session:
                    start = time.perf_counter()
                    count = len(read(session))
                    times.append(time.perf_counter() - start)
            print(f"{name:28} {count:>7,} rows  median {statistics.median(times) * 1000:7.0f} ms"
                  f"  max {max(times) * 1000:7.0f} ms")
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
