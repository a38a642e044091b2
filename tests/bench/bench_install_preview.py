"""What a rulebook update's install preview costs at scale: comparing the open cases under
the rulebook in use and the update's, today and on up to three later dates.

Run: python tests/bench/bench_install_preview.py --root /tmp/approvals-scale [--days 4]
     [--old]

--root is an installation tests/bench/bench_scale.py built (its `data` folder; opened
read-only, nothing is written). The update is the shipped rulebook with two thresholds
changed (US-OISP's notifiable training compute and CN-FISR's control stake), as
tests/unit/test_rules8_install_preview_compare.py makes it. Times
services.screening.compare_open_cases over --days dates (today, then a year apart); with
--old also the way plan_install worked before it: two full re-screenings of every open
case (check_open_cases, once with each rulebook) per date.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from approvals.domain.rulebook import default_rulebook
from approvals.paths import DataDir
from approvals.services.screening import check_open_cases, compare_open_cases
from approvals.store.migrate import open_database
from tests.unit.test_rules8_install_preview_compare import edited_book


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, default=Path("/tmp/approvals-scale"))
    parser.add_argument("--days", type=int, default=4)
    parser.add_argument("--old", action="store_true")
    args = parser.parse_args()
    db = open_database(DataDir(args.root / "data"))
    old = default_rulebook()
    days = [date.today() + timedelta(days=365 * i) for i in range(args.days)]
    with tempfile.TemporaryDirectory() as tmp:
        new = edited_book(Path(tmp))
        steps: list[float] = []
        start = time.perf_counter()
        with db.read_session() as s:
            found = compare_open_cases(session=s, current=old, new=new, days=days,
                                       progress=lambda f, _m: steps.append(f))
        took = time.perf_counter() - start
        print(f"compare_open_cases, {len(days)} dates: {took:8.1f} s "
              f"({len(steps)} progress reports; changes per date: {[len(c) for c in found]})")
        if args.old:
            start = time.perf_counter()
            with db.read_session() as s:
                cases = 0
                for day in days:
                    for book in (old, new):
                        cases = check_open_cases(session=s, as_of=day, rulebook=book).open_cases
            took_old = time.perf_counter() - start
            print(f"before (2 x check_open_cases a date): {took_old:8.1f} s over {cases:,} open "
                  f"cases ({took_old / took:.1f}x)")
    db.dispose()


if __name__ == "__main__":
    main()
