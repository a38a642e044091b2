"""Output files the officer chooses are written all or nothing (store.files.atomic_output):
a file of that name already there stays byte for byte as it was when the write fails half
way (disk full, a cancel, an exception while building it, a busy database, a failed
commit), and no temporary file is left beside it; a write that succeeds replaces it."""

from __future__ import annotations

import errno
import json
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from approvals.domain.errors import Cancelled, CheckFailed, DatabaseBusy, InputError
from approvals.exchange import pack as pack_module
from approvals.paths import DataDir
from approvals.services import backup, exports, review
from approvals.services.cases import import_case
from approvals.services.documents import attach_document, export_document
from approvals.store import db as db_module
from approvals.store import files
from approvals.store.audit import Actor, append_event
from approvals.store.db import Database
from approvals.store.files import atomic_output, is_partial, write_atomically
from approvals.store.migrate import open_database
from approvals.store.models import Document, Event
from tests.conftest import EXAMPLES_DIR
from tests.locking_support import write_lock_held
from tests.review_support import ROOT, open_review_pair

OLD = b"the officer's earlier file, kept\r\n"


def earlier(path: Path, mode: int = 0o640) -> Path:
    path.write_bytes(OLD)
    path.chmod(mode)
    return path


def left_beside(out: Path) -> list[str]:
    """Anything but `out` itself in its folder that comes from writing it."""
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name and out.name in p.name)


def events(db: Database, action: str) -> int:
    with db.read_session() as s:
        return len(s.exec(select(Event).where(Event.action == action)).all())


def fail_commit(session: Any) -> None:
    """A row whose foreign key SQLite checks only at COMMIT: the COMMIT itself fails."""
    session.connection().exec_driver_sql("PRAGMA defer_foreign_keys=ON")
    session.connection().exec_driver_sql(
        "INSERT INTO comments (uid, case_id, author, body, created_at, origin) "
        "VALUES ('x', 999999, 'x', 'x', '2026-01-01', 'local')")


@pytest.fixture
def impatient(data_dir: DataDir, db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """The same database with a 0.2 s busy timeout rather than the real 10 s."""
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 200)
    quick = open_database(data_dir)
    yield quick
    quick.dispose()


@pytest.fixture
def case_ref(db: Database) -> str:
    with db.session() as s:
        data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        return import_case(s, data=data, actor=ROOT).reference


def cancel_when_written(_fraction: float, message: str) -> None:
    """The officer cancels at the last moment: the file is complete, not yet in place."""
    if message.startswith("Wrote"):
        raise Cancelled("Cancelled; nothing was written.")


def disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """The part file gets half written, then the disk is full as it is flushed."""

    def flush(self: Any) -> None:
        with self.part.open("ab") as fh:
            fh.write(b"half a file")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files._StagedOutput, "flush", flush)


# -- the helper ---------------------------------------------------------------------------


def test_a_write_that_succeeds_replaces_the_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    out = earlier(tmp_path / "out.csv", 0o640)
    write_atomically(out, b"new")
    assert out.read_bytes() == b"new" and (out.stat().st_mode & 0o777) == 0o640
    assert left_beside(out) == []
    fresh = tmp_path / "fresh.csv"
    write_atomically(fresh, b"first")
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.read_bytes() == b"first" and (fresh.stat().st_mode & 0o777) == 0o666 & ~umask


@pytest.mark.parametrize("error", [RuntimeError("building it failed"),
                                   OSError(errno.ENOSPC, "No space left on device")])
def test_a_write_that_fails_half_way_leaves_the_old_file(tmp_path: Path, error: Exception) -> None:
    out = earlier(tmp_path / "out.csv")
    with pytest.raises((RuntimeError, InputError)) as raised, atomic_output(out) as tmp:
        tmp.write_bytes(b"half of the new")
        raise error
    assert out.read_bytes() == OLD and left_beside(out) == []
    if isinstance(error, OSError):  # the file named, in words, not a traceback
        assert str(raised.value) == (f"{out}: cannot be written (No space left on device): the "
                                     "disk is full; nothing was saved there. Free some space "
                                     "and save again")


def test_disk_full_as_it_is_flushed_leaves_the_old_file(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    out = earlier(tmp_path / "out.pdf")
    disk_full(monkeypatch)
    with pytest.raises(InputError, match="No space left on device"):
        write_atomically(out, b"%PDF-new")
    assert out.read_bytes() == OLD and left_beside(out) == []


def test_the_part_file_is_a_partial_one_the_sweep_knows(tmp_path: Path) -> None:
    out = tmp_path / "backup.zip"
    with atomic_output(out) as tmp:
        assert tmp.parent == out.parent and tmp.exists() and is_partial(tmp.name)
        assert tmp.name.startswith(".")  # hidden while it is being written
        tmp.write_bytes(b"zip")
    assert out.read_bytes() == b"zip"


def test_with_a_unit_of_work_the_file_is_replaced_when_it_commits(db: Database, admin: Actor,
                                                                  tmp_path: Path) -> None:
    out = earlier(tmp_path / "out.csv")
    with db.session() as s:
        with atomic_output(out, session=s) as tmp:
            tmp.write_bytes(b"new")
        assert out.read_bytes() == OLD  # not before the record of it commits
        append_event(s, actor=admin, action="audit.exported", entity="audit", entity_id="out.csv")
    assert out.read_bytes() == b"new" and left_beside(out) == []


@pytest.mark.parametrize("links", [True, False], ids=["hard-link", "no-hard-links"])
@pytest.mark.parametrize("existed", [True, False], ids=["replacing", "new"])
def test_a_failed_commit_leaves_the_old_file_or_none(db: Database, admin: Actor, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     links: bool, existed: bool) -> None:
    if not links:  # FAT, some network shares: the old file is moved aside instead
        def no_link(*_a: Any) -> None:
            raise OSError(errno.EPERM, "Operation not permitted")
        monkeypatch.setattr(files.os, "link", no_link)
    out = earlier(tmp_path / "out.csv") if existed else tmp_path / "out.csv"
    with pytest.raises(Exception, match="FOREIGN KEY"), db.session() as s:
        with atomic_output(out, session=s) as tmp:
            tmp.write_bytes(b"new")
        append_event(s, actor=admin, action="audit.exported", entity="audit", entity_id="out.csv")
        fail_commit(s)
    assert (out.read_bytes() == OLD) if existed else not out.exists()
    assert left_beside(out) == []
    assert events(db, "audit.exported") == 0


def test_a_file_that_cannot_be_replaced_records_nothing(db: Database, admin: Actor,
                                                        tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows a file open in Excel cannot be replaced: that fails before the COMMIT,
    so the trail does not record an export that did not happen."""
    out = earlier(tmp_path / "out.csv")
    real_replace = os.replace

    def refused(src: Any, dst: Any) -> None:
        if Path(src).name.endswith(".part") and Path(dst) == out:
            raise PermissionError(errno.EACCES, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", refused)
    with pytest.raises(InputError, match="open in another program"), db.session() as s:
        with atomic_output(out, session=s) as tmp:
            tmp.write_bytes(b"new")
        append_event(s, actor=admin, action="audit.exported", entity="audit", entity_id="out.csv")
    assert out.read_bytes() == OLD and left_beside(out) == []
    assert events(db, "audit.exported") == 0


# -- CSV exports --------------------------------------------------------------------------


def _fail_after(monkeypatch: pytest.MonkeyPatch, cells: int) -> None:
    """An exception while the rows are being written, at the row that takes them past
    `cells` cells (the rows' cells are made safe a row at a time)."""
    real = exports._safe_cells
    seen = [0]

    def safe_cells(row: Sequence[Any]) -> list[Any]:
        seen[0] += len(row)
        if seen[0] > cells:
            raise RuntimeError("a row could not be read")
        return real(row)

    monkeypatch.setattr(exports, "_safe_cells", safe_cells)


@pytest.mark.parametrize("kind", ["audit", "cases"])
def test_csv_export_failing_half_way_leaves_the_old_file(db: Database, admin: Actor, case_ref: str,
                                                         tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         kind: str) -> None:
    out = earlier(tmp_path / "export.csv")
    export = exports.export_audit_csv if kind == "audit" else exports.export_case_list_csv
    with monkeypatch.context() as m:
        _fail_after(m, 5)  # the header written, the first row failing
        with pytest.raises(RuntimeError), db.session() as s:
            export(s, actor=admin, out=out)
    assert out.read_bytes() == OLD and left_beside(out) == []
    # The unit of work failing after the file was written.
    with pytest.raises(RuntimeError), db.session() as s:
        export(s, actor=admin, out=out)
        raise RuntimeError("something after the export failed")
    assert out.read_bytes() == OLD and left_beside(out) == []
    assert events(db, "audit.exported") + events(db, "cases.exported") == 0
    with db.session() as s:
        result = export(s, actor=admin, out=out)
    assert result.rows > 0 and out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert case_ref.encode() in out.read_bytes() and left_beside(out) == []


@pytest.mark.parametrize("kind", ["audit", "cases"])
def test_csv_export_on_a_busy_database_leaves_the_old_file(data_dir: DataDir, admin: Actor,
                                                           case_ref: str, impatient: Database,
                                                           tmp_path: Path, kind: str) -> None:
    out = earlier(tmp_path / "export.csv")
    export = exports.export_audit_csv if kind == "audit" else exports.export_case_list_csv
    with write_lock_held(data_dir.database), pytest.raises(DatabaseBusy, match="The database is busy"), \
            impatient.session() as s:
        export(s, actor=admin, out=out)
    assert out.read_bytes() == OLD and left_beside(out) == []
    assert events(impatient, "audit.exported") + events(impatient, "cases.exported") == 0


# -- review and response packs ------------------------------------------------------------


def test_review_pack_failing_half_way_leaves_the_old_file(db: Database, data_dir: DataDir,
                                                          case_ref: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    out = earlier(tmp_path / "review.zip")
    real = pack_module.copy_hashed
    calls = [0]

    def copy_then_fail(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == 3:  # some members are in the zip by now
            raise OSError(errno.EIO, "Input/output error")
        return real(*args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(pack_module, "copy_hashed", copy_then_fail)
        with pytest.raises(InputError, match="Input/output error"), db.session() as s:
            review.export_review_pack(s, data_dir=data_dir, references=[case_ref], out=out,
                                      actor=ROOT, drafts=False)
    assert out.read_bytes() == OLD and left_beside(out) == []
    # Cancelled at the last moment, once the pack is complete.
    with pytest.raises(Cancelled), db.session() as s:
        review.export_review_pack(s, data_dir=data_dir, references=[case_ref], out=out,
                                  actor=ROOT, drafts=False, progress=cancel_when_written)
    assert out.read_bytes() == OLD and left_beside(out) == []
    assert events(db, "review.exported") == 0
    with db.session() as s:
        result = review.export_review_pack(s, data_dir=data_dir, references=[case_ref], out=out,
                                           actor=ROOT, drafts=False)
    assert out.read_bytes()[:2] == b"PK" and out.stat().st_size == result.size
    assert left_beside(out) == [] and events(db, "review.exported") == 1


def test_review_pack_on_a_busy_database_leaves_the_old_file(data_dir: DataDir, case_ref: str,
                                                            impatient: Database,
                                                            tmp_path: Path) -> None:
    out = earlier(tmp_path / "review.zip")
    with write_lock_held(data_dir.database), pytest.raises(DatabaseBusy), impatient.session() as s:
        review.export_review_pack(s, data_dir=data_dir, references=[case_ref], out=out,
                                  actor=ROOT, drafts=False)
    assert out.read_bytes() == OLD and left_beside(out) == []
    assert events(impatient, "review.exported") == 0


def test_response_pack_failing_leaves_the_old_file_and_no_note_of_it(
        tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    try:
        review.add_review_comment(data_dir=pair.b_dir, pack_id=pair.pack_id,
                                  reference=pair.reference, body="Fine", actor=ROOT)
        out = earlier(tmp_path / "response.zip")
        with pytest.raises(Cancelled), pair.b_db.session() as s:
            review.export_response_pack(s, data_dir=pair.b_dir, pack_id=pair.pack_id, out=out,
                                        actor=ROOT, progress=cancel_when_written)
        with pytest.raises(Exception, match="FOREIGN KEY"), pair.b_db.session() as s:
            review.export_response_pack(s, data_dir=pair.b_dir, pack_id=pair.pack_id, out=out,
                                        actor=ROOT)
            fail_commit(s)
        assert out.read_bytes() == OLD and left_beside(out) == []
        assert not review.list_open_reviews(pair.b_dir)[0].responded  # nor in its state
        assert events(pair.b_db, "review.responded") == 0
        with pair.b_db.session() as s:
            review.export_response_pack(s, data_dir=pair.b_dir, pack_id=pair.pack_id, out=out,
                                        actor=ROOT)
        assert out.read_bytes()[:2] == b"PK" and left_beside(out) == []
        assert review.list_open_reviews(pair.b_dir)[0].responded
    finally:
        pair.b_db.dispose()


# -- backups ------------------------------------------------------------------------------


def test_backup_failing_half_way_leaves_the_old_file(data_dir: DataDir, db: Database,
                                                     case_ref: str, tmp_path: Path) -> None:
    out = earlier(tmp_path / "backup.zip")
    asked = [0]

    def cancel_midway() -> bool:
        asked[0] += 1
        return asked[0] > 2  # after the database is in the zip

    with pytest.raises(Cancelled):
        backup.create_backup(data_dir, out=out, actor=ROOT, db=db, cancelled=cancel_midway)
    assert out.read_bytes() == OLD and left_beside(out) == []
    assert events(db, "backup.created") == 0
    result = backup.create_backup(data_dir, out=out, actor=ROOT, db=db)
    assert out.read_bytes()[:2] == b"PK" and result.size == out.stat().st_size
    assert left_beside(out) == [] and events(db, "backup.created") == 1
    backup.verify_backup(out)


def test_backup_whose_record_cannot_be_written_leaves_the_old_file(
        data_dir: DataDir, case_ref: str, impatient: Database, tmp_path: Path) -> None:
    """The copy is made, then the database is busy for its backup.created event: "Nothing
    was changed" is then true of the file too."""
    out = earlier(tmp_path / "backup.zip")
    with write_lock_held(data_dir.database), pytest.raises(DatabaseBusy, match="Nothing was changed"):
        backup.create_backup(data_dir, out=out, db=impatient)
    assert out.read_bytes() == OLD and left_beside(out) == []
    assert events(impatient, "backup.created") == 0


# -- a document saved out of the data folder ----------------------------------------------


def test_document_export_failing_leaves_the_old_file(data_dir: DataDir, db: Database,
                                                     case_ref: str, tmp_path: Path) -> None:
    source = tmp_path / "memo.txt"
    source.write_bytes(b"the memo")
    with db.session() as s:
        case_id = import_case(s, data=json.loads(
            (EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8")), actor=ROOT).id
        doc = attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id, source=source)
    with db.read_session() as s:
        row = s.get(Document, doc.id)
        assert row is not None
        stored = data_dir.documents / row.stored_path
    (tmp_path / "saved").mkdir()
    out = earlier(tmp_path / "saved" / "memo.txt")
    stored.chmod(0o644)  # stored read-only
    stored.write_bytes(b"the memo, changed behind the app's back")
    with pytest.raises(CheckFailed), db.session() as s:
        export_document(s, actor=ROOT, data_dir=data_dir, document_id=doc.id, destination=out)
    assert out.read_bytes() == OLD and left_beside(out) == []
    stored.write_bytes(b"the memo")
    with db.session() as s:
        export_document(s, actor=ROOT, data_dir=data_dir, document_id=doc.id, destination=out)
    assert out.read_bytes() == b"the memo" and left_beside(out) == []


# -- every write point goes through the helper -------------------------------------------

_DIRECT_WRITE = re.compile(r"\.write_(text|bytes)\(|open\([^)]*['\"][wax]b?['\"]|os\.replace\(|"
                           r"\.replace\((tmp|target|path|out)\b")


def test_the_app_and_the_command_line_write_files_only_through_the_helper() -> None:
    """What the window or a command writes is a file the officer chose: written in place
    (write_text, open("w"), a rename of its own) it is lost half way; store.files'
    write_atomically / atomic_output, or a service using them, keep the old one."""
    package = Path(files.__file__).resolve().parents[1]
    found = [f"{path.relative_to(package)}:{n}: {line.strip()}"
             for folder in ("ui", "cli") for path in sorted((package / folder).rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if _DIRECT_WRITE.search(line)]
    assert found == []


def test_checking_the_anchor_under_the_lock_on_a_busy_database_is_the_busy_error(
        data_dir: DataDir, impatient: Database) -> None:
    """`audit verify` confirms a broken-looking anchor under the write lock: a busy
    database is then the same clear refusal, not an internal error."""
    with write_lock_held(data_dir.database), pytest.raises(DatabaseBusy, match="busy"):
        impatient.assess_anchor()
    assert impatient.assess_anchor().verdict  # and goes through once the lock is gone


def test_a_chosen_link_stays_a_link_and_its_file_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "synced").mkdir()
    real = earlier(tmp_path / "synced" / "cases.csv")
    link = tmp_path / "cases.csv"
    link.symlink_to(real)
    with atomic_output(link) as tmp:
        assert tmp.parent == real.parent  # the rename stays within one folder
        tmp.write_bytes(b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert left_beside(real) == [] and left_beside(link) == []
