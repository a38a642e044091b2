"""Rulebook updates: new rule data shipped to installed (often offline) machines as a file.

The knowledge team validates a rulebook folder (the regime files and rulebook.json, as
resources/rulebook/ lays them out) and signs it with its installation key into an update
file — a signed pack (exchange.pack) of kind `rulebook`, checked exactly as review packs
are: a trusted key, every member's SHA-256, nothing missing or added. An administrator of
each installation installs it: checked, validated with the rulebook loader, refused when
its declared version is not newer than the one in use (unless asked for), and then used
by every screening of that data folder (services.rulebook.rulebook_for). Installing and
reverting are audited with the version ids old → new and the signer.

On disk (<data>/rulebook/): one folder per installed update and installed.json, the
record of which are installed (services.rulebook). An update is unpacked into a hidden
`.incoming-*` folder, checked there, renamed to its own folder, and only then is the record
replaced — atomically, as the last step before the audit event commits — so a crash or a
refusal at any point leaves the rulebook in use as it was. The previous updates stay
(KEEP of them) for a revert; a revert drops the last one from the record.

Review time limits (workflow/clocks.json) are not part of an update: the workflow reads
them from the app's own resources, so a changed time limit ships with an app release.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from approvals.domain.audit import command_line_user
from approvals.domain.errors import CheckFailed, ConflictError, InputError, Problem
from approvals.domain.numbers import counted
from approvals.domain.rulebook import (
    MANIFEST,
    Rule,
    Rulebook,
    RulebookError,
    default_rulebook,
    gap_problems,
    load_rulebook,
    published_problem,
    version_key,
)
from approvals.domain.workflow import clock_disagreements
from approvals.exchange.pack import MANIFEST as PACK_MANIFEST
from approvals.exchange.pack import (
    RULEBOOK_KIND,
    SIGNATURE,
    Member,
    PackRefused,
    VerifiedPack,
    member_path_problem,
    safe_segment,
    verify_pack,
    write_pack,
)
from approvals.paths import DataDir
from approvals.services.access import require
from approvals.services.progress import CancelCheck, Progress
from approvals.services.review import _trust_removed, _trusted, identity_of
from approvals.services.rulebook import (
    INSTALLED_FILE,
    INSTALLED_FORMAT,
    STATUS_LABELS,
    InstalledUpdate,
    RulebookInUse,
    _newer_or_same,
    installed_updates,
    later_change_days,
    parameter_lines,
    rulebook_in_use,
)
from approvals.store.audit import Actor, append_event
from approvals.store.files import on_rollback, sha256_file, sweep_leftovers, write_atomically
from approvals.store.keys import format_fingerprint
from approvals.store.models import utc_now

if TYPE_CHECKING:
    from approvals.services.screening import OutcomeChange

PERMISSION = "rulebook.install"
KEEP = 5  # installed updates kept for reverting, the one in use included
CLOCKS = ("workflow", "clocks.json")
MAX_RULE_FILES = 64  # a rulebook has one file per regime; far more is not a rulebook


@dataclass(frozen=True)
class PackedUpdate:
    path: Path
    pack_id: str
    version: str
    declared_version: str
    files: tuple[str, ...]
    signer_fingerprint: str
    # Said when the version is not newer than the rulebook this app ships: installations
    # refuse such an update unless told to go back (--allow-older).
    note: str = ""


@dataclass(frozen=True)
class RulebookChange:
    """An install or a revert: the rulebook in use before and after."""

    before: RulebookInUse
    after: RulebookInUse
    update: InstalledUpdate | None  # the update installed (None for a revert)


class NotNewer(InputError):
    """An update refused for its version: not newer than the rulebook in use. Said with
    both versions, so a window can offer to install it anyway (as --allow-older does)."""

    def __init__(self, problem: Problem, *, file_name: str, declared_version: str,
                 version: str, before: RulebookInUse) -> None:
        super().__init__(problem)
        self.file_name = file_name
        self.declared_version = declared_version
        self.version = version
        self.before = before
        self.same = version_key(declared_version) == version_key(before.declared_version)


@dataclass(frozen=True)
class RevertPlan:
    """What a revert would do, before it is done: the rulebook in use now (None: its record
    cannot be read), the one that would be in use after, and the open cases' outcomes the
    change would alter as of `as_of` (read-only; nothing is reverted)."""

    before: RulebookInUse | None
    after: RulebookInUse
    as_of: date
    changes: tuple[OutcomeChange, ...]
    # The rule versions the revert adds back, changes back or withdraws (as an install
    # preview lists them): the confirmation named only the versions, not what they say.
    rule_changes: tuple[RuleChange, ...] = ()
    # The update taken out where the one in use fails its check (`before` None, the
    # record read): named, not called an unreadable record.
    dropping: str = ""

    @property
    def references(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.reference for c in self.changes))

    def rules_line(self) -> str:
        """"Rule versions: 1 withdrawn (US-OISP.scope.2031)." — each kind with its ids."""
        if self.before is None:
            return ""  # the record cannot be read: nothing to compare with
        if not self.rule_changes:
            return "No rule version is added, changed or withdrawn."
        parts = []
        for kind in (ADDED, CHANGED, WITHDRAWN):
            ids = [c.rule.id for c in self.rule_changes if c.kind == kind]
            if ids:
                more = f" and {len(ids) - MAX_LISTED} more" if len(ids) > MAX_LISTED else ""
                parts.append(f"{len(ids)} {KIND_WORDS[kind].lower()} "
                             f"({', '.join(ids[:MAX_LISTED])}{more})")
        return f"Rule versions: {'; '.join(parts)}."

    def question(self) -> str:
        """The confirmation, in one paragraph: which version goes back to which, how many
        open cases would change, and that nothing has changed yet."""
        now = (self.before.named() if self.before is not None
               else f"the installed update {self.dropping}, whose files were changed since "
                    "it was installed," if self.dropping
               else "a rulebook whose record cannot be read")
        n = len(self.references)
        cases = ("no open case's outcome would change" if not n else
                 f"{counted(n, 'open case')}'s outcome would change" if n == 1 else
                 f"{n} open cases' outcomes would change")
        listed = f" ({', '.join(self.references[:MAX_LISTED])}" + (
            f" and {n - MAX_LISTED} more)" if n > MAX_LISTED else ")") if n else ""
        rules = f" {self.rules_line()}" if self.rules_line() else ""
        return (f"Revert from {now} to {self.after.named()}?{rules} As of "
                f"{self.as_of.isoformat()}, against the screenings the open cases hold, "
                f"{cases}{listed}; each keeps its screening until a re-screening is accepted "
                "in its Screening tab. Nothing has changed yet.")


MAX_LISTED = 10  # cases named in a confirmation; the rest counted


# -- the knowledge team: validate a folder and sign it ---------------------------------------
def _declared_number(version: str, where: str) -> tuple[int, ...]:
    key = version_key(version)
    if key is None:
        raise RulebookError(Problem(where, f"version: {version!r} is not whole numbers joined by "
                                           "dots (e.g. 2026.12.1), so it cannot be told whether "
                                           "it is newer than the rulebook in use"))
    return key


def _clocks_problem(source: Path) -> Problem | None:
    """A changed workflow/clocks.json in the folder would not travel: said, not dropped."""
    from approvals.resources import resource_path

    clocks = source.joinpath(*CLOCKS)
    if not clocks.is_file():
        return None
    try:
        same = clocks.read_bytes() == resource_path("rulebook", *CLOCKS).read_bytes()
    except OSError:
        same = False
    if same:
        return None
    return Problem(str(clocks), "review time limits are not part of a rulebook update (the "
                                "workflow reads them from the app's own resources); this file "
                                "differs from the shipped one, so ship the change with an app "
                                "release, or put the shipped file back")


def check_update_folder(source: Path) -> tuple[dict[str, bytes], Rulebook]:
    """The rule files of `source` (name -> bytes) and the rulebook they make, validated by
    the loader from a copy of exactly those bytes; bad data names the file and the entry."""
    if not source.is_dir():
        raise InputError(Problem(str(source), "is not a folder; give the rulebook folder "
                                              "(rulebook.json and one file per regime)"))
    problem = _clocks_problem(source)
    if problem is not None:
        raise InputError(problem)
    try:
        names = sorted(f.name for f in source.glob("*.json") if f.is_file())
        files = {name: (source / name).read_bytes() for name in names}
    except OSError as exc:
        raise InputError(Problem(str(source), f"cannot be read ({exc.strerror or exc})")) from None
    if MANIFEST not in files:
        raise RulebookError(Problem(str(source / MANIFEST), "rulebook manifest not found"))
    if len(files) > MAX_RULE_FILES:
        raise InputError(Problem(str(source), f"holds {len(files)} JSON files: a rulebook has "
                                              "one per regime"))
    for name in names:
        if member_path_problem(name):
            raise InputError(Problem(str(source / name), "the file name cannot travel in an "
                                                         "update; use letters, digits, - and _"))
    with tempfile.TemporaryDirectory(prefix="approvals-rulebook-") as tmp:
        for name, data in files.items():
            (Path(tmp) / name).write_bytes(data)
        book = load_rulebook(tmp)
    if gaps := gap_problems(book):
        raise RulebookError(gaps)
    if (problem := published_problem(files[MANIFEST])) is not None:
        raise RulebookError(problem)
    if (problem := _time_limits_problem(book, str(source), installing=False)) is not None:
        raise RulebookError(problem)
    _declared_number(book.declared_version, MANIFEST)
    return files, book


def _time_limits_problem(book: Rulebook, where: str, *, installing: bool) -> Problem | None:
    """A time limit the rules state otherwise than the track clocks of this version of the
    app (workflow/clocks.json, which ships with the app): the screening would say one
    period and the tracks count another."""
    found = clock_disagreements(book.rules)
    if not found:
        return None
    how = ("install the app release whose clocks count the new time limits first, then "
           "this update" if installing else
           "a time limit changes with an app release (its clocks), not with a rulebook update; "
           "put the number back, or ship it with a release")
    return Problem(where, f"{'; '.join(found)}: {how}. Nothing was "
                          f"{'installed' if installing else 'signed'}")


def _published(manifest: bytes) -> str:
    try:
        value = json.loads(manifest.decode("utf-8")).get("published")
    except (ValueError, AttributeError):
        return ""
    return value if isinstance(value, str) else ""


def pack_rulebook_update(session: Session, *, data_dir: DataDir, source: Path, out: Path,
                         actor: Actor) -> PackedUpdate:
    """Validate the rulebook folder `source` and write it, signed with this installation's
    key, to `out` (atomically, once the audit event commits)."""
    actor = require(session, actor, PERMISSION)
    files, book = check_update_folder(source)
    identity = identity_of(data_dir)
    header = {"rulebook": {"version": book.version, "declared_version": book.declared_version,
                           "published": _published(files[MANIFEST]), "files": sorted(files)},
              "created_by": actor.username}
    written = write_pack(out, identity=identity, kind=RULEBOOK_KIND,
                         members=[Member(name, data=data) for name, data in sorted(files.items())],
                         header=header, session=session)
    append_event(session, actor=actor, action="rulebook.packed", entity="rulebook",
                 entity_id=book.version,
                 new={"rulebook": book.version, "signer": identity.fingerprint},
                 details={"file": out.name, "pack_id": written.pack_id,
                          "files": sorted(files)})
    shipped = default_rulebook().declared_version
    note = "" if _declared_number(book.declared_version, MANIFEST) > _declared_number(
        shipped, "shipped rulebook") else (
        f"version {book.declared_version} in {MANIFEST} is not newer than the rulebook this "
        f"app ships ({shipped}): installations refuse it as not newer unless an administrator "
        "installs it with --allow-older. To send a change, raise the version (e.g. "
        f"{_next(shipped)}) and sign again.")
    return PackedUpdate(out, written.pack_id, book.version, book.declared_version,
                        tuple(sorted(files)), identity.fingerprint, note)


def _next(version: str) -> str:
    """The version after `version` with its last number raised: 2026.11.2 -> 2026.11.3."""
    head, _dot, last = version.rpartition(".")
    return f"{head}.{int(last) + 1}" if head and last.isdigit() else version


# -- each installation: install and revert ---------------------------------------------------
def _write_record(data_dir: DataDir, installed: tuple[InstalledUpdate, ...], *,
                  session: Session) -> None:
    record = {"format": INSTALLED_FORMAT, "format_version": 1,
              "installed": [u.to_dict() for u in installed]}
    write_atomically(data_dir.rulebook / INSTALLED_FILE,
                     json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"),
                     session=session)


def _remove_unlisted(data_dir: DataDir, installed: tuple[InstalledUpdate, ...]) -> None:
    """Folders of updates no longer in the record (dropped by a revert, or beyond KEEP):
    nothing screens with them any more. Hidden `.incoming-*` folders are left to
    store.files.sweep_leftovers (another install may be under way in one)."""
    keep = {u.folder for u in installed}
    for entry in data_dir.rulebook.iterdir():
        if entry.is_dir() and not entry.is_symlink() and not entry.name.startswith(".") \
                and entry.name not in keep:
            shutil.rmtree(entry, ignore_errors=True)


UPDATE_WORDS = "rulebook update"  # how a refusal names the file (the exchange says "pack")


def _as_update(exc: PackRefused) -> PackRefused:
    """The exchange's refusal reworded to name what the officer installs, keeping what the
    window acts on: whether trusting the signer lets the file in (not for a review pack
    picked as an update: the trust link offered that, then "install it again") and who
    stopped trusting the signer's key."""
    return PackRefused(exc.pack, exc.reason, untrusted=exc.untrusted, claimed=exc.claimed,
                       what=UPDATE_WORDS, trusting_helps=exc.trusting_helps,
                       trust_removed=exc.trust_removed, signed_by=exc.signed_by)


def _unsigned_folder(path: Path) -> PackRefused | None:
    """The refusal of a rulebook folder zipped as it is, without the signature `approvals
    rulebook pack` adds: said as unsigned, with what to ask for (the pack check refused it
    for a folder entry's "unsafe name" or a zip header's time stamp). None for anything
    else, which the pack check then reads as before."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return None
    if (SIGNATURE in names or PACK_MANIFEST in names  # a pack, however damaged: as before
            or not any(n.rsplit("/", 1)[-1] == MANIFEST for n in names)):
        return None
    return PackRefused(path, (
        f"it is not signed: it holds a rulebook folder ({MANIFEST} and the rule files) "
        "zipped as it is, without the knowledge team's signature. Ask them for the update "
        "file made with `approvals rulebook pack`, which validates and signs it"),
        what=UPDATE_WORDS)


def _check_members(verified_names: list[str], path: Path) -> None:
    for name in verified_names:
        if "/" in name or not name.endswith(".json"):
            raise PackRefused(path, f"member {name} is not a rule file (a rulebook update "
                                    "holds only the rulebook's JSON files)", what=UPDATE_WORDS)
    if MANIFEST not in verified_names:
        raise PackRefused(path, f"it has no {MANIFEST}", what=UPDATE_WORDS)


def _checked_update(session: Session, data_dir: DataDir, path: Path, into: Path, *,
                    allow_older: bool, why: str | None, command_line: bool = False,
                    ) -> tuple[VerifiedPack, Rulebook, RulebookInUse, dict[str, str]]:
    """The update file `path` checked as an install checks it (signature by a trusted key,
    every hash, the rule data with the loader, its version against the one in use) and
    unpacked into `into`: (the verified pack, its rulebook, the rulebook in use, signer
    labels). Refused with the reason; `into` is then removed. `why` None: no reason is
    asked for (a preview; installing asks)."""
    if not path.is_file():
        raise InputError(Problem(str(path), "file not found"))
    keys, labels = _trusted(session, data_dir)
    before = rulebook_in_use(data_dir, installed_updates(data_dir, command_line=command_line))
    if (unsigned := _unsigned_folder(path)) is not None:
        raise unsigned
    try:
        verified = verify_pack(path, trusted=keys, into=into, expect_kind=RULEBOOK_KIND,
                               command_line=command_line)
    except PackRefused as exc:
        # A knowledge team's key removed here since: said with who removed it and when, as
        # for review packs (a plain "not trusted here" read as a new sender).
        raise _as_update(_trust_removed(session, exc) or exc) from None
    try:
        _check_members(verified.member_names(), path)
        try:
            book = load_rulebook(into)
            if gaps := gap_problems(book):
                raise RulebookError(gaps)
            if (problem := published_problem((into / MANIFEST).read_bytes())) is not None:
                raise RulebookError(problem)
        except RulebookError as exc:  # signed, yet not valid rule data: named file by file
            raise RulebookError([Problem(f"{path.name}: {p.path}", p.message)
                                 for p in exc.problems]) from None
        if (problem := _time_limits_problem(book, path.name, installing=True)) is not None:
            raise RulebookError(problem)
        new_key = _declared_number(book.declared_version, f"{path.name}: {MANIFEST}")
        old_key = version_key(before.declared_version)
        if old_key is not None and new_key <= old_key and not allow_older:
            same = "the same version as" if new_key == old_key else "older than"
            if book.version == before.version:  # the very rules in use: nothing to go back to
                words = (f"declares version {book.declared_version}, the same version as the "
                         f"{before.source} rulebook in use ({before.version}), with the same rules: "
                         "there is nothing to install; nothing was installed")
            else:
                # In the app the rulebook window's link, on the command line the command.
                how = (f"runs `approvals rulebook install {path.name} --allow-older --reason "
                       "\"why\"`" if command_line else
                       "chooses Install anyway… in the rulebook window (View → Rulebook)")
                words = (f"declares version {book.declared_version}, {same} the {before.source} "
                         f"rulebook in use ({before.version}); nothing was installed. To install it "
                         f"anyway (e.g. to go back to an earlier version), an administrator {how}")
            raise NotNewer(Problem(path.name, words),
                file_name=path.name, declared_version=book.declared_version,
                version=book.version, before=before)
        if old_key is not None and new_key <= old_key and why is not None and not why:
            # Going back is a decision an auditor will ask about: the window asks for the
            # reason, and so does the command line (nothing is installed without one).
            raise InputError(Problem("--reason", (
                f"{path.name} declares version {book.declared_version}, not newer than the "
                f"{before.source} rulebook in use ({before.version}): installing it anyway "
                "needs the reason, which is recorded in the audit trail; add "
                "--reason \"why\". Nothing was installed")))
    except BaseException:
        verified.discard()
        raise
    return verified, book, before, labels


def install_rulebook_update(session: Session, *, data_dir: DataDir, path: Path, actor: Actor,
                            allow_older: bool = False, reason: str | None = None,
                            expected_sha256: str | None = None,
                            expected_in_use: str | None = None) -> RulebookChange:
    """Check the update file `path` (signature by a trusted key, every hash, the rule data
    with the loader) and put it in use for every screening of `data_dir`. Refused when its
    declared version is not newer than the one in use (NotNewer), unless `allow_older`,
    and then only with a `reason` (why an older one), recorded with the audit event. Nothing
    changes unless the whole install succeeds (the record is replaced when the audit event
    commits). `expected_sha256` and `expected_in_use`: the file and the rulebook in use as
    a preview (plan_install) showed them; either changed since is refused (ConflictError),
    so what was previewed is what is installed."""
    actor = require(session, actor, PERMISSION)  # the write lock, before the record is read
    why = (reason or "").strip()
    folder = data_dir.rulebook
    folder.mkdir(parents=True, exist_ok=True)
    sweep_leftovers([folder])  # what an install cut off a day or more ago left unpacked
    staging = folder / f".incoming-{uuid.uuid4().hex}"
    if path.is_file() and expected_sha256 is not None and sha256_file(path) != expected_sha256:
        raise ConflictError(f"{path.name} changed since its preview: nothing was installed. "
                            "Install it again to see what it would change now.")
    verified, book, before, labels = _checked_update(
        session, data_dir, path, staging, allow_older=allow_older, why=why,
        command_line=actor.on_command_line)  # refusals say the command there
    if expected_in_use is not None and before.version != expected_in_use:
        verified.discard()
        raise ConflictError(f"The rulebook in use changed since the preview: {before.version} "
                            f"is in use now, not {expected_in_use}. Nothing was installed; "
                            "install it again to see what it would change now.")
    new_key = _declared_number(book.declared_version, f"{path.name}: {MANIFEST}")
    old_key = version_key(before.declared_version)
    try:
        name = f"{safe_segment(book.declared_version)}-{book.version.rsplit('+', 1)[-1]}-" \
               f"{uuid.uuid4().hex[:8]}"
        final = folder / name
        staging.rename(final)  # same folder: atomic; the record does not name it yet
    except BaseException:
        verified.discard()
        raise
    on_rollback(session, lambda: shutil.rmtree(final, ignore_errors=True))
    installed = installed_updates(data_dir)  # read under the write lock, as `before` was
    update = InstalledUpdate(
        folder=name, declared_version=book.declared_version, version=book.version,
        published=_published((final / MANIFEST).read_bytes()),
        signer_fingerprint=verified.signer_fingerprint,
        signer_label=labels.get(verified.signer_fingerprint, ""),
        installed_at=utc_now(), installed_by=actor.username, file_name=path.name,
        file_sha256=sha256_file(path), pack_id=verified.pack_id,
        # Kept in use even over a newer shipped rulebook: installed as an older version.
        pinned=(old_key is not None and new_key <= old_key)
        or not _newer_or_same(book.declared_version, default_rulebook().declared_version))
    now = (*installed, update)[-KEEP:]
    after = rulebook_in_use(data_dir, now)
    _write_record(data_dir, now, session=session)
    append_event(
        session, actor=actor, action="rulebook.installed", entity="rulebook",
        entity_id=book.version,
        old={"rulebook": before.version, "source": before.source},
        new={"rulebook": after.version, "source": after.source,
             "signer": update.signer_fingerprint, "signer_label": update.signer_label},
        details={"file": path.name, "sha256": update.file_sha256, "pack_id": update.pack_id,
                 "declared_version": book.declared_version, "allow_older": allow_older,
                 "signed_by": verified.manifest.get("created_by", "")},
        reason=why)
    _remove_unlisted_after_commit(session, data_dir, now)
    return RulebookChange(before, after, update)


def _remove_unlisted_after_commit(session: Session, data_dir: DataDir,
                                  installed: tuple[InstalledUpdate, ...]) -> None:
    from sqlalchemy import event

    def tidy(_session: Session) -> None:
        with contextlib.suppress(OSError):  # tidying only: the record says what is in use
            _remove_unlisted(data_dir, installed)

    event.listen(session, "after_commit", tidy, once=True)


def _revert_states(data_dir: DataDir) -> tuple[
        tuple[InstalledUpdate, ...], RulebookInUse | None, str, tuple[InstalledUpdate, ...],
        RulebookInUse]:
    """(installed, in use now, why the record is unreadable, installed after, in use
    after) of a revert: what `revert_rulebook_update` does and `plan_revert` says."""
    try:
        installed = installed_updates(data_dir)
    except (CheckFailed, InputError) as exc:  # an unreadable record: back to shipped
        installed, broken, before = (), str(exc), None
    else:
        try:
            before, broken = rulebook_in_use(data_dir, installed), ""
        except (CheckFailed, InputError) as exc:
            # The record reads, but the update in use fails its check (its files edited
            # since it was installed): that one goes, the one before it applies again (it
            # dropped every update, and the trail lost which one was taken out).
            before, broken = None, str(exc)
    if before is not None and not installed:
        raise InputError(Problem("rulebook", f"the shipped rulebook {before.version} is in "
                                             "use: there is no installed update to revert"))
    remaining = installed[:-1]
    return installed, before, broken, remaining, rulebook_in_use(data_dir, remaining)


def _book(in_use: RulebookInUse) -> Rulebook:
    return default_rulebook() if in_use.update is None else load_rulebook(in_use.directory)


def plan_revert(session: Session, *, data_dir: DataDir, as_of: date | None = None,
                progress: Progress | None = None,
                cancelled: CancelCheck | None = None) -> RevertPlan:
    """What `revert_rulebook_update` would put in use, and the open cases whose outcome it
    would change as of `as_of` (default today). Reads only: a confirmation shows it first.
    `progress` and `cancelled` follow and stop the pass over the open cases."""
    from approvals.services.screening import check_open_cases

    installed, before, _broken, _remaining, after = _revert_states(data_dir)
    day = as_of or date.today()
    back = _book(after)
    check = check_open_cases(session=session, as_of=day, rulebook=back,
                             progress=progress, cancelled=cancelled)
    rule_changes = _rule_changes(_book(before), back) if before is not None else ()
    dropping = installed[-1].version if before is None and installed else ""
    return RevertPlan(before, after, day, check.changes, rule_changes, dropping)


# -- a preview of an install: what it would change, before anything is changed ------------
ADDED, CHANGED, WITHDRAWN = "added", "changed", "withdrawn"
KIND_WORDS = {ADDED: "Added", CHANGED: "Changed", WITHDRAWN: "Withdrawn"}
# A rule version's own fields compared between two rulebooks, with the officer's names.
_RULE_FIELDS = (("provision", "Provision"), ("title", "Title"), ("title_zh", "Title (Chinese)"),
                ("citation", "Citation"), ("citation_zh", "Citation (Chinese)"),
                ("effective_from", "Effective from"), ("effective_to", "Effective to"),
                ("status", "Status"), ("verified", "Verified"), ("note", "Note"))
NONE_WORDS = "—"


@dataclass(frozen=True)
class Difference:
    """One thing a rule version says differently: its name, and old → new in words."""

    what: str
    old: str
    new: str

    def text(self) -> str:
        return f"{self.what}: {self.old} → {self.new}"


@dataclass(frozen=True)
class RuleChange:
    """A rule version the update adds, changes or withdraws. `rule` is the version as the
    update has it (withdrawn: as the rulebook in use has it); `previous`, for a version
    changed, the one in use, and for a version added, the latest version of the same
    provision the rulebook in use holds (what the new one is compared with), if any."""

    kind: str  # ADDED | CHANGED | WITHDRAWN
    rule: Rule
    previous: Rule | None
    differences: tuple[Difference, ...]

    def heading(self) -> str:
        """"Added CN-US-CAPITAL.approval.2027-01 (FISR Art. 4), from 2027-01-01, open-ended,
        in force; replaces …2026-12"."""
        r = self.rule
        end = r.effective_to.isoformat() if r.effective_to else "open-ended"
        replaces = (f"; after {self.previous.id}" if self.kind == ADDED and self.previous
                    else "")
        return (f"{KIND_WORDS[self.kind]} {r.id} — {r.citation}; effective "
                f"{r.effective_from.isoformat()} to {end}; {STATUS_LABELS.get(r.status, r.status)}"
                f"{replaces}")


@dataclass(frozen=True)
class InstallPlan:
    """What installing an update file would do, before it is done (nothing is installed):
    the file and who signed it, the rulebook in use and the one it would put in use, the
    rule versions added, changed and withdrawn, and the open cases whose outcome screening
    them with it would change compared with screening them with the rulebook in use, as of
    `as_of` and on the (at most MAX_LATER_DAYS) later dates a version it brings starts or
    ends."""

    file_name: str
    file_sha256: str
    before: RulebookInUse
    version: str
    declared_version: str
    published: str
    signer_fingerprint: str
    signer_label: str
    signed_by: str  # the knowledge team's user who made it
    older: bool  # not newer than the rulebook in use (installed only with a reason)
    rule_changes: tuple[RuleChange, ...]
    as_of: date
    changes: tuple[OutcomeChange, ...]
    later: tuple[tuple[date, tuple[str, ...], tuple[OutcomeChange, ...]], ...]

    @property
    def references(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.reference for c in self.changes))

    def counts(self) -> dict[str, int]:
        return {kind: sum(1 for c in self.rule_changes if c.kind == kind)
                for kind in (ADDED, CHANGED, WITHDRAWN)}

    def from_words(self) -> str:
        return f"{self.before.named()} (version {self.before.declared_version})"

    def to_words(self) -> str:
        return (f"rulebook {self.version} (version {self.declared_version}, published "
                f"{self.published or 'undated'})")

    def signer_words(self) -> str:
        signer = self.signer_label or "an installation not named here"
        return (f"{signer} (fingerprint {format_fingerprint(self.signer_fingerprint)})"
                + (f", {_maker_words(self.signed_by)}" if self.signed_by else ""))

    def version_line(self) -> str:
        return (f"{self.file_name}: from {self.from_words()} to {self.to_words()}, signed by "
                f"{self.signer_words()}.")

    def rules_line(self) -> str:
        n = self.counts()
        if not self.rule_changes:
            return "No rule version is added, changed or withdrawn."
        return (f"Rule versions: {n[ADDED]} added, {n[CHANGED]} changed, "
                f"{n[WITHDRAWN]} withdrawn.")

    def text(self) -> str:
        """The whole preview in plain text (the command line's, and a copy's)."""
        lines = [self.version_line(), self.rules_line()]
        for change in self.rule_changes:
            lines.append(f"  {change.heading()}")
            lines += [f"    {d.text()}" for d in change.differences]
        lines.append(cases_text(f"As of {self.as_of.isoformat()}", self.changes))
        for day, what, changes in self.later:
            lines.append(cases_text(f"From {day.isoformat()} ({'; '.join(what)})", changes))
        lines.append("Nothing has changed yet.")
        return "\n".join(lines)


def cases_text(when: str, changes: Sequence[OutcomeChange]) -> str:
    """One line: the open cases whose outcome changes `when`, each with its regimes old →
    new (the install preview's, and the command line's after an install or revert)."""
    references = list(dict.fromkeys(c.reference for c in changes))
    if not references:
        return f"{when}: no open case's outcome would change."
    count = (f"{len(references)} open case's outcome would change" if len(references) == 1
             else f"{len(references)} open cases' outcomes would change")
    return f"{when}: {count}: " + "; ".join(
        f"{r} ({', '.join(c.regime + ' ' + outcome_words(c.old_outcome) + ' → ' + outcome_words(c.new_outcome) for c in changes if c.reference == r)})"
        for r in references)


def outcome_words(outcome: str | None) -> str:
    return outcome.replace("_", " ") if outcome else "not screened"


def _rule_value(name: str, value: Any) -> str:
    if value is None or value == "":
        return "open-ended" if name == "effective_to" else NONE_WORDS
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name == "status":
        return STATUS_LABELS.get(str(value), str(value))
    return str(value)


def _rule_differences(old: Rule, new: Rule) -> tuple[Difference, ...]:
    """What `new` says differently from `old`: its own fields, then its parameters (by
    their names in words, values as the rulebook window shows them; one only one of them
    has, against "—")."""
    found = [Difference(label, _rule_value(name, getattr(old, name)),
                        _rule_value(name, getattr(new, name)))
             for name, label in _RULE_FIELDS if getattr(old, name) != getattr(new, name)]
    old_lines = {p.name: p for p in parameter_lines(old)}
    new_lines = {p.name: p for p in parameter_lines(new)}
    for name in (*old_lines, *(n for n in new_lines if n not in old_lines)):
        if old.parameters.get(name, _ABSENT) == new.parameters.get(name, _ABSENT):
            continue
        line = new_lines.get(name) or old_lines[name]
        found.append(Difference(line.label,
                                old_lines[name].value if name in old_lines else NONE_WORDS,
                                new_lines[name].value if name in new_lines else NONE_WORDS))
    return tuple(found)


_ABSENT = object()


def _rule_changes(old: Rulebook, new: Rulebook) -> tuple[RuleChange, ...]:
    """The rule versions `new` adds, changes or withdraws against `old`, by rule id, in
    regime and provision order."""
    old_rules = {r.id: r for r in old.rules}
    new_rules = {r.id: r for r in new.rules}
    found: list[RuleChange] = []
    for rule in new.rules:
        before = old_rules.get(rule.id)
        if before is None:
            same_provision = [r for r in old.rules if (r.regime, r.provision)
                              == (rule.regime, rule.provision) and r.id not in new_rules]
            same_provision = same_provision or [
                r for r in old.rules if (r.regime, r.provision) == (rule.regime, rule.provision)]
            previous = max(same_provision, key=lambda r: r.effective_from, default=None)
            found.append(RuleChange(ADDED, rule, previous,
                                    _rule_differences(previous, rule) if previous else ()))
        elif before != rule:
            found.append(RuleChange(CHANGED, rule, before, _rule_differences(before, rule)))
    found += [RuleChange(WITHDRAWN, r, None, ()) for r in old.rules if r.id not in new_rules]
    order = {ADDED: 1, CHANGED: 0, WITHDRAWN: 2}
    return tuple(sorted(found, key=lambda c: (c.rule.regime, c.rule.provision,
                                              c.rule.effective_from, order[c.kind])))


MAX_LATER_DAYS = 3  # later dates previewed (each screens the regimes that differ then)


def plan_install(session: Session, *, data_dir: DataDir, path: Path, allow_older: bool = False,
                 as_of: date | None = None, progress: Progress | None = None,
                 cancelled: CancelCheck | None = None, command_line: bool = False,
                 ) -> InstallPlan:
    """What `install_rulebook_update` would do with the file `path`, checked as it checks
    it (refused for the same reasons, NotNewer included unless `allow_older`). Reads only:
    the file is unpacked into a temporary folder and nothing is installed or recorded.
    `progress(fraction, message)` follows the comparison of the open cases, which
    `cancelled()` turning True stops (Cancelled). `command_line`: refusals name the
    command (`approvals rulebook install … --allow-older`), else the app's menu items."""
    from approvals.services.screening import compare_open_cases

    day = as_of or date.today()
    with tempfile.TemporaryDirectory(prefix="approvals-rulebook-preview-") as tmp:
        verified, book, before, labels = _checked_update(
            session, data_dir, path, Path(tmp) / "update", allow_older=allow_older, why=None,
            command_line=command_line)
        published = _published((Path(tmp) / "update" / MANIFEST).read_bytes())
    new_key = _declared_number(book.declared_version, f"{path.name}: {MANIFEST}")
    current = _book(before)
    later_days = later_change_days(current, book, day)[:MAX_LATER_DAYS]
    changes, *on_later_days = compare_open_cases(
        session=session, current=current, new=book, days=[day, *(when for when, _ in later_days)],
        progress=progress, cancelled=cancelled)
    # A later date lists only what does not change already today (as the window says it
    # after an install).
    now = {(c.reference, c.regime, c.new_outcome) for c in changes}
    later = tuple(
        (when, what, tuple(c for c in day_changes if (c.reference, c.regime, c.new_outcome) not in now))
        for (when, what), day_changes in zip(later_days, on_later_days, strict=True))
    return InstallPlan(
        file_name=path.name, file_sha256=sha256_file(path), before=before,
        version=book.version, declared_version=book.declared_version, published=published,
        signer_fingerprint=verified.signer_fingerprint,
        signer_label=labels.get(verified.signer_fingerprint, ""),
        signed_by=str(verified.manifest.get("created_by", "")),
        older=(version_key(before.declared_version) or ()) >= new_key,
        rule_changes=_rule_changes(current, book), as_of=day,
        changes=changes, later=later)


def revert_rulebook_update(session: Session, *, data_dir: DataDir, actor: Actor,
                           expected: str | None = None, reason: str = "") -> RulebookChange:
    """Drop the last installed update: the one before it, or the shipped rulebook, is in
    use again. A record that cannot be read is reset (the shipped rulebook). `expected`:
    the version the confirmation named as in use; another one in use now (an install or
    revert meanwhile) is refused, so what was confirmed is what is reverted. `reason`, if
    given, is recorded with the event."""
    actor = require(session, actor, PERMISSION)
    installed, before, broken, remaining, after = _revert_states(data_dir)
    if expected is not None and before is not None and before.version != expected:
        raise ConflictError(f"The rulebook in use changed since the revert was confirmed: "
                            f"{before.version} is in use now, not {expected}. Nothing was "
                            "reverted; look again and confirm.")
    _write_record(data_dir, remaining, session=session)
    dropped = installed[-1] if installed else None
    # The event is about the update taken out, as "rulebook.installed" is about the one put
    # in: an auditor reading the Entity ID column of the export takes it for that. The
    # version in use again is the new value, and the details say both in words.
    reverted = dropped.version if dropped else "(unreadable record)"
    # Named whenever the record reads: an update whose files were edited is still that one.
    was = (before.version if before else
           f"{dropped.version} (its files changed since it was installed)" if dropped
           else "(unreadable record)")
    append_event(
        session, actor=actor, action="rulebook.reverted", entity="rulebook",
        entity_id=reverted,
        old={"rulebook": was, "source": before.source if before else "unknown"},
        new={"rulebook": after.version, "source": after.source},
        details={"reverted_update": dropped.version if dropped else None,
                 "reverted_update_signer": dropped.signer_fingerprint if dropped else None,
                 "summary": (f"reverted the installed update {reverted}" if dropped
                             else "reset the unreadable record of installed updates")
                 + f"; {after.named()} is in use again",
                 **({"unreadable": broken} if broken else {})},
        reason=(reason or "").strip())
    _remove_unlisted_after_commit(session, data_dir, remaining)
    return RulebookChange(before or replace(after, source="unknown", version=(
        was if dropped else "(unreadable)")), after, None)


def _maker_words(login: str) -> str:
    """Who packed an update: "made by li.wei", or for the command line's login (`approvals
    rulebook pack` records "cli:<the computer's user>") "made with approvals rulebook pack
    by the computer's user root (cli:root in the audit trail)" — "made by cli:root" read to
    an officer as a person's name they did not know."""
    if user := command_line_user(login):
        return (f"made with approvals rulebook pack by the computer's user {user} "
                f"({login} in the audit trail)")
    return f"made by {login}"


def signer_words(update: InstalledUpdate) -> str:
    """Who signed an update, as the window and the command line say it."""
    label = update.signer_label or "an installation not named here"
    return f"{label} (fingerprint {format_fingerprint(update.signer_fingerprint)})"
