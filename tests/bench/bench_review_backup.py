"""Figures for review packs and backups: export, verify+open, response import, backup,
verify, restore — on a data folder with many cases and sizeable documents.

Run: python tests/bench/bench_review_backup.py [CASES] [DOC_MB]
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from approvals.paths import DataDir
from approvals.services import backup, review
from approvals.services.cases import import_case
from approvals.services.documents import attach_document
from approvals.store.audit import Actor
from approvals.store.migrate import open_database

ROOT = Actor("bench", ("preparer", "reviewer", "approver", "admin"))
EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "spec" / "examples"


def timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    print(f"{label:<44} {time.perf_counter() - start:8.2f} s")
    return result


@contextmanager
def writer_waits(database: Path, label: str) -> Iterator[None]:
    """Another program writing all along: print the longest it waited for the write lock
    (an export or a pack check that held the lock throughout would show its duration)."""
    stop, waits = threading.Event(), []

    def probe() -> None:
        conn = sqlite3.connect(database, timeout=120, isolation_level=None)
        try:
            while not stop.is_set():
                start = time.perf_counter()
                conn.execute("BEGIN IMMEDIATE")
                waits.append(time.perf_counter() - start)
                conn.execute("COMMIT")
                time.sleep(0.02)
        finally:
            conn.close()

    thread = threading.Thread(target=probe)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
    print(f"{'  ' + label:<44} {max(waits, default=0.0) * 1000:8.1f} ms "
          f"(longest of {len(waits)} writes)")


def main() -> None:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    doc_mb = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    facts = json.loads((EXAMPLES / "frontier-lab.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        a_dir, b_dir = DataDir(tmp_path / "A").ensure(), DataDir(tmp_path / "B").ensure()
        a_db, b_db = open_database(a_dir), open_database(b_dir)
        refs = []
        with a_db.session() as s:
            for i in range(cases):
                ref = import_case(s, data=facts, actor=ROOT)
                refs.append(ref.reference)
                doc = tmp_path / f"doc{i}.bin"
                doc.write_bytes(os.urandom(doc_mb * 1024 * 1024))
                attach_document(s, actor=ROOT, data_dir=a_dir, case_id=ref.id, source=doc)
                doc.unlink()
        print(f"{cases} cases, one {doc_mb} MiB document each")
        with b_db.session() as s:
            review.trust_key(s, key_text=review.installation_identity(a_dir).public_key_text,
                             label="A", actor=ROOT)
        with a_db.session() as s:
            review.trust_key(s, key_text=review.installation_identity(b_dir).public_key_text,
                             label="B", actor=ROOT)
        # Without the draft filings first: what the drafts rendered at export cost.
        plain = tmp_path / "plain.zip"
        with writer_waits(a_dir.database, "another writer's wait meanwhile"), a_db.session() as s:
            timed("export review pack without drafts", lambda: review.export_review_pack(
                s, data_dir=a_dir, references=refs, out=plain, actor=ROOT, drafts=False))
        print(f"{'  pack size':<44} {plain.stat().st_size / 1e6:8.1f} MB")
        pack = tmp_path / "pack.zip"
        with writer_waits(a_dir.database, "another writer's wait meanwhile"), a_db.session() as s:
            exported = timed("export review pack (with draft filings)",
                             lambda: review.export_review_pack(
                                 s, data_dir=a_dir, references=refs, out=pack, actor=ROOT))
        print(f"{'  draft filings rendered':<44} {exported.draft_renderings:8d}")
        print(f"{'  pack size':<44} {pack.stat().st_size / 1e6:8.1f} MB")
        with writer_waits(b_dir.database, "another writer's wait meanwhile"), b_db.session() as s:
            opened = timed("verify + open on the reviewer's side", lambda: review.open_review_pack(
                s, data_dir=b_dir, path=pack, actor=ROOT))
        for ref in refs:
            review.propose_change(data_dir=b_dir, pack_id=opened.pack_id, reference=ref,
                                  field_path="deal.board_seats", value=2, actor=ROOT)
            review.add_review_comment(data_dir=b_dir, pack_id=opened.pack_id, reference=ref,
                                      body="checked", actor=ROOT)
        response = tmp_path / "response.zip"
        with b_db.session() as s:
            timed("export response pack", lambda: review.export_response_pack(
                s, data_dir=b_dir, pack_id=opened.pack_id, out=response, actor=ROOT))
        with a_db.session() as s:
            timed("verify + import response", lambda: review.import_response(
                s, data_dir=a_dir, path=response, actor=ROOT))
        out = tmp_path / "backup.zip"
        timed("backup (database + documents)", lambda: backup.create_backup(a_dir, out=out))
        print(f"{'  backup size':<44} {out.stat().st_size / 1e6:8.1f} MB")
        timed("verify backup", lambda: backup.verify_backup(out))
        target = DataDir(tmp_path / "C").ensure()
        timed("restore into an empty folder", lambda: backup.restore_backup(target, out, actor=ROOT))
        a_db.dispose()
        b_db.dispose()


if __name__ == "__main__":
    main()
