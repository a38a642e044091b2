"""Open a data folder's database, creating it at head or migrating it safely.

Before an existing database is migrated, a consistent copy goes to `backups/` with its
revision in the name. Migrations run in one transaction (SQLite DDL is transactional),
so a failure leaves the original as it was; if the file still changed, the copy is put
back. The caller gets a `MigrationFailed` naming the backup, never a half-migrated file.

What is checked when (a large installation's file is 2 GB; SQLite's quick_check reads all
of it, about half a minute when the file is not in the disk cache):
- Every open: the cheap checks (`open_problem`): the file is an SQLite database, its schema
  parses, every table's first and last rows can be read, the migration record is there.
  Milliseconds, so a command or the window is never kept waiting.
- Before a migration: the whole-file quick_check too, as a schema upgrade is about to write
  and must start from a sound file (its backup copy is the way back).
- `full_check=True`: the quick_check on an ordinary open too.
- Elsewhere: the desktop app runs the quick_check in the background while the officer
  signs in and works (approvals.ui.integrity); `approvals audit verify` runs it before the
  chain; a backup checks its copy; a restore vets the backup with the thorough
  integrity_check.
"""

from __future__ import annotations

import ast
import filecmp
import json
import logging
import re
import secrets
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine

from approvals.domain.dates import utc_text
from approvals.domain.errors import ApprovalsError, Cancelled, DatabaseBusy, InputError, Problem
from approvals.paths import DataDir
from approvals.store.db import Database, StorageRefused, file_uri, immediate, is_busy, make_engine

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_MAGIC = b"SQLite format 3\x00"
# How often a long check looks at its cancel switch (seconds).
CANCEL_POLL_S = 0.1


# Alembic's runtime (about 0.2 s of imports) is loaded only when a migration runs or a
# revision other than the head is met: opening a database at head reads its revision and
# the head with plain SQL and a plain read of the scripts (every command opens one).
_ALEMBIC_NAMES = {
    "command": ("alembic", "command"),
    "Config": ("alembic.config", "Config"),
    "MigrationContext": ("alembic.runtime.migration", "MigrationContext"),
    "ScriptDirectory": ("alembic.script", "ScriptDirectory"),
    "CommandError": ("alembic.util", "CommandError"),
}


def __getattr__(name: str) -> Any:
    """The alembic names this module imported at its top, imported when first asked for."""
    if name in _ALEMBIC_NAMES:
        import importlib

        module, attr = _ALEMBIC_NAMES[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class MigrationFailed(ApprovalsError):
    def __init__(self, message: str, backup: Path | None) -> None:
        self.backup = backup
        super().__init__(message)


class DatabaseDamaged(ApprovalsError):
    def __init__(self, message: str, path: Path) -> None:
        self.path = path
        super().__init__(message)


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@cache
def migration_scripts() -> ScriptDirectory:
    """The migration scripts shipped with the app, read once per process: reading them
    took about 9 ms of every open (the scripts cannot change while the app runs)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


# A script's `revision = '0010'` and `down_revision = '0009'` lines (alembic's template).
_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.M)


@cache
def _head_of_scripts() -> str | None:
    """The head read from the scripts' revision lines, without alembic (which imports its
    whole runtime to say it); None when a script's lines are not plain literals or the
    revisions do not make one line, for alembic to answer (test_migrations checks the two
    agree)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        if script.name == "__init__.py":
            continue
        found = dict(_REVISION_LINE.findall(script.read_text(encoding="utf-8")))
        try:
            revision = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found.get("down_revision", "None"))
        except (KeyError, ValueError, SyntaxError):
            return None
        if not isinstance(revision, str) or not (down is None or isinstance(down, str)):
            return None  # a merge (a tuple of parents) or something unusual: alembic's to say
        revisions.add(revision)
        if down is not None:
            parents.add(down)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


def head_revision() -> str:
    head = _head_of_scripts() or migration_scripts().get_current_head()
    assert head is not None
    return head


def _known(revision: str) -> bool:
    from alembic.util import CommandError

    try:
        return migration_scripts().get_revision(revision) is not None
    except CommandError:  # alembic's answer for a revision it has no script for
        return False


def _revision_of(conn: Connection) -> str | None:
    """The database's revision as alembic's MigrationContext reads it (None without the
    alembic_version table or a row in it), read with plain SQL; two rows (branches this
    app never makes) are left to alembic, which refuses them as it always did."""
    if not conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                "AND name = 'alembic_version'").scalar():
        return None
    rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
    if len(rows) > 1:
        from alembic.runtime.migration import MigrationContext

        return MigrationContext.configure(conn).get_current_revision()
    return str(rows[0][0]) if rows else None


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _revision_of(conn)


def _state(engine: Engine) -> tuple[str | None, bool]:
    """The revision and whether the file holds any table, read in one transaction (another
    program creating the database may commit in between two)."""
    with engine.connect() as conn:
        revision = _revision_of(conn)
        tables = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'").scalar()
        return revision, bool(tables)


def upgrade(engine: Engine, revision: str = "head",
            first: Callable[[Connection], bool] | None = None) -> bool:
    """Run migrations up to `revision` in a single transaction on one connection. The
    write lock is taken first: two programs starting on a new (or older) database at once
    then migrate one after the other, and the second finds nothing left to do, where its
    DDL was refused at once ("database is locked") and it failed to start. `first(conn)`
    runs once the lock is held (the copy kept before an upgrade); False: nothing to do.
    Whether the migrations ran."""
    with immediate(engine).begin() as conn:
        if first is not None and not first(conn):
            return False
        _migrate(conn, revision)
    return True


def _migrate(conn: Connection, revision: str) -> None:
    """The migrations up to `revision`, on `conn` (in its transaction)."""
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = conn
    command.upgrade(config, revision)


@cache
def _schema_at(revision: str) -> dict[str, frozenset[str]]:
    """Each table's columns in a database the migrations bring to `revision` (made once,
    in a scratch folder, on the first restore that asks)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="approvals-schema-") as scratch:
        engine = make_engine(Path(scratch) / "schema.db")
        try:
            upgrade(engine, revision)
        finally:
            engine.dispose()
        return _schema_of(Path(scratch) / "schema.db")


def _schema_of(db_file: Path) -> dict[str, frozenset[str]]:
    conn = sqlite3.connect(file_uri(db_file), uri=True)
    try:
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {t: frozenset(row[1] for row in conn.execute(
            "SELECT * FROM pragma_table_info(?)", (t,))) for t in tables}
    finally:
        conn.close()


def schema_problem(db_file: Path, revision: str) -> str | None:
    """What a database that says it is at `revision` lacks of that revision's schema (a
    table dropped, a column gone), in words; None when it holds all of it. SQLite's
    integrity check passes a database without its tables, and every command then fails
    on it."""
    try:
        found = _schema_of(db_file)
    except sqlite3.DatabaseError as exc:
        return f"its tables cannot be read ({exc})"
    expected = _schema_at(revision)
    missing_tables = sorted(set(expected) - set(found))
    if missing_tables:
        return ("it lacks the table" + ("s " if len(missing_tables) > 1 else " ")
                + ", ".join(missing_tables))
    for table in sorted(expected):
        gone = sorted(expected[table] - found[table])
        if gone:
            return (f"its table {table} lacks the column" + ("s " if len(gone) > 1 else " ")
                    + ", ".join(gone))
    return None


def sqlite_copy(source: Path, destination: Path, *, pages: int = -1,
                progress: Callable[[int, int], None] | None = None) -> None:
    """A consistent copy of a live SQLite database (the backup API includes the WAL),
    written beside `destination` and moved into place only when whole. With `pages`, in
    steps of that many pages; the source's read transaction is held across the steps, so
    every step reads the same snapshot: a write meanwhile neither mixes two states into the
    copy nor starts it over (SQLite restarts a stepped backup when it sees the source
    changed). `progress(bytes_copied, bytes_in_all)` follows each step; an exception it
    raises aborts the copy (a cancel)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    # Its own name: two programs copying in the same second wrote (and deleted) one file.
    tmp = destination.with_name(f"{destination.name}.{secrets.token_hex(4)}.part")
    src = sqlite3.connect(source, isolation_level=None, check_same_thread=False)
    try:
        src.execute("BEGIN")
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot taken
        page_size = int(src.execute("PRAGMA page_size").fetchone()[0])

        def step(_status: int, remaining: int, in_all: int) -> None:
            if progress is not None:
                progress((in_all - remaining) * page_size, in_all * page_size)

        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst, pages=pages, progress=step)
        finally:
            dst.close()
        tmp.replace(destination)
    except BaseException:
        tmp.unlink(missing_ok=True)  # no partial copy left looking like one
        raise
    finally:
        src.close()


SAID_FINDINGS = 3  # of an integrity check's findings, said in a message (all are logged)


def integrity_problem(path: Path, *, thorough: bool = False,
                      cancelled: Callable[[], bool] | None = None,
                      uri: str | None = None) -> str | None:
    """None when SQLite's check passes, else what it reported. The quick check reads the
    whole file (see the module's docstring for when it runs); `thorough` (PRAGMA
    integrity_check, read-only) vets a backup before it replaces live data; `uri` (a
    read-only folder's, Database.read_only_uri) is opened instead of the file. When
    `cancelled()` turns True the check stops within CANCEL_POLL_S and Cancelled is raised
    (the app quitting)."""
    if cancelled is not None and cancelled():
        raise Cancelled("The database check was stopped.")
    try:
        conn = (sqlite3.connect(uri, uri=True, check_same_thread=False) if uri is not None
                else sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
                if thorough else sqlite3.connect(path, check_same_thread=False))
        try:
            with _interrupted_when(conn, cancelled):
                pragma = "integrity_check" if thorough else "quick_check"
                rows = conn.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if cancelled is not None and cancelled():  # "interrupted": stopped, not damaged
            raise Cancelled("The database check was stopped.") from exc
        if "database is locked" in str(exc):  # another program holds it: not damage
            raise DatabaseBusy(
                f"The database {path} could not be checked: another program holds it locked "
                f"({exc}). Nothing was changed; try again in a moment.") from exc
        return str(exc)
    findings = [str(r[0]) for r in rows]
    if findings == ["ok"]:
        return None
    if len(findings) <= SAID_FINDINGS:
        return "; ".join(findings)
    # SQLite lists every damaged cell: 101 lines made the start-up box 3,000 px tall, its
    # buttons off the screen. The first few say what it is; the log keeps them all.
    log.warning("integrity check of %s found %d problems:\n%s", path, len(findings),
                "\n".join(findings))
    return ("; ".join(findings[:SAID_FINDINGS])
            + f"; and {len(findings) - SAID_FINDINGS:,} more (all of them are in the log)")


@contextmanager
def _interrupted_when(conn: sqlite3.Connection,
                      cancelled: Callable[[], bool] | None) -> Iterator[None]:
    """Interrupt `conn` from a watcher thread once `cancelled()` turns True. SQLite (3.40)
    calls no progress handler inside the check's single step, but it does stop there on
    sqlite3_interrupt, which may come from any thread."""
    if cancelled is None:
        yield
        return
    done = threading.Event()

    def watch() -> None:
        while not done.wait(CANCEL_POLL_S):
            if cancelled():
                conn.interrupt()
                return

    watcher = threading.Thread(target=watch, name="integrity-check-cancel", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()


def open_problem(path: Path, uri: str | None = None) -> str | None:
    """The cheap checks of every open, None when they pass: what is wrong, else. Reads the
    header, the schema and each table's first and last rows (the path a recent append
    took), a few dozen pages whatever the file's size; damage elsewhere is for the
    quick_check (`integrity_problem`). `uri`: a read-only folder's (read_only_uri)."""
    return first_look(path, uri).problem


@dataclass(frozen=True)
class FirstLook:
    """What one read-only connection learns of a database file at open: `problem`, the
    cheap checks' finding (open_problem), and `tables`, the names foreign_tables reads
    (empty when the schema could not be read)."""

    problem: str | None
    tables: tuple[str, ...] = ()


def first_look(path: Path, uri: str | None = None) -> FirstLook:
    """The cheap checks and the table names in one connection: every open needs both, and
    a connection of its own for each cost about half a millisecond of the ~5 ms an open
    takes."""
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        return FirstLook(f"it cannot be read ({exc.strerror or exc})")
    if not header.startswith(SQLITE_MAGIC):
        return FirstLook("it is not an SQLite database file (its header is not SQLite's)")
    names: tuple[str, ...] = ()
    try:
        conn = sqlite3.connect(uri or f"file:{path}?mode=ro", uri=True)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
            tables = conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%'").fetchall()
            names = tuple(name for name, _sql in tables)
            for name, sql in tables:
                quoted = '"' + name.replace('"', '""') + '"'
                conn.execute(f"SELECT * FROM {quoted} LIMIT 1").fetchall()
                if "WITHOUT ROWID" not in (sql or "").upper():  # max(rowid): the last page
                    conn.execute(f"SELECT max(rowid) FROM {quoted}").fetchall()
            if any(name == "alembic_version" for name, _sql in tables):
                conn.execute("SELECT version_num FROM alembic_version").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return FirstLook(str(exc), names)
    return FirstLook(None, names)


def _others(names: Iterable[str]) -> list[str]:
    """The tables of a file that is not an approvals database (no migration record)."""
    names = list(names)
    return [] if "alembic_version" in names else sorted(names)


def foreign_tables(path: Path, uri: str | None = None) -> list[str]:
    """The tables of an SQLite file that is not an approvals database (it has tables but
    no migration record), else [] (also for a file SQLite cannot read: the integrity
    check says what is wrong with that). `uri`: a read-only folder's (read_only_uri)."""
    try:
        conn = sqlite3.connect(uri, uri=True) if uri is not None else sqlite3.connect(path)
        try:
            names = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return []
    return _others(names)


def refuse_foreign_file(path: Path, uri: str | None = None, *,
                        look: FirstLook | None = None) -> None:
    """A folder, or another program's SQLite file, where the database goes is bad input
    (a mistaken data folder), refused before anything is written: "upgrading" another
    program's file would add this app's tables to its data. `uri`: read through it;
    `look`: the file's first look already taken (its tables are not read again)."""
    if path.is_dir():
        raise InputError(Problem(str(path), "is a folder, not the database file; choose "
                                            "another data folder"))
    if path.exists() and not path.is_file():  # SQLite reports these as a disk I/O error
        raise InputError(Problem(str(path), "is not a regular file (a device, pipe or "
                                            "socket), not the database file; choose another "
                                            "data folder"))
    if path.is_file() and path.stat().st_size > 0:
        others = _others(look.tables) if look is not None else foreign_tables(path, uri)
        if others:
            shown = ", ".join(others[:5]) + (", …" if len(others) > 5 else "")
            raise InputError(Problem(str(path), f"is not an Approvals database (it holds "
                                                f"another program's tables: {shown}); it was "
                                                "left as it was; choose another data folder"))


def refuse_unreadable(path: Path) -> None:
    """A database file this user may not read (another user's, its permissions changed) is
    a folder to fix or change, not damage to restore a backup over."""
    try:
        with path.open("rb"):
            pass
    except PermissionError as exc:
        raise InputError(Problem(str(path), f"this user may not read the database file "
                                            f"({exc.strerror or exc}); ask for access to it, "
                                            "or choose another data folder")) from None


def refuse_lost_database(data_dir: DataDir) -> None:
    """No database (or an empty file: a copy or a crash that cut it to nothing) in a folder
    whose audit anchor says it held one: a new, empty database made in its place would
    hide the loss behind a first-start dialog. Refused, nothing written; a restore is the
    way back (it does not open the database first)."""
    anchor, started = data_dir.anchor, data_dir.anchor_started
    if anchor.is_file():
        try:
            recorded = json.loads(anchor.read_text(encoding="utf-8"))
            held = (f"event #{int(recorded['event_id'])} at "
                    f"{utc_text(str(recorded['recorded_at']))}")
        except (OSError, ValueError, TypeError, KeyError):
            held = "a trail"
        evidence = f"its audit anchor ({anchor.name}) records {held}"
    elif started.is_file():
        # The anchor deleted with the database: the record beside the key still says the
        # trail was anchored (a lost folder was "intact: 0 events checked", then made anew).
        try:
            first = f" from event #{int(json.loads(started.read_text(encoding='utf-8'))['event_id'])}"
        except (OSError, ValueError, TypeError, KeyError):
            first = ""
        evidence = (f"its audit trail was anchored{first}, as {started.parent.name}/{started.name} "
                    f"records, and its audit anchor ({anchor.name}) is gone too")
    else:
        return
    path = data_dir.database
    state = "empty (0 bytes)" if path.exists() else "missing"
    raise DatabaseDamaged(
        f"The database {path} is {state}, but this data folder held one: {evidence}. No new "
        "database was made in its place. Restore "
        f"a backup (approvals restore FILE; the automatic ones are in {data_dir.backups}), "
        "or choose another data folder.",
        path,
    )


@dataclass(frozen=True)
class Opened:
    db: Database
    # Whether the whole file was checked on the way (before a migration, or asked for):
    # the app then need not check it again in the background.
    checked: bool
    # An existing database upgraded on the way: the revision it had, and the copy of it
    # kept in backups/ (said once to the officer: it was done silently, the copy unknown).
    upgraded_from: str | None = None
    copy: Path | None = None


def _damaged(data_dir: DataDir, problem: str) -> DatabaseDamaged:
    path = data_dir.database
    # How to restore is said too: the app cannot start on it, so its File → Restore… is out
    # of reach ("Restore a backup from …/backups" left the officer with no way to do so).
    kept = (f"; the automatic ones are in {data_dir.backups}" if data_dir.backups.is_dir()
            else "")  # none made here (a copied file alone): no empty folder pointed at
    return DatabaseDamaged(
        f"The database {path} failed its integrity check ({problem}). Restore a backup "
        f"(approvals restore FILE{kept}).",
        path,
    )


# Below this much free space, SQLite's I/O error at open is the full disk's doing: a WAL
# database cannot be read without its 32 KiB shared-memory file beside it.
ROOM_TO_OPEN = 256 * 1024


def _refused_for_room(data_dir: DataDir, problem: str) -> StorageRefused | None:
    """A full disk makes SQLite fail to open even a sound database ("disk I/O error"): said
    as the full disk it is, not as damage to restore from a backup."""
    if "disk I/O error" not in problem and "disk is full" not in problem:
        return None
    try:
        free = shutil.disk_usage(data_dir.root).free
    except OSError:
        return None
    if free >= ROOM_TO_OPEN:
        return None
    return StorageRefused(Problem(str(data_dir.root), (
        f"the disk is full ({free:,} bytes free), so the database cannot be opened "
        f"({problem}); it was not changed. Free some space on that disk and try again")))


def _said(exc: BaseException) -> str:
    """An error in a line: SQLAlchemy's wrapper adds the statement and a web link."""
    orig = getattr(exc, "orig", None)
    return f"{type(orig or exc).__name__}: {orig or exc}"


def refuse_before_setup(data_dir: DataDir) -> FirstLook | None:
    """What the file already there would be refused for, refused before the data folder is
    set up (its subfolders, the log): another program's file, and a damaged one (a damaged
    file left `backups/`, `documents/` and `logs/` made beside it, the message pointing at
    the empty `backups/` just made). A lock held by another program is left to the caller,
    which says it as the lock it is. The file's first look, None without a file, is kept
    for the checks after it (one connection for both)."""
    path = data_dir.database
    look = first_look(path) if path.is_file() and path.stat().st_size > 0 else None
    refuse_foreign_file(path, look=look)
    if look is not None and look.problem and "database is locked" not in look.problem:
        refuse_unreadable(path)
        raise _refused_for_room(data_dir, look.problem) or _damaged(data_dir, look.problem)
    return look


def open_database(data_dir: DataDir, *, target: str = "head",
                  full_check: bool = False) -> Database:
    """Open (creating or migrating) the database of `data_dir`; see `open_checked`."""
    return open_checked(data_dir, target=target, full_check=full_check).db


def open_checked(data_dir: DataDir, *, target: str = "head",
                 full_check: bool = False) -> Opened:
    """Open (creating or migrating) the database of `data_dir`. The cheap checks run on
    every open, the whole-file quick_check before a migration or with `full_check` (the
    module's docstring says why); either refuses a damaged file with DatabaseDamaged,
    before anything is written."""
    path = data_dir.database
    look = refuse_before_setup(data_dir)
    data_dir.ensure()
    existed = path.exists() and path.stat().st_size > 0
    if not existed:
        refuse_lost_database(data_dir)
    checked = False
    if existed:
        refuse_unreadable(path)
        problem = look.problem if look is not None else open_problem(path)
        if problem is None and full_check:
            problem, checked = integrity_problem(path), True
        if problem and "database is locked" in problem:  # held, not damaged
            raise DatabaseBusy(
                f"The database {path} is locked by another program ({problem}); nothing "
                "was changed. Try again in a moment; if it stays locked, close the program "
                "that holds it (a restore under way, a database browser).")
        if problem:
            raise _refused_for_room(data_dir, problem) or _damaged(data_dir, problem)
    engine = make_engine(path)
    revision, has_tables = _state(engine) if existed else (None, False)
    wanted = head_revision() if target == "head" else target
    if revision == wanted:
        return Opened(Database(data_dir, engine), checked)
    if revision is not None and not _known(revision):
        engine.dispose()
        # Nothing to upgrade and nothing to back up: the file is left exactly as it is.
        raise MigrationFailed(
            f"The database {path} was written by a newer version of Approvals (schema "
            f"revision {revision}; this version knows revisions up to {head_revision()}). "
            "Open it with that newer version, or restore a backup made by this one. "
            "It was left as it was.",
            None,
        )
    backup: Path | None = None
    if existed and revision is None and not has_tables:
        # An empty file: another program is creating this new database right now (its
        # tables not yet committed), or a file left empty. Nothing to check or keep a copy
        # of; the upgrade waits for that program's lock and then finds little or nothing
        # left to do.
        existed = False
    if existed and not checked:
        # A schema upgrade is about to write: the whole file is checked first, so damage is
        # refused with the file untouched rather than carried into the upgrade and its copy.
        problem, checked = integrity_problem(path), True
        if problem:
            engine.dispose()
            raise _damaged(data_dir, problem)

    def copy_first(conn: Connection) -> bool:
        """Under the write lock: the revision read again (another program may have
        upgraded the file while this one waited for the lock: nothing left to do, and no
        second copy of it), then the copy kept before the upgrade."""
        nonlocal backup, revision
        now = _revision_of(conn)
        if now == wanted:
            return False
        revision = now
        if not existed:
            return True
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        backup = data_dir.backups / f"approvals-{revision or 'unversioned'}-{stamp}.db"
        try:
            sqlite_copy(path, backup)
        except (sqlite3.Error, OSError) as exc:
            backup = None
            # Nothing was upgraded: the upgrade waits for its way back.
            raise MigrationFailed(
                f"The database {path} needs an upgrade to this version, but the copy kept "
                f"first could not be written to {data_dir.backups} ({exc}). It was left as "
                "it was; free some space on that disk (or make the folder writable) and "
                "start again.", None) from exc
        # An upgrade cut off before (a power cut) left a copy of this very file: one kept.
        backup = _earlier_same_copy(backup) or backup
        log.info("backed up database at revision %s to %s", revision, backup)
        return True

    try:
        if not upgrade(engine, target, first=copy_first):
            return Opened(Database(data_dir, engine), checked)
    except MigrationFailed:
        engine.dispose()
        raise
    except Exception as exc:
        log.exception("migration from %s failed", revision)
        engine.dispose()
        if is_busy(exc):
            # Another program held the write lock throughout: most likely upgrading this
            # same file. Its work is not undone (a copy put back would erase it, and
            # whatever it saved since); nothing of ours was written.
            raise DatabaseBusy(
                f"The database {path} is being upgraded or written by another approvals "
                "window or command; nothing was changed here. Start again in a moment.") from exc
        if backup is not None and current_revision(make_engine(path)) != revision:
            sqlite_copy(backup, path)
        # A full disk: said as one, with what to do. A new database on it was "could not
        # be upgraded from revision none (OperationalError: disk I/O error)", no way on.
        room = _refused_for_room(data_dir, _said(exc))
        if room is not None and backup is None:
            raise room from exc
        raise MigrationFailed(
            f"The database could not be upgraded from revision {revision or 'none'} "
            f"({_said(exc)}). It was left as it was"
            + (f"; a copy is in {backup}" if backup else "")
            + ("; free some space on that disk and start again." if room else "."),
            backup,
        ) from exc
    return Opened(Database(data_dir, engine), checked,
                  upgraded_from=(revision or "unversioned") if backup is not None else None,
                  copy=backup)


def _earlier_same_copy(copy: Path) -> Path | None:
    """An earlier attempt's copy of the same revision, byte for byte `copy` (which is then
    removed): each attempt of an upgrade that kept failing, or was cut off, added a full
    copy of the database to backups/, which the rotation never removes, until the disk
    filled."""
    revision = copy.name.rsplit("-", 1)[0]  # approvals-<revision>
    try:
        size = copy.stat().st_size
        for earlier in sorted(copy.parent.glob(f"{revision}-*.db")):
            if earlier != copy and earlier.stat().st_size == size \
                    and filecmp.cmp(earlier, copy, shallow=False):
                copy.unlink()
                log.info("the database is as its copy %s: the copy %s is not kept again",
                         earlier, copy)
                return earlier
    except OSError:  # the new copy is kept: one copy too many, never one too few
        return None
    return None


# A write-ahead log's header and each frame's header (sqlite.org/fileformat2.html#walformat).
_WAL_HEADER, _WAL_FRAME_HEADER = 32, 24


def wal_pending(path: Path) -> bool:
    """Whether the database `path` has a write-ahead log beside it holding frames (changes
    perhaps not yet copied into the file): its first frame carries the header's salt. A
    log left empty, or reset, holds nothing of the kind."""
    try:
        with Path(f"{path}-wal").open("rb") as fh:
            head = fh.read(_WAL_HEADER + _WAL_FRAME_HEADER)
    except OSError:  # none (a folder closed cleanly has none), or unreadable: see open
        return False
    if len(head) < _WAL_HEADER + _WAL_FRAME_HEADER:
        return False
    return head[16:24] == head[_WAL_HEADER + 8:_WAL_HEADER + 16]


def read_only_uri(data_dir: DataDir, why: str) -> str:
    """The URI that opens the database of a folder that cannot be written (`why`: the
    reason, paths.read_only_reason) without writing anything. SQLite reads a WAL database
    only with its shared-memory file (-shm) beside it, which it cannot create there, so the
    file is opened `immutable=1` (no locks, no -shm, the log not read) when no log holds
    changes. A log with changes is read through an -shm that is there (`mode=ro`); without
    one the answers would miss those changes, so the folder is refused, saying so."""
    path = data_dir.database
    if not wal_pending(path):
        return file_uri(path, immutable=True)
    if Path(f"{path}-shm").is_file():
        return file_uri(path)
    raise InputError(Problem(str(data_dir.root), (
        f"{why}, and {path.name}-wal beside the database holds changes not yet written into "
        f"{path.name}; without {path.name}-shm they cannot be read on a read-only folder, "
        "and the answers would miss them. Nothing was read; copy the whole folder to a "
        "writable place and run the command on the copy")))


def open_read_only(data_dir: DataDir, why: str) -> Database:
    """Open the database of a folder that cannot be written (`why`, paths.read_only_reason:
    an auditor's copy on a write-protected stick), for reading only: no folder, log, backup
    or migration is made and nothing is written. A database that needs an upgrade is
    refused in one line (it cannot be upgraded there), as is one from a newer version."""
    path = data_dir.database
    refuse_unreadable(path)
    uri = read_only_uri(data_dir, why)
    # Read through the URI: a plain connection's close folds the log into the file.
    refuse_foreign_file(path, uri)
    problem = open_problem(path, uri)
    if problem:
        raise _damaged(data_dir, problem)
    engine = make_engine(path, read_only_uri=uri)
    revision, _tables = _state(engine)
    if revision == head_revision():
        return Database(data_dir, engine, read_only_uri=uri)
    engine.dispose()
    if revision is not None and not _known(revision):
        raise MigrationFailed(
            f"The database {path} was written by a newer version of Approvals (schema "
            f"revision {revision}; this version knows revisions up to {head_revision()}). "
            "Open it with that newer version. It was left as it was.", None)
    raise MigrationFailed(
        f"The database {path} needs an upgrade to this version (schema revision "
        f"{revision or 'none'} to {head_revision()}), which cannot run: {data_dir.root}: "
        f"{why}. Nothing was changed; copy the whole folder to a writable place and run the "
        "command on the copy.", None)
