"""Figures for long file work: attaching a 200 MB document, backing it up and restoring it,
with progress reported and cancellation checked, and how much memory that takes (the file
is copied in 1 MiB chunks, never held whole).

Run: python tests/bench/bench_progress_memory.py [MB]   (not collected by pytest)
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from sqlmodel import select

from approvals.paths import DataDir
from approvals.services import backup
from approvals.services.cases import import_case
from approvals.services.documents import attach_document
from approvals.store.audit import Actor
from approvals.store.migrate import open_database
from approvals.store.models import Case

ROOT = Actor("bench", ("preparer", "reviewer", "approver", "admin"))
EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "spec" / "examples"


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def main(megabytes: int = 200) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data_dir = DataDir(root / "data").ensure()
        db = open_database(data_dir)
        facts = json.loads((EXAMPLES / "vision-startup.json").read_text(encoding="utf-8"))
        with db.session() as s:
            reference = import_case(s, data=facts, actor=ROOT).reference
        with db.read_session() as s:
            case_id = s.exec(select(Case.id).where(Case.reference == reference)).one()
        source = root / "data-room.bin"
        with source.open("wb") as fh:  # incompressible, like scans; written in 1 MiB blocks
            for _ in range(megabytes):
                fh.write(os.urandom(1 << 20))
        reports: list[float] = []
        rss_before = _max_rss_mb()

        tracemalloc.start()
        t = time.perf_counter()
        with db.session() as s:
            attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id, source=source,
                            progress=lambda f, _m: reports.append(f), cancelled=lambda: False)
        attach_s = time.perf_counter() - t
        _cur, attach_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()

        t = time.perf_counter()
        made = backup.create_backup(data_dir, out=root / "b.zip", db=db,
                                    progress=lambda f, _m: None, cancelled=lambda: False)
        backup_s = time.perf_counter() - t
        _cur, backup_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()

        t = time.perf_counter()
        backup.restore_backup(data_dir, made.path, actor=ROOT, db=db,
                              progress=lambda f, _m: None, cancelled=lambda: False)
        restore_s = time.perf_counter() - t
        _cur, restore_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        print(f"{megabytes} MB document")
        print(f"attach : {attach_s:6.2f} s, {len(reports)} progress reports, "
              f"Python peak {attach_peak / 1e6:5.1f} MB")
        print(f"backup : {backup_s:6.2f} s, Python peak {backup_peak / 1e6:5.1f} MB "
              f"(zip {made.size / 1e6:,.0f} MB)")
        print(f"restore: {restore_s:6.2f} s, Python peak {restore_peak / 1e6:5.1f} MB "
              "(checks the whole backup, keeps a copy of the replaced data)")
        print(f"process max RSS grew by {_max_rss_mb() - rss_before:5.1f} MB")
        db.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
