"""Figures for the audit anchor: what recording the head outside the database costs a
write, and what `verify` costs with the anchor check.

Run: python tests/bench/bench_audit_anchor.py   (not collected by pytest)
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from approvals.paths import DataDir
from approvals.services.audit import verify
from approvals.store.audit import Actor, append_event
from approvals.store.db import Database
from approvals.store.migrate import open_database

ACTOR = Actor("bench", ("admin",))


def _writes(db: Database, n: int) -> float:
    t = time.perf_counter()
    for i in range(n):
        with db.session() as s:
            append_event(s, actor=ACTOR, action="note.added", entity="note", entity_id=i)
    return (time.perf_counter() - t) / n * 1000


def main(n: int = 300, chain: int = 20_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(DataDir(Path(tmp)).ensure())
        _writes(db, 5)  # key created, caches warm
        with_anchor = _writes(db, n)
        anchored = db.advance_anchor
        db.advance_anchor = lambda **_k: None  # type: ignore[method-assign]
        without = _writes(db, n)
        db.advance_anchor = anchored  # type: ignore[method-assign]
        print(f"write with one event: {with_anchor:.2f} ms with the anchor, {without:.2f} ms "
              f"without (+{with_anchor - without:.2f} ms: lock, sign, write + fsync + rename)")
        with db.session() as s:
            for i in range(chain):
                append_event(s, actor=ACTOR, action="note.added", entity="note", entity_id=i)
        t = time.perf_counter()
        with db.read_session() as s:
            report = verify(s)
        dt = time.perf_counter() - t
        assert report.ok, report.message
        print(f"verify: {report.events_checked} events and the anchor in {dt:.2f} s "
              f"({report.events_checked / dt:,.0f} events/s); {report.anchor_line}")
        db.dispose()


if __name__ == "__main__":
    main()
