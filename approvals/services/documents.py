"""Case documents: attach (copy into the data folder), list, open/export, restrict.

Files are stored content-addressed under the data folder's `documents/` (the SHA-256 of
the bytes plus the original suffix), so attaching the same file twice stores it once and
a stored file can be checked against its recorded hash.

A restricted document is visible to everybody as existing (name, type, who attached it),
but only the users named on it may open or export it. Whoever restricts a document is
always on its list, so nobody can lock themselves out by mistake; administrators may
change a restriction (recorded in the audit trail) so that a document whose named users
have all left is not lost.

Nothing attached is ever deleted. A document attached by mistake is *withdrawn* (who, when,
why: an audit event), or superseded by a new version attached in its place (`supersedes=`,
one unit of work). A withdrawn document stays stored, listed, openable (subject to its
restriction) and verified with the trail, but no longer counts as the case's evidence: the
required-documents checklist, the workflow's guards and a filing's attachments leave it
out. A stored final filing cannot be withdrawn: it is the record of what was issued, and
"Check a filing" recognises a PDF by it; a new final is stored beside it instead.

A document's type (what the checklist and the guards go by) may be set or corrected after
it was attached (`set_document_type`, audited old → new). A filing kind's type
(`cn-application`) is its stored final's alone: an ordinary file never takes it (a signed
paper copy is `signed-cn-application`), so no scan stands in for the final.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from sqlmodel import Session, col, select

from approvals.domain.dates import utc_text
from approvals.domain.document_types import document_type_name, type_problem
from approvals.domain.documents import allowed_users, megabytes, named_on, withdrawal_text
from approvals.domain.errors import (
    CheckFailed,
    ConflictError,
    InputError,
    NotFound,
    PermissionDenied,
    Problem,
    TransitionRefused,
)
from approvals.domain.permissions import allowed
from approvals.domain.permissions import require as require_roles
from approvals.domain.typed_input import name_text
from approvals.paths import DataDir
from approvals.services.access import require
from approvals.services.audit_view import person_named, user_names
from approvals.services.case_lifecycle import writable_case
from approvals.services.progress import CancelCheck, Meter, Progress
from approvals.store.audit import Actor, append_event
from approvals.store.cases import case_by_id, rows_of_case
from approvals.store.db import StorageRefused
from approvals.store.files import atomic_output, copy_hashed, folder_refused, on_rollback
from approvals.store.models import Document, Event, FilingTrack, User, utc_now

MAX_FILE_NAME = 255
_PLAIN_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,15}")
_GONE = "file not found (moved, renamed or deleted since it was chosen?); nothing was attached"


def _readable_file_name(name: str) -> str:
    """A file name as text that can be stored, printed and packed: bytes the file system
    gave that are not UTF-8 (Python's surrogate escapes) and control characters become
    U+FFFD, so a file named on another system's code page still attaches."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        name = os.fsencode(name).decode("utf-8", "replace")
    return "".join("\ufffd" if ord(ch) < 32 or ch == "\x7f" else ch for ch in name)


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    case_id: int
    track_id: int | None
    file_name: str
    doc_type: str
    sha256: str
    size: int
    uploaded_by: str
    uploaded_at: str
    is_rendering: bool
    restricted: bool
    allowed_users: tuple[str, ...]
    can_open: bool
    withdrawn_at: str | None = None
    withdrawn_by: str | None = None
    withdrawn_reason: str | None = None
    superseded_by: int | None = None  # the new version that replaced it
    supersedes: tuple[int, ...] = ()  # the documents this one replaced
    # The full names, by login, of the people it names (who attached and withdrew it, who
    # may open it), as the user list holds them when it was read: the row keeps logins.
    names: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def withdrawal(self) -> str:
        """"Withdrawn 2026-11-30 by Alice Wong (alice): wrong version", or '' while in
        force."""
        return _withdrawal_words(self.withdrawn_at, self.withdrawn_by, self.withdrawn_reason,
                                 self.names)

    @property
    def allowed_people(self) -> tuple[str, ...]:
        """Who may open it, in words: ("Alice Wong (alice)", "bob")."""
        return tuple(person_named(login, self.names)
                     for login in self.allowed_users)


def people_text(logins: Sequence[str], names: Mapping[str, str], *,
                nobody: str = "named users") -> str:
    """People in words, as a sentence lists them: "Alice Wong (alice), Bob Li (bob) and
    carol"; `nobody` for none. `names`: user_names(), the full name by login."""
    said = [person_named(login, names) for login in logins]
    if len(said) < 2:
        return "".join(said) or nobody
    return ", ".join(said[:-1]) + " and " + said[-1]


def _withdrawal_words(withdrawn_at: str | None, withdrawn_by: str | None,
                      reason: str | None, names: Mapping[str, str]) -> str:
    """domain.documents.withdrawal_text with who withdrew it in words."""
    by = withdrawn_by and person_named(withdrawn_by, names)
    return withdrawal_text(withdrawn_at, by, reason)


def in_force(doc: Document) -> bool:
    """Whether the document counts as the case's evidence (it was not withdrawn)."""
    return doc.withdrawn_at is None


def _allowed(doc: Document) -> tuple[str, ...]:
    return allowed_users(doc.allowed_users)


def may_open(doc: Document, actor: Actor) -> bool:
    if not allowed(actor.roles, "document.open"):
        return False
    return not doc.restricted or named_on(doc.allowed_users, actor.username)


def _info(session: Session, doc: Document, actor: Actor, supersedes: tuple[int, ...] = (),
          names: Mapping[str, str] | None = None) -> DocumentInfo:
    """`names`: user_names(), when already read (a list reads them once, not a row)."""
    assert doc.id is not None
    known = user_names(session) if names is None else names
    named = {*_allowed(doc), doc.uploaded_by, doc.withdrawn_by or ""}
    return DocumentInfo(
        id=doc.id,
        case_id=doc.case_id,
        track_id=doc.track_id,
        file_name=doc.file_name,
        doc_type=doc.doc_type,
        sha256=doc.sha256,
        size=doc.size,
        uploaded_by=doc.uploaded_by,
        uploaded_at=doc.uploaded_at,
        is_rendering=doc.is_rendering,
        restricted=doc.restricted,
        allowed_users=_allowed(doc),
        can_open=may_open(doc, actor),
        withdrawn_at=doc.withdrawn_at,
        withdrawn_by=doc.withdrawn_by,
        withdrawn_reason=doc.withdrawn_reason,
        superseded_by=doc.superseded_by,
        supersedes=supersedes,
        names={login: known[login] for login in named if login in known},
    )


def _listed_info(session: Session, doc: Document, actor: Actor) -> DocumentInfo:
    """`doc` as the list shows it, with the documents it replaced."""
    return _info(session, doc, actor, _supersedes(session, doc.case_id).get(doc.id or 0, ()))


def _withdrawal_of(session: Session, doc: Document) -> str:
    """How `doc` was withdrawn, in words ("Withdrawn 2026-11-30 by Alice Wong (alice): …")."""
    return _withdrawal_words(doc.withdrawn_at, doc.withdrawn_by, doc.withdrawn_reason,
                             user_names(session))


def _restricted_to(session: Session, doc: Document) -> str:
    """"Side letter.pdf is restricted to Alice Wong (alice) and bob", for a refusal."""
    return f"{doc.file_name} is restricted to {people_text(_allowed(doc), user_names(session))}"


def _document(session: Session, document_id: int) -> Document:
    doc = session.get(Document, document_id)
    if doc is None:
        raise NotFound(f"There is no document with id {document_id}.")
    return doc


def _check_users(session: Session, names: Iterable[str], field: str) -> tuple[str, ...]:
    wanted = [n.strip() for n in names if n and n.strip()]
    known = set(session.exec(select(User.username).where(col(User.username).in_(wanted))).all())
    problems = [Problem(field, f"there is no user {n!r}") for n in wanted if n not in known]
    if problems:
        raise InputError(problems)
    return tuple(dict.fromkeys(wanted))  # keep order, drop repeats


_CHANGED = ("changed while it was being attached (another program still writing it: a "
            "download, a scan, a save?); nothing was attached. Wait until it is complete "
            "and attach it again.")


class _ChangedWhileCopied(Exception):
    """The source's size or modification time moved during the copy: the bytes stored
    would be neither the file as it was nor as it is."""


class _NotStored(Exception):
    """The data folder's documents/ refused the copy (a full disk, a read-only drive, no
    permission): the file chosen was read well enough, and is not to blame."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class _StoredCopy:
    """A copy being written in the data folder (documents/, or open/ for a copy to open):
    its errors are _NotStored, not the source's."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh

    def write(self, data: bytes) -> None:
        try:
            self.fh.write(data)
        except OSError as exc:
            raise _NotStored(exc) from exc

    def finish(self) -> None:
        try:
            self.fh.flush()
            os.fsync(self.fh.fileno())
        except OSError as exc:
            raise _NotStored(exc) from exc

    def __enter__(self) -> _StoredCopy:
        return self

    def __exit__(self, error: type[BaseException] | None, *_details: object) -> None:
        try:
            self.fh.close()  # flushes what is left in its buffer
        except OSError as exc:
            if error is None:  # else the error under way is the one to report
                raise _NotStored(exc) from exc


def _copy_in(source: Path, documents: Path, meter: Meter | None = None) -> tuple[Path, str, int]:
    """Copy `source` to a hidden `.incoming-*` file in `documents/` while hashing it, chunk
    by chunk (a large file is never held in memory); (that file, sha256, size). A cancel
    through `meter` removes the partial copy; the last chance is once it is complete.
    An error of documents/ itself (no room, no permission) is _NotStored; of the source,
    the OSError."""
    meter = meter or Meter()
    try:
        documents.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=documents, prefix=".incoming-")
    except OSError as exc:
        raise _NotStored(exc) from exc
    tmp = Path(tmp_name)
    try:
        with _StoredCopy(os.fdopen(fd, "wb")) as out, source.open("rb") as inp:
            before = os.fstat(inp.fileno())
            meter.total = before.st_size
            meter.report(0.0, f"Copying {_readable_file_name(source.name)} ({megabytes(meter.total)})")
            sha, size = copy_hashed(inp, out, on_chunk=meter.add)
            after = os.fstat(inp.fileno())
            if size != before.st_size or (after.st_size, after.st_mtime_ns) != (
                    before.st_size, before.st_mtime_ns):
                raise _ChangedWhileCopied
            out.finish()
        meter.finish(f"Copied {_readable_file_name(source.name)} ({megabytes(size)})")
        return tmp, sha, size
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _put_in_place(tmp: Path, sha: str, suffix: str) -> tuple[str, bool]:
    """Rename the copy to its content address (stored once: an equal file is kept);
    (the stored name, whether this call created the file)."""
    stored = sha + suffix.lower()[:16]
    target = tmp.parent / stored
    if target.exists():
        tmp.unlink()
        return stored, False
    os.replace(tmp, target)
    return stored, True


def _remove_unless_committed(session: Session, documents: Path, stored: str) -> None:
    """If the unit of work that put `stored` in place does not commit, remove the file,
    but only while no committed row refers to it: content-addressed files are shared, and
    another attach of the same bytes may have committed meanwhile. The check and the
    removal happen under the write lock, which every attach holds from its first query to
    its commit, so no attach can take the file up in between."""
    bind = session.get_bind()

    def cleanup() -> None:
        with Session(bind) as check:
            try:
                used = check.exec(
                    select(Document.id).where(Document.stored_path == stored)
                ).first()
                if used is None:
                    (documents / stored).unlink(missing_ok=True)
            finally:
                check.rollback()

    on_rollback(session, cleanup)


def attach_document(
    session: Session,
    *,
    actor: Actor,
    data_dir: DataDir,
    case_id: int,
    source: str | os.PathLike[str],
    doc_type: str = "",
    track_id: int | None = None,
    file_name: str | None = None,
    restricted: bool = False,
    allowed_users: Iterable[str] = (),
    is_rendering: bool = False,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    supersedes: int | None = None,
    reason: str = "",
) -> DocumentInfo:
    """Copy a file into the data folder and record it on the case, with an audit event.

    `reason`: why it is attached (optional), recorded on the event.

    `supersedes`: the id of a document of the case this file is a new version of. In the
    same unit of work that document is withdrawn (`reason`, or "superseded by <file>"),
    pointing at the new one; the new one takes its type and track, and its restriction
    (the same people, and whoever attaches it). A document already withdrawn and not yet
    replaced takes its new version too (it is only linked to it). Refused, with nothing
    written, for what `withdraw_document` otherwise refuses and for a different type.

    `progress(fraction, message)` follows the copy; when `cancelled()` turns True (or
    `progress` raises) the copy stops and is removed, and no row or event is written:
    Cancelled is raised and the caller's unit of work rolls back. An empty file (0 bytes:
    a failed save, a cut-short download) is refused, with nothing written.

    The copy is made before the session's first query, so a large file from a slow drive
    does not hold the database's write lock meanwhile (other programs' writes would time
    out); the checks that need the database follow it, and a refusal removes the copy.
    A file this call put in place is removed again if the unit of work does not commit
    (and no other row refers to it)."""
    require_roles(actor, "document.attach")  # the roles it was given, before reading
    if restricted:
        require_roles(actor, "document.restrict")
    path = Path(source)
    if not path.is_file():
        raise InputError(Problem(_readable_file_name(str(path)),
                                 "is a folder, not a file" if path.is_dir() else _GONE))
    name = _readable_file_name(file_name or path.name).strip()
    # The stored copy keeps a plain extension (".pdf"), nothing else a zip member name,
    # another file system or a shell might trip over (".5 final", ".文档", bad bytes).
    suffix = path.suffix if _PLAIN_SUFFIX.fullmatch(path.suffix) else ""
    if not name or len(name) > MAX_FILE_NAME or "/" in name or "\\" in name:
        raise InputError(Problem("file_name", "must be a plain file name of 1 to 255 characters"))
    doc_type = name_text(doc_type or "")  # a pasted zero-width space alone is no type
    # Before the copy: nothing to undo. A new version takes its old one's type instead.
    if not is_rendering and supersedes is None:
        _check_type(doc_type)
    try:
        tmp, sha, size = _copy_in(path, data_dir.documents, Meter(progress, cancelled))
    except _NotStored as exc:  # the data folder's disk or permissions, not the file chosen
        raise _not_stored(data_dir.documents, exc.error) from None
    except FileNotFoundError:  # gone between the check above and the copy
        raise InputError(Problem(_readable_file_name(str(path)), _GONE)) from None
    except _ChangedWhileCopied:
        raise InputError(Problem(_readable_file_name(str(path)), _CHANGED)) from None
    except OSError as exc:
        # A file another program holds locked (Word on Windows) refuses to be read.
        locked = (" If another program has it open, close it there and attach it again."
                  if isinstance(exc, PermissionError) else "")
        raise InputError(Problem(_readable_file_name(str(path)), "cannot be read: "
                                 f"{exc.strerror or exc}; nothing was attached.{locked}")
                         ) from None
    if size == 0:  # a save that failed or a download cut short, which would tick the checklist
        tmp.unlink(missing_ok=True)
        raise InputError(Problem(name, "is empty (0 bytes): nothing was attached. Check "
                                       "that the file was saved completely and attach it again."))
    try:
        actor = require(session, actor, "document.attach")  # as the user is now
        # A closed case's evidence stays as it was closed (as withdrawing does).
        writable_case(session, case_id)
        old: Document | None = None
        if supersedes is not None:
            old = _replaceable(session, actor, supersedes)
            if old.case_id != case_id:
                raise InputError(Problem("supersedes", f"document {supersedes} is not a "
                                                       "document of this case"))
            if doc_type and doc_type != old.doc_type:
                raise InputError(Problem("doc_type", "a new version keeps the type of the "
                                         f"document it replaces ({old.doc_type or 'none'})"))
            doc_type = old.doc_type
            track_id = old.track_id if track_id is None else track_id
            if old.restricted:  # the new version of a confidential paper stays confidential
                restricted = True
                allowed_users = [*_allowed(old), *allowed_users]
        if restricted:
            actor = require(session, actor, "document.restrict")
        if track_id is not None:
            track = session.get(FilingTrack, track_id)
            if track is None or track.case_id != case_id:
                raise InputError(Problem("track_id",
                                         f"track {track_id} is not a track of this case"))
        allowed: tuple[str, ...] = ()
        if restricted:
            allowed = _check_users(session, [actor.username, *allowed_users], "allowed_users")
        stored, created = _put_in_place(tmp, sha, suffix)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if created:
        _remove_unless_committed(session, data_dir.documents, stored)
    doc = Document(
        case_id=case_id,
        track_id=track_id,
        file_name=name,
        sha256=sha,
        size=size,
        stored_path=stored,
        doc_type=doc_type,
        is_rendering=is_rendering,
        uploaded_by=actor.username,
        uploaded_at=utc_now(),
        restricted=restricted,
        allowed_users=json.dumps(list(allowed)),
    )
    session.add(doc)
    session.flush()
    added: dict[str, object] = {"file_name": name, "sha256": sha, "size": size,
                                "doc_type": doc_type, "restricted": restricted,
                                "allowed_users": list(allowed)}
    if old is not None:
        added["supersedes"] = old.id
    append_event(session, actor=actor, action="document.attached", entity="document",
                 entity_id=doc.id or "", case_id=case_id, track_id=track_id, new=added,
                 reason=(reason.strip() or f"new version of {old.file_name}") if old
                 else reason.strip())  # why it was attached, as the officer said it
    if old is None:
        return _info(session, doc, actor)
    if old.withdrawn_at is None:
        _withdraw(session, actor, old, reason.strip() or f"superseded by {name}",
                  superseded_by=doc)
    else:  # withdrawn first, its replacement found later: linked (the event above says so)
        old.superseded_by = doc.id
        session.add(old)
    return _info(session, doc, actor, supersedes=(old.id or 0,))


def _not_stored(folder: Path, exc: OSError, done: str = "nothing was attached",
                again: str = "attach it again") -> StorageRefused:
    """Why a copy could not go into the data folder's `folder` (documents/, open/): the
    file chosen was said to be unreadable ("paper.pdf: cannot be read: No space left on
    device"), sending the officer to the wrong file; a copy to open was an unexpected
    error. `done`: what came of it; `again`: what to do once it is put right."""
    return StorageRefused(Problem(str(folder), folder_refused(exc, done, again)))


def _check_type(doc_type: str) -> None:
    """Refuse a type an ordinary file may not take: a filing kind's (the stored final's),
    or one too long to show."""
    if problem := type_problem(doc_type):
        raise InputError(Problem("Type", problem))  # the box's name, not the column's


def _withdrawable(session: Session, actor: Actor, document_id: int) -> Document:
    """The document, if `actor` may withdraw it now; a typed refusal otherwise."""
    doc = _document(session, document_id)
    if doc.is_rendering:
        raise TransitionRefused(
            f"{doc.file_name} is a stored final filing, the record of what was issued (Check a "
            "filing recognises a PDF by it): it cannot be withdrawn. Store a new final "
            "instead; it does not replace this one in the trail.")
    if doc.withdrawn_at is not None:
        raise TransitionRefused(
            f"{doc.file_name} is already withdrawn ({_withdrawal_of(session, doc)}); "
            "nothing was changed.")
    _refuse_unless_readable(session, doc, actor, "withdraw")
    return doc


def _refuse_unless_readable(session: Session, doc: Document, actor: Actor, verb: str) -> None:
    """Nobody withdraws or replaces a paper they may not read: only its named users or an
    administrator."""
    if doc.restricted and not may_open(doc, actor) and "admin" not in actor.roles:
        raise PermissionDenied(f"{_restricted_to(session, doc)}; only they or an "
                               f"administrator may {verb} it.")


def _replaceable(session: Session, actor: Actor, document_id: int) -> Document:
    """The document, if `actor` may attach a new version of it now: as `_withdrawable`,
    but a document already withdrawn (attached by mistake, its right file found later)
    takes a new version once, unless one already replaced it."""
    doc = _document(session, document_id)
    if doc.withdrawn_at is None or doc.is_rendering:
        return _withdrawable(session, actor, document_id)
    if doc.superseded_by is not None:
        newer = session.get(Document, doc.superseded_by)
        raise TransitionRefused(
            f"{doc.file_name} is already withdrawn and replaced by "
            f"{newer.file_name if newer is not None else f'document {doc.superseded_by}'}; "
            "attach a new version of that one instead. Nothing was changed.")
    _refuse_unless_readable(session, doc, actor, "replace")
    return doc


def _withdraw(session: Session, actor: Actor, doc: Document, reason: str,
              superseded_by: Document | None = None) -> None:
    doc.withdrawn_at = utc_now()
    doc.withdrawn_by = actor.username
    doc.withdrawn_reason = reason
    doc.superseded_by = superseded_by.id if superseded_by is not None else None
    session.add(doc)
    new: dict[str, object] = {"status": "withdrawn", "withdrawn_at": doc.withdrawn_at}
    if superseded_by is not None:
        new |= {"superseded_by": superseded_by.id, "superseded_by_file": superseded_by.file_name}
    append_event(session, actor=actor, action="document.withdrawn", entity="document",
                 entity_id=doc.id or "", case_id=doc.case_id, track_id=doc.track_id,
                 field="status", old={"status": "in force"}, new=new, reason=reason,
                 details={"file_name": doc.file_name, "sha256": doc.sha256,
                          "doc_type": doc.doc_type})


def withdraw_document(
    session: Session,
    *,
    actor: Actor,
    document_id: int,
    reason: str,
) -> DocumentInfo:
    """Withdraw a document attached by mistake: it stays stored, listed and openable, but
    no longer counts for the checklist, the workflow's guards or a filing's attachments.
    Refused (typed, nothing written): without `document.attach`, without a reason, for an
    unknown id, a stored final, a document already withdrawn, a restricted document the
    actor may not open (administrators excepted), or a closed case. The database's write lock, held
    from the first query, makes the already-withdrawn check safe against a second window."""
    require_roles(actor, "document.attach")  # the roles it was given, before reading
    why = (reason or "").strip()
    if not why:
        raise InputError(Problem("reason", "say why the document is withdrawn (it is "
                                           "recorded in the audit trail)"))
    actor = require(session, actor, "document.attach")  # as the user is now
    doc = _withdrawable(session, actor, document_id)
    writable_case(session, doc.case_id)  # a closed case's evidence stays as it was closed
    _withdraw(session, actor, doc, why)
    return _listed_info(session, doc, actor)


def set_document_type(
    session: Session,
    *,
    actor: Actor,
    document_id: int,
    doc_type: str,
    reason: str = "",
    expected_type: str | None = None,
) -> DocumentInfo:
    """Give a document its type, or correct it (a file dropped in first and classified
    afterwards; "" takes the type away): the checklist and the workflow's guards go by
    it. Recorded as an audit event with the old and the new type; the same type again
    changes nothing and records nothing. Refused (typed, nothing written): without
    `document.attach`, for an unknown id, a withdrawn document (attach a new version
    instead), a stored final (its type is its filing kind), a restricted document the
    actor may not open (administrators too: a type is read off the paper), a filing
    kind's type, or a closed case; and, given `expected_type` (the type the officer saw),
    a type someone else set since (ConflictError naming it and who)."""
    require_roles(actor, "document.attach")  # the roles it was given, before reading
    new_type = name_text(doc_type or "")
    _check_type(new_type)
    actor = require(session, actor, "document.attach")  # as the user is now
    doc = _document(session, document_id)
    if doc.is_rendering:
        raise TransitionRefused(
            f"{doc.file_name} is a stored final filing: its type is its filing kind "
            f"({document_type_name(doc.doc_type)}) and cannot be changed. Nothing was changed.")
    if doc.withdrawn_at is not None:
        raise TransitionRefused(
            f"{doc.file_name} is withdrawn ({_withdrawal_of(session, doc)}): "
            "it no longer counts as evidence, so its type is kept as it was. Attach a new "
            "version if it is needed. Nothing was changed.")
    if not may_open(doc, actor):
        raise PermissionDenied(f"{_restricted_to(session, doc)}; you may not open it, so "
                               "may not say what it is either.")
    writable_case(session, doc.case_id)  # a closed case's evidence stays as it was closed
    if expected_type is not None and doc.doc_type != expected_type:
        _refuse_type_changed(session, doc, expected_type)
    if new_type == doc.doc_type:
        return _listed_info(session, doc, actor)
    old_type, doc.doc_type = doc.doc_type, new_type
    session.add(doc)
    append_event(session, actor=actor, action="document.type_changed", entity="document",
                 entity_id=doc.id or "", case_id=doc.case_id, track_id=doc.track_id,
                 field="type", old=old_type, new=new_type, reason=reason.strip(),
                 details={"file_name": doc.file_name, "sha256": doc.sha256})
    return _listed_info(session, doc, actor)


def _last_changed_by(session: Session, doc: Document, action: str) -> str:
    """" by Amy Archer (amy) at 2026-12-03 16:21 UTC": who made `doc`'s latest `action`
    event and when; "" when there is none."""
    last = session.exec(
        select(Event).where(Event.action == action,
                            Event.entity_id == str(doc.id)).order_by(col(Event.id).desc())
    ).first()
    return (f" by {person_named(last.actor, user_names(session))} at "
            f"{utc_text(last.occurred_at)}") if last is not None else ""


def _refuse_type_changed(session: Session, doc: Document, seen: str) -> None:
    """ConflictError: `doc`'s type is no longer the `seen` one, naming who set it when."""
    by = _last_changed_by(session, doc, "document.type_changed")

    def named(key: str) -> str:
        return document_type_name(key) if key else "none"

    raise ConflictError(
        f"The type of {doc.file_name} was changed{by} since you opened it: it is "
        f"{named(doc.doc_type)} now, not {named(seen)}. Nothing was changed; choose its type "
        "again if it is still wrong.", [doc.doc_type])  # the type key as it is now


def _refuse_access_changed(session: Session, doc: Document) -> None:
    """ConflictError: who may open `doc` changed since the officer saw it."""
    by = _last_changed_by(session, doc, "document.restriction_changed")
    now = _restricted_to(session, doc) if doc.restricted else "every user may open it"
    raise ConflictError(
        f"Who may open {doc.file_name} was changed{by} since you opened it: {now}. Nothing "
        "was changed; close this and look again to change it from there.", [now])


def _supersedes(session: Session, case_id: int) -> dict[int, tuple[int, ...]]:
    """{document id: the ids of the documents it superseded} for a case."""
    out: dict[int, tuple[int, ...]] = {}
    for old_id, new_id in session.exec(
        select(Document.id, Document.superseded_by).where(
            Document.case_id == case_id, col(Document.superseded_by).is_not(None))
        .order_by(col(Document.id))
    ).all():
        if old_id is not None and new_id is not None:
            out[new_id] = (*out.get(new_id, ()), old_id)
    return out


def list_documents(session: Session, *, actor: Actor, case_id: int) -> list[DocumentInfo]:
    """Every document of a case; restricted ones appear too, with `can_open` False for
    users not named on them, and withdrawn ones, with their withdrawal."""
    actor = require(session, actor, "document.open")
    case_by_id(session, case_id)
    docs = rows_of_case(session, Document, case_id)
    replaced = _supersedes(session, case_id)
    names = user_names(session)
    return [_info(session, d, actor, replaced.get(d.id or 0, ()), names) for d in docs]


def _openable(session: Session, actor: Actor, data_dir: DataDir, document_id: int
              ) -> tuple[Document, Path]:
    actor = require(session, actor, "document.open")
    doc = _document(session, document_id)
    if not may_open(doc, actor):
        raise PermissionDenied(f"{_restricted_to(session, doc)}; you may not open or "
                               "export it.")
    path = data_dir.stored_document(doc.stored_path)
    if path is None:
        raise CheckFailed(f"The stored path of {doc.file_name} points outside the documents "
                          f"folder, so it is not used. {_WHAT_TO_DO}")
    if not path.is_file():
        raise CheckFailed(f"The stored file of {doc.file_name} is missing from the documents "
                          f"folder ({path}): moved or deleted outside the app. {_WHAT_TO_DO}")
    return doc, path


def document_path(
    session: Session, *, actor: Actor, data_dir: DataDir, document_id: int
) -> Path:
    """Where to open the document from; PermissionDenied for users not allowed."""
    return _openable(session, actor, data_dir, document_id)[1]


# What an officer does about a stored file that is not as it was stored: "it was changed"
# alone left them with a document they could not open and no way on.
_WHAT_TO_DO = ("View → Verify audit trail lists every stored file that fails the check; a "
               "backup made before holds the file as it was stored (restoring one is an "
               "administrator's task).")


def _changed_after_attaching(doc: Document) -> CheckFailed:
    return CheckFailed(f"The stored file of {doc.file_name} does not match its recorded "
                       "SHA-256: it was changed after it was attached (nothing was opened "
                       f"or copied). {_WHAT_TO_DO}")


def copy_to_open(
    session: Session, *, actor: Actor, data_dir: DataDir, document_id: int
) -> Path:
    """A read-only copy of the document, under its own name in a new private temporary
    folder, for its usual program to open (checked against its hash on the way). Handed
    the stored file itself, a program showed its content address as the name, and a
    document edited and saved there no longer matched its SHA-256: the case's evidence
    was changed without a trace but a failed check. PermissionDenied for users not
    allowed, as `document_path`."""
    doc, path = _openable(session, actor, data_dir, document_id)
    # A data folder made read-only or filled up while the app runs: said as such, where a
    # bare OSError was an unexpected error with a traceback.
    not_opened = f"{doc.file_name} was not opened"
    # In the data folder, not the system's temporary one: a restricted document's copy
    # stays where its original is, and remove_old_open_copies finds what to clear.
    try:
        data_dir.open_copies.mkdir(mode=0o700, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix="open-", dir=data_dir.open_copies))  # this user's
    except OSError as exc:  # the data folder's, when open/ is not made yet
        where = data_dir.open_copies if data_dir.open_copies.is_dir() else data_dir.root
        raise _not_stored(where, exc, not_opened, "open it again") from None
    try:
        target = folder / doc.file_name
        try:
            out = target.open("xb")
        except OSError:  # a name this file system refuses (":" on Windows): the stored one
            target = folder / path.name
            try:
                out = target.open("xb")
            except OSError as exc:
                raise _NotStored(exc) from exc
        with _StoredCopy(out) as copy, path.open("rb") as inp:
            sha, _ = copy_hashed(inp, copy)
            copy.finish()
        if sha != doc.sha256:
            raise _changed_after_attaching(doc)
        target.chmod(0o400)  # read-only: a program offers "Save as", not "Save"
        return target
    except BaseException as exc:
        for leftover in folder.iterdir():
            leftover.unlink()
        folder.rmdir()
        if isinstance(exc, _NotStored):
            raise _not_stored(data_dir.open_copies, exc.error, not_opened,
                              "open it again") from None
        if isinstance(exc, OSError):  # the stored file itself
            raise CheckFailed(f"The stored file of {doc.file_name} cannot be read "
                              f"({exc.strerror or exc}); {not_opened}. {_WHAT_TO_DO}") from None
        raise


OPEN_COPIES_KEPT = timedelta(days=1)


def remove_old_open_copies(data_dir: DataDir, *, kept: timedelta = OPEN_COPIES_KEPT,
                           now: datetime | None = None) -> int:
    """Remove the copies `copy_to_open` made more than `kept` ago (their program has long
    read them; a newer one may still be open): at each start of the app, so they do not
    pile up. Returns how many were removed; one that cannot be (still open on Windows) is
    left for the next start."""
    moment = (now or datetime.now(UTC)).timestamp()
    removed = 0
    try:
        folders = [f for f in data_dir.open_copies.iterdir() if f.is_dir()]
    except OSError:  # none made yet, or unreadable: nothing to clear
        return 0
    for folder in folders:
        try:
            if moment - folder.stat().st_mtime < kept.total_seconds():
                continue
            for copy in folder.iterdir():
                copy.chmod(0o600)  # read-only: Windows refuses to delete it otherwise
                copy.unlink()
            folder.rmdir()
            removed += 1
        except OSError:
            continue
    return removed


def export_document(
    session: Session,
    *,
    actor: Actor,
    data_dir: DataDir,
    document_id: int,
    destination: str | os.PathLike[str],
) -> Path:
    """Copy the document out of the data folder (checking its hash), with an audit event."""
    doc, path = _openable(session, actor, data_dir, document_id)
    dest = Path(destination)
    if dest.is_dir():
        dest = dest / doc.file_name
    # The copy replaces `dest` only when the event below commits (atomic_output): a bad
    # hash, a busy database or a failed commit leaves a file already there as it was.
    with atomic_output(dest, session=session) as tmp:
        with path.open("rb") as inp, tmp.open("wb") as out:
            sha, _ = copy_hashed(inp, out)
        if sha != doc.sha256:
            raise _changed_after_attaching(doc)
    append_event(session, actor=actor, action="document.exported", entity="document",
                 entity_id=doc.id or "", case_id=doc.case_id, track_id=doc.track_id,
                 details={"file_name": doc.file_name, "restricted": doc.restricted})
    return dest


def set_restriction(
    session: Session,
    *,
    actor: Actor,
    document_id: int,
    restricted: bool,
    allowed_users: Iterable[str] = (),
    reason: str = "",
    expected: tuple[bool, Iterable[str]] | None = None,
) -> DocumentInfo:
    """Restrict a document to named users (the actor is always one of them), or lift it.
    `expected`: (restricted, allowed users) as the officer saw them; changed by someone
    else since, refused (ConflictError naming who and what it is now), nothing written."""
    actor = require(session, actor, "document.restrict")
    doc = _document(session, document_id)
    # Someone outside the list must not be able to put themselves on it.
    if doc.restricted and not may_open(doc, actor) and "admin" not in actor.roles:
        raise PermissionDenied(f"{_restricted_to(session, doc)}; only they or an "
                               "administrator may change who can open it.")
    if expected is not None and (bool(expected[0]), set(expected[1])) != (
            doc.restricted, set(_allowed(doc) if doc.restricted else ())):
        _refuse_access_changed(session, doc)
    old = {"restricted": doc.restricted, "allowed_users": list(_allowed(doc))}
    allowed = (
        _check_users(session, [actor.username, *allowed_users], "allowed_users")
        if restricted
        else ()
    )
    new = {"restricted": restricted, "allowed_users": list(allowed)}
    if new == old:
        return _info(session, doc, actor)
    doc.restricted = restricted
    doc.allowed_users = json.dumps(list(allowed))
    session.add(doc)
    append_event(session, actor=actor, action="document.restriction_changed", entity="document",
                 entity_id=doc.id or "", case_id=doc.case_id, track_id=doc.track_id,
                 field="restricted", old=old, new=new, reason=reason,
                 details={"file_name": doc.file_name})  # which file, in the Timeline
    return _info(session, doc, actor)

