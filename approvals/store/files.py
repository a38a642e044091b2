"""Writing files safely. Streaming copies hash as they go (documents, backups and review
packs all keep a SHA-256 and a size beside the bytes they copy, so copy and hash are one
pass); small files are replaced atomically."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from approvals.domain.errors import InputError, Problem

log = logging.getLogger(__name__)

CHUNK = 1 << 20
# session.info key: clean-ups to run if the session's transaction rolls back.
_ON_ROLLBACK = "approvals_on_rollback"


class TooLarge(Exception):
    """More bytes came than the caller's limit allows (a zip member lying about its size)."""


def copy_hashed(src: BinaryIO, dst: BinaryIO | None = None, *,
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


def write_atomically(path: Path, data: bytes) -> None:
    """Readers see the old file or the new one, never half of it: a hidden temporary file
    beside `path`, flushed to disk, then renamed over it (removed again on any failure)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_writable(out: Path, field: str) -> Path:
    """A file about to be written, checked before any work is done: a folder, a missing
    folder, or a name the file system refuses (too long, not allowed, no permission) is bad
    input naming `field`, not an error after the work (or after a stored final)."""
    try:
        if out.is_dir():
            raise InputError(Problem(field, f"{out} is a folder; give a file name"))
        if not out.parent.is_dir():
            raise InputError(Problem(field, f"the folder {out.parent} does not exist"))
        existed = out.exists()
        # Opened without truncating an existing file; a new one is removed at once.
        fd = os.open(out, os.O_WRONLY | (0 if existed else os.O_CREAT | os.O_EXCL))
        os.close(fd)
        if not existed:
            out.unlink()
    except OSError as exc:
        raise InputError(Problem(field, f"{out} cannot be written ({exc.strerror or exc})")) from None
    return out


@contextmanager
def replaced_when_done(out: Path) -> Iterator[Path]:
    """A `.part` path beside `out` to write a large file (a backup, a pack) into; when the
    block ends it is flushed to disk and renamed to `out`, so `out` is complete or absent.
    On failure the part is removed, and an OSError becomes an InputError naming `out`."""
    tmp = out.with_name(out.name + ".part")
    try:
        yield tmp
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(Problem(str(out), f"cannot be written ({exc.strerror or exc})")) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


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


def is_partial(name: str) -> bool:
    """A half-written file's name: an attach's or a pack's `.incoming-*` copy, or a
    `.part` file written before its rename."""
    return name.startswith(".incoming-") or name.endswith(".part")


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
