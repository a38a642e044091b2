"""Signed pack files: a zip with `manifest.json`, `manifest.sig` and the members it lists.

The manifest names every member with its SHA-256 and size; `manifest.sig` is an Ed25519
signature over the manifest's exact bytes. Reading verifies in this order, and refuses
the whole pack at the first problem, before any member is parsed: a readable zip, safe
member names, the zip's structure exactly as write_pack lays it out (zipcheck: every
local header agrees with the central directory, nothing between or after the members),
a signature by a trusted key, then every member extracted (bounded by the
size the signed manifest declares) and hashed, with none missing and none added.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import re
import shlex
import shutil
import stat
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from approvals.domain.documents import megabytes
from approvals.domain.errors import CheckFailed, InputError, Problem
from approvals.domain.wording import ended
from approvals.exchange.zipcheck import (
    MemberReader,
    ZipForm,
    dos_stamp,
    open_zip,
    zip_structure_problem,
)
from approvals.store.files import (
    TooLarge,
    atomic_output,
    check_readable,
    copy_hashed,
    full_disk_hint,
)
from approvals.store.keys import Identity, fingerprint_of, format_fingerprint, verify_signature
from approvals.store.models import utc_now

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

FORMAT = "approvals-pack"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
# A data folder backup (services.backup) lists its members here instead; a pack never
# has it, so either file given for the other is named for what it is.
BACKUP_MANIFEST = "backup-manifest.json"
KINDS = ("review", "response")
# A rulebook update (services.rulebook_updates) is signed and checked exactly as a review
# pack, but only ever read as one: verify_pack(expect_kind=RULEBOOK_KIND) alone accepts it.
RULEBOOK_KIND = "rulebook"

# Guards against zip bombs and absurd inputs; generous for real case files.
MAX_MEMBERS = 20_000
MAX_MANIFEST_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 8 * 1024 * 1024 * 1024
log = logging.getLogger(__name__)

_SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*$")
_DEVICE_NAMES = frozenset({"CON", "PRN", "AUX", "NUL",
                           *(f"{d}{n}" for d in ("COM", "LPT") for n in range(1, 10))})

# Every member's fixed fields as write_pack writes them; reading requires exactly this form
# (zipcheck), so a byte changed anywhere in the zip's headers is refused.
_DATE_TIME = (1980, 1, 1, 0, 0, 0)
_ATTRIBUTES = (stat.S_IFREG | 0o644) << 16
PACK_FORM = ZipForm(*dos_stamp(_DATE_TIME), external_attr=_ATTRIBUTES)


class PackRefused(CheckFailed):
    """A pack failed verification; the message says exactly why (CLI exit 1)."""

    def __init__(self, pack: Path, reason: str, *, untrusted: str = "",
                 claimed: dict[str, Any] | None = None, what: str = "",
                 trusting_helps: bool = False, trust_removed: str = "",
                 signed_by: str = "") -> None:
        self.pack = pack
        self.reason = reason
        # Signed by a key not trusted here: its fingerprint, and what the (unverified)
        # manifest claims, so a caller can say more than "trust the key" (a response sent
        # to the wrong desk, say). Never to be acted on: only to word the refusal.
        self.untrusted = untrusted
        # Refused only because its signer is not trusted (not also the wrong kind of pack):
        # trusting the key, once its fingerprint is compared, lets it in.
        self.trusting_helps = trusting_helps
        # The signer's key was trusted here once and removed since: who removed it, when.
        self.trust_removed = trust_removed
        # Refused for its signer alone: that why, without the reason's advice on where
        # keys are trusted (HOW_TO_TRUST), for a window that offers trusting it itself.
        # Kept apart so that no window reads it back out of the reason's wording.
        self.signed_by = signed_by
        self.claimed = claimed or {}
        # `what` names the file as the user picked it ("review pack", "response pack", a
        # "rulebook update"): a bare "pack" said nothing the menus say. Without it, the
        # kind the (possibly unverified) manifest claims, else what either pack is.
        self.what = what or subject_of(self.claimed.get("kind"))
        super().__init__(f"The {self.what} {pack.name} was refused: {ended(reason)} "
                         "Nothing was changed.")


# A refused file named by its kind, as the menus and the guide name it: the subject of
# PackRefused's sentence ("The response pack answer.zip was refused: …").
SUBJECTS = {"review": "review pack", "response": "response pack",
            RULEBOOK_KIND: "rulebook update"}
# What the user picked when either pack would do (`approvals review import`, Review →
# Import response…, which opens a review pack too) and the file has not said which it is.
EITHER_PACK = "file"


def subject_of(kind: Any) -> str:
    """How a refusal names a file of `kind` (a manifest's "kind"); EITHER_PACK for none."""
    return SUBJECTS.get(kind, EITHER_PACK) if isinstance(kind, str) else EITHER_PACK


def safe_segment(name: str, *, fallback: str = "file") -> str:
    """A file name reduced to characters every file system and zip reader accepts."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or fallback
    return cleaned[:120]


def member_path_problem(name: str) -> str | None:
    """Why a member name is unsafe to extract (absolute, `..`, odd characters), if it is."""
    if not name or name.startswith("/") or "\\" in name or name.endswith("/"):
        return "not a plain relative path"
    for segment in name.split("/"):
        if segment in ("", ".", "..") or not _SAFE_NAME.match(segment):
            return "not a plain relative path"
        # Windows drops a trailing dot ("a." is "a") and maps device names (NUL, COM1.txt)
        # to devices: such a member would land on another file, or nowhere, once extracted.
        if segment.endswith(".") or segment.split(".")[0].upper() in _DEVICE_NAMES:
            return "a name Windows cannot store as it is"
    return None


def member_names_problem(names: Iterable[str]) -> str | None:
    """Why a set of (individually safe) member names cannot all be extracted side by side:
    two that differ only in case are one file on Windows and macOS (the second would
    overwrite the first after its hash was checked), and a file cannot also be a folder."""
    files: dict[str, str] = {}
    for name in names:
        folded = name.casefold()
        if folded in files:
            return f"members {files[folded]} and {name} differ only in upper/lower case"
        files[folded] = name
    folders = {name.casefold().rsplit("/", 1)[0] for name in files.values() if "/" in name}
    for folder in sorted(folders):
        parts = folder.split("/")
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            if prefix in files:
                return f"member {files[prefix]} is also the folder of other members"
    return None


@dataclass(frozen=True)
class Member:
    """One member to write: bytes in memory or a file streamed from disk."""

    path: str
    data: bytes | None = None
    file: Path | None = None


@dataclass(frozen=True)
class WrittenPack:
    path: Path
    pack_id: str
    kind: str
    fingerprint: str
    members: int
    size: int
    hashes: dict[str, str] = field(default_factory=dict)  # member path -> SHA-256 written


def json_member(path: str, value: Any) -> Member:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)
    return Member(path, data=text.encode("utf-8"))


def write_pack(
    out: Path,
    *,
    identity: Identity,
    kind: str,
    members: Iterable[Member],
    header: Mapping[str, Any] | None = None,
    pack_id: str | None = None,
    on_chunk: Callable[[int], None] | None = None,
    session: Session | None = None,
) -> WrittenPack:
    """Write a signed pack to `out` atomically (store.files.atomic_output: a `.part` file
    renamed over `out` when complete; with `session`, the unit of work that records the
    pack, only when it commits). `on_chunk(n)` follows every chunk of a file member
    (progress; it may raise to cancel, which removes the part file and leaves `out` as it
    was)."""
    if kind not in (*KINDS, RULEBOOK_KIND):
        raise ValueError(f"unknown pack kind {kind}")
    pack_id = pack_id or str(uuid.uuid4())
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a read-only drive: said as the output, not an OSError
        raise InputError(Problem(str(out), f"cannot be written: its folder cannot be made "
                                           f"({exc.strerror or exc}){full_disk_hint(exc)}")) from None
    listed: list[dict[str, Any]] = []
    with atomic_output(out, session=session) as tmp:
        size = _write_zip(tmp, identity=identity, kind=kind, members=members, header=header,
                          pack_id=pack_id, on_chunk=on_chunk, listed=listed)
    return WrittenPack(out, pack_id, kind, identity.fingerprint, len(listed), size,
                       {m["path"]: m["sha256"] for m in listed})


def _write_zip(tmp: Path, *, identity: Identity, kind: str, members: Iterable[Member],
               header: Mapping[str, Any] | None, pack_id: str,
               on_chunk: Callable[[int], None] | None, listed: list[dict[str, Any]]) -> int:
    """The pack's zip into `tmp`, listing each member in `listed`; its size."""
    seen: set[str] = set()
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for member in members:
            problem = member_path_problem(member.path)
            if problem or member.path in (MANIFEST, SIGNATURE) or member.path in seen:
                raise ValueError(f"bad member name {member.path!r}")
            seen.add(member.path)
            info = zipfile.ZipInfo(member.path, date_time=_DATE_TIME)
            info.compress_type = (
                zipfile.ZIP_DEFLATED if member.data is not None or worth_compressing(member.file)
                else zipfile.ZIP_STORED
            )
            info.external_attr = _ATTRIBUTES
            with zf.open(info, "w", force_zip64=True) as dst:
                if member.data is not None:
                    sha, size = copy_hashed(io.BytesIO(member.data), dst)
                else:
                    assert member.file is not None
                    with _open_source(member.file) as src:
                        sha, size = copy_hashed(src, dst, on_chunk=on_chunk)
            listed.append({"path": member.path, "sha256": sha, "size": size})
        # What reading refuses is never written (the part file goes again).
        problem = member_names_problem([*seen, MANIFEST, SIGNATURE])
        if problem:
            raise ValueError(f"bad member names: {problem}")
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "pack_id": pack_id,
            "kind": kind,
            "created_at": utc_now(),
            "installation": {
                "fingerprint": identity.fingerprint,
                "public_key": identity.public_key_b64,
            },
            **dict(header or {}),
            "members": listed,
        }
        manifest_bytes = json.dumps(
            manifest, ensure_ascii=False, sort_keys=True, indent=1
        ).encode("utf-8")
        zf.writestr(_info(MANIFEST), manifest_bytes)
        zf.writestr(_info(SIGNATURE), identity.sign(manifest_bytes))
    return tmp.stat().st_size


def worth_compressing(path: Path | None, sample: int = 256 * 1024) -> bool:
    """Whether deflating pays: PDFs, images and office files are mostly compressed already,
    and deflating them again only costs time. Judged on a sample of the file."""
    if path is None:
        return True
    with path.open("rb") as fh:
        head = fh.read(sample)
    if len(head) < 4096:
        return True
    return len(zlib.compress(head, 1)) < 0.9 * len(head)


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_DATE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = _ATTRIBUTES
    return info


def _open_source(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as exc:  # a source, not the pack being written
        raise CheckFailed(f"{path} cannot be read ({exc.strerror or exc}); no pack was written.") from None


@dataclass
class VerifiedPack:
    """A pack whose signature and every member checked out, extracted under `root`."""

    source: Path
    root: Path
    manifest: dict[str, Any]
    signer_fingerprint: str
    signer_public_key: bytes
    manifest_bytes: bytes = field(repr=False, default=b"")

    @property
    def pack_id(self) -> str:
        return str(self.manifest["pack_id"])

    @property
    def kind(self) -> str:
        return str(self.manifest["kind"])

    def member_names(self) -> list[str]:
        return [m["path"] for m in self.manifest["members"]]

    def file(self, member: str) -> Path:
        if member not in self.member_names():
            raise KeyError(member)
        return self.root / member

    @property
    def what(self) -> str:
        """The file named by its kind, as a refusal of it says it ("response pack")."""
        return subject_of(self.manifest.get("kind"))

    def refusal(self, reason: str) -> PackRefused:
        """The refusal of this (verified) pack for `reason`, naming it by its kind."""
        return PackRefused(self.source, reason, what=self.what)

    def read_json(self, member: str) -> Any:
        try:
            return json.loads(self.file(member).read_text(encoding="utf-8"))
        except (KeyError, ValueError) as exc:
            # Signed by a trusted key yet malformed: a bug on the other side, still refused.
            raise self.refusal(f"member {member} is missing or not valid JSON") from exc

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def verify_pack(
    path: Path,
    *,
    trusted: Mapping[str, bytes],
    into: Path,
    expect_kind: str | None = None,
    on_chunk: Callable[[int], None] | None = None,
    screen: Callable[[Mapping[str, Any], str], str | None] | None = None,
    command_line: bool = False,
) -> VerifiedPack:
    """Verify `path` against the trusted keys (fingerprint -> raw public key) and extract it
    into the new folder `into`. On any problem `into` is removed and PackRefused raised.
    `command_line`: the refusal of a pack of the other kind names the command that takes
    it (`approvals review open`); else the menu item, as the app shows it.
    `on_chunk` follows the extraction (progress; raising from it also removes `into`).
    `screen(manifest, signer fingerprint)`, asked once the signature checks out, may return
    a reason to refuse the pack (the caller's own rule, e.g. a pack this installation
    signed itself), given once every member has been checked against the manifest."""
    check_readable(path, "the pack file")
    if into.exists():
        raise ValueError(f"{into} already exists")
    into.mkdir(parents=True)
    try:
        return _verify(path, trusted=trusted, into=into, expect_kind=expect_kind,
                       on_chunk=on_chunk, screen=screen, command_line=command_line)
    except BaseException:
        shutil.rmtree(into, ignore_errors=True)
        raise


# What a file is chosen as, by the kind expected, as the app's menus and guide name it;
# ANY_PACK where either pack would do.
_CHOSEN_AS = {"review": "review pack", "response": "response pack",
              RULEBOOK_KIND: "rulebook update file"}
ANY_PACK = "review or response pack"
# What to do about a zip that is not the file expected, or one altered on the way: the
# refusal ended with the zip header that differed, which tells an officer nothing to do.
_CHOOSE_AGAIN = "Choose the right file, or ask the sender for it again"
# A file altered after it was written: the sender's copy is most likely intact.
_ASK_AGAIN = "Ask the sender for it again, or choose the right file"
_NOT_AS_WRITTEN = "its zip structure is not as this app writes it"
_DETAILS_IN_LOG = "the technical details were written to the log"
# Where a pack of each kind is taken in, for one picked where the other kind was asked for:
# in the app by its menu item, on the command line by its command (the app's boxes said
# "… or `approvals review open`", a command an officer in the app has no use for).
_WHERE_IT_GOES = {
    "review": "open it with Review → Open review pack (review mode)…",
    "response": "import it with Review → Import response…",
}
_WHERE_IT_GOES_CLI = {
    "review": "open it with `approvals review open`",
    "response": "import it with `approvals review import`",
}


def _verify(
    path: Path, *, trusted: Mapping[str, bytes], into: Path, expect_kind: str | None,
    on_chunk: Callable[[int], None] | None = None,
    screen: Callable[[Mapping[str, Any], str], str | None] | None = None,
    command_line: bool = False,
) -> VerifiedPack:
    # The file as the user picked it; picked as either pack, as the signed manifest says
    # it is once that is read.
    subject = subject_of(expect_kind)

    def refuse(reason: str) -> PackRefused:
        return PackRefused(path, reason, what=subject)

    # A refusal of some other file names what the caller expected: a photos.zip chosen to
    # install as a rulebook update was "not an approvals review pack".
    rulebook = expect_kind == RULEBOOK_KIND
    chosen_as = _CHOSEN_AS.get(expect_kind or "", ANY_PACK)
    # A response chosen to import was refused as "not an approvals review pack".
    expected = "rulebook update" if rulebook else chosen_as
    # A file that is no zip is named against what the officer chose it as ("not a readable
    # review pack: it is a PDF document"), not as a "pack file", a word no menu uses.
    with open_zip(path, refuse, chosen_as) as zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise refuse(f"it has {len(infos)} members, more than the {MAX_MEMBERS} allowed")
        names: dict[str, zipfile.ZipInfo] = {}
        repacked = any(i.filename in (MANIFEST, SIGNATURE) for i in infos)
        for info in infos:
            name = info.filename
            problem = member_path_problem(name)
            if problem and repacked and info.is_dir() and not member_path_problem(
                    name.rstrip("/")):
                # A pack unzipped and zipped again: the zip tool's folder entry ('cases/')
                # is no attack, and is said as the other re-zipped packs are.
                raise refuse(f"it was altered after it was written ({_NOT_AS_WRITTEN}: it "
                             f"was unzipped and zipped again). {_ASK_AGAIN}")
            if problem:
                raise refuse(f"member {name!r} has an unsafe name ({problem})")
            # Zip writers often leave the file-type bits at 0; only other types are refused.
            if stat.S_IFMT(info.external_attr >> 16) not in (0, stat.S_IFREG):
                raise refuse(f"member {name} is not a regular file (link or device)")
            if name in names:
                raise refuse(f"member {name} appears twice")
            if info.flag_bits & 0x1:  # packs are never encrypted; zipfile would ask for a password
                raise refuse(f"member {name} is encrypted, which an approvals pack never is")
            names[name] = info
        problem = member_names_problem(names)
        if problem:
            raise refuse(problem)
        if BACKUP_MANIFEST in names and MANIFEST not in names:
            raise refuse(f"it is a backup of a data folder, not a {expected} (restore it "
                         + ("with `approvals restore`)" if command_line else
                            "with File → Restore…)"))
        # The container itself, header by header, before any member is read.
        problem = zip_structure_problem(zf, form=PACK_FORM)
        if problem:
            # The header and field that differ are for whoever investigates, not for the
            # officer's sentence ("time/date 0x1816/0x5d81 ≠ …" told them nothing to do).
            log.info("%s refused as a %s: its zip structure is not as this app writes it: %s",
                     path, expected, problem)
        if problem and MANIFEST not in names and SIGNATURE not in names:
            # Most likely some other zip picked by mistake; a damaged central directory
            # can hide both names too, so both readings are given.
            raise refuse(f"it is not an approvals {expected} (it has neither {MANIFEST} nor "
                         f"{SIGNATURE}), or it was altered after it was written. {_CHOOSE_AGAIN}")
        if problem and MANIFEST in names and SIGNATURE not in names:
            # A pack's files zipped again by hand, the signature left out: it is unsigned
            # first (and its zip is not as written, which the log details).
            raise refuse(f"it is unsigned ({SIGNATURE} is missing), and {_NOT_AS_WRITTEN}: "
                         f"it was altered after it was written. {_ASK_AGAIN}")
        if problem:
            raise refuse(f"it was altered after it was written ({_NOT_AS_WRITTEN}). "
                         f"{_ASK_AGAIN}; {_DETAILS_IN_LOG}")
        manifest_bytes, signature = _manifest_and_signature(zf, names, refuse)

        # Find the trusted key that signed these exact bytes, before the manifest is read.
        signer = next(
            (fp for fp, key in trusted.items() if verify_signature(key, signature, manifest_bytes)),
            None,
        )
        if signer is None:
            raise _unverified(path, manifest_bytes, signature, trusted, expect_kind)
        try:
            manifest = json.loads(manifest_bytes.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise refuse("its manifest is not valid JSON") from None
        if (isinstance(manifest, dict) and manifest.get("kind") == RULEBOOK_KIND
                and expect_kind != RULEBOOK_KIND):
            raise refuse("it is a rulebook update, not a review pack (install it with "
                         + ("`approvals rulebook install`)" if command_line else
                            "View → Rulebook → Install update…)"))
        _check_manifest_shape(manifest, refuse,
                              (*KINDS, RULEBOOK_KIND) if expect_kind == RULEBOOK_KIND else KINDS)
        if expect_kind is None:
            subject = subject_of(manifest["kind"])
        elif manifest["kind"] != expect_kind:  # "The review pack x.zip …: it is a response"
            subject = EITHER_PACK
        declared_key = manifest["installation"].get("public_key", "")
        if declared_key != base64.b64encode(trusted[signer]).decode("ascii"):
            raise refuse("the manifest names a different installation key than the one that signed it")
        listed = {m["path"]: m for m in manifest["members"]}
        for name in names:
            if name not in listed and name not in (MANIFEST, SIGNATURE):
                raise refuse(f"member {name} is not listed in the signed manifest (added after signing)")
        total = sum(int(m["size"]) for m in listed.values())
        if total > MAX_TOTAL_BYTES:
            raise refuse(f"its members add up to {total} bytes, more than allowed")
        problem = room_problem(into, total)
        if problem:
            # The pack is sound, the disk full: bad input (exit 2), as a backup refused
            # for room is, not a refused pack (exit 1).
            raise InputError(Problem(str(path), f"{problem}; nothing was read in. Free some "
                                                "space on that disk and try again"))
        for name, entry in listed.items():
            found = names.get(name)
            if found is None:
                raise refuse(f"member {name} is listed in the manifest but missing from the pack")
            if found.file_size != entry["size"]:
                raise refuse(
                    f"member {name} has {found.file_size} bytes, the signed manifest says "
                    f"{entry['size']} (altered after signing)"
                )
            extract_checked(zf, found, entry, into, refuse, on_chunk=on_chunk)
        # Said once every member checks out: a pack altered after signing is refused as
        # altered, never named as (say) the review pack this installation exported.
        reason = (screen(manifest, signer) if screen is not None else None) or \
            _kind_refusal(manifest["kind"], expect_kind, command_line)
        if reason:
            raise refuse(reason)
    return VerifiedPack(path, into, manifest, signer, trusted[signer], manifest_bytes)


def _kind_refusal(kind: str, expect_kind: str | None, command_line: bool) -> str | None:
    """Why a pack of `kind` is not taken where `expect_kind` was asked for, and where it
    goes instead; None when it is."""
    if expect_kind == RULEBOOK_KIND and kind != RULEBOOK_KIND:
        # Officers know a rulebook update (View → Rulebook → Install update…), not a
        # "rulebook pack": each file named as the app names it, and where it opens.
        # In the app its menu item, on the command line its command.
        review_kind = kind == "review"
        if command_line:
            where = ("opens with `approvals review open`" if review_kind
                     else "is imported with `approvals review import`")
        else:
            where = ("opens with " + ("Review → Open review pack (review mode)…"
                                      if review_kind else "Review → Import response…"))
        return (f"it is {KIND_WORDS[kind]}, not a rulebook update; choose the rulebook update "
                f"file your knowledge team sent (a {kind} pack {where})")
    if expect_kind and kind != expect_kind:
        # Where the file picked goes instead: the refusal alone left the user to guess.
        return (f"it is a {kind} pack, a {expect_kind} pack was expected: "
                + (_WHERE_IT_GOES_CLI if command_line else _WHERE_IT_GOES)[kind])
    return None


def _manifest_and_signature(zf: zipfile.ZipFile, names: Mapping[str, zipfile.ZipInfo],
                            refuse: Any) -> tuple[bytes, bytes]:
    """The signed manifest's bytes and its signature, or a refusal naming the one missing."""
    if SIGNATURE not in names:
        raise refuse("it is unsigned (manifest.sig is missing)")
    if MANIFEST not in names:
        raise refuse("it has no manifest.json")
    return (_read_small(zf, names[MANIFEST], MAX_MANIFEST_BYTES, refuse),
            _read_small(zf, names[SIGNATURE], 1024, refuse))


def _read_small(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, refuse: Any) -> bytes:
    if info.file_size > limit:
        raise refuse(f"{info.filename} is implausibly large ({info.file_size} bytes)")
    try:
        with MemberReader(zf, info) as fh:  # not zf.open: see MemberReader
            parts: list[bytes] = []
            size = 0
            # To the end (where the reader checks the stream and CRC), or one byte too many.
            while size <= limit and (part := fh.read(limit + 1 - size)):
                parts.append(part)
                size += len(part)
            data = b"".join(parts)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
            RuntimeError) as exc:  # RuntimeError: encrypted
        # As a member's damage is said (extract_checked): the zip library's words ("CRC-32
        # 0x182f… ≠ 0xd7b1…", "Error -3 while decompressing") go to the log.
        log.info("%s of %s is damaged: %s", info.filename, zf.filename, exc)
        raise refuse(f"{info.filename} is damaged or was altered after it was written "
                     f"({_DETAILS_IN_LOG}). {_ASK_AGAIN}") from None
    if len(data) > limit:
        raise refuse(f"{info.filename} is implausibly large")
    return data


def declared_signer(path: Path) -> bytes:
    """The raw public key a pack's manifest names, once the manifest's signature verifies
    with that very key. That proves only that the pack is signed by the key it names: only
    the fingerprint, compared with the sender out of band, says whether to trust it."""
    def refuse(reason: str) -> PackRefused:
        return PackRefused(path, reason)

    with open_zip(path, refuse, ANY_PACK) as zf:  # whose signer is to be trusted
        names = {info.filename: info for info in zf.infolist()}
        if BACKUP_MANIFEST in names and MANIFEST not in names:
            raise refuse("it is a backup of a data folder, not a pack: it names no key")
        manifest_bytes, signature = _manifest_and_signature(zf, names, refuse)
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
        key = base64.b64decode(manifest["installation"]["public_key"], validate=True)
    except Exception:  # anything unreadable in it: the manifest names no usable key
        raise refuse("its manifest does not name a readable installation key") from None
    if len(key) != 32 or not verify_signature(key, signature, manifest_bytes):
        raise refuse("its signature does not match the key its manifest names "
                     "(damaged or altered after signing)")
    return key


# How to trust a sender, for the refusal of a pack from one not trusted yet.
HOW_TO_TRUST = (
    "compare the fingerprint with the sender (by phone or in person) and trust the key "
    "first (an administrator's task): in the app, Review → Installation key and trusted keys… → Load key file… takes "
    "this pack; on the command line, `approvals key trust {pack} --label NAME --fingerprint "
    "\"<the fingerprint the sender reads out>\"`"
)


def how_to_trust(pack: Path) -> str:
    """HOW_TO_TRUST for this pack, its name quoted for a shell when it needs it (a name
    with spaces read as several arguments)."""
    return HOW_TO_TRUST.format(pack=shlex.quote(pack.name))


KIND_WORDS = {"review": "a review pack (cases sent for review)",
              "response": "a response pack (a reviewer's answer)",
              RULEBOOK_KIND: "a rulebook update"}


def _unverified(path: Path, manifest_bytes: bytes, signature: bytes,
                trusted: Mapping[str, bytes], expect_kind: str | None) -> PackRefused:
    """Why no trusted key verified the signature: untrusted signer, or altered manifest."""
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
        declared = base64.b64decode(manifest["installation"]["public_key"], validate=True)
    except Exception:
        # A manifest that no longer even parses was damaged or altered after signing.
        return PackRefused(path, "its signature does not match the manifest, which is no "
                                 "longer readable (damaged or altered after signing)",
                           what=subject_of(expect_kind))
    # Picked as either pack: named as the (unverified) manifest says it is; a file that
    # says it is another kind than picked, neither.
    kind = manifest.get("kind")
    what = (subject_of(kind) if not expect_kind
            else EITHER_PACK if kind in KIND_WORDS and kind != expect_kind
            else subject_of(expect_kind))
    fingerprint = fingerprint_of(declared)
    # A key the signature does not verify either (a byte of the manifest's own key
    # altered): "not trusted here" sent the officer to compare a fingerprint of a key that
    # never signed anything, and trusting it was refused in turn.
    if fingerprint in trusted or not verify_signature(declared, signature, manifest_bytes):
        return PackRefused(path, "its signature does not match the manifest (the manifest or "
                                 "signature was altered after signing)", what=what)
    untrusted = (f"it is signed by an installation that is not trusted here (fingerprint "
                 f"{format_fingerprint(fingerprint)})")
    if expect_kind and kind in KIND_WORDS and kind != expect_kind:
        # Trusting the key would not help: say first that it is the other kind of pack.
        return PackRefused(path, f"it says it is {KIND_WORDS[kind]}, not "
                                 f"{KIND_WORDS[expect_kind]}, and {untrusted}",
                           untrusted=fingerprint, claimed=manifest, what=what)
    return PackRefused(path, f"{untrusted}; " + how_to_trust(path),
                       untrusted=fingerprint, claimed=manifest, trusting_helps=True, what=what,
                       signed_by=untrusted)


def format_version_problem(version: Any) -> str:
    """Why a manifest's format version is refused, and what to do: "not supported" left
    the user with a number and no way on."""
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        return (f"it was written by a newer version of Approvals (format {version}; this "
                f"version reads format {FORMAT_VERSION}): update Approvals on this computer "
                "to the sender's version, then try again")
    if isinstance(version, int) and not isinstance(version, bool) and version >= 0:
        return (f"it was written by an older version of Approvals (format {version}; this "
                f"version reads format {FORMAT_VERSION}): ask the sender to update Approvals "
                "and write it again")
    return (f"its format version {version!r} is not one Approvals writes (this version "
            f"reads format {FORMAT_VERSION}): the file is damaged or not an approvals pack")


def _is_pack_id(value: Any) -> bool:
    """A pack id as packs are written with one (a UUID in its usual form): the id names the
    folder a review pack is opened into, so "../../x" or "/tmp/x" must never pass."""
    if not isinstance(value, str):
        return False
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


def _check_manifest_shape(manifest: Any, refuse: Any, kinds: tuple[str, ...] = KINDS) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise refuse("it is not an approvals pack (wrong format)")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise refuse(format_version_problem(version))
    if manifest.get("kind") not in kinds or not _is_pack_id(manifest.get("pack_id")):
        raise refuse("its manifest has no valid kind or pack id")
    if not isinstance(manifest.get("installation"), dict):
        raise refuse("its manifest does not name the exporting installation")
    members = manifest.get("members")
    if not isinstance(members, list):
        raise refuse("its manifest has no member list")
    seen = set()
    for m in members:
        ok = (
            isinstance(m, dict)
            and isinstance(m.get("path"), str)
            and isinstance(m.get("sha256"), str)
            and isinstance(m.get("size"), int)
            and m["size"] >= 0
        )
        if not ok or member_path_problem(m["path"]) or m["path"] in (MANIFEST, SIGNATURE):
            raise refuse(f"its manifest lists an invalid member {m!r:.80}")
        if m["path"] in seen:
            raise refuse(f"its manifest lists {m['path']} twice")
        seen.add(m["path"])


# Left free after unpacking, for the database and everything else on the disk.
ROOM_MARGIN = 64 * 1024 * 1024


def room_problem(into: Path, total: int, *, needs: str = "unpacked it needs",
                 where: Path | None = None, margin: int = ROOM_MARGIN) -> str | None:
    """Why `total` bytes cannot be written under `into` (the disk lacks the room), if so:
    refused before a byte is written rather than once the disk is full, which would stop
    the database and every other program writing there too. `margin` is what stays free
    for the database (0 for a disk the data folder is not on). `needs` and `where`
    (default: `into`'s folder) word the reason, the margin said as part of the need: "needs
    0.9 MB, and … has 31.5 MB free (keeping 67.1 MB spare)" read as a contradiction."""
    try:
        free = shutil.disk_usage(into).free
    except OSError:  # cannot tell: the writing itself still stops cleanly on a full disk
        return None
    if total + margin <= free:
        return None
    wanted = f"{needs} {megabytes(total)}"
    if margin:
        wanted += (f" ({megabytes(total + margin)} with the {megabytes(margin)} kept free "
                   "there for the database)")
    return f"{wanted}, and the disk of {where or into.parent} has {megabytes(free)} free"


def extract_checked(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, entry: Mapping[str, Any], into: Path, refuse: Any,
    *, signed: bool = True, on_chunk: Callable[[int], None] | None = None,
) -> None:
    """Extract one member, never more bytes than its manifest size, and check its hash.
    Review packs (signed) and backups (unsigned manifest) both extract through here.
    `on_chunk` is copy_hashed's (progress; it may raise to cancel)."""
    target = into.joinpath(*info.filename.split("/"))
    if into.resolve() not in target.resolve().parents:
        raise refuse(f"member {info.filename} would be written outside the {'pack' if signed else 'backup'} folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    manifest = "the signed manifest" if signed else "its manifest"
    limit = int(entry["size"])
    try:
        with MemberReader(zf, info) as src, target.open("wb") as dst:  # not zf.open: see MemberReader
            sha, size = copy_hashed(src, dst, limit=limit, on_chunk=on_chunk)
    except TooLarge:
        # A byte flipped in a compressed member unpacks to more than it held: "is larger"
        # read as if the file had grown, not as damaged.
        if not signed:  # said as any other damage to a backup's member (services.backup)
            raise refuse(f"member {info.filename} is damaged (it unpacks to more bytes than "
                         f"{manifest} says)") from None
        raise refuse(f"member {info.filename} unpacks to more bytes than {manifest} says: it "
                     "is damaged or was altered after it was written"
                     + (f". {_ASK_AGAIN}" if signed else "")) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        if not signed:  # a backup's reader words its own refusal (services.backup)
            raise refuse(f"member {info.filename} is damaged ({exc})") from None
        # The zip library's words ("CRC-32 0x9a6b… ≠ 0xb8c0… in its headers") are for
        # whoever investigates; the officer needs the next step.
        log.info("member %s of %s is damaged: %s", info.filename, zf.filename, exc)
        raise refuse(f"member {info.filename} is damaged or was altered after it was written "
                     f"({_DETAILS_IN_LOG}). {_ASK_AGAIN}") from None
    if size != limit:
        raise refuse(f"member {info.filename} is truncated ({size} of {limit} bytes)")
    if sha != entry["sha256"]:
        raise refuse(f"member {info.filename} does not match its SHA-256 in the manifest"
                     + (" (altered after signing)" if signed else ""))
