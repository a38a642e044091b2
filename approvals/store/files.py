"""Writing files safely. Streaming copies hash as they go (documents, backups and review
packs all keep a SHA-256 and a size beside the bytes they copy, so copy and hash are one
pass). Every file the app writes where the officer chose (CSV exports, review and
response packs, backups, filings, facts JSON, keys) goes through `atomic_output` (or
`write_atomically` for bytes in memory): complete or not at all, and a file already there
is kept byte for byte unless the new one is complete and, where a unit of work records
it, committed."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import secrets
import shutil
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from approvals.domain.errors import CheckFailed, InputError, Problem

log = logging.getLogger(__name__)

CHUNK = 1 << 20
# session.info key: clean-ups to run if the session's transaction rolls back.
_ON_ROLLBACK = "approvals_on_rollback"


class TooLarge(Exception):
    """More bytes came than the caller's limit allows (a zip member lying about its size)."""


class ByteSource(Protocol):
    """What copy_hashed reads from: a binary file, or a reader such as zipcheck.MemberReader."""

    def read(self, size: int = -1, /) -> bytes: ...


class ByteSink(Protocol):
    def write(self, data: bytes, /) -> object: ...


def copy_hashed(src: ByteSource, dst: ByteSink | None = None, *,
                limit: int | None = None,
                on_chunk: Callable[[int], None] | None = None) -> tuple[str, int]:
    """Copy `src` to `dst` (or only read it, when `dst` is None); (sha256 hex, size).
    With `limit`, stop with TooLarge as soon as more than `limit` bytes have come.
    `on_chunk(n)` follows every chunk written (progress; it may raise to cancel)."""
    digest = hashlib.sha256()
    size = 0
    while chunk := src.read(CHUNK):
        size += len(chunk)
        if limit is not None and size > limit:
            raise TooLarge(size)
        digest.update(chunk)
        if dst is not None:
            dst.write(chunk)
        if on_chunk is not None:
            on_chunk(len(chunk))
    return digest.hexdigest(), size


def sha256_file(path: Path) -> str:
    with path.open("rb") as fh:
        return copy_hashed(fh)[0]


def write_atomically(path: Path, data: bytes, *, session: Session | None = None) -> None:
    """Readers see the old file or the new one, never half of it (atomic_output); with
    `session`, the new file replaces the old only when that unit of work commits."""
    with atomic_output(path, session=session) as tmp, tmp.open("wb") as fh:
        fh.write(data)


def check_writable(out: Path, field: str) -> Path:
    """A file about to be written, checked before any work is done: a folder, a missing
    folder, or a name the file system refuses (too long, not allowed, no permission) is bad
    input naming `field`, not an error after the work (or after a stored final)."""
    try:
        if out.is_dir():
            raise InputError(Problem(field, f"{out} is a folder; give a file name"))
        if not out.parent.is_dir():
            # A file where the folder should be (/etc/passwd/x.zip) is not a missing folder.
            what = ("is a file, not a folder" if out.parent.exists()
                    else "does not exist")
            raise InputError(Problem(field, f"the folder {out.parent} {what}"))
        if out.exists():
            # Opened without truncating it: the file is replaced only once the work is done.
            os.close(os.open(out, os.O_WRONLY))
        else:
            _probe_beside(out)
    except OSError as exc:
        raise InputError(Problem(field, f"{out} cannot be written ({exc.strerror or exc})"
                                        f"{full_disk_hint(exc)}")) from None
    return out


def _probe_beside(out: Path) -> None:
    """Whether a file named like `out` can be made in its folder, tried on a name of the
    same length beside it, never on `out` itself: created and removed there, the target
    of another command writing the same path meanwhile was deleted under it, and a kill
    between the two left an empty file under the user's chosen name."""
    for mark in "~_=":
        probe = out.with_name(mark + out.name[1:]) if out.name[:1] != mark else None
        if probe is None:
            continue
        try:
            fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue  # a file of that name is someone's: never touched, another tried
        os.close(fd)
        probe.unlink()
        return


def check_readable(path: Path, what: str, field: str | None = None) -> Path:
    """A file about to be read (`what`: "the backup file", "the pack file"), named by
    `field` (the path as given, by default): a folder chosen by mistake (a
    backups/replaced-<time> one) or a device is named as such, not "file not found", and a
    name the file system refuses is bad input, not an internal error."""
    field = str(path) if field is None else field
    try:
        if path.is_dir():
            raise InputError(Problem(field, f"is a folder; give {what}"))
        if path.exists() and not path.is_file():
            raise InputError(Problem(field, "is not a regular file (a device, pipe or "
                                            f"terminal); give {what}"))
        found = path.is_file()
    except OSError as exc:
        raise InputError(Problem(field, f"cannot be read ({exc.strerror or exc})")) from None
    if not found:
        raise InputError(Problem(field, "file not found"))
    return path


@contextmanager
def atomic_output(out: Path, *, session: Session | None = None) -> Iterator[Path]:
    """Write `out` all or nothing. Yields a new hidden `.part` path beside `out` (the same
    folder, so the final rename is atomic) to write into; when the block ends without an
    error the part is flushed to disk and renamed over `out`:
    - at once, without `session`;
    - with `session` (the unit of work that records the file, e.g. an export's audit
      event), when that session commits, as the last step before COMMIT: the rename can
      fail (on Windows, over a file another program has open) and must do so before the
      trail records anything. The file it replaces is kept beside it until the COMMIT
      succeeded and put back if it fails, so a failed commit leaves neither a new file the
      trail does not claim nor a lost old one.
    On any failure or cancel the part is removed and `out` is left byte for byte as it was.
    An OSError becomes an InputError naming `out` (a CheckFailed naming the other file when
    it is about one being read, such as a document the user may not read). A crash while the part exists leaves it
    behind (`is_partial` names it; sweep_leftovers removes it from the data folder)."""
    try:  # the part file itself may be refused (a read-only USB stick): said as the rest
        staged = _StagedOutput(out)
    except OSError as exc:
        raise _cannot_write(out, exc) from None
    try:
        yield staged.part
        staged.flush()
        if session is None:
            staged.place()
            staged.done()
    except OSError as exc:
        staged.discard()
        unreadable = _other_file(exc, out, staged.part)
        if unreadable is not None:
            raise CheckFailed(f"{unreadable} cannot be read ({exc.strerror or exc}); {out} "
                              "was not written.") from None
        raise _cannot_write(out, exc) from None
    except BaseException:
        staged.discard()
        raise
    if session is not None:
        _stage(session, staged)


def _other_file(exc: OSError, out: Path, part: Path) -> str | None:
    """The file an error is about when it is neither the output nor its part: a document
    being copied in that this user may not read was reported as "OUT: cannot be written
    (Permission denied)", sending the user to fix the wrong folder."""
    if not exc.filename:  # a write or flush: the output's
        return None
    named = os.fsdecode(exc.filename) if isinstance(exc.filename, bytes) else str(exc.filename)
    if Path(named).resolve() in (out.resolve(), part.resolve()):
        return None
    if not isinstance(exc, PermissionError | FileNotFoundError | IsADirectoryError):
        return None  # a full disk, a quota: the output's, whatever file the call named
    return named


def _cannot_write(out: Path, exc: OSError) -> InputError:
    hint = full_disk_hint(exc)
    if isinstance(exc, PermissionError) and out.exists():
        hint = "; is it open in another program?"
    return InputError(Problem(str(out), f"cannot be written ({exc.strerror or exc}){hint}"))


def full_disk_hint(exc: OSError) -> str:
    """What to add to the system's words when the disk (or the user's quota) is full."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return ": the disk is full; nothing was saved there. Free some space and save again"
    if exc.errno == errno.EROFS:
        return (": the drive is read-only (a USB stick with its lock switch on?); save to "
                "another folder, or unlock the drive and save again")
    return ""


def folder_refused(exc: OSError, done: str, again: str) -> str:
    """Why a folder of the data folder refused a new file, and what to do, after the
    system's words: "the disk is full (No space left on device); nothing was attached. Free
    some space on that disk and attach it again". `done`: what came of the action;
    `again`: how to do it once put right."""
    said = exc.strerror or type(exc).__name__
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return f"the disk is full ({said}); {done}. Free some space on that disk and {again}"
    if exc.errno == errno.EROFS:
        return (f"its drive is read-only ({said}); {done}. Make the drive writable, or "
                "choose another data folder")
    if isinstance(exc, PermissionError):
        return (f"this user may not write in it ({said}); {done}. Make the folder writable, "
                "or choose another data folder")
    return f"a file cannot be made there ({said}); {done}"


class _StagedOutput:
    """One output file on its way: the part written, then (once placed) the old file kept
    aside until the write is final."""

    def __init__(self, out: Path) -> None:
        # A link the officer chose (to a synced folder, say) stays a link: its file is replaced.
        self.out = out.resolve() if out.is_symlink() else out
        self.part = _new_beside(self.out, _mode_of(self.out))
        self.kept: Path | None = None  # the replaced file, while it may have to come back
        self.placed = False

    def flush(self) -> None:
        with self.part.open("rb+") as fh:
            os.fsync(fh.fileno())

    def place(self) -> None:
        """Rename the part over `out`, keeping the old file aside (see restore)."""
        if self.out.exists():
            kept = self.out.with_name(f".{self.out.name}.{secrets.token_hex(4)}.kept.part")
            try:
                os.link(self.out, kept)  # the old file stays in place until the rename
                self.kept = kept
                os.replace(self.part, self.out)
            except OSError:
                if self.kept is not None:  # linked, but the rename failed: the link goes
                    self.kept.unlink(missing_ok=True)
                    self.kept = None
                    raise
                # No hard links here (FAT, some network shares): move the old file aside;
                # `out` is missing for the moment between the two renames.
                os.replace(self.out, kept)
                self.kept = kept
                try:
                    os.replace(self.part, self.out)
                except OSError:
                    os.replace(kept, self.out)
                    self.kept = None
                    raise
        else:
            os.replace(self.part, self.out)
        self.placed = True
        _sync_folder(self.out.parent)

    def done(self) -> None:
        """The write is final: drop the old file kept aside."""
        if self.kept is not None:
            self.kept.unlink(missing_ok=True)
            self.kept = None

    def discard(self) -> None:
        """Undo: remove the part, or put the old file back over a placed new one."""
        if self.placed:
            if self.kept is not None:
                os.replace(self.kept, self.out)
                self.kept = None
            else:
                self.out.unlink(missing_ok=True)
            self.placed = False
        else:
            self.part.unlink(missing_ok=True)


def _mode_of(out: Path) -> int:
    """A replaced file keeps its permissions; a new one gets the usual (umask) ones."""
    try:
        return stat.S_IMODE(out.stat().st_mode)
    except OSError:
        return 0o666


def _new_beside(out: Path, mode: int) -> Path:
    for _ in range(100):
        part = out.with_name(f".{out.name}.{secrets.token_hex(4)}.part")
        try:
            fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
        except FileExistsError:
            continue
        os.close(fd)
        if mode != 0o666:
            os.chmod(part, mode)  # exactly the old file's, whatever the umask
        return part
    raise FileExistsError(f"no free temporary name beside {out}")


def _sync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows cannot open a folder, and needs no such step."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# session.info key: output files waiting for the session's commit (atomic_output).
_STAGED = "approvals_staged_outputs"


def _stage(session: Session, staged: _StagedOutput) -> None:
    pending: list[_StagedOutput] | None = session.info.get(_STAGED)
    if pending is None:
        pending = session.info[_STAGED] = []
        event.listen(session, "before_commit", _place_staged)
        event.listen(session, "after_commit", _finish_staged)
    if session.get_transaction() is None:
        session.begin()  # so that a rollback (or close) surely ends a transaction and undoes it
    pending.append(staged)

    def undo() -> None:
        if staged in pending:
            pending.remove(staged)
        staged.discard()

    on_rollback(session, undo)


def _place_staged(session: Session) -> None:
    # Flushed first: a row the database refuses must fail before any file moves.
    session.flush()
    for staged in session.info.get(_STAGED, []):
        if not staged.placed:
            try:
                staged.place()
            except OSError as exc:
                raise _cannot_write(staged.out, exc) from None


def _finish_staged(session: Session) -> None:
    pending = session.info.get(_STAGED, [])
    while pending:
        pending.pop().done()


def on_rollback(session: Session, cleanup: Callable[[], None]) -> None:
    """Run `cleanup` once the session's transaction has ended without committing, and
    forget it when the transaction commits. For files a unit of work put in place before
    its commit: a failed commit must not leave them behind. It runs once the connection
    is released (after a failed COMMIT, SQLite keeps the transaction, and its lock, until
    then). A failing clean-up is logged; it never replaces the error that caused it."""
    pending: list[Callable[[], None]] | None = session.info.get(_ON_ROLLBACK)
    if pending is None:
        pending = session.info[_ON_ROLLBACK] = []
        event.listen(session, "after_commit", _forget)
        event.listen(session, "after_transaction_end", _run_cleanups)
    pending.append(cleanup)


def _forget(session: Session) -> None:
    session.info.get(_ON_ROLLBACK, []).clear()


def _run_cleanups(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None:  # a savepoint's end decides nothing
        return
    pending = session.info.get(_ON_ROLLBACK, [])
    while pending:
        cleanup = pending.pop()
        try:
            cleanup()
        except Exception:
            log.exception("a clean-up after a rolled-back unit of work failed")


def remove_unless_committed(session: Session, path: Path) -> None:
    """Remove `path` (a file this unit of work wrote) if the session does not commit."""
    on_rollback(session, lambda: path.unlink(missing_ok=True))


# A partial copy this old was left by a crash: no attach, pack or backup takes a day.
LEFTOVER_AGE_S = 24 * 3600


# The work folders of a backup (its copy of the database) and of a restore (the backup
# unpacked) in the data folder: a backup or restore cut off (killed, a power cut) left a
# full copy of the database there for good. A restore cut off mid-swap is finished from
# its marker (services.backup.MARKER) and needs its folder: none is swept while it is there.
_WORK_FOLDERS = (".backup-", ".restore-")
RESTORE_MARKER = "RESTORE-IN-PROGRESS.json"


def is_partial(name: str) -> bool:
    """A half-written file's name: an attach's or a pack's `.incoming-*` copy, a `.part`
    file written before its rename (and SQLite's journal of one), or a backup's or restore's
    work folder."""
    return name.startswith((".incoming-", *_WORK_FOLDERS)) or name.endswith(
        (".part", ".part-journal"))


def sweep_leftovers(folders: Iterable[Path], *, older_than_s: float = LEFTOVER_AGE_S,
                    now: float | None = None) -> list[Path]:
    """Remove the partial copies a crash left directly in `folders` (never recursing into
    other entries); only those older than `older_than_s`, so work another window or
    program has under way is left alone. Returns what was removed; a failure is logged."""
    cutoff = (time.time() if now is None else now) - older_than_s
    removed: list[Path] = []
    for folder in folders:
        try:
            entries = [e for e in folder.iterdir() if is_partial(e.name)]
            if (folder / RESTORE_MARKER).exists():
                entries = [e for e in entries if not e.name.startswith(_WORK_FOLDERS)]
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.lstat().st_mtime > cutoff:
                    continue
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
                removed.append(entry)
            except OSError:
                log.warning("could not remove the leftover %s", entry, exc_info=True)
    return removed
