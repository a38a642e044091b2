"""The audit check covers the stored documents: every file (attachments, stored finals,
restricted ones) is hashed against what the trail recorded, and every row against the
trail, so a changed, truncated or deleted file and a row edited in SQLite are all caught."""

from __future__ import annotations

import re
import sqlite3
import threading
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import Cancelled
from approvals.paths import DataDir
from approvals.services import documents, users
from approvals.services.audit import verify
from approvals.services.demo import load_demo
from approvals.store.audit import Actor, append_event
from approvals.store.db import Database
from approvals.store.migrate import open_database
from approvals.store.models import Case, Document
from tests.conftest import FolderTemplates

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))

pytestmark = pytest.mark.usefixtures("fast_hash")


@dataclass
class World:
    db: Database
    data_dir: DataDir
    case_id: int
    reference: str
    plain: int  # an attached document's id
    secret: int  # a restricted one's
    final: int  # a stored final filing's
    total: int  # documents in the database


def _edit(data_dir: DataDir, sql: str, *params: object) -> None:
    """A change made behind the app's back, straight in SQLite."""
    conn = sqlite3.connect(data_dir.database)
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def _stored(world: World, document_id: int) -> Path:
    with world.db.read_session() as s:
        doc = s.get(Document, document_id)
        assert doc is not None
        return world.data_dir.documents / doc.stored_path


def _build_world(db: Database, data_dir: DataDir) -> tuple[int, str, int, int, int, int]:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW)
        load_demo(s, actor=ROOT)  # cases with attached documents and a stored final
    source = data_dir.root.parent / "Side letter.pdf"
    source.write_bytes(b"%PDF-1.4 side letter " * 2000)
    secret = data_dir.root.parent / "Board minutes (restricted).pdf"
    secret.write_bytes(b"%PDF-1.4 confidential minutes " * 3000)
    with db.read_session() as s:
        case = s.exec(select(Case).order_by(Case.id)).first()  # type: ignore[arg-type]
        assert case is not None and case.id is not None
        case_id, reference = case.id, case.reference
        final = s.exec(select(Document.id).where(Document.is_rendering == True)).first()  # noqa: E712
        assert final is not None
    with db.session() as s:
        plain = documents.attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id,
                                          source=source)
    with db.session() as s:
        hidden = documents.attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id,
                                           source=secret, restricted=True)
    with db.read_session() as s:
        total = len(s.exec(select(Document.id)).all())
    return case_id, reference, plain.id, hidden.id, final, total


@pytest.fixture
def world(data_dir: DataDir, folder_templates: FolderTemplates, fast_hash) -> Iterator[World]:
    """Built once per session (the demo takes about a second) and copied for each test."""
    built = folder_templates.restore(f"{__name__}.world", _build_world, data_dir)
    database = open_database(data_dir)
    yield World(database, data_dir, *built)
    database.dispose()


def _verify(world: World, **kw):
    with world.db.read_session() as s:
        return verify(s, **kw)


def _bad(report, document_id: int):
    assert report.documents is not None
    found = [b for b in report.documents.bad if b.document_id == document_id]
    assert len(found) == 1, report.document_lines
    return found[0]


def test_all_intact(world: World) -> None:
    report = _verify(world)
    assert report.ok and report.chain_ok
    assert report.documents is not None and report.documents.checked == world.total >= 4
    assert report.document_lines == [
        f"Documents: {world.total} stored files match their recorded SHA-256."]
    assert report.summary.startswith("Audit trail intact: ")


def test_a_flipped_byte_is_a_changed_file(world: World) -> None:
    path = _stored(world, world.plain)
    data = bytearray(path.read_bytes())
    data[100] ^= 0x01
    path.write_bytes(bytes(data))
    report = _verify(world)
    assert not report.ok and report.chain_ok  # the chain itself is fine
    bad = _bad(report, world.plain)
    assert bad.reference == world.reference and bad.file_name == "Side letter.pdf"
    assert len(bad.problems) == 1 and bad.problems[0].startswith("changed: ")
    # The file's hash, then the one the trail recorded, each named (not "X…, Y… recorded").
    assert re.fullmatch(r"changed: the file's SHA-256 is [0-9a-f]{12}…; the trail recorded "
                        r"[0-9a-f]{12}…", bad.problems[0]), bad.problems[0]
    assert report.documents is not None and len(report.documents.bad) == 1
    assert report.document_lines[0] == (
        f"Documents: 1 of {world.total} stored files fail the check against their "
        "recorded SHA-256:")
    assert report.document_lines[1] == (
        f"  {world.reference} Side letter.pdf (document {world.plain}): {bad.problems[0]}")


def test_a_truncated_file_differs_in_size(world: World) -> None:
    path = _stored(world, world.plain)
    size = path.stat().st_size
    path.write_bytes(path.read_bytes()[: size // 2])
    bad = _bad(_verify(world), world.plain)
    assert bad.problems == (
        f"size differs: the file has {size // 2:,} bytes; the trail recorded {size:,}",)


def test_a_deleted_file_is_missing(world: World) -> None:
    _stored(world, world.plain).unlink()
    bad = _bad(_verify(world), world.plain)
    assert bad.problems == ("missing: the stored file is not in the documents folder",)


def test_a_row_whose_sha256_was_edited_differs_from_the_audit_record(world: World) -> None:
    _edit(world.data_dir, "UPDATE documents SET sha256 = ? WHERE id = ?", "0" * 64, world.plain)
    bad = _bad(_verify(world), world.plain)
    # The file still matches what the trail recorded; the row is what was changed.
    assert len(bad.problems) == 1
    assert bad.problems[0].startswith("row differs from the audit record: the row says "
                                      "SHA-256 000000000000… where event #")


def test_a_row_and_file_changed_together_are_both_caught(world: World) -> None:
    """Someone replaces the file and makes the row fit it: the trail still says otherwise."""
    import hashlib

    path = _stored(world, world.plain)
    forged = b"%PDF-1.4 another side letter"
    path.write_bytes(forged)
    _edit(world.data_dir, "UPDATE documents SET sha256 = ?, size = ? WHERE id = ?",
          hashlib.sha256(forged).hexdigest(), len(forged), world.plain)
    bad = _bad(_verify(world), world.plain)
    assert bad.problems[0].startswith("row differs from the audit record: the row says SHA-256 ")
    assert " and size " in bad.problems[0]
    assert bad.problems[1].startswith("size differs: ")


def test_an_edited_size_in_the_row_is_caught(world: World) -> None:
    _edit(world.data_dir, "UPDATE documents SET size = size + 1 WHERE id = ?", world.plain)
    bad = _bad(_verify(world), world.plain)
    assert len(bad.problems) == 1 and bad.problems[0].startswith(
        "row differs from the audit record: the row says size ")


def test_a_restricted_document_is_checked_too(world: World) -> None:
    path = _stored(world, world.secret)
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    report = _verify(world)
    bad = _bad(report, world.secret)
    assert bad.file_name == "Board minutes (restricted).pdf"
    assert bad.problems[0].startswith("changed: ")
    assert "confidential" not in "\n".join(report.document_lines)  # nothing of its content


def test_a_stored_final_is_checked_too(world: World) -> None:
    path = _stored(world, world.final)
    path.write_bytes(path.read_bytes()[:-10] + b"%%EOF\nxxxx")
    bad = _bad(_verify(world), world.final)
    assert bad.problems[0].startswith("changed: ")


def test_a_broken_chain_and_bad_documents_are_both_reported(world: World) -> None:
    _stored(world, world.plain).unlink()
    _edit(world.data_dir, "UPDATE events SET reason = 'rewritten' WHERE id = 3")
    report = _verify(world)
    assert not report.chain_ok and report.first_bad_event == 3
    assert report.summary.startswith("audit trail broken at event 3: ")
    assert _bad(report, world.plain).problems[0].startswith("missing")


def test_a_row_the_trail_never_recorded_is_caught(world: World) -> None:
    """A row inserted straight into SQLite, pointing at a real stored file."""
    with world.db.read_session() as s:
        doc = s.get(Document, world.plain)
        assert doc is not None
        values = (world.case_id, "Planted.pdf", doc.sha256, doc.size, doc.stored_path)
    _edit(world.data_dir, "INSERT INTO documents (case_id, file_name, sha256, size, stored_path, "
          "doc_type, is_rendering, uploaded_by, uploaded_at, restricted, allowed_users) "
          "VALUES (?, ?, ?, ?, ?, '', 0, 'x', '2026-01-01T00:00:00Z', 0, '[]')", *values)
    report = _verify(world)
    assert report.documents is not None and len(report.documents.bad) == 1
    bad = report.documents.bad[0]
    assert bad.file_name == "Planted.pdf"
    assert bad.problems == ("not in the audit trail: no event recorded its SHA-256",)


def test_a_stored_path_outside_the_documents_folder_is_not_followed(world: World) -> None:
    outside = world.data_dir.root / "approvals.db"
    assert outside.exists()
    _edit(world.data_dir, "UPDATE documents SET stored_path = '../approvals.db' WHERE id = ?",
          world.plain)
    bad = _bad(_verify(world), world.plain)
    assert bad.problems == ("its stored path points outside the documents folder",)


def test_a_shared_file_is_hashed_once_and_judged_for_every_row(world: World,
                                                             tmp_path: Path) -> None:
    again = tmp_path / "copy.pdf"
    again.write_bytes(_stored(world, world.plain).read_bytes())
    with world.db.session() as s:
        second = documents.attach_document(s, actor=ROOT, data_dir=world.data_dir,
                                           case_id=world.case_id, source=again)
    messages: list[str] = []
    report = _verify(world, progress=lambda _f, m: messages.append(m))
    assert report.ok and report.documents is not None
    assert report.documents.checked == world.total + 1
    files = world.total  # one more row, no more files
    assert f"Checking stored documents: {files} of {files} files hashed" in messages
    _stored(world, world.plain).unlink()
    report = _verify(world)
    assert {b.document_id for b in report.documents.bad} == {world.plain, second.id}


def test_progress_rises_and_cancel_stops_the_hashing(world: World) -> None:
    seen: list[float] = []
    _verify(world, progress=lambda f, _m: seen.append(f))
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 2
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls > 1

    with pytest.raises(Cancelled):
        _verify(world, progress=lambda f, m: None, cancelled=cancelled)


def test_hashing_streams_and_holds_no_write_lock(world: World, tmp_path: Path) -> None:
    """A 24 MB document is hashed a chunk at a time, and another program's write commits
    while the check is hashing (it reads a snapshot, outside the write lock)."""
    big = tmp_path / "Data room index.bin"
    with big.open("wb") as fh:
        for i in range(24):
            fh.write(bytes([i]) * (1 << 20))
    with world.db.session() as s:
        documents.attach_document(s, actor=ROOT, data_dir=world.data_dir,
                                  case_id=world.case_id, source=big)
    wrote = threading.Event()

    def progress(fraction: float, _message: str) -> None:
        if 0.2 < fraction < 0.9 and not wrote.is_set():
            with world.db.session() as s:
                append_event(s, actor=ROOT, action="note.added", entity="note")
            wrote.set()

    tracemalloc.start()
    try:
        report = _verify(world, progress=progress)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.ok and wrote.is_set()
    assert peak < 8 * (1 << 20), f"peak {peak:,} bytes: the file was read whole"
