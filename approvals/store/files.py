"""Streaming copies that hash as they go. Documents, backups and review packs all keep a
SHA-256 and a size beside the bytes they copy, so the copy and the hash are one pass."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20


class TooLarge(Exception):
    """More bytes came than the caller's limit allows (a zip member lying about its size)."""


def copy_hashed(src: BinaryIO, dst: BinaryIO | None = None, *,
                limit: int | None = None) -> tuple[str, int]:
    """Copy `src` to `dst` (or only read it, when `dst` is None); (sha256 hex, size).
    With `limit`, stop with TooLarge as soon as more than `limit` bytes have come."""
    digest = hashlib.sha256()
    size = 0
    while chunk := src.read(CHUNK):
        size += len(chunk)
        if limit is not None and size > limit:
            raise TooLarge(size)
        digest.update(chunk)
        if dst is not None:
            dst.write(chunk)
    return digest.hexdigest(), size


def sha256_file(path: Path) -> str:
    with path.open("rb") as fh:
        return copy_hashed(fh)[0]
