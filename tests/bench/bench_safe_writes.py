"""Figures for writing output files all or nothing (store.files.atomic_output): what the
part file, its fsync, the rename and keeping the replaced file until the commit cost
against writing the file in place, for a small file (a key, a facts JSON), a CSV-sized
one and a backup-sized one; and over a unit of work that records the file.

Run: python tests/bench/bench_safe_writes.py [MEGABYTES]   (not collected by pytest)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from approvals.paths import DataDir
from approvals.store.audit import Actor, append_event
from approvals.store.files import atomic_output, write_atomically
from approvals.store.migrate import open_database

ACTOR = Actor("bench", ("admin",))


def _best(fn: Callable[[], None], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _in_place(out: Path, data: bytes) -> None:
    with out.open("wb") as fh:
        fh.write(data)


def _in_place_synced(out: Path, data: bytes) -> None:
    with out.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _row(out: Path, size: int, repeat: int) -> None:
    data = os.urandom(size)
    out.unlink(missing_ok=True)
    plain = _best(lambda: _in_place(out, data), repeat)
    synced = _best(lambda: _in_place_synced(out, data), repeat)

    def fresh() -> None:
        out.unlink(missing_ok=True)
        write_atomically(out, data)

    atomic_new = _best(fresh, repeat)
    atomic_over = _best(lambda: write_atomically(out, data), repeat)
    print(f"{size:>12,} {plain * 1000:>8.2f}ms {synced * 1000:>8.2f}ms "
          f"{atomic_new * 1000:>8.2f}ms {atomic_over * 1000:>15.2f}ms")


def main() -> None:
    big = int(sys.argv[1]) if len(sys.argv) > 1 else 64
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        out = root / "out.bin"
        print(f"{'bytes':>12} {'in place':>10} {'+ fsync':>10} {'atomic':>10} {'atomic, existing':>17}")
        for size in (2_000, 1_000_000, big * 1_000_000):
            _row(out, size, 20 if size < 10_000_000 else 3)
        data_dir = DataDir(root / "data").ensure()
        db = open_database(data_dir)
        try:
            data = os.urandom(1_000_000)

            def recorded() -> None:
                with db.session() as s:
                    with atomic_output(out, session=s) as part:
                        part.write_bytes(data)
                    append_event(s, actor=ACTOR, action="audit.exported", entity="audit",
                                 entity_id=out.name)

            def record_only() -> None:
                with db.session() as s:
                    append_event(s, actor=ACTOR, action="audit.exported", entity="audit",
                                 entity_id=out.name)

            both = _best(recorded, 10)
            alone = _best(record_only, 10)
            print(f"1 MB replaced when its audit event commits: {both * 1000:.2f} ms "
                  f"(the event alone: {alone * 1000:.2f} ms)")
        finally:
            db.dispose()


if __name__ == "__main__":
    main()
