"""Figures for the document part of `approvals audit verify`: how fast the stored files are
hashed (a few large documents, and many small ones), what the check adds to the chain's
time, and the peak memory it takes (streamed in 1 MiB chunks, never a whole file).

Run: python tests/bench/bench_document_integrity.py [total MB, default 200]
(not collected by pytest). The files were just written, so they are in the page cache:
the figures are the hashing's own speed; a cold disk reads slower than this.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import documents, users
from approvals.services.audit import verify
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.store.audit import Actor
from approvals.store.db import DATABASE, Database
from approvals.store.migrate import open_database

ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))
MB = 1_000_000


def _fill(db: Database, data: DataDir, source: Path, count: int, size: int) -> None:
    with db.session() as s:
        case = create_case(s, facts=parse_facts(demo_facts()[0]), actor=ROOT)
    for i in range(count):
        # Distinct bytes for every file: equal files would be stored (and hashed) once.
        source.write_bytes(i.to_bytes(8, "big") + os.urandom(size - 8))
        with db.session() as s:
            documents.attach_document(s, actor=ROOT, data_dir=data, case_id=case.id,
                                      source=source, file_name=f"doc-{i:05}.pdf")


def _evict(folder: Path) -> None:
    """Ask the kernel to drop these files from the page cache (only these: nothing else on
    the machine is affected); on a RAM-backed temporary folder this changes nothing."""
    for path in folder.iterdir():
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def _timed(db: Database, *, documents_too: bool = True) -> tuple[float, object]:
    t = time.perf_counter()
    with db.read_session() as s:
        if documents_too:
            report = verify(s)
        else:  # the chain and anchor alone: the session's database is hidden from verify
            s.info.pop(DATABASE, None)
            report = verify(s)
    return time.perf_counter() - t, report


def run(label: str, total_mb: int, count: int) -> None:
    size = total_mb * MB // count
    with tempfile.TemporaryDirectory() as tmp:
        data = DataDir(Path(tmp) / "data").ensure()
        db = open_database(data)
        with db.session() as s:
            users.create_first_admin(s, username="root", password="correct horse battery")
        _fill(db, data, Path(tmp) / "source.pdf", count, size)
        _timed(db)  # page cache and SQLite warm
        best = min(_timed(db)[0] for _ in range(3))
        chain = min(_timed(db, documents_too=False)[0] for _ in range(3))
        _, report = _timed(db)
        assert report.ok, report.document_lines  # type: ignore[attr-defined]
        _evict(data.documents)
        cold = _timed(db)[0]
        tracemalloc.start()
        _timed(db)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        hashing = best - chain
        print(f"{label}: {count} files x {size / MB:,.2f} MB = {count * size / MB:,.0f} MB: "
              f"verify {best:.2f} s (chain and anchor {chain:.2f} s), documents "
              f"{hashing:.2f} s = {count * size / MB / hashing:,.0f} MB/s, "
              f"{count / hashing:,.0f} files/s; out of the page cache {cold:.2f} s "
              f"({count * size / MB / cold:,.0f} MB/s); peak Python memory {peak / MB:.1f} MB")
        db.dispose()


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    blob = os.urandom(64 * MB)
    t = time.perf_counter()
    hashlib.sha256(blob).hexdigest()
    print(f"hashlib.sha256 in memory: {64 / (time.perf_counter() - t):,.0f} MB/s (the ceiling)")
    run("large documents", total, 40)
    run("small documents", total // 4, 2000)


if __name__ == "__main__":
    main()
