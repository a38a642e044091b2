"""Long file work (backup, restore, attaching a document) reports rising progress ending at
1.0 and, when cancelled part-way, leaves nothing behind: no partial file, no row, no
audit event, and a restore cancelled before its swap changes nothing."""

from __future__ import annotations

import json
import sqlite3
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import Cancelled, NotFound
from approvals.paths import DataDir
from approvals.services import backup
from approvals.services.cases import import_case
from approvals.services.documents import attach_document
from approvals.services.progress import Meter
from approvals.store import files
from approvals.store.audit import Actor, verify_chain
from approvals.store.db import Database
from approvals.store.models import Case, Document, Event

ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))
EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "spec" / "examples"
FACTS = json.loads((EXAMPLES / "vision-startup.json").read_text(encoding="utf-8"))
SMALL_CHUNK = 4096


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many chunks from small files: cancellation lands mid-file, quickly."""
    monkeypatch.setattr(files, "CHUNK", SMALL_CHUNK)


@pytest.fixture
def case_id(db: Database) -> int:
    with db.session() as s:
        reference = import_case(s, data=FACTS, actor=ROOT).reference
    with db.read_session() as s:
        return s.exec(select(Case.id).where(Case.reference == reference)).one()


def _file(path: Path, size: int, seed: int = 1) -> Path:
    block = bytes((i * seed + 7) % 251 for i in range(65536))
    path.write_bytes((block * (size // len(block) + 1))[:size])
    return path


class Recorder:
    """A progress callback that records fractions and, optionally, asks to stop after
    `stop_after` reports (through `cancelled`, as the UI's Cancel button does)."""

    def __init__(self, stop_after: int | None = None):
        self.calls: list[tuple[float, str]] = []
        self.stop_after = stop_after

    def __call__(self, fraction: float, message: str) -> None:
        self.calls.append((fraction, message))

    def cancelled(self) -> bool:
        return self.stop_after is not None and len(self.calls) >= self.stop_after

    @property
    def fractions(self) -> list[float]:
        return [f for f, _ in self.calls]


def _rising_to_one(fractions: list[float]) -> None:
    assert len(fractions) >= 3
    assert fractions == sorted(fractions)
    assert fractions[0] >= 0.0 and fractions[-1] == 1.0
    assert all(0.0 <= f <= 1.0 for f in fractions)


def _events(db: Database, action: str) -> int:
    with db.read_session() as s:
        return len(s.exec(select(Event).where(Event.action == action)).all())


def _hidden(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith("."))


def _with_documents(db: Database, data_dir: DataDir, case_id: int, tmp_path: Path,
                    n: int = 3, size: int = 200_000) -> None:
    for i in range(n):
        source = _file(tmp_path / f"doc{i}.bin", size, seed=i + 2)
        with db.session() as s:
            attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id, source=source)


# -- the meter -------------------------------------------------------------------------------


def test_meter_maps_stages_and_never_goes_backwards() -> None:
    rec = Recorder()
    meter = Meter(rec)
    first = meter.part(0.0, 0.5)
    first.total = 100
    for _ in range(10):
        first.add(10, "a")
    second = meter.part(0.5, 1.0)
    second.report(0.0, "b")
    second.report(-1.0, "b")  # a stage that would go back is held where it was
    second.finish()
    _rising_to_one(rec.fractions)
    assert rec.calls[-1] == (1.0, "done")
    assert max(f for f, m in rec.calls if m == "a") == 0.5


def test_meter_stops_being_cancellable_after_commit() -> None:
    def raising(_f: float, _m: str) -> None:
        raise RuntimeError("the window went away")

    meter = Meter(raising, lambda: True)
    with pytest.raises(Cancelled):
        meter.check()
    meter.commit()
    meter.check()  # no longer raises
    meter.report(0.5, "swapping")  # a failing report is ignored past the point of no return


# -- backup ----------------------------------------------------------------------------------


def test_backup_reports_rising_progress_to_one(data_dir, db, case_id, tmp_path, small_chunks):
    _with_documents(db, data_dir, case_id, tmp_path)
    rec = Recorder()
    result = backup.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db,
                                  progress=rec, cancelled=rec.cancelled)
    assert result.documents == 3 and result.path.is_file()
    _rising_to_one(rec.fractions)
    assert any("doc1.bin" in m for _f, m in rec.calls)  # names the file it is at
    assert len(rec.calls) > 20  # per chunk, not only per file
    backup.verify_backup(result.path)


@pytest.mark.parametrize("how", ["cancelled", "progress raises"])
def test_cancelled_backup_writes_nothing(data_dir, db, case_id, tmp_path, small_chunks, how):
    _with_documents(db, data_dir, case_id, tmp_path)
    out = tmp_path / "out" / "b.zip"
    rec = Recorder(stop_after=15)  # mid-way through the documents

    def progress(fraction: float, message: str) -> None:
        rec(fraction, message)
        if how == "progress raises" and rec.cancelled():
            raise Cancelled("stop")

    events = _events(db, "backup.created")
    with pytest.raises(Cancelled):
        backup.create_backup(data_dir, out=out, actor=ROOT, db=db, progress=progress,
                             cancelled=rec.cancelled if how == "cancelled" else None)
    assert 0 < rec.fractions[-1] < 1.0
    assert not out.exists()
    assert list(out.parent.iterdir()) == []  # no b.zip.part either
    assert _hidden(data_dir.root) == []  # no .backup-* work folder
    assert _events(db, "backup.created") == events


# -- attaching a document --------------------------------------------------------------------


def test_attach_reports_rising_progress_to_one(data_dir, db, case_id, tmp_path, small_chunks):
    source = _file(tmp_path / "big.pdf", 300_000)
    rec = Recorder()
    with db.session() as s:
        info = attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id,
                               source=source, progress=rec, cancelled=rec.cancelled)
    assert info.size == 300_000
    _rising_to_one(rec.fractions)
    assert len(rec.calls) > 20
    assert "big.pdf" in rec.calls[0][1]


def test_cancelled_attach_leaves_no_copy_row_or_event(data_dir, db, case_id, tmp_path,
                                                      small_chunks):
    source = _file(tmp_path / "big.pdf", 300_000)
    before = sorted(p.name for p in data_dir.documents.iterdir()) if data_dir.documents.exists() else []
    events = _events(db, "document.attached")
    rec = Recorder(stop_after=10)
    with pytest.raises(Cancelled), db.session() as s:
        attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id, source=source,
                        progress=rec, cancelled=rec.cancelled)
    assert 0 < rec.fractions[-1] < 1.0
    assert sorted(p.name for p in data_dir.documents.iterdir()) == before  # no .incoming-*
    with db.read_session() as s:
        assert s.exec(select(Document)).all() == []
    assert _events(db, "document.attached") == events


def test_attach_copies_before_taking_the_write_lock(data_dir, db, case_id, tmp_path,
                                                   small_chunks):
    """Another program can write while a large file is being copied in (it would wait and
    time out if the copy ran inside the write transaction)."""
    source = _file(tmp_path / "big.pdf", 300_000)
    others: list[bool] = []

    def progress(fraction: float, _message: str) -> None:
        if 0.3 < fraction < 0.9 and not others:
            conn = sqlite3.connect(data_dir.database, timeout=0, isolation_level=None)
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
                others.append(True)
            except sqlite3.OperationalError:
                others.append(False)
            finally:
                conn.close()

    with db.session() as s:
        attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id, source=source,
                        progress=progress)
    assert others == [True]


def test_attach_refused_after_the_copy_removes_it(data_dir, db, case_id, tmp_path):
    source = _file(tmp_path / "big.pdf", 100_000)
    with pytest.raises(NotFound), db.session() as s:
        attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id + 999, source=source)
    assert list(data_dir.documents.iterdir()) == []


def test_attaching_a_large_file_does_not_hold_it_in_memory(data_dir, db, case_id, tmp_path):
    size = 48 * 1024 * 1024
    source = tmp_path / "large.bin"
    with source.open("wb") as fh:  # written in blocks: the test itself stays small too
        block = bytes(range(256)) * 4096
        for _ in range(size // len(block)):
            fh.write(block)
    rec = Recorder()
    tracemalloc.start()
    try:
        with db.session() as s:
            info = attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id,
                                   source=source, progress=rec)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.size == size
    assert peak < 8 * 1024 * 1024, peak  # a few chunks, not the 48 MB file
    assert len(rec.calls) <= 250  # reports are thinned out, not one per chunk regardless


# -- restore ---------------------------------------------------------------------------------


def _snapshot(data_dir: DataDir) -> tuple[list[str], list[tuple[str, bytes]], list[str]]:
    conn = sqlite3.connect(data_dir.database)
    try:
        dump = list(conn.iterdump())
    finally:
        conn.close()
    docs = sorted((p.name, p.read_bytes()) for p in data_dir.documents.iterdir())
    backups = sorted(p.name for p in data_dir.backups.iterdir()) if data_dir.backups.exists() else []
    return dump, docs, backups


@pytest.mark.parametrize("stop_at", [0.3, 0.75])  # checking the backup; copying what it replaces
def test_restore_cancelled_before_the_swap_changes_nothing(data_dir, db, case_id, tmp_path,
                                                           small_chunks, stop_at):
    _with_documents(db, data_dir, case_id, tmp_path, n=2)
    saved = backup.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db)
    later = tmp_path / "later"
    later.mkdir()
    _with_documents(db, data_dir, case_id, later, n=3, size=210_000)  # other bytes: new files
    db.dispose()
    before = _snapshot(data_dir)
    calls: list[float] = []

    def progress(fraction: float, _message: str) -> None:
        calls.append(fraction)

    with pytest.raises(Cancelled):
        backup.restore_backup(data_dir, saved.path, actor=ROOT, db=db, progress=progress,
                              cancelled=lambda: bool(calls) and calls[-1] >= stop_at)
    assert stop_at <= calls[-1] < backup.NO_CANCEL_FROM
    assert _snapshot(data_dir) == before  # no replaced-* copy left in backups/ either
    assert _hidden(data_dir.root) == []  # no staging, no marker
    assert not (data_dir.root / backup.MARKER).exists()
    with db.read_session() as s:
        assert s.exec(select(Event).where(Event.action == "backup.restored")).all() == []
        assert verify_chain(s)[1] is None


def test_restore_runs_to_its_end_once_past_the_point_of_no_return(data_dir, db, case_id,
                                                                   tmp_path, small_chunks):
    _with_documents(db, data_dir, case_id, tmp_path, n=2)
    saved = backup.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db)
    rec = Recorder()
    late: Callable[[], bool] = lambda: bool(rec.calls) and rec.calls[-1][1] == backup.SWAPPING  # noqa: E731

    result = backup.restore_backup(data_dir, saved.path, actor=ROOT, db=db, progress=rec,
                                   cancelled=late)
    _rising_to_one(rec.fractions)
    assert (backup.NO_CANCEL_FROM, backup.SWAPPING) in rec.calls
    assert result.replaced is not None
    assert _events(db, "backup.restored") == 1


def test_verify_cancelled_leaves_no_extracted_folder(data_dir, db, case_id, tmp_path,
                                                     small_chunks):
    _with_documents(db, data_dir, case_id, tmp_path, n=2)
    saved = backup.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db)
    into = tmp_path / "extracted"
    rec = Recorder(stop_after=5)
    with pytest.raises(Cancelled):
        backup.verify_backup(saved.path, into=into, progress=rec, cancelled=rec.cancelled)
    assert not into.exists()
    rec = Recorder()
    backup.verify_backup(saved.path, progress=rec)
    _rising_to_one(rec.fractions)
