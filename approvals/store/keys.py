"""The installation's identity: an Ed25519 key pair kept in the data folder's keys/.

The private key never leaves this machine (it is not put into backups or packs). Other
installations learn the public key out of band and compare its fingerprint — SHA-256 of
the raw 32-byte public key, shown in groups of four — before they trust it.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import functools
import hashlib
import logging
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from approvals.domain.errors import CheckFailed, InputError, Problem
from approvals.paths import PRIVATE_KEY_FILE
from approvals.store.files import folder_refused

log = logging.getLogger(__name__)

PUBLIC_KEY_FILE = "installation_ed25519.pub"
KEY_TEXT_PREFIX = "approvals-ed25519"
_FINGERPRINT = re.compile(r"^[0-9a-f]{64}$")


def fingerprint_of(public_bytes: bytes) -> str:
    """Lower-case hex SHA-256 of the raw public key (what the trust store keys on)."""
    return hashlib.sha256(public_bytes).hexdigest()


def format_fingerprint(fingerprint: str) -> str:
    """`AB12 CD34 …`: groups of four, easier to read aloud over the phone."""
    fp = fingerprint.upper()
    return " ".join(fp[i : i + 4] for i in range(0, len(fp), 4))


def normalise_fingerprint(text: str) -> str:
    """Accept a fingerprint typed with spaces, colons or in upper case."""
    fp = re.sub(r"[\s:]", "", text).lower()
    if not _FINGERPRINT.match(fp):
        raise InputError(Problem("fingerprint", "expected 64 hexadecimal digits"))
    return fp


def fingerprint_difference(actual: str, given: str) -> str:
    """Where two (normalised) fingerprints differ, in the groups of four read aloud: a
    group or two is likely a misread, all of them another key. The key's own groups are
    not said: printed, they could be copied into the field and pass the check without
    asking the sender."""
    groups = [(i + 1, a, g) for i, (a, g) in enumerate(zip(format_fingerprint(actual).split(),
                                                             format_fingerprint(given).split(),
                                                             strict=True)) if a != g]
    total = len(actual) // 4
    if len(groups) > 2:
        return (f"{'all' if len(groups) == total else len(groups)} of the {total} groups "
                "differ: most likely another key, not a misread group")
    numbers, typed = (" and ".join(str(part[i]) for part in groups) for i in (0, 2))
    if len(groups) == 1:
        return (f"only group {numbers} of {total} differs ({typed} given): read it again "
                "with the sender")
    return (f"only groups {numbers} of {total} differ ({typed} given): read them again with "
            "the sender")


@dataclass(frozen=True)
class Identity:
    private_key: Ed25519PrivateKey
    public_bytes: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.public_bytes)

    @property
    def public_key_b64(self) -> str:
        return base64.b64encode(self.public_bytes).decode("ascii")

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)

    def public_key_text(self, label: str = "") -> str:
        """One line another installation can paste into `approvals key trust`."""
        return f"{KEY_TEXT_PREFIX} {self.public_key_b64} {label}".rstrip() + "\n"


def _raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


@functools.lru_cache(maxsize=8)
def _parsed(pem: bytes) -> Identity | None:
    """The identity a key file's bytes hold (None when it is no Ed25519 key), parsed once
    per process for each distinct content: every audited write reads the key to check and
    sign the anchor, and parsing the PEM was most of that read. Keyed by the file's whole
    content, of which the result is a pure function, so a key replaced on disk is another
    key and is parsed afresh; the file itself is read every time."""
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        return None
    return Identity(key, _raw_public(key))


def _load(private_path: Path) -> Identity:
    try:
        identity = _parsed(private_path.read_bytes())
    except (ValueError, TypeError, OSError) as exc:
        # Never silently make a new key: that would change this installation's identity.
        raise CheckFailed(
            f"The installation key {private_path} cannot be read ({exc}). Restore it from "
            "a copy, or move it away to create a new identity (others must trust it again)."
        ) from None
    if identity is None:
        raise CheckFailed(f"The installation key {private_path} is not an Ed25519 key.")
    return identity


def load_or_create_identity(keys_dir: Path) -> Identity:
    """This installation's key pair, created on first use (private key readable by owner only).
    A folder that cannot take it (a full disk, a data folder made read-only while the app
    runs) is refused naming keys/, with no key or part of one left: it was an internal
    error, "OSError: [Errno 28] No space left on device"."""
    private_path = keys_dir / PRIVATE_KEY_FILE
    if private_path.exists():
        return _load(private_path)
    try:
        return _create(keys_dir, private_path)
    except OSError as exc:
        raise InputError(Problem(str(keys_dir), "this installation's key cannot be made: "
                                 + folder_refused(exc, "nothing was written", "try again"))
                         ) from None


def _create(keys_dir: Path, private_path: Path) -> Identity:
    keys_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # not fatal on file systems without modes
        os.chmod(keys_dir, 0o700)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # One name per process and thread: two windows of one app may create it at once.
    tmp = keys_dir / f".{PRIVATE_KEY_FILE}.{os.getpid()}.{threading.get_ident()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            # link() fails if another process created the key meanwhile: theirs wins.
            os.link(tmp, private_path)
        except FileExistsError:
            return _load(private_path)
        except OSError:
            # No hard links on this file system (FAT/exFAT, some network shares): a rename,
            # unless another process's key has appeared meanwhile.
            if private_path.exists():
                return _load(private_path)
            os.replace(tmp, private_path)
    finally:
        tmp.unlink(missing_ok=True)
    identity = Identity(key, _raw_public(key))
    try:  # a copy for whoever looks in keys/; the app reads the private key alone
        (keys_dir / PUBLIC_KEY_FILE).write_text(identity.public_key_text(), encoding="ascii")
    except OSError:
        log.warning("the public key could not be written beside the private key in %s",
                    keys_dir, exc_info=True)
    return identity


def parse_public_key(text: str, *, source: str = "key") -> tuple[bytes, str]:
    """(raw public key, label) from `approvals-ed25519 BASE64 [label]` or bare base64."""
    parts = text.strip().split(maxsplit=2)
    if parts and parts[0] == KEY_TEXT_PREFIX:
        parts = parts[1:]
    if not parts:
        raise InputError(Problem(source, "no public key found"))
    try:
        raw = base64.b64decode(parts[0], validate=True)
    except (binascii.Error, ValueError):
        raise InputError(Problem(source, "the public key is not valid base64")) from None
    if len(raw) != 32:
        raise InputError(
            Problem(source, f"an Ed25519 public key has 32 bytes, this one has {len(raw)}")
        )
    label = parts[1].strip() if len(parts) > 1 else ""
    return raw, label


def verify_signature(public_bytes: bytes, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_bytes).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True
