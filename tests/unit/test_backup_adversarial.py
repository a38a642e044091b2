"""Backup and restore as offices really meet them: backups from a newer or an older
version, a data folder with files the backup lacks, a disk that fails halfway, a clock
that was wrong once, a backups folder that cannot be written. Each test fails if the
defect (or the untested promise) it was written for comes back."""

from __future__ import annotations

import errno
import hashlib
import json
import sqlite3
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import CheckFailed
from approvals.exchange import pack as pack_module
from approvals.paths import DataDir
from approvals.services import backup
from approvals.services.cases import import_case
from approvals.services.documents import attach_document
from approvals.store.audit import Actor
from approvals.store.db import Database, StorageRefused
from approvals.store.migrate import head_revision, open_database
from approvals.store.models import Case, Document
from tests.conftest import EXAMPLES_DIR

ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))
FACTS = json.loads((EXAMPLES_DIR / "vision-startup.json").read_text(encoding="utf-8"))


def _add_case(db: Database) -> str:
    with db.session() as s:
        return import_case(s, data=FACTS, actor=ROOT).reference


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _revision(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


def _state(data_dir: DataDir) -> tuple[list[str], dict[str, bytes], list[str]]:
    """The database's content, the documents, and every name in the data folder and in
    backups/ (hidden work folders included: none may be left behind)."""
    docs = {p.relative_to(data_dir.documents).as_posix(): p.read_bytes()
            for p in data_dir.documents.rglob("*") if p.is_file()}
    names = sorted(p.name for p in data_dir.root.iterdir()
                   if p.name != "logs" and not p.name.endswith(("-wal", "-shm")))
    if data_dir.backups.is_dir():
        names += sorted(f"backups/{p.name}" for p in data_dir.backups.iterdir())
    return _dump(data_dir.database), docs, names


@pytest.fixture
def made(tmp_path: Path, data_dir: DataDir, db: Database) -> Path:
    """A backup of one case and two documents; a second case is added after it."""
    _add_case(db)
    (data_dir.documents / "a.txt").write_bytes(b"a" * 5000)
    (data_dir.documents / "b.txt").write_bytes(b"b" * 5000)
    path = backup.create_backup(data_dir, out=tmp_path / "backup.zip").path
    _add_case(db)
    return path


# ---------------------------------------------------------------------------------------
# Schema revisions


def test_a_backup_made_by_a_newer_version_is_refused_and_nothing_changes(tmp_path, data_dir,
                                                                        db):
    newer = DataDir(tmp_path / "newer").ensure()
    newer_db = open_database(newer)
    _add_case(newer_db)
    newer_db.dispose()
    conn = sqlite3.connect(newer.database)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    file = backup.create_backup(newer, out=tmp_path / "newer.zip").path
    _add_case(db)
    before = _state(data_dir)
    with pytest.raises(CheckFailed, match=r"revision '9999'.*newer version.*Nothing was changed"):
        backup.restore_backup(data_dir, file, actor=ROOT, db=db)
    assert _state(data_dir) == before
    assert _revision(data_dir.database) == head_revision()  # not downgraded, not touched


def test_a_backup_from_an_older_revision_is_migrated_with_a_copy_kept_first(tmp_path,
                                                                          data_dir, db):
    older = DataDir(tmp_path / "older").ensure()
    open_database(older, target="0003").dispose()
    file = backup.create_backup(older, out=tmp_path / "older.zip").path
    result = backup.restore_backup(data_dir, file, actor=ROOT, db=db)
    assert _revision(data_dir.database) == head_revision()
    copies = sorted(data_dir.backups.glob("approvals-0003-*.db"))
    assert len(copies) == 1 and _revision(copies[0]) == "0003"  # the usual pre-migration copy
    assert result.replaced is not None and (result.replaced / "approvals.db").is_file()
    reopened = open_database(data_dir)  # opens as it is: nothing left to migrate
    reopened.dispose()


# ---------------------------------------------------------------------------------------
# What the restore replaces


def test_documents_the_backup_lacks_go_with_the_replaced_data(made, data_dir, db):
    (data_dir.documents / "since.txt").write_bytes(b"attached after the backup")
    result = backup.restore_backup(data_dir, made, actor=ROOT, db=db)
    assert sorted(p.name for p in data_dir.documents.iterdir()) == ["a.txt", "b.txt"]
    assert result.replaced is not None
    assert (result.replaced / "documents" / "since.txt").read_bytes() == b"attached after the backup"


def test_documents_with_names_a_zip_member_may_not_have_are_backed_up_and_restored(
        tmp_path, data_dir, db):
    """Earlier versions stored a document attached as "Minutes 3.5 final" as
    "<sha>.5 final", one attached as "合同.文档" as "<sha>.文档" (attaching now keeps only
    plain extensions). Before: both were left out of every backup (a warning in the log)
    and gone after a restore. Now they go under plain member names, the manifest names
    their files, and a restore puts them back under those names."""
    _add_case(db)
    with db.session() as s:
        case_id = s.exec(select(Case)).first().id
        for name, body, old_suffix in (("Minutes 3.5 final", b"minutes", ".5 final"),
                                       ("合同.文档", b"contract", ".文档"),
                                       ("memo.pdf", b"%PDF-1.4 memo", ".pdf")):
            source = tmp_path / name
            source.write_bytes(body)
            info = attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id,
                                   source=source, doc_type="board_memo")
            row = s.get(Document, info.id)
            as_stored_before = info.sha256 + old_suffix
            (data_dir.documents / row.stored_path).rename(data_dir.documents / as_stored_before)
            row.stored_path = as_stored_before
            s.add(row)
    stored = {p.name: p.read_bytes() for p in data_dir.documents.iterdir()}
    assert any(n.endswith(".5 final") for n in stored) and any(n.endswith(".文档") for n in stored)
    made = backup.create_backup(data_dir, out=tmp_path / "b.zip")
    assert made.warnings == () and made.documents == 3
    with zipfile.ZipFile(made.path) as zf:
        manifest = json.loads(zf.read(backup.MANIFEST))
    assert manifest["format_version"] == backup.FORMAT_VERSION_RENAMED
    for name in list(stored):
        (data_dir.documents / name).unlink()
    backup.restore_backup(data_dir, made.path, actor=ROOT, db=db)
    assert {p.name: p.read_bytes() for p in data_dir.documents.iterdir()} == stored
    assert not (data_dir.root / "renamed").exists()


def test_a_renamed_member_cannot_name_a_file_outside_documents(tmp_path, data_dir, db):
    made = backup.create_backup(data_dir, out=tmp_path / "b.zip").path
    for stored in ("../approvals.db", "/etc/x", "a/../../b", ".hidden", "a\\b"):
        crafted = tmp_path / "crafted.zip"
        with zipfile.ZipFile(made) as zin, zipfile.ZipFile(crafted, "w") as zout:
            manifest = json.loads(zin.read(backup.MANIFEST))
            for info in zin.infolist():
                if info.filename != backup.MANIFEST:
                    zout.writestr(info.filename, zin.read(info))
            zout.writestr("renamed/1", b"x")
            manifest["members"].append({"path": "renamed/1", "size": 1, "stored": stored,
                                        "sha256": hashlib.sha256(b"x").hexdigest()})
            manifest["format_version"] = backup.FORMAT_VERSION_RENAMED
            zout.writestr(backup.MANIFEST, json.dumps(manifest))
        with pytest.raises(CheckFailed, match="names no plain file for documents/"):
            backup.verify_backup(crafted)


def _failing_on_call(n: int, real, exc: OSError):
    calls: list[int] = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == n:
            raise exc
        return real(*args, **kwargs)

    return failing


def test_a_full_disk_while_the_current_data_is_copied_aside_changes_nothing(
        made, data_dir, db, monkeypatch):
    """Before: the raw OSError reached the user (the CLI said "internal error"), though
    the data was intact. Now a plain refusal, and the data folder exactly as it was."""
    before = _state(data_dir)
    # Documents are hard-linked on the data folder's disk; on another one they are copied.
    monkeypatch.setattr(backup, "_same_disk", lambda _a, _b: False)
    monkeypatch.setattr(backup, "copy_hashed", _failing_on_call(
        2, backup.copy_hashed, OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(CheckFailed, match=r"backup\.zip was not restored: .*copy of the current "
                                          r"data.*No space left on device\. Nothing was changed"):
        backup.restore_backup(data_dir, made, actor=ROOT, db=db)
    assert _state(data_dir) == before


def test_a_full_disk_while_the_backup_is_unpacked_changes_nothing(made, data_dir, db,
                                                                  monkeypatch):
    before = _state(data_dir)
    monkeypatch.setattr(pack_module, "copy_hashed", _failing_on_call(
        2, pack_module.copy_hashed, OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(CheckFailed, match=r"while it was being checked.*Nothing was changed"):
        backup.restore_backup(data_dir, made, actor=ROOT, db=db)
    assert _state(data_dir) == before


def test_a_failure_while_the_data_folder_is_swapped_puts_it_back(made, data_dir, db,
                                                                 monkeypatch):
    (data_dir.documents / "since.txt").write_bytes(b"mine")
    before_db, before_docs, _names = _state(data_dir)
    real = backup.os.replace

    def replace(src, dst):
        if Path(dst) == data_dir.database:  # the commit point fails
            raise OSError(errno.EIO, "Input/output error")
        return real(src, dst)

    monkeypatch.setattr(backup.os, "replace", replace)
    with pytest.raises(CheckFailed, match="while the data folder was being replaced"):
        backup.restore_backup(data_dir, made, actor=ROOT, db=db)
    monkeypatch.undo()
    after_db, after_docs, names = _state(data_dir)
    assert (after_db, after_docs) == (before_db, before_docs)
    assert not [n for n in names if n.startswith(".")]  # no work folder, no marker
    assert backup.MARKER not in names


def test_a_backup_too_large_for_the_disk_is_refused_before_a_byte_is_unpacked(
        made, data_dir, db, monkeypatch):
    """A zip bomb, or a real backup larger than the free space: before, it was unpacked
    into the data folder until the disk was full (stopping the database and every other
    program writing there). Now it is refused up front, with the sizes."""
    before = _state(data_dir)
    real = pack_module.shutil.disk_usage
    monkeypatch.setattr(pack_module.shutil, "disk_usage",
                        lambda p: real(p)._replace(free=pack_module.ROOM_MARGIN + 1000))
    written: list[str] = []

    def no_write(src, dst, **kwargs):
        written.append(str(dst))
        raise AssertionError("nothing may be unpacked")

    monkeypatch.setattr(pack_module, "copy_hashed", no_write)
    # The disk's to fix (exit 2), with what to do: not called damaged (exit 1).
    with pytest.raises(StorageRefused, match=r"unpacked it needs 0\.\d MB \(67\.\d MB with the 67\.1 MB "
                                             r"kept free there for the database\), and the disk of .* "
                                             r"has 67\.1 MB free.*Nothing was changed\. Free "
                                             "some space on that disk, then restore again"):
        backup.restore_backup(data_dir, made, actor=ROOT, db=db)
    assert written == [] and _state(data_dir) == before
    with pytest.raises(StorageRefused, match="unpacked it needs"):
        backup.verify_backup(made)


def test_no_room_for_the_copy_of_the_replaced_data_is_said_before_copying(
        made, data_dir, db, monkeypatch):
    """The backup fits, the copy of what it replaces does not: refused before the copy
    fills the disk, and nothing changes."""
    before = _state(data_dir)
    real = pack_module.shutil.disk_usage
    calls: list[Path] = []

    def usage(path):
        calls.append(Path(path))
        space = real(path)
        return space if len(calls) == 1 else space._replace(free=pack_module.ROOM_MARGIN + 10)

    monkeypatch.setattr(pack_module.shutil, "disk_usage", usage)
    with pytest.raises(CheckFailed, match=r"backup\.zip was not restored: the copy of the data it "
                                          r"replaces needs .* MB \(.* with the 67\.1 MB kept free there "
                                          r"for the database\), and the disk of .* has "):
        backup.restore_backup(data_dir, made, actor=ROOT, db=db)
    assert len(calls) == 2 and _state(data_dir) == before


# ---------------------------------------------------------------------------------------
# Automatic rotating backups


def test_a_backup_stamped_in_the_future_does_not_stop_the_daily_backups(data_dir, db):
    """The clock was a few years ahead once. Before: no automatic backup was made again
    until that date came, and with keep=1 each new one was deleted straight away."""
    _add_case(db)
    wrong = datetime(2031, 3, 1, 9, 0, tzinfo=UTC)
    assert backup.auto_backup_if_due(data_dir, db, now=wrong) is not None
    with db.session() as s:
        backup.set_backup_keep(s, keep=2, actor=ROOT)
    day = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    first = backup.auto_backup_if_due(data_dir, db, now=day)
    assert first is not None and first.exists()
    assert backup.auto_backup_if_due(data_dir, db, now=day + timedelta(hours=3)) is None
    second = backup.auto_backup_if_due(data_dir, db, now=day + timedelta(days=1))
    assert second is not None
    # Two kept: the future-stamped one went first, as the oldest it really is.
    assert [p.name for _w, p in backup.auto_backups(data_dir)] == [first.name, second.name]


@pytest.fixture
def beijing(monkeypatch: pytest.MonkeyPatch):
    """The computer's clock set to China Standard Time (UTC+8)."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_daily_backup_follows_the_computers_own_day(data_dir, db, beijing):
    """The UTC day turns at 08:00 in Beijing: started at 07:30 and again at 08:30 made two
    backups, and an app left open past local midnight made none."""
    _add_case(db)
    half_past_seven = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)  # 07:30 on 7 Dec there
    assert backup.auto_backup_if_due(data_dir, db, now=half_past_seven) is not None
    assert backup.auto_backup_if_due(data_dir, db,
                                     now=half_past_seven + timedelta(hours=1)) is None
    past_midnight = datetime(2026, 12, 7, 16, 10, tzinfo=UTC)  # 00:10 on 8 Dec there
    assert backup.auto_backup_if_due(data_dir, db, now=past_midnight) is not None
    assert len(backup.auto_backups(data_dir)) == 2


def test_the_backup_just_made_is_never_the_one_removed(data_dir, db):
    _add_case(db)
    backup.auto_backup_if_due(data_dir, db, now=datetime(2031, 3, 1, tzinfo=UTC))
    with db.session() as s:
        backup.set_backup_keep(s, keep=1, actor=ROOT)
    today = backup.auto_backup_if_due(data_dir, db, now=datetime(2026, 12, 1, tzinfo=UTC))
    assert today is not None and today.exists()
    assert [p for _w, p in backup.auto_backups(data_dir)] == [today]


def test_rotation_keeps_the_count_and_never_touches_backups_made_by_hand(data_dir, db):
    _add_case(db)
    data_dir.backups.mkdir(exist_ok=True)
    by_hand = ["before-the-audit.zip", "auto-20261201T090000Z (copy).zip",
               "auto-20261201.zip", "AUTO-20261101T090000Z.zip", "auto-20261101T090000Z.zip.bak"]
    for name in by_hand:
        (data_dir.backups / name).write_bytes(b"kept by hand")
    with db.session() as s:
        backup.set_backup_keep(s, keep=2, actor=ROOT)
    day = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    for n in range(4):
        backup.auto_backup_if_due(data_dir, db, now=day + timedelta(days=n))
    autos = [p.name for _w, p in backup.auto_backups(data_dir)]
    assert autos == ["auto-20261203T090000Z.zip", "auto-20261204T090000Z.zip"]
    for name in by_hand:
        assert (data_dir.backups / name).read_bytes() == b"kept by hand"


def test_a_backups_folder_that_cannot_be_written_leaves_nothing_behind(data_dir, db):
    _add_case(db)
    data_dir.backups.rmdir()
    data_dir.backups.write_bytes(b"a file where the folder should be")
    before = sorted(p.name for p in data_dir.root.iterdir())
    with pytest.raises(OSError):  # the app says it in words (ui.backup), once
        backup.auto_backup_if_due(data_dir, db, now=datetime(2026, 12, 1, tzinfo=UTC))
    assert sorted(p.name for p in data_dir.root.iterdir()) == before
