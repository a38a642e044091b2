"""Backup and restore of a data folder: the database, the stored documents and the
installed rulebook updates.

A backup is one zip: `approvals.db` (a consistent copy of the live database made with
SQLite's backup API, so the app may keep writing meanwhile), `documents/…`, `reviews/…`
(the review packs opened here, with the reviewer's input so far), `rulebook/…` (the
installed rulebook updates and installed.json, the record of which one is in use: every
stored screening names its rulebook version, so it goes back with the database), and
`backup-manifest.json` naming every member with its SHA-256 and size. Not in a backup:
this installation's key (keys/: it never leaves the machine, store.keys), the audit
anchor (re-signed for the restored trail), logs/, backups/ and settings.ini (this
computer's window layout and remembered folders).

A backup made before backups held the rulebook (no `rulebook` entry in its manifest)
restores the database and documents and leaves the data folder's rulebook/ as it is; the
restore says when the restored trail's last rulebook change names another version.

Restore checks the whole backup first (every hash, then SQLite's integrity check on the
extracted database), copies the data it replaces to `backups/replaced-<time>/`, then
swaps the folder contents with renames. A marker file records a swap in progress, so an
interrupted restore is rolled back or completed on the next start
(`finish_interrupted_restore`): the data folder is never left half-restored.

`auto_backup_if_due` makes one backup a day into `backups/` and keeps the newest
`backup_keep` (setting, default 7) of them; on a disk too full for the next one, the
oldest of those it would drop anyway go first, so a full disk does not stop the daily
backups for good.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import sqlite3
import stat
import tempfile
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy.exc
from sqlmodel import Session, col, select

from approvals import __version__
from approvals.domain.documents import megabytes
from approvals.domain.errors import ApprovalsError, Cancelled, CheckFailed, InputError, Problem
from approvals.domain.event_text import key_named
from approvals.domain.numbers import counted
from approvals.domain.rulebook import load_rulebook
from approvals.domain.wording import and_joined, backups_kept, ended
from approvals.exchange.pack import (
    BACKUP_MANIFEST,
    ROOM_MARGIN,
    SIGNATURE,
    extract_checked,
    member_names_problem,
    member_path_problem,
    room_problem,
    worth_compressing,
)
from approvals.exchange.pack import MANIFEST as PACK_MANIFEST
from approvals.exchange.zipcheck import last_member_name, open_zip, zip_structure_problem
from approvals.paths import ANCHOR_FILE, DB_FILE, DataDir, undecodable_shown
from approvals.services.access import require, require_every_document, require_with
from approvals.services.audit_view import person_text
from approvals.services.progress import CancelCheck, Meter, Progress
from approvals.services.review import own_fingerprint, reviews_dir
from approvals.services.rulebook import INSTALLED_FILE, installed_updates, rulebook_in_use
from approvals.store.anchor import anchor_path, anchor_record
from approvals.store.audit import Actor, append_event, reset_anchor_after_commit, verify_chain
from approvals.store.db import (
    DISK_CHECK,
    Database,
    DatabaseUnreadable,
    StorageRefused,
    file_uri,
    make_engine,
)
from approvals.store.files import (
    RESTORE_MARKER,
    atomic_output,
    check_readable,
    copy_hashed,
    full_disk_hint,
)
from approvals.store.keys import format_fingerprint
from approvals.store.migrate import (
    head_revision,
    integrity_problem,
    migration_scripts,
    open_database,
    schema_problem,
    sqlite_copy,
)
from approvals.store.models import Event, utc_now
from approvals.store.settings import get_setting, put_setting

log = logging.getLogger(__name__)

FORMAT = "approvals-backup"
FORMAT_VERSION = 1
# Written when a document's stored name is not one a zip member may have (a space, a
# non-ASCII extension: "minutes 3.5 final" is stored as "<sha>.5 final"): such a document
# is the member RENAMED<n>, and its manifest entry names its file in documents/
# (`stored`). Older versions refuse version 2 rather than restore it without its name.
FORMAT_VERSION_RENAMED = 2
RENAMED = "renamed/"
# Written when the backup holds installed rulebook updates (rulebook/ members): an older
# version would refuse their names as unsafe; it says "format version 3 is not supported"
# instead. A backup of a folder without installed updates stays version 1 (or 2).
FORMAT_VERSION_RULEBOOK = 3
FORMAT_VERSIONS = (FORMAT_VERSION, FORMAT_VERSION_RENAMED, FORMAT_VERSION_RULEBOOK)
RULEBOOK = "rulebook"  # DataDir.rulebook: installed updates and their record
# Tries at a snapshot of the database and rulebook/ with no install or revert in between.
RULEBOOK_TRIES = 3
MANIFEST = BACKUP_MANIFEST
SETTING_KEEP = "backup_keep"
DEFAULT_KEEP = 7
# The most the app's Security settings dialog shows (its spin box's range): a larger value
# set on the command line was shown as 1000, and saved as such with another setting, or,
# beyond 2**31, failed the dialog.
MAX_KEEP = 1000
AUTO_PREFIX = "auto-"
MARKER = RESTORE_MARKER  # a cut-off restore is finished from it (store.files sweeps around it)
SYSTEM = Actor("system", ("admin",), "automatic backup")
_AUTO_NAME = re.compile(r"^auto-(\d{8}T\d{6}Z)\.zip$")
MAX_MEMBERS = 200_000
REVIEWS = "reviews"  # services.review.reviews_dir: a reviewer's open packs and their input
# A restore reports this fraction, with this message, when it starts replacing the data
# folder: from then on it can no longer be cancelled.
NO_CANCEL_FROM = 0.9
SWAPPING = "Replacing the data folder (this can no longer be cancelled)…"
# The database a restore replaces, linked into its work folder until the restore is
# recorded (undone otherwise).
OLD_DB_FILE = "replaced-approvals.db"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    created_at: str
    size: int
    documents: int
    warnings: tuple[str, ...]
    rulebook: str = ""  # the rulebook it holds, in words (as BackupInfo.rulebook)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: str
    revision: str | None
    documents: int
    size: int
    # The rulebook the backup puts in use, in words ("the installed update 2026.12.1+…");
    # None for a backup made before backups held the rulebook (restore keeps the current).
    rulebook: str | None = None
    # What the backup warned of when it was made (a document recorded but missing): the
    # restore brings the data back with the same gap, so the officer is told before.
    warnings: tuple[str, ...] = ()
    # The users who can sign in after restoring it (active ones: login and full name);
    # None when its database does not say (an odd one): the confirmation then says
    # nothing of them.
    users: tuple[tuple[str, str], ...] | None = None
    # How restoring it changes the keys trusted here, in words (trusted_keys_compared); "" when
    # it does not: a key untrusted since the backup (a lost laptop's) is trusted again.
    trust_note: str = ""
    # The key fingerprint of the installation that made it ("" when its manifest does not
    # say: made by an earlier version, or by a folder with no key yet).
    installation: str = ""


@dataclass(frozen=True)
class CheckedBackup:
    """A backup checked for a restore and left unpacked in the data folder's work folder
    (`staging`): restoring it swaps in this very copy, so the backup is read once and what
    is restored is what was checked, even if its file changes meanwhile. `fingerprint`
    (each file's name, size and modification time) tells, cheaply, that the copy is still
    as checked. `discard()` it when the officer does not restore."""
    path: Path
    info: BackupInfo
    staging: Path
    fingerprint: tuple[tuple[str, int, int], ...]

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    backup_created_at: str
    replaced: Path | None  # where the data that was replaced now lives
    rulebook: str = ""  # the rulebook in use after the restore, in words
    rulebook_restored: bool = False  # False: an older backup, the rulebook here was kept
    rulebook_note: str = ""  # e.g. the restored trail names a rulebook this folder lacks
    backup_warnings: tuple[str, ...] = ()  # BackupInfo.warnings: the backup's own gaps
    trust_note: str = ""  # BackupInfo.trust_note: keys trusted again or no longer


def _stamp(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")


def _revision(db_file: Path) -> str | None:
    conn = sqlite3.connect(db_file)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
    return row[0] if row else None


def _document_files(documents: Path) -> list[Path]:
    if not documents.is_dir():
        return []
    return sorted(
        p for p in documents.rglob("*")
        if p.is_file() and not p.name.startswith(".")  # skip half-copied `.incoming-*`
    )


def create_backup(
    data_dir: DataDir,
    *,
    out: Path,
    actor: Actor | None = None,
    db: Database | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> BackupResult:
    """Write a consistent backup of `data_dir` to `out` (store.files.atomic_output: a file
    `out` named before stays exactly as it was unless the new backup is complete).

    With `db`, a `backup.created` event is recorded (after the copy, so it is not in it),
    and the backup replaces `out` only when that event commits: a busy database or a failed
    commit leaves no backup the trail does not know and no earlier file lost.
    `progress(fraction, message)` follows the copy file by file and chunk by chunk; when
    `cancelled()` turns True (or `progress` raises) the partial file is removed, no event
    is recorded and Cancelled is raised."""
    meter = Meter(progress, cancelled)
    if actor is not None:
        actor = require_with(db, actor, "backup.create")
        require_every_document(db, actor)  # the copy carries restricted documents too
    if not data_dir.database.is_file():
        raise InputError(Problem(str(data_dir.root), "there is no database to back up here"))
    if out.is_dir():  # named by the path, not the command line's option (the app says it too)
        raise InputError(Problem(str(out), "is a folder; give a file name"))
    if data_dir.holds_own_file_at(out):  # the command line says so first; any other caller here
        raise InputError(Problem(str(out), f"is inside the data folder {data_dir.root}, where it "
                                           "could replace the app's own files; write the backup "
                                           "elsewhere (or in its backups folder)"))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(Problem(str(out), f"its folder cannot be made "
                                           f"({exc.strerror or exc}){full_disk_hint(exc)}")) from None
    work = data_dir.root / f".backup-{uuid.uuid4().hex}"
    try:  # the copy of the database is made in the data folder, beside it
        work.mkdir()
    except OSError as exc:  # the folder made read-only (or full) while the app runs
        raise InputError(Problem(str(data_dir.root), (
            f"the backup's copy of the database cannot be made in it "
            f"({exc.strerror or exc}){_why_not_written(exc)}; "
            "no backup was written. Make the folder writable again (or free some space), "
            "then back up again"))) from None
    created_at = utc_now()
    warnings: list[str] = []
    # The event's unit of work is opened first but takes the write lock only for the
    # event, after the copy; the file goes in place when it commits.
    with contextlib.ExitStack() as unit:
        session = unit.enter_context(db.session()) if db is not None else None
        try:
            with atomic_output(out, session=session) as tmp:
                copying, checking, zipping = _stages(meter, data_dir)
                copying.report(0.0, "Copying the database")
                snapshot = work / DB_FILE
                # Watched or stoppable: the copy in steps (a 2 GB database was one silent
                # step, and Quit waited for it); else in one.
                watched = progress is not None or cancelled is not None
                rulebook = _snapshot(data_dir, snapshot, copying if watched else None)
                rulebook_state, rulebook_warning = _rulebook_state(rulebook, work)
                if rulebook_warning:
                    warnings.append(rulebook_warning)
                checking.report(0.0, f"Checking the copy of the database "
                                     f"({megabytes(_size(snapshot))})")
                problem = integrity_problem(snapshot, cancelled=cancelled)
                if problem:
                    raise CheckFailed(
                        f"The database failed its integrity check ({problem}); no backup was written. "
                        "Restore an earlier backup."
                    )
                expected = _referenced_documents(snapshot)
                # Listed after the snapshot: a document is in place before its row commits, so
                # every file the snapshot refers to is here now (a file listed before it could
                # miss one attached in between, and the restore would lack it).
                documents = [(f, f"documents/{f.relative_to(data_dir.documents).as_posix()}")
                             for f in _document_files(data_dir.documents)]
                reviews = [(f, f.relative_to(data_dir.root).as_posix()) for f in _review_files(data_dir)]
                checking.finish(f"Checked the copy of the database ({megabytes(_size(snapshot))})")
                zipping.total = _size(snapshot) + sum(_size(f) for f, _ in documents + reviews) \
                    + sum(len(data) for data in rulebook.values())
                # Said before a byte is written: a disk filled to the last byte (the data
                # folder's own, for the daily backup) would refuse the officer's saves too.
                # Another disk (a stick) keeps nothing spare for the database.
                problem = room_problem(out.parent, zipping.total, where=out.parent,
                                       needs="the backup needs up to",
                                       margin=ROOM_MARGIN if _same_disk(out.parent, data_dir.root)
                                       else 0)
                if problem:
                    raise StorageRefused(Problem(str(out), (
                        f"{problem}; no backup was written. Free some space there, or back "
                        "up to another disk")))
                members: list[dict[str, Any]] = []
                names = _document_names(snapshot)
                with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
                    members.append(_add(zf, snapshot, DB_FILE, zipping, "the database"))
                    count = 0
                    renamed = 0
                    for number, (file, name) in enumerate(documents, 1):
                        rel = name.removeprefix("documents/")
                        if rel not in expected and not file.exists():
                            continue  # an attach that did not commit took its file away again
                        label = (f"{names.get(name, name)}, document {number:,} of "
                                 f"{len(documents):,}")
                        if member_path_problem(name):
                            renamed += 1
                            entry = _add(zf, file, f"{RENAMED}{renamed}", zipping, label)
                            entry["stored"] = rel
                        else:
                            entry = _add(zf, file, name, zipping, label)
                        members.append(entry)
                        count += 1
                        want = expected.pop(rel, None)
                        if want is not None and want != entry["sha256"]:
                            warnings.append(f"{_known_as(names, rel)} does not match its "
                                            "recorded hash")
                    # Named as the case's Documents tab names it: the stored name is a hash.
                    warnings += [f"{_known_as(names, rel)} is recorded but missing"
                                 for rel in sorted(expected)]
                    # A reviewer's open review packs and their input live beside the database.
                    for file, rel in reviews:
                        if member_path_problem(rel):
                            warnings.append(f"{rel}: unusual file name, left out")
                            zipping.add(_size(file))
                            continue
                        members.append(_add(zf, file, rel, zipping, "the review packs opened here"))
                    # The rulebook as it was with the database's snapshot (read with it).
                    for rel in sorted(rulebook):
                        members.append(_add(zf, work.joinpath(*rel.split("/")), rel, zipping,
                                            "the installed rulebook updates"))
                    manifest = {
                        "format": FORMAT,
                        "format_version": FORMAT_VERSION_RULEBOOK if rulebook
                        else FORMAT_VERSION_RENAMED if renamed else FORMAT_VERSION,
                        "created_at": created_at,
                        "app_version": __version__,
                        "revision": _revision(snapshot),
                        "documents": count,
                        "warnings": warnings,
                        "members": members,
                        # Which installation made it: restoring another office's data is
                        # said before it replaces this one's.
                        "installation": own_fingerprint(data_dir),
                        # Its presence says the backup holds the rulebook state (no member:
                        # the shipped rulebook was in use), so a restore puts it back.
                        RULEBOOK: rulebook_state,
                    }
                    zf.writestr(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
                # The last chance to cancel: after this the part file is renamed into place.
                meter.finish(f"Backed up {counted(count, 'document')}")
        finally:
            shutil.rmtree(work, ignore_errors=True)
        if session is not None:
            append_event(session, actor=actor or SYSTEM, action="backup.created",
                         entity="backup", entity_id=out.name,
                         details={"file": str(out), "documents": count, "warnings": warnings})
    for warning in warnings:
        log.warning("backup %s: %s", out, warning)
    # The manifest and the trail keep the warnings as made; the one who asked reads them
    # in the words of where they work.
    shown = _shown_warnings(warnings, actor is not None and actor.on_command_line)
    return BackupResult(out, created_at, out.stat().st_size, count, shown,
                        rulebook_state["in_use"] or "the installed rulebook updates as they are")


def _why_not_written(exc: OSError) -> str:
    """What to add to the system's words for a folder that refused a new file."""
    if isinstance(exc, PermissionError):
        return ": this user may not write in it"
    return full_disk_hint(exc)


# Pages per step of a watched copy of the database (16 MiB at SQLite's 4 KiB pages): a
# progress report and a chance to cancel each, where a 2 GB database was one silent step
# that Quit had to wait for.
COPY_PAGES = 4096


# The stages' costs per byte of the database, against copying it (measured on a 2.3 GB
# database: copied in 13 s, checked in 4 s, zipped in 56 s; documents are mostly stored
# as they are, at about the copy's pace): the bar moves at an even pace through them.
CHECK_COST, ZIP_COST = 0.35, 4.0


def _stages(meter: Meter, data_dir: DataDir) -> tuple[Meter, Meter, Meter]:
    """A backup's three stages on `meter`, each its share of the whole: copying the
    database, checking the copy (SQLite reads it all), and zipping the copy with the
    documents. The shares go by the sizes on disk now (the documents listed again after
    the copy, for what goes in)."""
    database = _size(data_dir.database)
    documents = sum(_size(f) for f in _document_files(data_dir.documents)) \
        + sum(_size(f) for f in _review_files(data_dir))
    whole = (1 + CHECK_COST + ZIP_COST) * database + documents or 1.0
    copied, checked = database / whole, (1 + CHECK_COST) * database / whole
    copying = meter.part(0.0, copied)
    copying.total = database
    return copying, meter.part(copied, checked), meter.part(checked, 1.0)


def _copy_database(data_dir: DataDir, snapshot: Path, meter: Meter | None = None) -> None:
    """A consistent copy of the live database (others may write meanwhile). With `meter`,
    step by step: its progress in megabytes, and a cancel between steps removes the part
    copied; without (nobody watches, nobody can stop it), in one step."""
    try:  # consistent even while others write
        if meter is None:
            sqlite_copy(data_dir.database, snapshot)
        else:
            _stepped_copy(data_dir.database, snapshot, meter)
    except sqlite3.OperationalError as exc:
        # The copy goes beside the database, on the data folder's disk.
        if "disk I/O error" in str(exc):
            raise StorageRefused(Problem(str(data_dir.root), (
                f"the disk refused the backup's copy of the database ({exc}); no backup was "
                f"written. {DISK_CHECK}"))) from None
        if "disk is full" not in str(exc):
            raise
        raise StorageRefused(Problem(str(data_dir.root), (
            f"the disk is full ({exc}): there is no room for the backup's copy "
            "of the database; no backup was written. Free some space on that "
            "disk and try again"))) from None
    except sqlite3.DatabaseError as exc:  # SQLite cannot read the file: damaged while open
        raise CheckFailed(f"The database is damaged ({exc}); no backup was written. Restore "
                          "an earlier backup.") from None


def _stepped_copy(source: Path, destination: Path, meter: Meter,
                  what: str = "Copying the database") -> None:
    """store.migrate.sqlite_copy in COPY_PAGES steps, all from one snapshot. `meter`
    counts the bytes copied; a cancel (its check raises inside SQLite's callback) aborts
    the copy and leaves no part of it. `what` begins the progress message."""
    copied = [0]  # bytes, after the last step

    def step(done: int, in_all: int) -> None:
        meter.add(done - copied[0], f"{what} ({megabytes(done)} of {megabytes(in_all)})")
        copied[0] = done

    meter.check()
    sqlite_copy(source, destination, pages=COPY_PAGES, progress=step)


def _snapshot(data_dir: DataDir, snapshot: Path, meter: Meter | None = None) -> dict[str, bytes]:
    """Copy the database to `snapshot` and read rulebook/ (member name -> bytes) with it.
    An install or revert replaces the record just before its COMMIT: when rulebook/ reads
    the same before and after the database's copy, the two belong together (else again)."""
    for _attempt in range(RULEBOOK_TRIES):
        before = _read_rulebook(data_dir)
        if meter is None:
            _copy_database(data_dir, snapshot)
        else:  # a copy made again starts its count again
            meter.done = 0
            _copy_database(data_dir, snapshot, meter)
        after = _read_rulebook(data_dir)
        if after is not None and after == before:
            return after
    raise CheckFailed("A rulebook update was installed or reverted while the backup was being "
                      "made, each time it was tried; no backup was written. Back up again.")


def _read_rulebook(data_dir: DataDir) -> dict[str, bytes] | None:
    """rulebook/ as a backup holds it: installed.json and the rule files of each update
    folder (`rulebook/<folder>/<name>.json`); not the hidden `.incoming-*` folders of an
    install under way nor `.part` files. None when a file went while it was read (a revert
    tidying a folder away): the caller reads again."""
    root = data_dir.rulebook
    out: dict[str, bytes] = {}
    try:
        if not root.is_dir():
            return out
        record = root / INSTALLED_FILE
        if record.is_file():
            out[f"{RULEBOOK}/{INSTALLED_FILE}"] = record.read_bytes()
        for folder in sorted(root.iterdir()):
            if folder.name.startswith(".") or folder.is_symlink() or not folder.is_dir():
                continue
            for file in sorted(folder.iterdir()):
                if file.name.startswith(".") or not file.name.endswith(".json") \
                        or not file.is_file():
                    continue  # only the JSON files are the rulebook (load_rulebook)
                name = f"{RULEBOOK}/{folder.name}/{file.name}"
                if member_path_problem(name):  # install refuses such names: not ours
                    raise CheckFailed(f"{file} has a name a backup cannot hold; no backup "
                                      "was written. Revert the rulebook update it belongs "
                                      "to, or remove the file.")
                out[name] = file.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CheckFailed(f"{exc.filename or root} cannot be read ({exc.strerror or exc}); "
                          "no backup was written.") from None
    return out


def _rulebook_state(files: dict[str, bytes], work: Path) -> tuple[dict[str, Any], str]:
    """Write the rulebook's snapshot under `work` and say what it puts in use (for the
    manifest), with a warning when its record cannot be read: backed up as it is, as the
    restore then puts it back (the rulebook window offers the revert that mends it)."""
    for name, data in files.items():
        target = work.joinpath(*name.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    problem = _rulebook_problem(DataDir(work))
    if problem is not None:
        return {"readable": False, "in_use": None}, f"{problem}{RULEBOOK_AS_IS}"
    return {"readable": True, "in_use": _rulebook_words(DataDir(work))}, ""


# The rulebook's warning ends so in the manifest, without the way to mend it: that is
# added when the warning is shown (_shown_warnings), in the words of whoever reads it then
# (a backup made by the app is restored on the command line, and the other way round).
RULEBOOK_AS_IS = "; backed up as it is"
# How backups made before said the way, in the app's words whoever made them.
_FIXED_RULEBOOK_WAY = " (View → Rulebook can revert it)"


def _shown_warnings(warnings: Iterable[str], command_line: bool = False) -> tuple[str, ...]:
    """A backup's warnings as the app (or, with `command_line`, a command) shows them: the
    rulebook's names the revert that mends it as the reader works."""
    way = "`approvals rulebook revert`" if command_line else "View → Rulebook → Revert"
    out = []
    for warning in warnings:
        warning = warning.removesuffix(_FIXED_RULEBOOK_WAY)
        if warning.endswith(RULEBOOK_AS_IS):
            warning += f": reverting to the shipped rulebook mends it ({way})"
        out.append(warning)
    return tuple(out)


def _review_files(data_dir: DataDir) -> list[Path]:
    """The files of the review packs opened here, without half-opened ones (`.incoming-*`,
    `.opening-*`)."""
    root = reviews_dir(data_dir)
    return [f for f in _document_files(root)
            if not any(part.startswith(".") for part in f.relative_to(root).parts)]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _report_so_far(meter: Meter, message: str) -> None:
    """Say what comes next at the share of the bytes counted so far (all of it when there
    is nothing to count, as Meter.add reports)."""
    meter.report(meter.done / meter.total if meter.total else 1.0, message)


def _add(zf: zipfile.ZipFile, source: Path, name: str, meter: Meter | None = None,
         label: str = "") -> dict[str, Any]:
    """Add `source` as member `name`; the progress says `label` (what the officer knows
    the file as), or the member's name."""
    meter = meter or Meter()
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED if worth_compressing(source) else zipfile.ZIP_STORED
    info.external_attr = (stat.S_IFREG | 0o600) << 16
    try:
        src = source.open("rb")
    except OSError as exc:
        raise CheckFailed(f"{source} cannot be read ({exc.strerror or exc}); no backup was written.") from None
    _report_so_far(meter, f"Backing up {label or name}")
    with src, zf.open(info, "w", force_zip64=True) as dst:
        sha, size = copy_hashed(src, dst, on_chunk=meter.add)
    return {"path": name, "sha256": sha, "size": size}


def _document_names(db_file: Path) -> dict[str, str]:
    """{"documents/<stored path>": "spa.pdf (AP-2026-0003)"}: stored files are named by
    their hash, so progress names them as the case's Documents tab does. Empty when the
    database cannot be read (the progress then shows the stored name)."""
    try:
        conn = sqlite3.connect(file_uri(db_file), uri=True)
    except sqlite3.Error:
        return {}
    try:
        rows = conn.execute("SELECT d.stored_path, d.file_name, c.reference FROM documents d "
                            "LEFT JOIN cases c ON c.id = d.case_id ORDER BY d.id").fetchall()
    except sqlite3.Error:
        rows = []
    finally:
        conn.close()
    names: dict[str, str] = {}
    for stored, file_name, reference in rows:  # identical files are stored once: the first
        names.setdefault(f"documents/{stored}",
                         f"{file_name} ({reference})" if reference else str(file_name))
    return names


def _known_as(names: dict[str, str], rel: str) -> str:
    """"spa.pdf (AP-2026-0003), stored as documents/<hash>.pdf," for a stored document
    the database names, else "documents/<hash>.pdf"."""
    stored = f"documents/{rel}"
    known = names.get(stored)
    return f"{known}, stored as {stored}," if known else stored


def _manifest_warnings(manifest: dict[str, Any], command_line: bool = False) -> tuple[str, ...]:
    """The warnings a backup recorded when it was made, worded for the reader
    (_shown_warnings); an odd entry is shown as text."""
    warnings = manifest.get("warnings")
    return _shown_warnings((str(w) for w in warnings) if isinstance(warnings, list) else (),
                          command_line)


def _read_database(db_file: Path,
                   read: Callable[[sqlite3.Connection], list[Any]]) -> list[Any] | None:
    """What `read` reads from the database `db_file` (a backup's, the data folder's), or
    None when it cannot be read."""
    try:
        conn = sqlite3.connect(file_uri(db_file), uri=True)
    except sqlite3.Error:
        return None
    try:
        return read(conn)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def active_users(db_file: Path) -> tuple[tuple[str, str], ...] | None:
    """The users who may sign in with the database `db_file` (a backup's, or the one just
    restored), as (login, full name or ""), in login order; None when it cannot be read."""
    rows = _read_database(db_file, lambda conn: conn.execute(
        "SELECT username, display_name FROM users WHERE active ORDER BY username").fetchall())
    if rows is None:
        return None
    return tuple((str(login), str(name or "").strip()) for login, name in rows)


def older_database_note(info: BackupInfo) -> str:
    """For a backup whose database an earlier version of the app made (an older revision):
    that restoring brings it up to date, and where the copy from before is kept; "" else."""
    if info.revision is None or info.revision == head_revision():
        return ""
    return (f"Its database is from an earlier version of the app (revision {info.revision}): "
            "restoring brings it up to date, keeping a copy from before that in backups/.")


def not_a_user_after_restore(username: str, users: tuple[tuple[str, str], ...] | None,
                             name: str = "") -> str:
    """Why `username` (full name `name`), signed in when a backup is restored, cannot go on
    after it (the users and passwords are the backup's now), in words; "" when they can
    (or the users are unknown). People are named as the app names them, "Li Wei (li.wei)":
    the login is what the sign-in asks for."""
    if users is None or username in {login for login, _name in users}:
        return ""
    who = person_text(username, name)
    if not users:
        return (f"{who} is not a user of the restored data, which has no users: "
                "the app asks for a first administrator.")
    shown = ", ".join(person_text(login, full) for login, full in users[:5]) + (
        f" and {len(users) - 5} more" if len(users) > 5 else "")
    return (f"{who} is not a user of the restored data (or is deactivated there): sign "
            f"in as one of its users ({shown}).")


def _referenced_documents(db_file: Path) -> dict[str, str]:
    conn = sqlite3.connect(db_file)
    try:
        rows = conn.execute("SELECT stored_path, sha256 FROM documents").fetchall()
    except sqlite3.DatabaseError:
        rows = []
    finally:
        conn.close()
    return {str(path): str(sha) for path, sha in rows}


# ---------------------------------------------------------------------------------------
# Verification


def verify_backup(path: Path, *, into: Path | None = None, progress: Progress | None = None,
                  cancelled: CancelCheck | None = None, command_line: bool = False) -> BackupInfo:
    """Check a backup completely: manifest, every member's hash and size, nothing extra,
    and SQLite's integrity check on its database. With `into`, leave it extracted there.
    `progress`/`cancelled` as create_backup's; a cancelled check leaves nothing behind.
    `command_line`: a refusal names the command that takes the file (`approvals review
    open`), else the app's menu item."""
    return _verify_backup(path, into=into, meter=Meter(progress, cancelled),
                          command_line=command_line)


def _verify_backup(path: Path, *, into: Path | None, meter: Meter,
                   command_line: bool = False) -> BackupInfo:
    check_readable(path, "the backup file")
    own = into is None
    if into is None:
        target = Path(tempfile.mkdtemp(prefix="approvals-verify-"))
    else:
        if into.exists():
            raise ValueError(f"{into} already exists")
        into.mkdir(parents=True)
        target = into
    try:
        return _verify(path, target, meter, command_line)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    finally:
        if own:
            shutil.rmtree(target, ignore_errors=True)


# What to do about a backup that fails the check (it says what is wrong, and the officer
# at the desk needs the next step, not only "damaged").
ANOTHER_BACKUP = ("Restore another backup instead: the app makes one each day in the "
                  "backups folder of its data folder (auto-<date and time>.zip).")
# In the app its menu item, on the command line its command (the app's boxes said
# "… File → Back up… or `approvals backup --out`", a command an officer in the app has no
# use for; told apart as services.review does, by the command line's "cli:" actor).
NOT_A_BACKUP = "Choose a backup file made by File → Back up…"  # no stop after its "…"
NOT_A_BACKUP_CLI = "Choose a backup file made by `approvals backup --out`."


# "member X is damaged (<the zip library's reason>)", as exchange.pack.extract_checked says it.
_TECHNICAL_DAMAGE = re.compile(r" is damaged \(.*\)$", re.DOTALL)
DETAILS_IN_LOG = "the technical details were written to the log"


def _verify(path: Path, into: Path, meter: Meter, command_line: bool = False) -> BackupInfo:
    not_a_backup = NOT_A_BACKUP_CLI if command_line else NOT_A_BACKUP

    def refuse(reason: str, hint: str = ANOTHER_BACKUP) -> CheckFailed:
        return CheckFailed(f"{path.name} cannot be restored: {ended(reason)} Nothing was changed."
                           + (f" {hint}" if hint else ""))

    with open_zip(path, refuse, "backup file") as zf:
        # Unsigned, so this finds damage rather than tampering: every local header agrees
        # with the central directory and nothing lies between or after the members. Not our
        # writer's exact form: backups made by earlier versions must still restore.
        problem = zip_structure_problem(zf)
        if problem:
            # The header that differs is for whoever investigates; the officer needs the
            # next step (another backup), which refuse() gives.
            log.info("%s refused for restore: its zip structure is damaged: %s", path, problem)
            raise refuse("it is damaged (its zip structure does not hold together; "
                         f"{DETAILS_IN_LOG})")
        infos = {i.filename: i for i in zf.infolist()}
        if len(infos) > MAX_MEMBERS:
            raise refuse("it has implausibly many members")
        if MANIFEST not in infos:
            if SIGNATURE in infos:  # a signed file of the app's: which one, said with where it opens
                raise refuse(_signed_file_words(zf, infos, command_line), "")
            raise refuse(f"it has no {MANIFEST} (not an approvals backup)", not_a_backup)
        try:
            manifest = json.loads(zf.read(infos[MANIFEST]).decode("utf-8"))
        except (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError, ValueError) as exc:
            # The parser's words ("Expecting property name …") are for the log.
            log.info("%s refused for restore: its manifest cannot be read: %s", path, exc)
            raise refuse(f"its manifest is damaged ({DETAILS_IN_LOG})") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise refuse("it is not an approvals backup", not_a_backup)
        if manifest.get("format_version") not in FORMAT_VERSIONS:
            raise refuse(f"its format version {manifest.get('format_version')!r} is not supported",
                         "Restore it with the version of the app that made it, or a newer one.")
        members = manifest.get("members")
        if not isinstance(members, list) or not all(
            isinstance(m, dict) and isinstance(m.get("path"), str)
            and isinstance(m.get("sha256"), str) and isinstance(m.get("size"), int)
            for m in members
        ):
            raise refuse("its manifest has no valid member list")
        listed = {m["path"]: m for m in members}
        if DB_FILE not in listed:
            raise refuse("it contains no database")
        for name in infos:
            if name != MANIFEST and name not in listed:
                raise refuse(f"member {name} is not listed in its manifest")
        problem = member_names_problem(infos)
        if problem:
            raise refuse(problem)
        meter.total = sum(max(0, m["size"]) for m in members)
        problem = room_problem(into, meter.total)
        if problem:  # a full disk is the folder's to fix (exit 2, as a backup's), not damage
            raise StorageRefused(Problem(str(path), (
                f"cannot be restored: {problem}. Nothing was changed. Free some space on "
                "that disk, then restore again")))
        renamed = _renamed_documents(listed, refuse)
        names: dict[str, str] = {}  # read from the backed-up database once it is checked
        meter.report(0.0, f"Checking {path.name}")
        state = manifest.get(RULEBOOK)
        if state is not None and not isinstance(state, dict):
            raise refuse(f"its manifest's {RULEBOOK} entry is damaged")
        for name, entry in listed.items():
            if name != DB_FILE and (member_path_problem(name) or not (
                    name.startswith(("documents/", f"{REVIEWS}/", RENAMED))
                    or _rulebook_member(name))):
                raise refuse(f"member {name!r} has an unsafe name")
            if _rulebook_member(name) and state is None:  # a restore would not put it back
                raise refuse(f"member {name} is not part of a backup of this format")
            # A stored document is named by its hash: the refusal says which document it is
            # (the case's name for it), from the backup's database, checked first. The
            # stored name, 64 characters no line can wrap (cut off in the box at 200 %),
            # goes to the log with the rest of the technical detail.
            named = ("its database" if name == DB_FILE
                     else f"the document {names[name]}" if name in names
                     else f"member {name}")

            def refuse_member(reason: str, named: str = named, name: str = name) -> CheckFailed:
                # The zip library's words for the damage ("CRC-32 0x75c3… ≠ 0xe997… in its
                # headers", "Error -3 while decompressing data") are for whoever
                # investigates: the log has them, the officer needs the next step.
                plain = _TECHNICAL_DAMAGE.sub(f" is damaged ({DETAILS_IN_LOG})", reason)
                plain = plain.replace(f"member {name}", named, 1)
                if plain != reason:
                    log.info("%s refused for restore: %s", path, reason)
                return refuse(plain)

            info = infos.get(name)
            if info is None:
                raise refuse_member(f"member {name} is missing")
            if info.file_size != entry["size"]:
                raise refuse_member(f"member {name} has {info.file_size} bytes, the manifest "
                                    f"says {entry['size']}")
            _report_so_far(meter, f"Checking {'the database' if name == DB_FILE else names.get(name, name)}")
            extract_checked(zf, info, entry, into, refuse_member, signed=False,
                            on_chunk=meter.add)
            if name == DB_FILE:  # checked against its hash: the documents' names, for progress
                names = _document_names(into / DB_FILE)
    for name, stored in renamed.items():  # each document under its own name again
        target = into.joinpath("documents", *stored.split("/"))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(into / name, target)
        except OSError as exc:  # a name this file system does not allow (":" on Windows)
            raise refuse(f"its document {stored!r} cannot be stored under that name here "
                         f"({exc.strerror or exc})") from None
    shutil.rmtree(into / RENAMED, ignore_errors=True)
    db_file = into / DB_FILE
    _report_so_far(meter, "Checking the database's integrity")
    problem = integrity_problem(db_file, thorough=True)
    if problem:
        raise refuse(f"its database fails SQLite's integrity check ({problem})")
    revision = _revision(db_file)
    script = migration_scripts()
    try:
        known = revision is not None and script.get_revision(revision) is not None
    except Exception:
        known = False
    if not known:
        raise refuse(f"its database is at revision {revision!r}, which this version of the app "
                     "does not know (made by a newer version?)",
                     "Install the version of the app that made it (or a newer one), then restore.")
    problem = schema_problem(db_file, revision) if revision is not None else None
    if problem:  # the integrity check passes a database whose tables were dropped
        raise refuse(f"its database is not whole: {problem}")
    _report_so_far(meter, "Checking the documents and the audit trail against the database")
    problem = _inconsistency(into, listed, manifest, revision == script.get_current_head())
    if problem:
        raise refuse(problem)
    rulebook = None if state is None else _check_rulebook(into, state, refuse)
    meter.finish(f"{path.name} is intact")
    made_by = manifest.get("installation")
    # The document files counted as held and checked, not as the manifest's own figure
    # says (edited, it was reported as the count of an "intact" backup).
    return BackupInfo(path, str(manifest.get("created_at", "")), revision,
                      len(_documents_held(listed)), path.stat().st_size, rulebook,
                      _manifest_warnings(manifest, command_line), active_users(db_file),
                      installation=made_by if isinstance(made_by, str) else "")


def _documents_held(listed: dict[str, dict[str, Any]]) -> dict[str, str]:
    """The document files the backup holds, as their members are listed (each checked
    against its SHA-256): stored name -> SHA-256."""
    held: dict[str, str] = {}
    for name, entry in listed.items():
        stored = entry.get("stored") if name.startswith(RENAMED) else (
            name.removeprefix("documents/") if name.startswith("documents/") else None)
        if isinstance(stored, str):
            held[stored] = str(entry["sha256"])
    return held


def _inconsistency(into: Path, listed: dict[str, dict[str, Any]], manifest: dict[str, Any],
                   at_head: bool) -> str | None:
    """Why the backup, each member as its manifest lists it, does not agree with its own
    database (None when it does): a document whose bytes are not those the database
    recorded, or that is missing, unless the backup said so when it was made (the data
    folder was like that: its manifest's warnings name it); an audit trail that does not
    verify. The manifest alone vouched for the members, so a document altered and the
    manifest rewritten to match, or an event edited, restored as "intact" and only
    `audit verify` found it afterwards. The trail is checked at this version's schema (a
    backup of an earlier one is upgraded by the restore, and its trail checked then)."""
    db_file = into / DB_FILE
    held = _documents_held(listed)
    names = _document_names(db_file)
    noted = {str(w) for w in manifest.get("warnings") or ()}
    for rel, recorded in sorted(_referenced_documents(db_file).items()):
        known = _known_as(names, rel)
        if rel not in held and f"{known} is recorded but missing" not in noted:
            return f"{known} is recorded in its database but is not in the backup"
        if rel in held and held[rel] != recorded \
                and f"{known} does not match its recorded hash" not in noted:
            return (f"{known} is not the file its database recorded (its SHA-256 is "
                    f"{held[rel][:12]}…, the database recorded {recorded[:12]}…): the backup "
                    "was altered after it was made")
    if not at_head:
        return None
    engine = make_engine(db_file, read_only_uri=file_uri(db_file))  # reads, writes nothing
    try:
        with Session(engine) as session:
            _count, broken = verify_chain(session)
    except sqlalchemy.exc.SQLAlchemyError as exc:
        log.info("%s: audit trail unreadable: %s", db_file, exc)
        return f"its audit trail cannot be read ({DETAILS_IN_LOG})"
    finally:
        engine.dispose()
    if broken is not None:
        return (f"its audit trail is broken: {broken.message}; restored, it would fail "
                "the audit check")
    return None


# A signed file of the app's chosen to restore, by the kind its (unverified: it is only
# named) manifest says: what it is, and where it opens instead; in the app by its menu
# item, on the command line by its command.
_SIGNED_FILES = {
    "review": "it is an offline review pack, not a backup: open it with Review → Open "
              "review pack (review mode)…",
    "response": "it is a response pack (a reviewer's answer), not a backup: import it with "
                "Review → Import response…",
    "rulebook": "it is a rulebook update, not a backup: install it with View → Rulebook → "
                "Install update…",
}
_SIGNED_FILES_CLI = {
    "review": "it is an offline review pack, not a backup: open it with `approvals review open`",
    "response": "it is a response pack (a reviewer's answer), not a backup: import it with "
                "`approvals review import`",
    "rulebook": "it is a rulebook update, not a backup: install it with "
                "`approvals rulebook install`",
}


def _signed_file_words(zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo],
                       command_line: bool = False) -> str:
    """Why a signed pack or update is no backup, naming which it is (a rulebook update was
    called a review pack). One whose manifest cannot be read (a byte flipped in it) is
    said to be damaged, not guessed: a damaged response pack was sent to `review open`."""
    kind: Any = None
    info = infos.get(PACK_MANIFEST)
    if info is not None and info.file_size <= 1_000_000:  # a manifest, not a bomb
        with contextlib.suppress(zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError,
                                 ValueError, AttributeError):
            kind = json.loads(zf.read(info).decode("utf-8")).get("kind")
    words = _SIGNED_FILES_CLI if command_line else _SIGNED_FILES
    named = words.get(kind) if isinstance(kind, str) else None
    return named or ("it is a signed file of the app's (a review pack, a response pack or a "
                     "rulebook update), not a backup, and it is damaged: its manifest "
                     "cannot be read. Ask its sender for it again")


def _rulebook_member(name: str) -> bool:
    """`rulebook/installed.json` or `rulebook/<folder>/<name>.json`: what _read_rulebook
    writes, and nothing else under rulebook/."""
    parts = name.split("/")
    return parts[0] == RULEBOOK and (
        parts[1:] == [INSTALLED_FILE]
        or (len(parts) == 3 and not parts[1].startswith(".") and not parts[2].startswith(".")
            and parts[2].endswith(".json")))


def _rulebook_problem(folder: DataDir) -> str | None:
    """Why `folder`'s rulebook/ is not as the app will use it, or None: the record must
    read, and each installed update's folder load with the rulebook loader into the very
    version id the record names (which hashes every rule file: a file changed with its
    manifest hash recomputed is caught too). A backup checks it when it is made and a
    restore again, the same way."""
    try:
        installed = installed_updates(folder)
    except CheckFailed:
        return f"the record of the installed rulebook updates ({RULEBOOK}/{INSTALLED_FILE}) cannot be read"
    for update in installed:
        where = f"the installed rulebook update {update.version} ({RULEBOOK}/{update.folder})"
        try:
            version = load_rulebook(folder.rulebook / update.folder).version
        except InputError as exc:  # RulebookError: the problems name file and entry
            shown = "; ".join(f"{p.path.replace(str(folder.root), '')}: {p.message}"
                              for p in exc.problems[:3])
            return f"{where} does not load ({shown})"
        if version != update.version:
            return f"{where} does not match its rule files (they make {version})"
    return None


# BackupInfo.rulebook of a backup whose rulebook was backed up with a problem (the
# command line words its sentence otherwise: it is not a rulebook put "in use").
RULEBOOK_WITH_PROBLEM = "the installed rulebook updates as they were backed up, with a problem"


def _check_rulebook(into: Path, state: dict[str, Any], refuse: Any) -> str:
    """The extracted rulebook/ checked (_rulebook_problem); what the restore puts in use,
    in words. One backed up with a problem (its manifest says so, and the backup warned)
    is put back as it was: refusing it would refuse the database and documents too."""
    problem = _rulebook_problem(DataDir(into))
    if problem is not None:
        if state.get("readable") is False:
            return RULEBOOK_WITH_PROBLEM
        raise refuse(f"{problem}: the backup is damaged")
    return _rulebook_words(DataDir(into))


def _renamed_documents(listed: dict[str, dict[str, Any]], refuse: Any) -> dict[str, str]:
    """member -> its file's name under documents/, for the members a backup renamed. The
    name must stay inside documents/ and be the only one of its name there (also when
    upper and lower case are one, as on Windows and macOS)."""
    out: dict[str, str] = {}
    taken = {name.removeprefix("documents/").casefold() for name in listed
             if name.startswith("documents/")}
    for name, entry in listed.items():
        stored = entry.get("stored")
        if not name.startswith(RENAMED) and stored is None:
            continue
        if (not name.startswith(RENAMED) or not isinstance(stored, str) or "\\" in stored
                or any(part in ("", ".", "..") or part.startswith(".")
                       for part in stored.split("/"))
                or any(ord(c) < 32 for c in stored)):
            raise refuse(f"member {name!r} names no plain file for documents/")
        if stored.casefold() in taken:
            raise refuse(f"two members are the document {stored!r}")
        taken.add(stored.casefold())
        out[name] = stored
    return out


# ---------------------------------------------------------------------------------------
# Restore


def _checkpoint(database: Path) -> None:
    """Make sure nobody else has the database open, then fold the WAL into the file so
    nothing stale is left beside it when the file is replaced."""
    if not database.exists():
        return
    if not os.access(database, os.W_OK):
        # SQLite would open it read-only and say "in use", leaving read-only -wal and
        # -shm files beside it that refused every write once the file was made writable.
        raise InputError(Problem(str(database), (
            "this user may not write to the database (the file is read-only), so it cannot "
            "be replaced; nothing was changed. Make the file writable, or restore into "
            "another data folder")))
    in_use = CheckFailed(
        "The database is in use by another program: the app open on this data folder "
        "(another of its windows, on this or another computer) or a command. Close it and "
        "restore again. Nothing was changed."
    )
    conn = sqlite3.connect(database, timeout=2, isolation_level=None)
    try:
        try:
            # An exclusive lock is only granted when no other connection has the file open.
            conn.execute("PRAGMA locking_mode=EXCLUSIVE")
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("COMMIT")
        except sqlite3.OperationalError:
            raise in_use from None
        except sqlite3.DatabaseError as exc:
            # Its first page is unreadable (a file cut short, garbage where the header
            # was): no program can open it, so none has it in use, and the restore is the
            # way back the start-up's message names. The copy kept takes its files as
            # they are (_keep_database).
            log.warning("the database to be replaced is damaged (%s); it is replaced as "
                        "it is", exc)
            return
        try:
            busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.OperationalError:
            raise
        except sqlite3.DatabaseError as exc:
            # A damaged file, the very reason to restore: the copy kept of it takes the
            # files as they are, the WAL beside it included (_keep_database).
            log.warning("the database to be replaced is damaged (%s); its WAL is kept as "
                        "it is", exc)
            busy = 0
    finally:
        conn.close()
    if busy:
        raise in_use


def _keep_database(database: Path, replaced: Path, meter: Meter) -> None:
    """The database a restore replaces, into `replaced`: a consistent copy in steps (its
    progress on `meter`, a cancel between steps leaving no part of it: a large database
    was one step nobody could stop), or, when SQLite cannot read it (damaged), its files
    byte for byte (the WAL beside it too), so whatever can still be got out of it is
    kept. `meter` counts the database's size on disk either way."""
    size, before = _size(database), meter.done
    try:
        _stepped_copy(database, replaced / DB_FILE, meter, "Keeping a copy of the database")
    except sqlite3.OperationalError:  # a full disk, a lock: not damage
        raise
    except sqlite3.DatabaseError as exc:
        log.warning("the database to be replaced is damaged (%s); it is kept as its files "
                    "are", exc)
        for suffix in ("", "-wal"):
            source = Path(f"{database}{suffix}")
            if source.exists():
                shutil.copy2(source, replaced / f"{DB_FILE}{suffix}")
    meter.done = before  # the pages copied, counted again as the file's size
    meter.add(size)


def _same_disk(a: Path, b: Path) -> bool:
    """Whether a hard link from under `a` to under `b` can be made (one file system)."""
    try:
        return a.stat().st_dev == b.stat().st_dev
    except OSError:
        return False


def _keep_document(file: Path, target: Path, meter: Meter, link: bool) -> bool:
    """Keep `file` as `target`: a hard link when `link` (instant, and no second copy on
    the disk: stored documents are never written in place, and the restore only moves the
    data folder's own name for them away), else a copy. Returns whether to link the next:
    a file system that refuses links (another disk, FAT) gets copies from then on."""
    if link:
        try:
            os.link(file, target)
        except OSError:
            link = False
        else:
            meter.add(_size(file))
            return True
    with file.open("rb") as src, target.open("wb") as dst:
        copy_hashed(src, dst, on_chunk=meter.add)
    shutil.copystat(file, target)
    return link


# Written into each replaced-<time>/ folder: what it is, to whoever finds it there.
REPLACED_NOTE = "ABOUT THIS FOLDER.txt"


def _replaced_note(backup: BackupInfo | None, *, pending: bool = False) -> str:
    """The note in a replaced-<time> folder. `pending`: written while the copy is kept,
    before the swap, and replaced once the restore is recorded; a restore cut off there
    (the power gone, the process killed) leaves it saying what may have happened, not that
    the data was replaced."""
    made = f" (made {backup.created_at})" if backup is not None else ""
    name = f"the backup {backup.path}" if backup is not None else "a backup"
    if pending:
        return (
            f"A copy of this data folder's data, kept when a restore of {name}{made} began\n"
            f"({utc_now()}). The restore had not finished when this note was written.\n"
            "\n"
            "If the data folder's audit trail records that restore (backup.restored, naming\n"
            "this folder), the restore was cut off after the data was replaced and the app\n"
            "completed it on its next start: this is the only copy of the data it replaced;\n"
            "keep it as you would a replaced-<time> folder the app wrote in full. If the trail\n"
            "records no restore naming this folder, the restore never replaced anything (it\n"
            "stopped before, or was put back on the next start): the data folder still holds\n"
            "this data, and this copy may be removed.\n"
        )
    return (
        f"The data this data folder held when {name}{made} was restored ({utc_now()}):\n"
        "its database (with the audit trail up to that moment) and its documents, as they\n"
        "were. It is the only copy of whatever the restore undid. The app never removes it;\n"
        "remove it yourself once it is no longer needed (ask your auditors first). The\n"
        "restored audit trail records the restore and names this folder (backup.restored).\n"
        "\n"
        "To go back to this data (to undo the restore): back up the data folder first\n"
        "(File > Back up...) if what was done since the restore matters; close the app; then\n"
        f"put this folder's {DB_FILE}, {ANCHOR_FILE} and documents folder (and rulebook\n"
        "folder, if there is one here) in place of the data folder's own, removing the\n"
        f"data folder's {DB_FILE}-wal and {DB_FILE}-shm if they are there. `approvals audit\n"
        "verify` then checks the trail.\n"
    )


def replaced_copies(data_dir: DataDir) -> list[tuple[Path, int]]:
    """The copies earlier restores kept (backups/replaced-*), oldest first, with the bytes
    each takes on the disk (a file hard-linked into two of them counted once)."""
    if not data_dir.backups.is_dir():
        return []
    seen: set[tuple[int, int]] = set()
    out = []
    for folder in sorted(data_dir.backups.glob("replaced-*")):
        if not folder.is_dir() or folder.is_symlink():
            continue
        size = 0
        for file in folder.rglob("*"):
            with contextlib.suppress(OSError):
                info = file.lstat()
                if stat.S_ISREG(info.st_mode) and (info.st_dev, info.st_ino) not in seen:
                    seen.add((info.st_dev, info.st_ino))
                    size += info.st_size
        out.append((folder, size))
    return out


def _keep_replaced(data_dir: DataDir, stamp: str, meter: Meter | None = None, *,
                   rulebook: bool = False, backup: BackupInfo | None = None) -> Path | None:
    """A full copy of what the restore replaces, under backups/replaced-<time>/ (removed
    again if the copy is cancelled or fails); with `rulebook`, rulebook/ too. Documents
    are hard-linked where the disk allows (_keep_document). Never removed by the app: it
    is the only copy of what the restore undoes (REPLACED_NOTE says so in the folder)."""
    meter = meter or Meter()
    documents = _document_files(data_dir.documents)
    rule_files = (_read_rulebook(data_dir) or {}) if rulebook else {}
    if not data_dir.database.exists() and not documents and not rule_files:
        return None
    replaced = data_dir.backups / f"replaced-{stamp}"
    n = 1
    while replaced.exists():
        n += 1
        replaced = data_dir.backups / f"replaced-{stamp}-{n}"
    replaced.mkdir(parents=True)
    link = _same_disk(data_dir.documents, data_dir.backups)
    try:
        meter.total = _size(data_dir.database) + sum(_size(f) for f in documents)
        meter.report(0.0, "Keeping a copy of the data it replaces")
        names = _document_names(data_dir.database)
        if data_dir.database.exists():
            _keep_database(data_dir.database, replaced, meter)
        if anchor_path(data_dir).exists():
            shutil.copy2(anchor_path(data_dir), replaced / ANCHOR_FILE)
        for file in documents:  # what copytree(ignore=".*") copied, chunk by chunk
            rel = file.relative_to(data_dir.documents)
            if any(part.startswith(".") for part in rel.parts):
                meter.add(_size(file))
                continue
            target = replaced / "documents" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            stored = f"documents/{rel.as_posix()}"
            _report_so_far(meter, f"Keeping a copy of {names.get(stored, stored)}")
            link = _keep_document(file, target, meter, link)
        if data_dir.documents.is_dir():
            (replaced / "documents").mkdir(exist_ok=True)
        for name, data in rule_files.items():  # a few small JSON files
            target = replaced.joinpath(*name.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        # Said as to come until the restore is recorded (restore_backup writes the note
        # again then): cut off before, the folder claimed a restore that never happened.
        (replaced / REPLACED_NOTE).write_text(_replaced_note(backup, pending=True),
                                              encoding="utf-8")
        meter.finish("Kept a copy of the data it replaces")
    except BaseException:
        shutil.rmtree(replaced, ignore_errors=True)
        raise
    return replaced


def check_for_restore(
    data_dir: DataDir,
    path: Path,
    *,
    actor: Actor,
    db: Database | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> CheckedBackup:
    """Check `path` completely (as verify_backup) into a work folder of `data_dir`, where
    restore_backup(checked=…) swaps it in without reading the backup again. A refused or
    cancelled check leaves nothing behind. Its refusals name the way on as the actor works:
    the command on the command line ("cli:<login>"), else the app's menu item."""
    command_line = actor.on_command_line
    actor = _may_restore(db, actor)
    _refuse_undecodable(path)
    data_dir.ensure()
    return _check_into_staging(data_dir, path, Meter(progress, cancelled), command_line)


def _may_restore(db: Database | None, actor: Actor) -> Actor:
    """The restore's permission check. The user is read from the database as it is now;
    when the damage a restore is for makes that read fail, the roles the session signed in
    with decide (restoring is the way out of the damage, not a thing to refuse for it)."""
    try:
        return require_with(db, actor, "backup.restore")
    except (sqlite3.OperationalError, sqlalchemy.exc.OperationalError):
        raise  # busy, or a disk refusing: not damage
    except (sqlite3.DatabaseError, sqlalchemy.exc.DatabaseError, DatabaseUnreadable) as exc:
        log.warning("the user could not be read from the damaged database (%s); the roles "
                    "signed in with decide the restore", exc)
        return require_with(None, actor, "backup.restore")


def _refuse_undecodable(path: Path) -> None:
    shown = undecodable_shown(str(path))  # recorded in the trail after the swap: stop here
    if shown is not None:
        raise InputError(Problem(shown, "the file name is not UTF-8 text; rename the file"))


def _check_into_staging(data_dir: DataDir, path: Path, meter: Meter,
                        command_line: bool = False) -> CheckedBackup:
    staging = data_dir.root / f".restore-{uuid.uuid4().hex}"
    # Refuses (and cleans up) before any change.
    try:
        info = _verify_backup(path, into=staging, meter=meter, command_line=command_line)
    except OSError as exc:  # the backup unpacked into the data folder: a full disk, say
        raise _not_restored(path, exc, "while it was being checked") from exc
    keys_note = trusted_keys_compared(trusted_keys(data_dir.database),
                                      trusted_keys(staging / DB_FILE))
    info = replace(info, trust_note=" ".join(filter(None, (
        made_elsewhere_note(info.installation, own_fingerprint(data_dir)), keys_note))))
    return CheckedBackup(path, info, staging, _fingerprint(staging))


def made_elsewhere_note(made_by: str, here: str) -> str:
    """Said before a backup another installation made replaces this one's data ("" for
    one made here, or when either has no key to tell by)."""
    if not made_by or not here or made_by == here:
        return ""
    return (f"This backup was made by another installation (key {format_fingerprint(made_by)}), "
            "not this one: its cases, users and audit trail are that installation's.")


def trusted_keys(db_file: Path) -> dict[str, str] | None:
    """The keys the database `db_file` trusts, fingerprint -> label; None when it cannot
    be read (no database yet, or an odd one)."""
    if not db_file.is_file():
        return None

    def read(conn: sqlite3.Connection) -> list[Any]:
        known = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                             "name = 'trusted_keys'").fetchone()
        # A database from before trusted keys were kept trusts none: restoring it drops
        # every key trusted here, which is said, not passed over as unknown.
        return conn.execute("SELECT fingerprint, label FROM trusted_keys").fetchall() \
            if known else []

    rows = _read_database(db_file, read)
    if rows is None:
        return None
    return {str(fingerprint): str(label or "") for fingerprint, label in rows}


def trusted_keys_compared(here: Mapping[str, str] | None, restored: Mapping[str, str] | None) -> str:
    """What restoring does to whose review packs and rulebook updates are accepted, in
    words: the keys it trusts again (untrusted here since the backup, a lost laptop's
    perhaps) and those it stops trusting (trusted here since); "" when nothing changes
    or either side cannot be read."""
    if here is None or restored is None:
        return ""
    again = [key_named(fp, label) for fp, label in sorted(restored.items()) if fp not in here]
    dropped = [key_named(fp, label) for fp, label in sorted(here.items()) if fp not in restored]
    said = []
    if again:
        it, they, sign, was = ("it", "it", "signs", "was") if len(again) == 1 else (
            "them", "they", "sign", "were")
        said.append(f"The backup trusts {and_joined(again)}, which this data folder did not "
                    f"trust before the restore: review packs and rulebook updates {they} "
                    f"{sign} are accepted after it (untrust {it} then if {they} {was} "
                    "untrusted on purpose).")
    if dropped:
        said.append(f"The backup does not trust {and_joined(dropped)}, which this data folder "
                    "trusted before the restore: what "
                    f"{'it signs' if len(dropped) == 1 else 'they sign'} is refused after it.")
    return " ".join(said)


def _fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Each file under `folder` with its size and modification time (a stat each, not a
    read): a file changed, added or removed since changes it."""
    out = []
    for file in sorted(folder.rglob("*")):
        if not file.is_dir():
            info = file.lstat()
            out.append((file.relative_to(folder).as_posix(), info.st_size, info.st_mtime_ns))
    return tuple(out)


def _still_as_checked(data_dir: DataDir, path: Path, checked: CheckedBackup) -> None:
    """Refuse (discarding the copy) a checked copy that is not this data folder's and this
    backup's, or that changed since it was checked: only what was checked is restored."""
    if checked.path != path or checked.staging.parent != data_dir.root:
        raise ValueError(f"{checked.staging} is not a checked copy of {path} for {data_dir.root}")
    try:
        unchanged = checked.staging.is_dir() and _fingerprint(checked.staging) == checked.fingerprint
    except OSError:
        unchanged = False
    if not unchanged:
        checked.discard()
        raise CheckFailed(f"{path.name} was not restored: its checked copy in the data folder "
                          "changed or went away after the check. Nothing was changed; restore "
                          "it again (it is checked again).")


def restore_backup(
    data_dir: DataDir,
    path: Path,
    *,
    actor: Actor,
    db: Database | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    checked: CheckedBackup | None = None,
) -> RestoreResult:
    """Replace the data folder's database, documents and installed rulebook updates with a
    verified backup (a backup made before backups held the rulebook leaves rulebook/ as
    it is, and says so when the restored trail names another rulebook).

    With `checked` (check_for_restore's, for this data folder and `path`) the backup is
    not read again: its checked copy is restored, once its fingerprint shows it unchanged
    (else CheckFailed, and the copy is discarded). Without it the backup is checked here.
    The caller must not use `db` afterwards (it is disposed); reopen the data folder.
    `progress(fraction, message)` follows checking the backup (to 0.6; not with `checked`)
    and copying the data it replaces (to NO_CANCEL_FROM); `cancelled()` is honoured until
    then and leaves the data folder as it was (Cancelled is raised; the checked copy is
    discarded). From NO_CANCEL_FROM on the swap runs to its end whatever is asked.
    Refusals and notes name the way on as check_for_restore's do."""
    meter = Meter(progress, cancelled)
    command_line = actor.on_command_line
    actor = _may_restore(db, actor)
    _refuse_undecodable(path)
    data_dir.ensure()
    finish_interrupted_restore(data_dir)
    if db is None:  # no connection of the caller's own: another program's is told at once,
        _checkpoint(data_dir.database)  # not after a large backup's whole check
    if checked is None:
        checked = _check_into_staging(data_dir, path, meter.part(0.0, 0.6), command_line)
        keep_from = 0.6
    else:  # checked while the officer was asked: not read again
        _still_as_checked(data_dir, path, checked)
        keep_from = 0.0
    staging, info = checked.staging, checked.info
    backed_up_reviews = data_dir.root / f".reviews-{staging.name}"
    replaced: Path | None = None
    swapping = False
    try:
        if db is not None:
            db.dispose()
        _checkpoint(data_dir.database)
        with_rulebook = info.rulebook is not None
        # Documents are hard-linked, not copied, on the data folder's own disk.
        linked = _same_disk(data_dir.documents, data_dir.backups)
        current = _size(data_dir.database) \
            + (0 if linked else sum(_size(f) for f in _document_files(data_dir.documents))) \
            + sum(len(data) for data in ((_read_rulebook(data_dir) or {}) if with_rulebook
                                         else {}).values())
        problem = room_problem(data_dir.root, current, where=data_dir.root,
                               needs="the copy of the data it replaces needs")
        if problem:
            raise CheckFailed(f"{path.name} was not restored: {ended(problem)} Nothing was changed; "
                              "free some room on that disk, then restore again.")
        replaced = _keep_replaced(data_dir, _stamp(), meter.part(keep_from, NO_CANCEL_FROM),
                                  rulebook=with_rulebook, backup=info)
        meter.check()  # the last chance to cancel
        meter.commit()
        meter.report(NO_CANCEL_FROM, SWAPPING)
        if (staging / REVIEWS).is_dir():
            os.replace(staging / REVIEWS, backed_up_reviews)
        swapping = True
        _swap(data_dir, staging, rulebook=with_rulebook)
    except BaseException as exc:
        if swapping and not _put_back_after_failed_swap(data_dir):
            # The data folder's own documents (or rulebook) could not be moved back: the
            # marker, the work folder and the copy stay, so the next start (or restore)
            # puts them back; said, naming where they are meanwhile.
            raise _not_put_back(path, data_dir, staging, replaced, exc) from exc
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(backed_up_reviews, ignore_errors=True)
        # Nothing was replaced (a swap that failed was put back): no copy to keep. It
        # stayed under backups/ as replaced-<time>, beside "Nothing was changed".
        if replaced is not None:
            shutil.rmtree(replaced, ignore_errors=True)
        if isinstance(exc, OSError):  # _swap has put everything back
            raise _not_restored(path, exc, "while the data folder was being replaced"
                                if swapping else "while a copy of the current data was kept") from exc
        raise
    # Swapped in, but not yet recorded: a failure from here on (the restored database
    # cannot be upgraded or written, the disk fills up) would leave restored data whose
    # trail does not meet the audit anchor, a cut trail. It is undone instead.
    anchor_before = _read_anchor(data_dir)
    reviews_back: list[str] = []
    try:
        _bring_back_reviews(data_dir, backed_up_reviews, reviews_back)
        meter.report(0.95, "Opening the restored data")
        in_use = _rulebook_words(data_dir)
        _record_restore(data_dir, staging.name, actor=actor,
                        details={"file": str(path), "backup_created_at": info.created_at,
                                 "replaced": str(replaced) if replaced else None,
                                 "reviews_restored": reviews_back,
                                 "rulebook": in_use, "rulebook_restored": with_rulebook})
    except Exception as exc:  # not a Ctrl+C: the swap runs to its end, the next start records it
        _undo_swap(data_dir, staging, replaced, anchor_before, reviews_back,
                   rulebook=with_rulebook)
        shutil.rmtree(backed_up_reviews, ignore_errors=True)
        if replaced is not None:  # the data was put back: it replaced nothing
            shutil.rmtree(replaced, ignore_errors=True)
        log.exception("the restored data could not be opened or recorded; the data it "
                      "replaced was put back")
        if isinstance(exc, ApprovalsError | OSError | sqlite3.Error
                      | sqlalchemy.exc.SQLAlchemyError):
            raise CheckFailed(
                f"{path.name} was not restored: the restored data could not be opened and "
                f"recorded ({_reason(exc)}). The data that was there was put back: nothing "
                "was changed. Restore again once that is mended (the technical details were "
                "written to the log).") from exc
        raise
    _finish_swap(data_dir, staging)
    (data_dir.root / MARKER).unlink(missing_ok=True)
    if db is not None:
        # Disposed before the copy, yet a read or a check meanwhile (a large folder's copy
        # takes minutes) opened connections to the file now replaced and took its identity
        # again: the caller's session then ended in "the database file was replaced …
        # nothing was saved" after a restore that succeeded. Both go with the old file.
        db.dispose()
    if replaced is not None:
        with contextlib.suppress(OSError):  # the pending note says what may have happened
            (replaced / REPLACED_NOTE).write_text(_replaced_note(info), encoding="utf-8")
    note = "" if with_rulebook else _older_backup_note(data_dir, command_line)
    meter.finish("Restored")
    return RestoreResult(path, info.created_at, replaced, in_use, with_rulebook, note,
                         info.warnings, info.trust_note)


def _rulebook_words(data_dir: DataDir) -> str:
    """The rulebook the data folder's screenings use, in words (for the trail and the
    officer); a record that cannot be read is said, not raised."""
    try:
        in_use = rulebook_in_use(data_dir)
    except (CheckFailed, InputError):
        return "unknown: the installed rulebook updates cannot be read"
    if in_use.update is not None:
        return f"the installed update {in_use.version}"
    if in_use.installed:  # an update set aside for a newer shipped rulebook
        return f"the shipped rulebook {in_use.version} (the installed update is set aside)"
    return f"the shipped rulebook {in_use.version}"


def _older_backup_note(data_dir: DataDir, command_line: bool = False) -> str:
    """After restoring a backup made before backups held the rulebook: what to do when the
    restored trail's last rulebook change put a version in use that this folder does not
    use (restored on another computer, or the update reverted since). `command_line`: the
    way on is the command, else the app's menu item."""
    conn = sqlite3.connect(data_dir.database)
    try:
        row = conn.execute(
            "SELECT new_value FROM events WHERE action IN ('rulebook.installed', "
            "'rulebook.reverted') ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.DatabaseError:
        row = None
    finally:
        conn.close()
    kept = ("The backup was made before backups held the rulebook: the rulebook in use here "
            "was kept")
    try:
        named = json.loads(row[0]).get("rulebook") if row and row[0] else None
        in_use = rulebook_in_use(data_dir).version
    except (ValueError, AttributeError, CheckFailed, InputError):
        return f"{kept}. " + ("Check it with `approvals rulebook show`." if command_line
                              else "Check it in View → Rulebook.")
    if not isinstance(named, str) or named == in_use:
        return ""
    install = ("`approvals rulebook install FILE`" if command_line
               else "View → Rulebook → Install update…")
    return (f"{kept} ({in_use}), but the restored audit trail's last rulebook change put "
            f"{named} in use. Install that rulebook update again ({install}), or the cases "
            "it screened may screen differently now.")


def _put_back_after_failed_swap(data_dir: DataDir) -> bool:
    """After a swap that failed before its commit point: whether the data folder is its
    own again. _swap's roll-back drops the marker once everything is back; when that
    roll-back failed too (the disk refused a rename back), it is tried once more, as the
    next start would (finish_interrupted_restore)."""
    if not (data_dir.root / MARKER).exists():
        return True
    try:
        finish_interrupted_restore(data_dir)
    except (OSError, ApprovalsError, sqlite3.Error):
        log.exception("the data folder could not be put back after a failed restore")
    return not (data_dir.root / MARKER).exists()


def _not_put_back(path: Path, data_dir: DataDir, staging: Path, replaced: Path | None,
                  exc: BaseException) -> CheckFailed:
    """A swap that failed and could not be undone: where the data folder's own data is
    until the next start (or restore) puts it back, and the copy kept of it."""
    old_docs, old_rulebook = _old_names(data_dir, staging)
    where = ""
    if old_docs.exists():
        where += f" Its documents are in {old_docs} until then."
    if old_rulebook.exists():
        where += f" Its installed rulebook updates are in {old_rulebook} until then."
    if replaced is not None:
        where += (f" A full copy of the data it held is in {replaced} (remove that copy "
                  "once the data folder is back as it was).")
    return CheckFailed(
        f"{path.name} was not restored: the disk refused a file while the data folder was "
        f"being replaced ({_reason(exc)}), and putting the data folder back failed too. "
        "Nothing is lost: the app puts it back as it was when it next starts (quit it and "
        "start it again; work done meanwhile would meet the data half-replaced), or when a "
        f"restore is run again; check first that the data folder can be written.{where}")


def _not_restored(path: Path, exc: OSError, when: str) -> CheckFailed:
    """A file-system failure before the restore's commit point, in words: the data folder
    is as it was (the caller has cleaned up)."""
    where = f" ({exc.filename})" if exc.filename else ""
    return CheckFailed(
        f"{path.name} was not restored: the disk refused a file {when}{where}: "
        f"{exc.strerror or exc}. Nothing was changed; check that the data folder can be "
        "written and that its disk has room, then restore again.")


def _record_restore(data_dir: DataDir, restore_id: str, *, actor: Actor,
                    details: dict[str, Any]) -> None:
    """Record the restore in the restored trail and reset the audit anchor to its head, then
    drop the marker. Until then the marker stays, so a crash in between is finished at the
    next start (`finish_interrupted_restore`) instead of leaving an anchor that names
    events the restored trail never had — which verify would report as a cut trail."""
    restored = open_database(data_dir)  # migrates a backup made by an older version
    try:
        with restored.session() as session:
            already = any(
                json.loads(e.details or "{}").get("restore_id") == restore_id
                for e in session.exec(select(Event).where(Event.action == "backup.restored")
                                      .order_by(col(Event.id).desc()).limit(5)).all())
            if not already:
                # The restored trail ends earlier than the anchor: reset it to the restored
                # head, recording here what it named (the replaced data keeps a copy too).
                append_event(session, actor=actor, action="backup.restored", entity="backup",
                             entity_id=Path(str(details.get("file") or restore_id)).name,
                             details={**details, "restore_id": restore_id,
                                      "anchor_before": anchor_record(data_dir)})
                reset_anchor_after_commit(session)
        if already:  # recorded before a crash; the anchor may not have followed
            restored.advance_anchor(reset=True)
    finally:
        restored.dispose()
    # The caller drops the marker (MARKER) once the work folders are removed.


def _reason(exc: BaseException) -> str:
    """An error's own words in one line (a database error's SQL stays in the log)."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}{f': {exc.filename}' if exc.filename else ''}"
    if isinstance(exc, sqlalchemy.exc.StatementError) and exc.orig is not None:
        return f"{type(exc.orig).__name__}: {exc.orig}"
    text = str(exc).splitlines()[0] if str(exc) else ""
    if isinstance(exc, ApprovalsError):
        return text.rstrip(".") or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _read_anchor(data_dir: DataDir) -> bytes | None:
    try:
        return anchor_path(data_dir).read_bytes()
    except FileNotFoundError:
        return None


def _bring_back_reviews(data_dir: DataDir, backed_up: Path, back: list[str]) -> None:
    """Put back the backup's open review packs that are not open here, naming each in
    `back` as it comes (an undone restore takes them out again). Reviews live outside the
    database and are never replaced: one open here holds the newer input."""
    if backed_up.is_dir():
        target = reviews_dir(data_dir)
        target.mkdir(parents=True, exist_ok=True)
        for folder in sorted(backed_up.iterdir()):
            if not (target / folder.name).exists():
                os.replace(folder, target / folder.name)
                back.append(folder.name)
        shutil.rmtree(backed_up, ignore_errors=True)


def _undo_swap(data_dir: DataDir, staging: Path, replaced: Path | None,
               anchor_before: bytes | None, reviews_back: list[str], *,
               rulebook: bool) -> None:
    """Put back the data a swapped-in restore replaced (its recording failed). The
    anchor first: a crash from here to the database's move back into `staging` is
    completed at the next start, which resets the anchor anyway; after that move, the
    start rolls back (as before the commit point), and the anchor is then the old one."""
    anchor = anchor_path(data_dir)
    if anchor_before is None:
        anchor.unlink(missing_ok=True)
    else:
        part = anchor.with_name(f".{anchor.name}.undo.part")
        part.write_bytes(anchor_before)
        os.replace(part, anchor)
    old_db = staging / OLD_DB_FILE
    if not old_db.exists() and replaced is not None and (replaced / DB_FILE).is_file():
        # No hard link was possible at the swap: the copy kept under backups/ goes back.
        part = staging / f"{OLD_DB_FILE}.part"
        shutil.copy2(replaced / DB_FILE, part)
        os.replace(part, old_db)
    for suffix in ("-wal", "-shm"):  # the restored database's, never to be read again
        Path(f"{data_dir.database}{suffix}").unlink(missing_ok=True)
    if data_dir.database.exists():
        os.replace(data_dir.database, staging / DB_FILE)  # back before the commit point
    names = _old_names(data_dir, staging)
    _roll_back(data_dir, staging, names[0], names[1] if rulebook else None,
               marker=data_dir.root / MARKER)
    target = reviews_dir(data_dir)
    for name in reviews_back:  # the backup's packs, none of them open here before
        shutil.rmtree(target / name, ignore_errors=True)


def _swap(data_dir: DataDir, staging: Path, *, rulebook: bool = False) -> None:
    """Swap documents/ (and, with `rulebook`, rulebook/) in, then the database: the commit
    point. Before it, any failure puts every folder back."""
    root = data_dir.root
    old_docs, old_rulebook = _old_names(data_dir, staging)
    marker = root / MARKER
    note = {"staging": staging.name, "old_documents": old_docs.name}
    new_docs = staging / "documents"
    new_docs.mkdir(exist_ok=True)
    if rulebook:  # an empty one (the shipped rulebook) too, before the marker: the
        # roll-back tells by it whether rulebook/ is still the data folder's own
        (staging / RULEBOOK).mkdir(exist_ok=True)
        note["old_rulebook"] = old_rulebook.name
    marker.write_text(json.dumps(note), encoding="utf-8")
    try:
        if data_dir.documents.exists():
            os.replace(data_dir.documents, old_docs)
        os.replace(new_docs, data_dir.documents)
        if rulebook:
            if data_dir.rulebook.exists():
                os.replace(data_dir.rulebook, old_rulebook)
            os.replace(staging / RULEBOOK, data_dir.rulebook)
        for suffix in ("-wal", "-shm"):
            Path(str(data_dir.database) + suffix).unlink(missing_ok=True)
        if data_dir.database.exists():
            # The database replaced stays reachable under `staging` (a second name, no
            # copy) until the restore is recorded: a failure to record it puts it back.
            with contextlib.suppress(OSError):  # no hard links: _undo_swap copies it back
                os.link(data_dir.database, staging / OLD_DB_FILE)
        # The commit point: from here on the restore is complete.
        os.replace(staging / DB_FILE, data_dir.database)
    except BaseException:
        _roll_back(data_dir, staging, old_docs, old_rulebook if rulebook else None,
                   marker=marker)
        raise
    # The marker and the old folders stay until the restore is recorded and the anchor
    # reset (_record_restore); then _finish_swap removes them.


def _old_names(data_dir: DataDir, staging: Path) -> tuple[Path, Path]:
    """Where a restore moves the documents and the rulebook it replaces, until it is
    recorded."""
    root = data_dir.root
    return root / f".documents-old-{staging.name}", root / f".{RULEBOOK}-old-{staging.name}"


def _finish_swap(data_dir: DataDir, staging: Path) -> None:
    """Remove what a recorded restore replaced (a copy is under backups/replaced-*)."""
    for folder in (*_old_names(data_dir, staging), staging):
        shutil.rmtree(folder, ignore_errors=True)
    with contextlib.suppress(OSError):  # none installed: no folder, as before any install
        data_dir.rulebook.rmdir()


def _put_back(current: Path, staged: Path, old: Path) -> None:
    """Undo `current -> old; staged -> current` from wherever it stopped: `staged` is
    always there until it is moved in, so a `current` without it is the new one."""
    if current.exists() and not staged.exists():
        os.replace(current, staged)
    if old.exists():
        if current.exists():  # not moved aside yet: `old` is a leftover, not the data
            return
        os.replace(old, current)


def _roll_back(data_dir: DataDir, staging: Path, old_docs: Path,
               old_rulebook: Path | None = None, *, marker: Path | None = None) -> None:
    """Put the data folder back as it was before the commit point (the restored database
    still in `staging`); then drop `marker`, then `staging` (a leftover work folder is
    swept later; a marker left without it would count the restore as done)."""
    if old_docs.exists():
        if data_dir.documents.exists():
            if not (staging / "documents").exists():
                os.replace(data_dir.documents, staging / "documents")
            else:
                shutil.rmtree(data_dir.documents)
        os.replace(old_docs, data_dir.documents)
    if old_rulebook is not None and (staging / DB_FILE).exists():
        _put_back(data_dir.rulebook, staging / RULEBOOK, old_rulebook)
    old_db = staging / OLD_DB_FILE
    if old_db.exists() and not data_dir.database.exists():  # a restore undone after its swap
        os.replace(old_db, data_dir.database)
    if marker is not None:
        marker.unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)


def finish_interrupted_restore(data_dir: DataDir) -> str | None:
    """Complete or undo a restore that was cut off (power loss); call before opening the
    database. Returns what was done, or None when there was nothing to do."""
    marker = data_dir.root / MARKER
    if not marker.exists():
        return None
    try:
        note = json.loads(marker.read_text(encoding="utf-8"))
        staging = data_dir.root / str(note["staging"])
        old_docs = data_dir.root / str(note["old_documents"])
        # Markers written before backups held the rulebook have no old_rulebook.
        old_rulebook = (data_dir.root / str(note["old_rulebook"])
                        if note.get("old_rulebook") else None)
    except (ValueError, KeyError, TypeError, AttributeError):
        marker.unlink(missing_ok=True)
        return None
    if (staging / DB_FILE).exists():
        # Cut off before the database was swapped in (or while a restore that could not
        # be recorded was undone): put the old documents, rulebook and database back.
        _roll_back(data_dir, staging, old_docs, old_rulebook, marker=marker)
        outcome = "rolled back"
    else:
        shutil.rmtree(old_docs, ignore_errors=True)
        if old_rulebook is not None:
            shutil.rmtree(old_rulebook, ignore_errors=True)
            with contextlib.suppress(OSError):
                data_dir.rulebook.rmdir()  # an empty one: the shipped rulebook
        shutil.rmtree(staging, ignore_errors=True)
        # Swapped in but perhaps not yet recorded: record it (once) and reset the anchor.
        _record_restore(data_dir, staging.name, actor=SYSTEM,
                        details={"interrupted": True})
        marker.unlink(missing_ok=True)
        outcome = "completed"
    log.warning("an interrupted restore was %s", outcome)
    return outcome


# ---------------------------------------------------------------------------------------
# Automatic rotating backups


def backup_keep(session: Session) -> int:
    value = get_setting(session, SETTING_KEEP, DEFAULT_KEEP)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        log.warning("setting %s=%r is not a positive whole number; keeping %d", SETTING_KEEP,
                    value, DEFAULT_KEEP)
        return DEFAULT_KEEP
    if value > MAX_KEEP:  # stored before the limit: the most the app can show and keep
        log.warning("setting %s=%r is more than %d; keeping %d", SETTING_KEEP, value,
                    MAX_KEEP, MAX_KEEP)
        return MAX_KEEP
    return value


def set_backup_keep(session: Session, *, keep: int, actor: Actor) -> int:
    actor = require(session, actor, "settings.manage")
    if keep < 1:
        raise InputError(Problem(SETTING_KEEP, "keep at least one backup"))
    if keep > MAX_KEEP:
        raise InputError(Problem(SETTING_KEEP, f"keep at most {MAX_KEEP:,} backups"))
    # The value in force before, the default included: the trail says what it was.
    old = backup_keep(session)
    if old == keep:
        return keep  # as it was: nothing to record ("newest 4 (was 4)")
    put_setting(session, SETTING_KEEP, keep)
    append_event(session, actor=actor, action="settings.changed", entity="settings",
                 entity_id=SETTING_KEEP, field=SETTING_KEEP, old=old, new=keep)
    return keep


def _is_backup(path: Path) -> bool:
    """Whether `path` is, by a cheap look, a backup: a zip whose last member, read from
    the file's end (zipcheck.last_member_name), is the backup manifest, which
    create_backup has always written last. A truncated copy (its directory cut off), junk
    or another zip (a review pack) under a backup's name is not one; verify_backup checks
    the rest when it is restored."""
    return last_member_name(path) == MANIFEST


def auto_backups(data_dir: DataDir) -> list[tuple[datetime, Path]]:
    """The automatic backups in backups/, oldest first: the files named
    auto-<stamp>.zip that are backups (_is_backup). Any other file under such a name (junk,
    a truncated copy) is neither counted among those kept, where it made the rotation
    remove a real backup and keep it, nor ever removed."""
    out = []
    if data_dir.backups.is_dir():
        for p in data_dir.backups.iterdir():
            m = _AUTO_NAME.match(p.name)
            if m and p.is_file() and _is_backup(p):
                out.append((datetime.strptime(m.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC), p))
    return sorted(out)


def list_backups(data_dir: DataDir) -> list[Path]:
    """Backup files in backups/ (automatic and any saved there), newest first."""
    if not data_dir.backups.is_dir():
        return []
    files = [p for p in data_dir.backups.glob("*.zip") if p.is_file()]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


class NoRoomForAutoBackup(StorageRefused):
    """Today's automatic backup cannot be made: the disk of backups/ lacks the room, and
    removing the automatic backups that would go once it is made would not free enough.
    Nothing was removed or written; the message says what the officer can do."""


def _oldest_first(existing: list[tuple[datetime, Path]], now: datetime) -> list[Path]:
    """Oldest first; a backup stamped in the future was made before now all the same, under
    a wrong clock, so it goes before the others rather than outliving them all."""
    return [path for _when, path in sorted(existing, key=lambda item: (item[0] <= now, item[0]))]


def _auto_backup_needs(data_dir: DataDir) -> int:
    """The room a backup of `data_dir` may take on the data folder's disk, before it starts:
    the copy of the database made beside it, and then (create_backup's own room check)
    every file it holds, uncompressed."""
    database = _size(data_dir.database)
    files = _document_files(data_dir.documents) + _review_files(data_dir) + (
        _document_files(data_dir.rulebook) if data_dir.rulebook.is_dir() else [])
    return 2 * database + sum(_size(f) for f in files)


def _remove_auto_backups(db: Database, old: list[Path], *, keep: int, reason: str) -> list[Path]:
    """Remove `old` automatic backups; the trail names each one removed and why (a backup
    removed is a change to the records kept). One that cannot be removed is kept, and its
    removal is tried again with the next backup."""
    removed = []
    for path in old:
        try:
            path.unlink()
        except OSError as exc:
            log.warning("could not remove the old automatic backup %s (%s); it is kept and "
                        "removal is tried again with the next backup", path, exc.strerror or exc)
            continue
        removed.append(path)
        log.info("removed old automatic backup %s (%s)", path, reason)
    if removed:
        with db.session() as session:
            for path in removed:
                append_event(session, actor=SYSTEM, action="backup.removed", entity="backup",
                             entity_id=path.name, reason=reason,
                             details={"file": str(path), "keep": keep})
    return removed


def _make_room_for_auto_backup(data_dir: DataDir, db: Database, oldest_first: list[Path],
                               keep: int) -> None:
    """Before today's backup, when its disk lacks the room: remove the oldest of the
    automatic backups that its rotation would remove anyway (all but the newest keep - 1),
    as few as make the room, saying so in the trail. The newest backup stays until a new
    one exists, whatever `keep` says. Raises NoRoomForAutoBackup, removing nothing, when
    even all of those would not make the room."""
    data_dir.backups.mkdir(parents=True, exist_ok=True)
    needs = _auto_backup_needs(data_dir)

    def no_room(total: int) -> str | None:
        return room_problem(data_dir.backups, total, where=data_dir.backups,
                            needs="Today's automatic backup needs up to")
    problem = no_room(needs)
    if problem is None:
        return
    spare = oldest_first[: max(0, len(oldest_first) - max(keep - 1, 1))]
    if no_room(needs - sum(_size(p) for p in spare)):
        fewer = (", or keep fewer daily backups (Users → Security settings…) so that the "
                 "oldest make way" if len(oldest_first) > 1 else "")
        raise NoRoomForAutoBackup(  # the problem names the folder
            f"{problem}. No automatic backup was made, and none will be until there is room: "
            f"free some space on that disk{fewer}. Meanwhile, File → Back up… can back up "
            "to another disk.")
    # Removed first, then recorded: the room freed lets the trail's write through too.
    for old in spare:
        _remove_auto_backups(db, [old], keep=keep, reason=(
            "removed before today's automatic backup, to make room for it on a full disk "
            f"(only {backups_kept(keep)})"))
        if no_room(needs) is None:
            break


# Written in logs/ when an automatic backup is stopped before it is finished (the app
# quit during it): the next start says so while it makes the backup again. Not in
# backups/, where it would read as a backup; not part of any backup.
AUTO_STOPPED_FILE = "automatic-backup-stopped.txt"


def stopped_auto_backup(data_dir: DataDir) -> str | None:
    """When the last automatic backup was stopped before it was finished (a UTC stamp),
    or None when it finished (or none was ever stopped)."""
    try:
        return (data_dir.logs / AUTO_STOPPED_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def _note_auto_backup_stopped(data_dir: DataDir, when: str | None) -> None:
    """Record (`when`) or forget (None) a stopped automatic backup; a folder that cannot be
    written only loses the note, never the backup's outcome."""
    note = data_dir.logs / AUTO_STOPPED_FILE
    try:
        if when is None:
            note.unlink(missing_ok=True)
        else:
            note.parent.mkdir(parents=True, exist_ok=True)
            note.write_text(when + "\n", encoding="utf-8")
    except OSError:
        log.warning("could not note the stopped automatic backup in %s", note, exc_info=True)


def auto_backup_if_due(data_dir: DataDir, db: Database, *, now: datetime | None = None,
                       progress: Progress | None = None,
                       cancelled: CancelCheck | None = None) -> Path | None:
    """Make today's automatic backup if there is none yet and drop the oldest beyond
    `backup_keep`. Returns the new backup, or None when one was already made today.
    `progress` and `cancelled` as create_backup's (the app quitting stops a backup under
    way: no part of it is left, the earlier backups are kept, and stopped_auto_backup
    says so until an automatic backup is made).

    On a disk without room for it, the oldest of those the rotation would drop anyway
    go first (_make_room_for_auto_backup); when that is not enough, NoRoomForAutoBackup
    says what to do instead of the rotation waiting, stuck, for a backup never made."""
    now = now or datetime.now(UTC)
    existing = auto_backups(data_dir)
    with db.read_session() as session:
        keep = backup_keep(session)
    created: Path | None = None
    # Today's, by its name; one stamped later (made while the clock was wrong) does not
    # stand in for it, or no backup would be made until that date came. The day is the
    # computer's own (the names keep UTC): in Beijing the UTC day turns at 08:00, so 07:30
    # and 08:30 made two, and an app left open past local midnight made none.
    today = now.astimezone().date()
    if not any(when.astimezone().date() == today for when, _path in existing):
        _make_room_for_auto_backup(data_dir, db, _oldest_first(existing, now), keep)
        created = data_dir.backups / f"{AUTO_PREFIX}{_stamp(now)}.zip"
        taken = 0
        while created.exists() and taken < 60:  # a file that is no backup, by this very name
            taken += 1  # is not replaced: the backup takes the next second's name
            created = data_dir.backups / f"{AUTO_PREFIX}{_stamp(now + timedelta(seconds=taken))}.zip"
        try:
            create_backup(data_dir, out=created, db=db, progress=progress, cancelled=cancelled)
        except Cancelled:
            _note_auto_backup_stopped(data_dir, utc_now())
            raise
        existing = auto_backups(data_dir)
    # Today's is made (here, or by another window): nothing stopped is left to say.
    _note_auto_backup_stopped(data_dir, None)
    oldest_first = _oldest_first(existing, now)
    _remove_auto_backups(
        db, [old for old in oldest_first[: max(0, len(oldest_first) - keep)]
             if old != created],  # never the backup just made, whatever the names say
        keep=keep, reason=f"only {backups_kept(keep)}")
    return created
