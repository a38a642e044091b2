"""Words about offline review that the app and the command line both say."""

from __future__ import annotations


def read_only_note(reference: str, status: str, reason: str, reopen: str = "") -> str:
    """What became of a response's case closed (or discarded) here since the export, and
    what its proposed changes need: `reopen` names where the case is reopened."""
    why = f" ({reason})" if reason else ""
    if status == "discarded":
        return (f"{reference} is discarded here{why}: its proposed changes cannot be "
                "applied; reject them to end the review.")
    return (f"{reference} is closed here{why}: the reviewer's input is kept, and a proposed "
            f"change can be accepted once the case is reopened"
            f"{' (' + reopen + ')' if reopen else ''}.")
