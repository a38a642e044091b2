"""Engine and sessions on the SQLite file: WAL, foreign keys, serialised writers.

Writers start with `BEGIN IMMEDIATE`, so two processes (or the GUI's write worker and a
CLI command) never interleave a read-modify-write; the audit chain relies on it. Readers
use plain deferred transactions and, thanks to WAL, never wait for a writer.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath, PurePosixPath
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlmodel import Session

from approvals.domain.errors import CheckFailed, DatabaseBusy, InputError, Problem
from approvals.paths import DataDir
from approvals.store import anchor

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
# session.info key: the Database a session belongs to (services that need its data folder).
DATABASE = "approvals_database"
_IMMEDIATE = "approvals_immediate"
BUSY_MESSAGE = (
    f"The database is busy: another approvals window or command has been writing to it for "
    f"more than {BUSY_TIMEOUT_MS // 1000} seconds. Nothing was changed; try again in a moment."
)


class StorageRefused(InputError):
    """The data folder's disk or file refused a save: the disk is full, or this user may not
    write to the database. Nothing was saved; the user changes the folder (frees space,
    fixes its permissions), so it is reported as bad input (exit 2), like an output file
    that cannot be written."""


def _sqlite_text(exc: BaseException) -> str:
    return str(getattr(exc, "orig", exc)) if isinstance(
        exc, OperationalError | sqlite3.OperationalError) else ""


DISK_CHECK = ("Check the disk: a file-size limit (FAT32 takes files up to 4 GB), a quota, or "
              "a failing disk")


def storage_refusal(exc: BaseException, path: Path) -> StorageRefused | None:
    """What to tell the user when SQLite refused a write to the database `path` for want of
    room or permission (None for any other error)."""
    text = _sqlite_text(exc)
    if "database or disk is full" in text:
        return StorageRefused(Problem(str(path.parent), (
            f"the disk is full ({text}); nothing was saved. Free some space on that disk "
            "and try again")))
    if "disk I/O error" in text:
        # Also a file-size limit reached (EFBIG: a data folder on FAT32 takes files up to
        # 4 GB, or a ulimit), which was an "internal error".
        return StorageRefused(Problem(str(path), (
            f"the disk refused the write ({text}); nothing was saved. {DISK_CHECK}")))
    if "readonly database" in text:
        if not os.access(path, os.W_OK):
            return StorageRefused(Problem(str(path), (
                f"this user may not write to the database ({text}); nothing was saved. Make "
                "the file writable, or choose another data folder")))
        # The file itself may be written: SQLite says the same of a file replaced or moved
        # under an open connection, and of a read-only journal beside it.
        return StorageRefused(Problem(str(path), (
            f"the database refused the write ({text}): its file was replaced or moved while "
            f"open, or a file beside it ({path.name}-wal, {path.name}-shm) is read-only; "
            "nothing was saved. Close the app and start it again; if it persists, check "
            "those files' permissions")))
    return None


class DataFolderGone(InputError):
    """The data folder, or its database file, was deleted, moved or replaced while a
    program had it open. SQLite goes on writing to the file it opened, which nothing will
    read again (deleted, or the copy that was replaced), so every later save would be lost
    without a word: saves are refused, naming the folder, with what to do. Bad input (exit
    2), as a full disk is: the user puts the folder back (or starts again on it)."""


# The file a database's connections opened: (device, inode). SQLite's own Unix layer
# tells a file that has moved the same way (unixFileHasMoved, not reachable from Python).
FileIdentity = tuple[int, int]


def file_identity(path: Path) -> FileIdentity | None:
    """The device and inode of `path`, None when it is not there (or cannot be looked at:
    SQLite then says what is wrong itself). One stat: cheap enough for every save."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    return found.st_dev, found.st_ino


def gone_refusal(data_dir: DataDir, opened: FileIdentity | None) -> DataFolderGone | None:
    """Why a save to `data_dir` must be refused when its database is no longer the file
    the connections opened (`opened`, file_identity at open), or None when it still is
    (or nothing was known at open)."""
    path = data_dir.database
    now = file_identity(path)
    if opened is None or now == opened:
        return None
    folder = data_dir.root
    if now is not None:  # another file under the name: a copy put back, another restore
        return DataFolderGone(Problem(str(path), (
            "the database file was replaced by another one while it was open (a copy put "
            "in its place, or a restore by another program); nothing was saved, so that "
            "nothing goes to the file it replaced. Close Approvals and start it again to "
            "work on the file that is there now")))
    if not os.path.isdir(folder):
        return DataFolderGone(Problem(str(folder), (
            "the data folder was moved or deleted while it was open; nothing was saved. Put "
            "the folder back at that path and try again, or, if it was moved on purpose, "
            "close Approvals and start it again on the folder where it is now")))
    return DataFolderGone(Problem(str(path), (
        "the database file was moved or deleted while it was open; nothing was saved. Put "
        f"{path.name} back in the folder {folder} and try again; if it is lost, close "
        f"Approvals and restore a backup (the automatic ones are in {data_dir.backups})")))


class DatabaseUnreadable(CheckFailed):
    """SQLite found the open database damaged (a page it cannot read, the file cut short or
    overwritten while the app runs): said as that, with the way back, where it was an
    unexpected error ("DatabaseError: database disk image is malformed") with a traceback."""


# SQLite's words for a file it cannot read as a database (SQLITE_CORRUPT, SQLITE_NOTADB).
_DAMAGE = ("database disk image is malformed", "file is not a database")


# SQLite's words for stored text that is not UTF-8 ("Could not decode to UTF-8 column
# 'reason' with text …"): a record edited outside the app, which the app never writes.
_NOT_UTF8 = re.compile(r"Could not decode to UTF-8 column '([^']*)'")


def damage_refusal(exc: BaseException, path: Path, *, wrote: bool) -> DatabaseUnreadable | None:
    """What to tell the user when SQLite found the database `path` damaged mid-work (None
    for any other error). `wrote`: whether the work was a save (nothing of it was saved)."""
    orig = getattr(exc, "orig", exc)
    backups = path.parent / "backups"
    if isinstance(orig, sqlite3.OperationalError) and (bad := _NOT_UTF8.search(str(orig))):
        # Was "internal error: OperationalError …" from a filing, a case window, a list.
        return DatabaseUnreadable(
            f"A record in the database {path} holds text that is not UTF-8 (column "
            f"'{bad.group(1)}'): it was changed outside the app"
            + ("; nothing was saved" if wrote else "")
            + ". Keep a copy of the data folder as it is and restore a backup: File → "
            "Restore… in the app, or approvals restore FILE (the automatic ones are in "
            f"{backups}). Where the record is an audit event, View → Verify audit trail "
            "(approvals audit verify) names it.")
    if not isinstance(orig, sqlite3.DatabaseError) or isinstance(orig, sqlite3.OperationalError) \
            or not any(words in str(orig) for words in _DAMAGE):
        return None
    return DatabaseUnreadable(
        f"The database {path} is damaged ({orig})" + ("; nothing was saved" if wrote else "")
        + ". Restore a backup: File → Restore… in the app, or approvals restore FILE (the "
        f"automatic ones are in {backups}).")


def is_busy(exc: BaseException) -> bool:
    """Whether `exc` is SQLite giving up on another connection's write lock (SQLITE_BUSY,
    after the busy timeout)."""
    orig = getattr(exc, "orig", exc)
    return isinstance(exc, OperationalError | sqlite3.OperationalError) and \
        "database is locked" in str(orig)


def file_uri(path: PurePath, *, immutable: bool = False) -> str:
    """The SQLite URI that opens the database file `path` read-only (`mode=ro`; with
    `immutable`, `immutable=1` too). Pure: it names the file, never looks at it.

    SQLite decodes every %HH of a URI's path and hands the result to the file system, so
    every byte but letters, digits, `-._~` and `/` is escaped: the decoded name is then
    exactly `str(path)`, the name the writable engine opens (a space, '#' that would end the
    URI, '?' that would start its query, '%', a Windows drive's ':' and its backslashes
    alike). A path that starts with "/" follows an empty authority ("file:///srv/…"):
    after a bare "file:" a POSIX "//host/…" was read as an authority and refused. A POSIX
    name's bytes are the file system's own (os.fsencode), which a folder name that is not
    UTF-8 needs; a Windows name is UTF-8, as SQLite's Windows layer reads it."""
    text = str(path)
    raw = os.fsencode(text) if isinstance(path, PurePosixPath) \
        else text.encode("utf-8", "surrogatepass")
    encoded = urllib.parse.quote(raw, safe="/")
    query = "?mode=ro" + ("&immutable=1" if immutable else "")
    return ("file://" if encoded.startswith("/") else "file:") + encoded + query


def make_engine(path: Path, *, read_only_uri: str | None = None) -> Engine:
    """The engine on the database file `path`. With `read_only_uri` (store.migrate's
    read_only_uri: `mode=ro`, `immutable=1` when nothing beside the file is to be read),
    every connection opens that URI instead and writes nothing, not even the journal
    mode; the URL still names `path` (session_data_dir reads it)."""
    extra: dict[str, Any] = {}
    if read_only_uri is not None:
        extra["creator"] = lambda: sqlite3.connect(
            read_only_uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    engine = create_engine(
        # The name as it is: in "sqlite:///{path}" SQLAlchemy took a '?' in a folder's name
        # for its query (the database went to a file named by the part before it, outside
        # the data folder) and decoded a '%41' into 'A' (no such folder).
        URL.create("sqlite", database=str(path)),
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        # A database error (disk full, a constraint) would otherwise carry the statement's
        # values in its text, into the log file and the error box: a password hash and its
        # salt, a restricted case's facts.
        hide_parameters=True,
        **extra,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is unreliable).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if read_only_uri is not None:
            cursor.execute("PRAGMA query_only=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.close()
            return
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(_IMMEDIATE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def immediate(engine: Engine) -> Engine:
    """`engine`, its transactions begun with BEGIN IMMEDIATE: the write lock is taken (or
    waited for, up to the busy timeout) at the start. A transaction that reads first and
    writes later is refused at once, without waiting, when another writer came in between."""
    return engine.execution_options(**{_IMMEDIATE: True})


class Database:
    """The open database of one data folder."""

    def __init__(self, data_dir: DataDir, engine: Engine, *,
                 read_only_uri: str | None = None) -> None:
        self.data_dir = data_dir
        self.engine = engine
        # Set when the folder is opened read-only (store.migrate.open_read_only): nothing
        # is written, the audit anchor included; checks of the file open this URI.
        self.read_only_uri = read_only_uri
        self._write_engine = immediate(engine)
        # The database file the connections open: a save is refused once the name leads
        # elsewhere (DataFolderGone). None until the file is there (a new engine makes it).
        self._opened = file_identity(data_dir.database)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work that writes: commits on success, rolls back on any error.
        After a commit that appended audit events, the anchor moves to the new head."""
        self.refuse_if_gone()  # before any work: no file written beside a lost database
        with Session(self._write_engine, expire_on_commit=False,
                     info={DATABASE: self}) as session:
            try:
                yield session
                self.refuse_if_gone()  # gone meanwhile: rolled back, not committed to it
                session.commit()
            except OperationalError as exc:
                session.rollback()  # also puts back any output file the commit was to keep
                if is_busy(exc):
                    raise DatabaseBusy(BUSY_MESSAGE) from exc
                refused = storage_refusal(exc, self.data_dir.database) \
                    or damage_refusal(exc, self.data_dir.database, wrote=True)
                if refused is not None:
                    raise refused from exc
                raise
            except (DatabaseError, sqlite3.DatabaseError) as exc:  # a raw query's too
                with contextlib.suppress(DatabaseError):  # the damage may refuse that too
                    session.rollback()
                damaged = damage_refusal(exc, self.data_dir.database, wrote=True)
                if damaged is not None:
                    raise damaged from exc
                raise
            except BaseException:
                session.rollback()
                raise
        if session.info.get(anchor.APPENDED):
            self.advance_anchor(reset=bool(session.info.get(anchor.RESET)))

    def refuse_if_gone(self) -> None:
        """Raise DataFolderGone when the database file the connections opened is no longer
        at its path (gone_refusal); one stat when it is."""
        if self._opened is None:  # the engine had not made the file yet when opened
            self._opened = file_identity(self.data_dir.database)
            return
        refused = gone_refusal(self.data_dir, self._opened)
        if refused is not None:
            raise refused

    def advance_anchor(self, *, reset: bool = False) -> anchor.AnchorUpdate | None:
        """Record the chain head outside the database (store/anchor.py). The write has
        committed by now, so a failure here is logged, never reported as the write's.
        A folder opened read-only keeps its anchor as it is (None)."""
        if self.read_only_uri is not None:
            return None
        try:
            return anchor.advance(self._write_engine, self.data_dir, reset=reset)
        except Exception:
            log.exception("the audit anchor could not be updated")
            return None

    def assess_anchor(self) -> anchor.Assessment:
        """The anchor against the database, under the write lock (no writer in between)."""
        try:
            return anchor.assess_locked(self._write_engine, self.data_dir)
        except OperationalError as exc:
            if is_busy(exc):
                raise DatabaseBusy(BUSY_MESSAGE) from exc
            raise

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A read-only unit of work; never blocks on a writer."""
        with Session(self.engine, expire_on_commit=False, info={DATABASE: self}) as session:
            try:
                yield session
            except (DatabaseError, sqlite3.DatabaseError) as exc:  # a raw query's too
                damaged = damage_refusal(exc, self.data_dir.database, wrote=False)
                if damaged is not None:
                    raise damaged from exc
                raise
            finally:
                with contextlib.suppress(DatabaseError):
                    session.rollback()

    def dispose(self) -> None:
        """Close the connections. The next ones open whatever file is at the path then (a
        restore swaps the file in, and goes on with this Database): it is taken anew."""
        self.engine.dispose()
        self._opened = None


def session_data_dir(session: Session) -> DataDir:
    """The data folder of the database file `session` is bound to (a service called without
    its data folder finds the documents/ beside the database)."""
    # get_bind() is an Engine or a Connection; both name their Engine as `.engine`.
    database = session.get_bind().engine.url.database
    if not database:
        raise InputError(Problem("data_dir", "the session is not bound to a data folder"))
    return DataDir(Path(database).resolve().parent)


@contextmanager
def reading_beside(session: Session) -> Iterator[Session]:
    """A read transaction beside `session` (a fresh write unit of work), for what is read
    before slow file work, so that work does not hold the write lock. A unit of work
    already under way holds the lock anyway, and may hold uncommitted rows the caller
    means: then it reads through `session` itself."""
    database = session.info.get(DATABASE)
    if not isinstance(database, Database) or session.in_transaction():
        yield session
        return
    with database.read_session() as reading:
        yield reading
