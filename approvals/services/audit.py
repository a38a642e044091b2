"""Audit trail checks: walk the hash chain and report the first bad event."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from approvals.store.audit import verify_chain


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    events_checked: int
    first_bad_event: int | None
    message: str


def verify(session: Session) -> VerifyReport:
    """Check every event's links and hash, in id order (read-only)."""
    count, broken = verify_chain(session)
    if broken is None:
        return VerifyReport(True, count, None, f"audit trail intact: {count} events checked")
    return VerifyReport(False, count, broken.event_id, broken.message)
