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
