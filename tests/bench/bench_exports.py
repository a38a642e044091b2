"""Figures for the CSV exports: a long audit trail and a large case list, time and peak
memory (rows are streamed, so memory should not grow with the trail).

Run: python tests/bench/bench_exports.py [EVENTS] [CASES]   (not collected by pytest)
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from approvals.paths import DataDir
from approvals.services.audit_view import AuditFilter
from approvals.services.exports import export_audit_csv, export_case_list_csv
from approvals.store.audit import Actor
from approvals.store.migrate import open_database

ACTOR = Actor("bench", ("admin",))


def _fill(db_file: Path, events: int, cases: int) -> None:
    """Rows straight into the tables (the export reads them; it does not check hashes)."""
    conn = sqlite3.connect(db_file)
    conn.executemany(
        "INSERT INTO cases (id, reference, facts, status, owner, created_at, updated_at, "
        "version, target_name, investor_name, amount_value, amount_currency) "
        "VALUES (?, ?, '{}', 'open', 'pat', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', "
        "1, ?, 'Fund, L.P.', ?, 'USD')",
        ((i, f"AP-2026-{i:06d}", f"Target {i} Co., Ltd.", 1_000_000.0 * i)
         for i in range(1, cases + 1)))
    conn.executemany(
        "INSERT INTO parties (case_id, role, name_en, name_zh) VALUES (?, 'target', ?, ?)",
        ((i, f"Target {i}", f"目标公司{i}") for i in range(1, cases + 1)))
    value = json.dumps({"body": "请补充营业额, line one\nline two =SUM(A1)"}, ensure_ascii=False)
    conn.executemany(
        "INSERT INTO events (id, occurred_at, actor, role, action, entity, entity_id, case_id, "
        "field, old_value, new_value, reason, details, prev_hash, hash) VALUES "
        "(?, '2026-01-01T00:00:00Z', 'pat', 'preparer', 'comment.added', 'comment', ?, ?, "
        "NULL, NULL, ?, '', '{}', ?, ?)",
        ((i, str(i), 1 + i % cases, value, f"{i - 1:064x}", f"{i:064x}")
         for i in range(1, events + 1)))
    conn.commit()
    conn.close()


def main(events: int = 200_000, cases: int = 20_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = DataDir(Path(tmp) / "data").ensure()
        open_database(data_dir).dispose()
        _fill(data_dir.database, events, cases)
        db = open_database(data_dir)
        for name, run in (
            ("audit trail", lambda s: export_audit_csv(s, actor=ACTOR, out=Path(tmp) / "a.csv")),
            ("one case's trail", lambda s: export_audit_csv(
                s, actor=ACTOR, out=Path(tmp) / "c.csv", case_reference="AP-2026-000001")),
            # The audit window's filter matching a few events (the exports before this one).
            ("a filter's few matches", lambda s: export_audit_csv(
                s, actor=ACTOR, out=Path(tmp) / "f.csv",
                where=AuditFilter(actions=("audit.exported",)))),
            ("case list", lambda s: export_case_list_csv(s, actor=ACTOR,
                                                         out=Path(tmp) / "l.csv")),
        ):
            t, cpu = time.perf_counter(), time.process_time()
            with db.session() as s:
                result = run(s)
            elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
            tracemalloc.start()  # a second run for the memory (tracemalloc slows it down)
            with db.session() as s:
                run(s)
            peak = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
            size = result.path.stat().st_size / 1e6
            print(f"{name}: {result.rows:,} rows, {size:.1f} MB in {elapsed:.2f} s "
                  f"({cpu:.2f} s CPU), peak Python memory {peak:.1f} MB")
        db.dispose()


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
