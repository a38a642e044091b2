"""Who may open a restricted document: the users named on it (pure; the services check)."""

from __future__ import annotations

import json


def allowed_users(stored: str | None) -> tuple[str, ...]:
    """The users named on a document, from the JSON list stored with it; a list that cannot
    be read names nobody (so the document stays closed rather than open to all)."""
    try:
        names = json.loads(stored or "[]")
    except ValueError:
        return ()
    return tuple(str(n) for n in names) if isinstance(names, list) else ()


def named_on(stored: str | None, username: str) -> bool:
    """Whether `username` is one of the users a restricted document is open to."""
    return username in allowed_users(stored)


def withdrawal_text(withdrawn_at: str | None, withdrawn_by: str | None,
                    reason: str | None) -> str:
    """How a withdrawn document is described wherever it is listed: "Withdrawn 2026-11-30
    by alice: wrong version"; '' for a document in force."""
    if not withdrawn_at:
        return ""
    text = f"Withdrawn {withdrawn_at[:10]}" + (f" by {withdrawn_by}" if withdrawn_by else "")
    return text + (f": {reason}" if reason else "")


def megabytes(size: int) -> str:
    """A size in megabytes, for progress lines and disk-space messages: '12.3 MB'; a
    small non-empty size is "under 0.1 MB" ("0.0 MB" read as nothing at all)."""
    return "under 0.1 MB" if 0 < size < 50_000 else f"{size / 1_000_000:,.1f} MB"


def size_text(size: int) -> str:
    """A file's size as people read it: "13 bytes", "48.6 KB", "209.7 MB" (decimal units,
    as file managers show them); the exact count goes in a tooltip."""
    if size < 1000:
        return f"{size} byte" + ("" if size == 1 else "s")
    amount = size / 1000
    for unit in ("KB", "MB"):
        if round(amount, 1) < 1000:
            return f"{amount:.1f} {unit}"
        amount /= 1000
    return f"{amount:,.1f} GB"
