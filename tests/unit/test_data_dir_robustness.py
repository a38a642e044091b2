"""The data folder under hostile conditions: a path too long for SQLite, a database lost
from a folder that held one, a full disk, a database this user may not write, a log that
cannot be written. Each is a clear message naming the folder or file, and nothing is
written or changed (README: Data folder)."""

from __future__ import annotations

import errno
import io
import json
import logging
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import event

from approvals import logging_setup
from approvals.domain.errors import CheckFailed, DatabaseBusy, InputError
from approvals.domain.facts import parse_facts
from approvals.paths import DB_FILE, MAX_DATABASE_PATH, DataDir
from approvals.services import backup as backup_svc
from approvals.services.cases import create_case
from approvals.store import migrate
from approvals.store.audit import Actor
from approvals.store.db import Database, StorageRefused, storage_refusal
from approvals.store.migrate import DatabaseDamaged, open_database
from tests.conftest import EXAMPLES_DIR
from tests.logging_support import app_log_undone


def _facts() -> Any:
    return parse_facts(json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8")))


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _folder_of_length(base: Path, length: int) -> Path:
    """A folder under `base` whose database path is `length` bytes (names of at most 200
    bytes: a file system's limit per name is 255)."""
    room = length - len(os.fsencode(str(base))) - len("/" + DB_FILE)
    parts = []
    while room > 0:
        take = min(200, room - 1)  # each part costs its "/" too
        parts.append("d" * take)
        room -= take + 1
    folder = base.joinpath(*parts)
    assert len(os.fsencode(str(folder / DB_FILE))) == length
    return folder


# -- a path too long for SQLite --------------------------------------------------------


def test_a_database_path_sqlite_cannot_open_is_refused_before_anything_is_made(tmp_path: Path) -> None:
    """It was "could not be upgraded from revision none (OperationalError: unable to open
    database file …)", exit 1, after the folder and its sub-folders had been made."""
    longest = _folder_of_length(tmp_path / "ok", MAX_DATABASE_PATH)
    open_database(DataDir(longest).ensure()).dispose()  # the limit itself still opens
    assert (longest / DB_FILE).stat().st_size > 0
    too_long = _folder_of_length(tmp_path / "no", MAX_DATABASE_PATH + 1)
    with pytest.raises(InputError) as caught:
        open_database(DataDir(too_long))
    [problem] = caught.value.problems
    assert problem.path == str(too_long)
    assert problem.message == (f"the path is too long for the database ({MAX_DATABASE_PATH + 1} "
                               f"bytes with approvals.db; at most {MAX_DATABASE_PATH}); choose a "
                               "folder with a shorter path")
    assert not (tmp_path / "no").exists()


# -- a database lost from a folder that held one ----------------------------------------


@pytest.fixture
def anchored(db: Database, data_dir: DataDir, admin: Actor) -> DataDir:
    """A data folder whose audit anchor records the events of one case."""
    with db.session() as session:
        create_case(session, facts=_facts(), actor=admin)
    db.dispose()
    assert (data_dir.root / "audit-anchor.json").is_file()
    return data_dir


@pytest.mark.parametrize("state", ["empty (0 bytes)", "missing"])
def test_a_database_lost_from_an_anchored_folder_is_not_replaced_by_a_new_one(
        anchored: DataDir, state: str) -> None:
    """An empty or missing approvals.db was made anew: the app then asked for a first
    administrator on a folder whose trail says 3 events were recorded."""
    if state == "missing":
        anchored.database.unlink()
    else:
        anchored.database.write_bytes(b"")
    before = _tree(anchored.root)
    with pytest.raises(DatabaseDamaged) as caught:
        open_database(anchored)
    message = str(caught.value)
    assert message.startswith(f"The database {anchored.database} is {state}, but this data "
                              "folder held one: its audit anchor (audit-anchor.json) records "
                              "event #")
    # The time as every other message writes it ("2026-12-07 02:46 UTC"), not the stamp.
    assert " UTC. No new database was made" in message and "Z." not in message
    assert f"Restore a backup (approvals restore FILE; the automatic ones are in {anchored.backups})" in message
    assert _tree(anchored.root) == before
    assert anchored.database.exists() == (state != "missing")


def test_a_keys_folder_that_cannot_take_the_installation_key_is_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file in its place, or a folder this user may not write in before the key exists,
    was an internal error (FileExistsError, PermissionError) at the first review pack."""
    data = DataDir(tmp_path / "data").ensure()
    data.keys.write_text("")
    with pytest.raises(InputError, match=r"keys: is a file, not a folder; choose another"):
        data.ensure()
    data.keys.unlink()
    data.keys.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != data.keys
                        and real_access(path, mode))  # as root, permissions refuse nothing
    with pytest.raises(InputError, match="keys: this user may not write in it, and the "
                                         "installation key is to be made there"):
        data.ensure()
    (data.keys / "installation_ed25519.pem").write_text("a key")  # made: reading suffices
    assert data.ensure() is data


def test_an_empty_database_file_in_a_new_folder_is_still_made_a_database(data_dir: DataDir) -> None:
    data_dir.database.write_bytes(b"")  # no anchor: nothing was ever recorded here
    open_database(data_dir).dispose()
    assert data_dir.database.stat().st_size > 0


# -- a full disk, a database this user may not write --------------------------------------


def _on_every_connection(db: Database, pragma: str) -> None:
    db.engine.dispose()  # connections made from now on get the pragma

    @event.listens_for(db.engine, "connect")
    def _apply(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(pragma)


def _events(db: Database) -> int:
    conn = sqlite3.connect(db.data_dir.database)
    try:
        return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
    finally:
        conn.close()


def test_a_save_the_full_disk_refuses_names_the_disk_not_an_internal_error(
        db: Database, data_dir: DataDir, admin: Actor) -> None:
    """SQLite's "database or disk is full" reached the user as an internal error."""
    conn = sqlite3.connect(data_dir.database)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    _on_every_connection(db, f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL, as a full disk
    with pytest.raises(StorageRefused) as caught, db.session() as session:
        create_case(session, facts=_facts(), actor=admin)
    [problem] = caught.value.problems
    assert problem.path == str(data_dir.root)
    assert problem.message == ("the disk is full (database or disk is full); nothing was saved. "
                               "Free some space on that disk and try again")
    assert _events(db) == 0


@pytest.mark.parametrize("writable", [False, True])
def test_a_save_to_a_read_only_database_names_the_file(
        db: Database, data_dir: DataDir, admin: Actor, monkeypatch: pytest.MonkeyPatch,
        writable: bool) -> None:
    """"attempt to write a readonly database" (a file copied from a read-only medium,
    another user's) was an internal error with the SQL statement. SQLite says the same of
    a file replaced under an open connection: then the file's permissions are not blamed."""
    from approvals.store import db as store_db

    _on_every_connection(db, "PRAGMA query_only = ON")  # SQLite's own read-only refusal
    real_access = os.access
    monkeypatch.setattr(store_db.os, "access", lambda path, mode: writable if (
        Path(path) == data_dir.database) else real_access(path, mode))
    with pytest.raises(StorageRefused) as caught, db.session() as session:
        create_case(session, facts=_facts(), actor=admin)
    [problem] = caught.value.problems
    assert problem.path == str(data_dir.database)
    assert problem.message == (
        "this user may not write to the database (attempt to write a readonly database); "
        "nothing was saved. Make the file writable, or choose another data folder"
        if not writable else
        "the database refused the write (attempt to write a readonly database): its file was "
        "replaced or moved while open, or a file beside it (approvals.db-wal, approvals.db-shm) "
        "is read-only; nothing was saved. Close the app and start it again; if it persists, "
        "check those files' permissions")
    assert _events(db) == 0


def test_a_database_the_full_disk_will_not_open_is_not_called_damaged(
        db: Database, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no room for its shared-memory file, SQLite cannot open even a sound WAL
    database ("disk I/O error"): that was reported as a failed integrity check with the
    advice to restore a backup over the sound file."""
    db.dispose()
    monkeypatch.setattr(migrate, "first_look",
                        lambda _path, _uri=None: migrate.FirstLook("disk I/O error"))
    monkeypatch.setattr(migrate.shutil, "disk_usage", lambda _path: SimpleNamespace(free=1024))
    with pytest.raises(StorageRefused) as caught:
        open_database(data_dir)
    assert str(caught.value) == (f"{data_dir.root}: the disk is full (1,024 bytes free), so the "
                                 "database cannot be opened (disk I/O error); it was not changed. "
                                 "Free some space on that disk and try again")
    # With room on the disk, the same error is what it says: damage.
    monkeypatch.setattr(migrate.shutil, "disk_usage", lambda _path: SimpleNamespace(free=10**9))
    with pytest.raises(DatabaseDamaged, match="failed its integrity check"):
        open_database(data_dir)


def test_a_backup_whose_copy_the_full_disk_refuses_leaves_nothing(
        db: Database, data_dir: DataDir, admin: Actor, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The backup's copy of the database goes beside it: a full data-folder disk was an
    internal error "OperationalError: database or disk is full"."""
    def full(_source: Path, destination: Path) -> None:
        destination.write_bytes(b"SQLite format 3\x00 partial")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backup_svc, "sqlite_copy", full)
    before = _tree(data_dir.root)
    out = tmp_path / "out" / "backup.zip"
    with pytest.raises(StorageRefused) as caught:
        backup_svc.create_backup(data_dir, out=out, actor=admin, db=db)
    assert str(caught.value) == (
        f"{data_dir.root}: the disk is full (database or disk is full): there is no room for the "
        "backup's copy of the database; no backup was written. Free some space on that disk "
        "and try again")
    assert _tree(data_dir.root) == before  # no hidden work folder, no event
    assert list(out.parent.iterdir()) == []


def test_a_backup_whose_copy_hits_a_file_size_limit_says_so(
        db: Database, data_dir: DataDir, admin: Actor, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A file-size limit (FAT32's 4 GB, a ulimit) makes SQLite say "disk I/O error": it was
    an internal error; the data folder's disk is named with what to check."""
    def too_big(_source: Path, destination: Path) -> None:
        destination.write_bytes(b"SQLite format 3\x00 partial")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(backup_svc, "sqlite_copy", too_big)
    before = _tree(data_dir.root)
    out = tmp_path / "out" / "backup.zip"
    with pytest.raises(StorageRefused) as caught:
        backup_svc.create_backup(data_dir, out=out, actor=admin, db=db)
    assert str(caught.value) == (
        f"{data_dir.root}: the disk refused the backup's copy of the database (disk I/O "
        "error); no backup was written. Check the disk: a file-size limit (FAT32 takes files "
        "up to 4 GB), a quota, or a failing disk")
    assert _tree(data_dir.root) == before
    assert list(out.parent.iterdir()) == []


def test_a_save_the_disk_refuses_names_the_database() -> None:
    refused = storage_refusal(sqlite3.OperationalError("disk I/O error"), Path("/d/approvals.db"))
    assert refused is not None and str(refused) == (
        "/d/approvals.db: the disk refused the write (disk I/O error); nothing was saved. "
        "Check the disk: a file-size limit (FAT32 takes files up to 4 GB), a quota, or a "
        "failing disk")


# -- a log that cannot be written -----------------------------------------------------------


@pytest.fixture
def clean_logging(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Root logging as it was after the test; the fallback folders under tmp_path."""
    with app_log_undone(monkeypatch):
        monkeypatch.setattr(logging_setup, "_notice", [])
        fallback = tmp_path / "fallback"
        monkeypatch.setattr(logging_setup, "_fallbacks", lambda: [fallback / "one", fallback / "two"])
        yield fallback


def test_a_log_folder_that_cannot_be_written_falls_back_and_says_so_once(
        clean_logging: Path, tmp_path: Path) -> None:
    """The data folder with a logs/ this user may not write in was refused whole (exit 2, the
    app did not start); an approvals.log that could not be opened was a traceback."""
    data = DataDir(tmp_path / "data")
    data.root.mkdir()
    data.logs.write_text("a file where the folder goes")
    assert data.ensure() is data  # the folder is usable: only its log must go elsewhere
    used = logging_setup.configure_logging(data.logs)
    assert used == (clean_logging / "one" / "approvals.log").resolve()
    notice = logging_setup.take_notice()
    assert notice == (f"The log cannot be written in {data.logs} (File exists); it is written "
                      f"to {used} instead.")
    assert logging_setup.take_notice() is None  # said once
    logging.getLogger("approvals.test").warning("still logged")
    assert "still logged" in used.read_text(encoding="utf-8")
    assert logging_setup.configure_logging(data.logs) == used  # a second command: no new note
    assert logging_setup.take_notice() is None


def test_a_log_that_fails_later_says_so_in_one_line(clean_logging: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """Python's handler prints "--- Logging error ---" and a traceback for every line it
    cannot write (a full disk): on a command's stderr, at every log line."""
    used = logging_setup.configure_logging(tmp_path / "logs")
    assert used is not None and logging_setup.take_notice() is None
    handler = next(h for h in logging.getLogger().handlers
                   if getattr(h, "baseFilename", None) == str(used))
    class FullDisk(io.StringIO):
        def write(self, _text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    handler.stream.close()
    handler.stream = FullDisk()
    log = logging.getLogger("approvals.test")
    log.warning("one")
    log.warning("two")
    err = capsys.readouterr().err
    assert err == (f"warning: the log {used} cannot be written (No space left on device); log lines are "
                   "dropped until it can\n")


def test_a_database_another_program_holds_locked_is_busy_not_damaged(
        db: Database, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """A connection in exclusive locking mode (a restore's last check, a database browser)
    keeps readers out: that was "failed its integrity check (database is locked). Restore
    a backup"."""
    db.dispose()
    holder = sqlite3.connect(data_dir.database, isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("COMMIT")  # the lock stays with the connection
        real_connect = sqlite3.connect
        monkeypatch.setattr(migrate.sqlite3, "connect",
                            lambda *args, **kwargs: real_connect(*args, **{**kwargs, "timeout": 0.1}))
        with pytest.raises(DatabaseBusy) as caught:
            open_database(data_dir)
    finally:
        holder.close()
    assert str(caught.value) == (
        f"The database {data_dir.database} is locked by another program (database is locked); "
        "nothing was changed. Try again in a moment; if it stays locked, close the program that "
        "holds it (a restore under way, a database browser).")
    open_database(data_dir).dispose()  # once it is let go, it opens


def test_the_whole_file_check_of_a_locked_database_is_busy_not_damage(
        db: Database, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's background check (and `audit verify`) reported a lock as "The database is
    damaged … Restore a backup now", and held back the automatic backups."""
    db.dispose()
    holder = sqlite3.connect(data_dir.database, isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("COMMIT")
        real_connect = sqlite3.connect
        monkeypatch.setattr(migrate.sqlite3, "connect",
                            lambda *args, **kwargs: real_connect(*args, **{**kwargs, "timeout": 0.1}))
        with pytest.raises(DatabaseBusy, match="could not be checked: another program holds it "
                                               "locked"):
            migrate.integrity_problem(data_dir.database)
    finally:
        holder.close()
    assert migrate.integrity_problem(data_dir.database) is None


def test_the_work_folders_of_a_backup_or_restore_cut_off_are_swept(data_dir: DataDir) -> None:
    """A backup killed mid-copy left `.backup-*` with its full copy of the database in the
    data folder for good (a restore killed while checking, `.restore-*`): a 2 GB file each
    time. Swept at start-up once a day old, as the other partial copies are, but not while
    a cut-off restore's marker still needs its folder."""
    from approvals.services.backup import MARKER
    from approvals.store.files import LEFTOVER_AGE_S, RESTORE_MARKER, sweep_leftovers

    assert RESTORE_MARKER == MARKER
    old = os.path.getmtime(data_dir.root) - LEFTOVER_AGE_S - 60
    made = {}
    for name in (".backup-0a1b", ".restore-2c3d", ".documents-old-.restore-4e5f", ".backup-fresh"):
        (data_dir.root / name).mkdir()
        (data_dir.root / name / DB_FILE).write_bytes(b"SQLite format 3\x00")
        made[name] = data_dir.root / name
        if name != ".backup-fresh":  # another program's backup under way now
            os.utime(made[name], (old, old))
    marker = data_dir.root / MARKER
    marker.write_text("{}")
    assert sweep_leftovers((data_dir.root,)) == []  # a restore to finish first
    marker.unlink()
    assert sorted(sweep_leftovers((data_dir.root,))) == [made[".backup-0a1b"], made[".restore-2c3d"]]
    assert made[".documents-old-.restore-4e5f"].is_dir()  # may hold the only documents
    assert made[".backup-fresh"].is_dir()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_pipe_or_device_where_the_database_goes_is_named(tmp_path: Path) -> None:
    """SQLite said "disk I/O error", reported as a failed upgrade "from revision none"."""
    data = DataDir(tmp_path / "data")
    data.root.mkdir()
    os.mkfifo(data.database)
    with pytest.raises(InputError) as caught:
        open_database(data)
    assert str(caught.value) == (f"{data.database}: is not a regular file (a device, pipe or "
                                 "socket), not the database file; choose another data folder")
    assert sorted(p.name for p in data.root.iterdir()) == [DB_FILE]


def test_a_database_file_this_user_may_not_read_is_not_called_damaged(
        db: Database, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another user's file (or one whose permissions were changed) was "failed its
    integrity check (it cannot be read (Permission denied)). Restore a backup"."""
    db.dispose()
    real_open = Path.open

    def refused(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == data_dir.database:  # as root, permissions refuse nothing
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refused)
    with pytest.raises(InputError) as caught:
        open_database(data_dir)
    assert str(caught.value) == (f"{data_dir.database}: this user may not read the database file "
                                 "(Permission denied); ask for access to it, or choose another "
                                 "data folder")


def test_a_document_this_user_may_not_read_is_named_not_the_output(
        db: Database, data_dir: DataDir, admin: Actor, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A stored document another user owns made a backup (and a review pack) say
    "OUT: cannot be written (Permission denied)": the wrong file, the wrong folder."""
    from approvals.store.files import atomic_output

    document = data_dir.documents / "abc.pdf"
    out = tmp_path / "out" / "out.zip"
    out.parent.mkdir()
    out.write_bytes(b"the earlier backup")
    with pytest.raises(CheckFailed) as caught, atomic_output(out) as part:
        part.write_bytes(b"half")
        raise PermissionError(13, "Permission denied", str(document))
    assert str(caught.value) == (f"{document} cannot be read (Permission denied); {out} was not "
                                 "written.")
    assert out.read_bytes() == b"the earlier backup" and sorted(out.parent.iterdir()) == [out]
    # Where the output itself is refused, it is named as before.
    with pytest.raises(InputError, match=r"out.zip: cannot be written \(Permission denied\)"), \
            atomic_output(out) as part:
        raise PermissionError(13, "Permission denied", str(part))

    def unreadable(path: Path, *args: Any) -> bool:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(backup_svc, "worth_compressing", unreadable)
    with pytest.raises(CheckFailed, match=r"approvals.db.* cannot be read \(Permission denied\); "):
        backup_svc.create_backup(data_dir, out=out, actor=admin, db=db)
    assert out.read_bytes() == b"the earlier backup"


def test_an_upgrade_whose_copy_the_full_disk_refuses_leaves_the_database_as_it_was(
        data_dir: DataDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy kept before an upgrade failing (a full disk) was an uncaught
    sqlite3.OperationalError: an internal error on the command line, and the app closed
    at start without a word; an empty `.part` copy was left in backups/ each time."""
    open_database(data_dir, target="0006").dispose()
    before = data_dir.database.read_bytes()
    real_connect = sqlite3.connect

    class FullDisk:
        def __init__(self, conn: sqlite3.Connection) -> None:
            self.conn = conn

        def backup(self, _target: Any, **_options: Any) -> None:
            raise sqlite3.OperationalError("database or disk is full")

        def __getattr__(self, name: str) -> Any:
            return getattr(self.conn, name)

    def connect(*args: Any, **kwargs: Any) -> Any:
        conn = real_connect(*args, **kwargs)
        return FullDisk(conn) if str(args[0]) == str(data_dir.database) else conn

    with monkeypatch.context() as patch, pytest.raises(migrate.MigrationFailed) as caught:
        patch.setattr(migrate.sqlite3, "connect", connect)
        patch.setattr(migrate, "integrity_problem", lambda *_args, **_kwargs: None)
        open_database(data_dir)
    assert str(caught.value) == (
        f"The database {data_dir.database} needs an upgrade to this version, but the copy kept "
        f"first could not be written to {data_dir.backups} (database or disk is full). It was "
        "left as it was; free some space on that disk (or make the folder writable) and start "
        "again.")
    assert list(data_dir.backups.iterdir()) == []
    assert data_dir.database.read_bytes() == before
    open_database(data_dir).dispose()  # with room again, it upgrades


def test_an_upgrade_the_full_disk_stops_is_said_in_one_line(
        data_dir: DataDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLAlchemy's wrapper put its web link ("Background on this error at: https://…")
    and a second line into the message box."""
    from sqlalchemy.exc import OperationalError

    open_database(data_dir, target="0006").dispose()

    def full(_conn: Any, _revision: str) -> None:
        raise OperationalError("INSERT …", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(migrate, "_migrate", full)
    with pytest.raises(migrate.MigrationFailed) as caught:
        open_database(data_dir)
    message = str(caught.value)
    assert message.startswith("The database could not be upgraded from revision 0006 "
                              "(OperationalError: database or disk is full). It was left as it "
                              "was; a copy is in ")
    assert "\n" not in message and "sqlalche.me" not in message


def test_two_programs_starting_on_a_new_data_folder_at_once_both_start(data_dir: DataDir) -> None:
    """Two windows (or parallel commands) on a new folder: the second found the first
    mid-way through creating the tables and failed with "could not be upgraded from
    revision none (OperationalError: database is locked)", keeping an "unversioned" copy
    of the empty file in backups/. It now waits for the first's lock."""
    import threading

    first = sqlite3.connect(data_dir.database, isolation_level=None, check_same_thread=False)
    first.execute("PRAGMA journal_mode=WAL")
    first.execute("BEGIN IMMEDIATE")  # the first program, its tables not yet committed
    first.execute("CREATE TABLE being_made (x INTEGER)")
    assert data_dir.database.stat().st_size > 0
    threading.Timer(0.5, lambda: (first.execute("ROLLBACK"), first.close())).start()
    db = open_database(data_dir)
    db.dispose()
    assert migrate.current_revision(migrate.make_engine(data_dir.database)) == migrate.head_revision()
    assert list(data_dir.backups.iterdir()) == []


def test_an_upgrade_that_waited_too_long_for_another_program_undoes_nothing_of_its(
        data_dir: DataDir, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two programs upgrading one older database: the second, refused the lock for the
    busy timeout, found the revision changed (by the first) and copied its pre-upgrade
    copy back over the upgraded file, erasing the upgrade and what was saved since."""
    from sqlalchemy.exc import OperationalError

    open_database(data_dir, target="0006").dispose()
    real_upgrade = migrate.upgrade

    def beaten(engine: Any, revision: str = "head", first: Any = None) -> None:
        real_upgrade(engine, revision)  # the other program's upgrade, and a save after it
        db = Database(data_dir, engine)
        with db.session() as session:
            create_case(session, facts=_facts(), actor=admin)
        raise OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))

    with monkeypatch.context() as patch, pytest.raises(
            DatabaseBusy, match="is being upgraded or written by another approvals window or "
                                "command; nothing was changed here"):
        patch.setattr(migrate, "upgrade", beaten)
        open_database(data_dir)
    db = open_database(data_dir)
    try:
        assert _events(db) > 0  # the other program's save is still there
    finally:
        db.dispose()
