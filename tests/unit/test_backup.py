"""Backup and restore: consistent while writing, verified before anything changes, the
replaced data kept, daily rotation."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import CheckFailed, PermissionDenied
from approvals.paths import DataDir
from approvals.services import backup
from approvals.services.cases import import_case
from approvals.services.documents import attach_document
from approvals.store.audit import Actor, verify_chain
from approvals.store.db import Database
from approvals.store.migrate import open_database
from approvals.store.models import Case, Event, Party, Setting

ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))
EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "spec" / "examples"
FACTS = json.loads((EXAMPLES / "vision-startup.json").read_text(encoding="utf-8"))


def _add_case(db: Database) -> str:
    with db.session() as s:
        return import_case(s, data=FACTS, actor=ROOT).reference


def _check_consistent(data_dir: DataDir) -> int:
    """Every case restored whole: its parties and its creation event; the chain intact."""
    db = open_database(data_dir)
    try:
        with db.read_session() as s:
            cases = s.exec(select(Case)).all()
            for case in cases:
                parties = s.exec(select(Party).where(Party.case_id == case.id)).all()
                assert len(parties) == 2, case.reference
                created = s.exec(select(Event).where(Event.case_id == case.id,
                                                     Event.action == "case.created")).all()
                assert len(created) == 1, case.reference
            count, broken = verify_chain(s)
            assert broken is None and count >= len(cases)
            return len(cases)
    finally:
        db.dispose()


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _files(data_dir: DataDir) -> list[str]:
    return sorted(p.relative_to(data_dir.root).as_posix() for p in data_dir.root.rglob("*")
                  if not p.relative_to(data_dir.root).as_posix().startswith(("logs", "approvals.db")))


def test_backup_while_another_thread_writes_restores_consistently(data_dir, db, tmp_path):
    _add_case(db)
    stop = threading.Event()
    written: list[str] = []
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            while not stop.is_set():
                written.append(_add_case(db))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        files = []
        for i in range(3):
            while len(written) < 3 * (i + 1):  # let the writer get going between backups
                threading.Event().wait(0.01)
            files.append(backup.create_backup(data_dir, out=tmp_path / f"b{i}.zip").path)
    finally:
        stop.set()
        thread.join()
    assert not errors
    counts = []
    for i, file in enumerate(files):
        target = DataDir(tmp_path / f"restored{i}").ensure()
        backup.restore_backup(target, file, actor=ROOT)
        counts.append(_check_consistent(target))
    assert counts == sorted(counts) and counts[0] >= 1
    assert counts[-1] <= len(written) + 1


WRITER = """
import json, sys
from pathlib import Path
from approvals.paths import DataDir
from approvals.store.migrate import open_database
from approvals.services.cases import import_case
from approvals.store.audit import Actor
db = open_database(DataDir(Path(sys.argv[1])))
facts = json.loads(sys.argv[2])
stop = Path(sys.argv[3])
actor = Actor('writer', ('preparer',))
while not stop.exists():
    with db.session() as s:
        import_case(s, data=facts, actor=actor)
"""


def _count(path: Path) -> int:
    conn = sqlite3.connect(path, timeout=10)
    try:
        return conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    finally:
        conn.close()


def test_backup_while_another_process_writes_restores_consistently(data_dir, db, tmp_path):
    _add_case(db)
    stop = tmp_path / "stop"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(data_dir.root), json.dumps(FACTS),
                             str(stop)])
    try:
        for _ in range(600):  # until the other process has written a few cases
            if _count(data_dir.database) >= 4 or proc.poll() is not None:
                break
            threading.Event().wait(0.05)
        result = backup.create_backup(data_dir, out=tmp_path / "live.zip")
        written_meanwhile = _count(data_dir.database)
    finally:
        stop.touch()
        proc.wait(timeout=60)
    assert proc.returncode == 0
    target = DataDir(tmp_path / "restored").ensure()
    backup.restore_backup(target, result.path, actor=ROOT)
    assert 4 <= _check_consistent(target) <= written_meanwhile


def test_a_document_attached_while_the_backup_starts_is_in_it(data_dir, db, tmp_path,
                                                              monkeypatch):
    """The attach commits just before the database is copied: the copy refers to the
    document, so the backup must carry its file, and the restore has it."""
    reference = _add_case(db)
    doc = tmp_path / "signed-spa.txt"
    doc.write_text("attached while the backup was starting")
    real_copy = backup.sqlite_copy
    attached = []

    def attach_then_copy(src: Path, dst: Path) -> None:
        with db.session() as s:
            case_id = s.exec(select(Case.id).where(Case.reference == reference)).one()
            attached.append(attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id,
                                            source=doc))
        real_copy(src, dst)

    monkeypatch.setattr(backup, "sqlite_copy", attach_then_copy)
    result = backup.create_backup(data_dir, out=tmp_path / "b.zip")
    monkeypatch.undo()
    assert result.warnings == () and result.documents == 1
    target = DataDir(tmp_path / "restored").ensure()
    backup.restore_backup(target, result.path, actor=ROOT)
    assert (target.documents / (attached[0].sha256 + ".txt")).read_text() == doc.read_text()


def test_restore_keeps_the_replaced_data(data_dir, db, tmp_path):
    first = _add_case(db)
    saved = backup.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db)
    later = _add_case(db)
    doc = tmp_path / "later.txt"
    doc.write_text("added after the backup")
    with db.session() as s:
        case_id = s.exec(select(Case.id).where(Case.reference == later)).one()
        info = attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id, source=doc)
    stored = [p.name for p in data_dir.documents.iterdir()]

    result = backup.restore_backup(data_dir, saved.path, actor=ROOT, db=db)

    assert result.replaced is not None and result.replaced.parent == data_dir.backups
    replaced_refs = [r[0] for r in sqlite3.connect(result.replaced / "approvals.db").execute(
        "SELECT reference FROM cases ORDER BY reference")]
    assert replaced_refs == [first, later]
    assert sorted(p.name for p in (result.replaced / "documents").iterdir()) == sorted(stored)
    assert list(data_dir.documents.iterdir()) == []  # the backup had no documents
    reopened = open_database(data_dir)
    try:
        with reopened.read_session() as s:
            assert [c.reference for c in s.exec(select(Case)).all()] == [first]
            assert s.exec(select(Event).where(Event.action == "backup.restored")).one()
            assert verify_chain(s)[1] is None
    finally:
        reopened.dispose()
    assert info.sha256 in stored[0]
    assert not any(p.name.startswith(".") for p in data_dir.root.iterdir())


def test_work_on_the_database_while_a_restore_copies_does_not_fail_it_afterwards(
        data_dir, db, tmp_path):
    """A read or a write while a large folder's data was copied (minutes) took the old
    file's identity and connections again: the app's restore then ended in "the database
    file was replaced by another one while it was open; nothing was saved", after a
    restore that succeeded, and those connections held the file it replaced."""
    first = _add_case(db)
    saved = backup.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db)
    _add_case(db)

    def meanwhile(_fraction: float, _message: str) -> None:
        with db.session() as s:  # a colleague's check, the session watch, the case list
            s.exec(select(Case.id)).all()

    backup.restore_backup(data_dir, saved.path, actor=ROOT, db=db, progress=meanwhile)
    with db.session() as s:  # the caller's session goes on, on the restored file
        assert [c.reference for c in s.exec(select(Case)).all()] == [first]


def test_progress_names_each_file_at_the_share_done_so_far(data_dir, db, tmp_path):
    """Backup, check and the copy a restore keeps each say which file comes next, at the
    fraction of the bytes already counted: rising from 0 to 1, never backwards."""
    reference = _add_case(db)
    doc = tmp_path / "letter.txt"
    doc.write_text("a letter " * 2000)
    with db.session() as s:
        case_id = s.exec(select(Case.id).where(Case.reference == reference)).one()
        stored = attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id,
                                 source=doc).sha256 + ".txt"
    calls: list[tuple[float, str]] = []

    def report(fraction: float, message: str) -> None:
        calls.append((fraction, message))

    saved = backup.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db,
                                 progress=report)
    backup.restore_backup(data_dir, saved.path, actor=ROOT, db=db, progress=report)
    messages = [m for _, m in calls]
    # Documents are stored under their hash: the progress names them as the case does.
    named = f"letter.txt ({reference})"
    for expected in ("Backing up the database", f"Backing up {named}, document 1 of 1",
                     "Checking the database", f"Checking {named}",
                     "Checking the database's integrity", f"Keeping a copy of {named}"):
        assert expected in messages, messages
    assert not [m for m in messages if stored in m]
    # Each file is announced after the ones before it were counted in: past the start.
    assert dict((m, f) for f, m in calls)[f"Backing up {named}, document 1 of 1"] > 0.0
    assert dict((m, f) for f, m in calls)["Checking the database's integrity"] > 0.5 * 0.6
    backed_up = calls[:messages.index("Restored") + 1]
    assert all(0.0 <= f <= 1.0 for f, _ in backed_up)


def _rewrite(src: Path, dst: Path, change, add: dict[str, bytes] | None = None) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info.filename, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)


def _corrupt_pages(data: bytes) -> bytes:
    page = 4096
    garbage = bytes((i * 37 + 11) % 256 for i in range(page - 100))
    out = bytearray(data)
    for start in range(page, len(out) - page, page * 2):
        out[start + 100 : start + page] = garbage
    return bytes(out)


def _with_matching_manifest(src: Path, dst: Path, name: str, new: bytes) -> None:
    """Replace one member and fix up the manifest, so only the deeper checks can tell."""
    import hashlib

    with zipfile.ZipFile(src) as zf:
        manifest = json.loads(zf.read(backup.MANIFEST))
    for m in manifest["members"]:
        if m["path"] == name:
            m["sha256"] = hashlib.sha256(new).hexdigest()
            m["size"] = len(new)
    _rewrite(src, dst, lambda n, d: new if n == name else (
        json.dumps(manifest).encode() if n == backup.MANIFEST else d))


def test_corrupt_backups_are_refused_and_change_nothing(data_dir, db, tmp_path):
    for _ in range(5):
        _add_case(db)
    doc = tmp_path / "memo.txt"
    doc.write_text("memo " * 100)
    with db.session() as s:
        case_id = s.exec(select(Case.id)).first()
        attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id, source=doc)
    good = backup.create_backup(data_dir, out=tmp_path / "good.zip").path
    with zipfile.ZipFile(good) as zf:
        db_bytes = zf.read("approvals.db")
        doc_name = next(n for n in zf.namelist() if n.startswith("documents/"))

    bad = {}
    bad["flipped db byte"] = tmp_path / "flip.zip"
    _rewrite(good, bad["flipped db byte"], lambda n, d: (
        d[:100] + bytes([d[100] ^ 1]) + d[101:]) if n == "approvals.db" else d)
    bad["document altered"] = tmp_path / "doc.zip"
    _rewrite(good, bad["document altered"], lambda n, d: d + b"!" if n == doc_name else d)
    bad["member removed"] = tmp_path / "removed.zip"
    _rewrite(good, bad["member removed"], lambda n, d: None if n == doc_name else d)
    bad["member added"] = tmp_path / "added.zip"
    _rewrite(good, bad["member added"], lambda n, d: d, add={"documents/extra": b"x"})
    bad["no manifest"] = tmp_path / "nomanifest.zip"
    _rewrite(good, bad["no manifest"], lambda n, d: None if n == backup.MANIFEST else d)
    bad["truncated"] = tmp_path / "truncated.zip"
    bad["truncated"].write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    bad["integrity"] = tmp_path / "integrity.zip"
    _with_matching_manifest(good, bad["integrity"], "approvals.db", _corrupt_pages(db_bytes))
    bad["traversal"] = tmp_path / "traversal.zip"
    _rewrite(good, bad["traversal"], lambda n, d: d)
    with zipfile.ZipFile(bad["traversal"]) as zf:
        manifest = json.loads(zf.read(backup.MANIFEST))
    manifest["members"].append({"path": "../evil", "sha256": "0" * 64, "size": 1})
    _rewrite(good, bad["traversal"], lambda n, d: json.dumps(manifest).encode()
             if n == backup.MANIFEST else d, add={"../evil": b"x"})

    # Whole to SQLite's integrity check, yet not the app's database: every command failed
    # on it after the restore ("no such table: cases").
    for label, sql in (("table dropped", "DROP TABLE cases"),
                       ("column dropped", "ALTER TABLE comments DROP COLUMN field_path")):
        altered = tmp_path / f"{label}.db"
        altered.write_bytes(db_bytes)
        conn = sqlite3.connect(altered)
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute(sql)
        conn.commit()
        conn.close()
        bad[label] = tmp_path / f"{label}.zip"
        _with_matching_manifest(good, bad[label], "approvals.db", altered.read_bytes())

    expected = {
        "table dropped": "its database is not whole: it lacks the table cases",
        "column dropped": "its database is not whole: its table comments lacks the column "
                          "field_path",
        "flipped db byte": "does not match its SHA-256",
        "document altered": "manifest says",
        "member removed": "is missing",
        "member added": "not listed in its manifest",
        "no manifest": "no backup-manifest.json",
        "truncated": "damaged or truncated",
        "integrity": "integrity check",
        "traversal": "unsafe name",
    }
    before_db, before_files = _dump(data_dir.database), _files(data_dir)
    db.dispose()  # as the command restores: nothing else has the database open
    for label, file in bad.items():
        with pytest.raises(CheckFailed) as err:
            backup.restore_backup(data_dir, file, actor=ROOT)
        assert expected[label] in str(err.value), (label, str(err.value))
        assert _dump(data_dir.database) == before_db, label
        assert _files(data_dir) == before_files, label
    assert not (tmp_path / "evil").exists()


def test_restore_needs_the_admin_role(data_dir, db, tmp_path):
    _add_case(db)
    file = backup.create_backup(data_dir, out=tmp_path / "b.zip").path
    with pytest.raises(PermissionDenied):
        backup.restore_backup(data_dir, file, actor=Actor("pat", ("preparer",)))
    with pytest.raises(PermissionDenied):
        backup.create_backup(data_dir, out=tmp_path / "c.zip", actor=Actor("rita", ("reviewer",)))


def test_daily_automatic_backups_rotate(data_dir, db):
    _add_case(db)
    day = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert backup.auto_backup_if_due(data_dir, db, now=day) is not None
    assert backup.auto_backup_if_due(data_dir, db, now=day + timedelta(hours=5)) is None
    with db.session() as s:
        backup.set_backup_keep(s, keep=3, actor=ROOT)
    for n in range(1, 6):
        made = backup.auto_backup_if_due(data_dir, db, now=day + timedelta(days=n))
        assert made is not None and made.exists()
    kept = [p.name for _, p in backup.auto_backups(data_dir)]
    assert kept == [f"auto-2026120{d}T090000Z.zip" for d in (4, 5, 6)]
    backup.verify_backup(data_dir.backups / kept[-1])


def test_bad_keep_setting_falls_back_to_the_default(db):
    with db.session() as s:
        s.add(Setting(key=backup.SETTING_KEEP, value='"lots"'))
    with db.read_session() as s:
        assert backup.backup_keep(s) == backup.DEFAULT_KEEP


def test_an_interrupted_restore_is_rolled_back(data_dir, db, tmp_path):
    _add_case(db)
    (data_dir.documents / "keep.txt").write_text("mine")
    file = backup.create_backup(data_dir, out=tmp_path / "b.zip").path
    # Simulate a power cut after the documents were swapped but before the database was.
    staging = data_dir.root / ".restore-cut"
    backup.verify_backup(file, into=staging)
    old_docs = data_dir.root / ".documents-old-.restore-cut"
    data_dir.documents.rename(old_docs)
    (staging / "documents").rename(data_dir.documents)
    (data_dir.root / backup.MARKER).write_text(json.dumps(
        {"staging": staging.name, "old_documents": old_docs.name}))
    assert backup.finish_interrupted_restore(data_dir) == "rolled back"
    assert (data_dir.documents / "keep.txt").read_text() == "mine"
    assert not staging.exists() and not old_docs.exists()
    assert backup.finish_interrupted_restore(data_dir) is None


HOLDER = """
import sqlite3, sys, time
from pathlib import Path
conn = sqlite3.connect(sys.argv[1])
conn.execute("SELECT count(*) FROM cases").fetchall()
print("open", flush=True)
while not Path(sys.argv[2]).exists():
    time.sleep(0.02)
"""


def test_restore_is_refused_while_another_program_has_the_database_open(data_dir, db, tmp_path):
    _add_case(db)
    file = backup.create_backup(data_dir, out=tmp_path / "b.zip").path
    _add_case(db)
    db.dispose()
    stop = tmp_path / "stop"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_dir.database), str(stop)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        before = _dump(data_dir.database)
        with pytest.raises(CheckFailed, match="in use by another program"):
            backup.restore_backup(data_dir, file, actor=ROOT)
        assert _dump(data_dir.database) == before
        assert not any(p.name.startswith(".restore-") for p in data_dir.root.iterdir())
    finally:
        stop.touch()
        holder.wait(timeout=30)
    backup.restore_backup(data_dir, file, actor=ROOT)  # once it is closed, it works
    assert _count(data_dir.database) == 1


def test_restore_over_a_read_only_database_says_so(data_dir, db, tmp_path, monkeypatch):
    """A read-only database file was "in use by another program" (exit 1), and the check
    left read-only -wal and -shm files beside it that refused every later write."""
    import os

    from approvals.domain.errors import InputError

    _add_case(db)
    file = backup.create_backup(data_dir, out=tmp_path / "b.zip").path
    db.dispose()
    for leftover in ("-wal", "-shm"):
        Path(f"{data_dir.database}{leftover}").unlink(missing_ok=True)
    database = str(data_dir.database)
    real_access = os.access
    # As a user without write permission sees it (the suite may run as root).
    monkeypatch.setattr(os, "access", lambda path, mode, *a, **k: False
                        if str(path) == database and mode == os.W_OK
                        else real_access(path, mode, *a, **k))
    before = _dump(data_dir.database)
    with pytest.raises(InputError) as err:
        backup.restore_backup(data_dir, file, actor=ROOT)
    assert err.value.problems[0].path == database
    assert "the file is read-only" in err.value.problems[0].message
    assert _dump(data_dir.database) == before
    assert not Path(f"{database}-wal").exists() and not Path(f"{database}-shm").exists()


def test_an_interrupted_restore_past_the_swap_is_completed(data_dir, db, tmp_path):
    _add_case(db)
    staging = data_dir.root / ".restore-done"
    staging.mkdir()
    old_docs = data_dir.root / ".documents-old-.restore-done"
    old_docs.mkdir()
    (data_dir.root / backup.MARKER).write_text(json.dumps(
        {"staging": staging.name, "old_documents": old_docs.name}))
    assert backup.finish_interrupted_restore(data_dir) == "completed"
    assert not staging.exists() and not old_docs.exists() and data_dir.documents.is_dir()
