"""Audit trail checks: walk the hash chain and report the first bad event, then compare
the chain's end with the anchor kept outside the database (store/anchor.py), which shows
a trail cut at its end or emptied."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from approvals.store.anchor import SETTING_STARTED, assess, read_anchor, started_value
from approvals.store.audit import walk_chain
from approvals.store.db import DATABASE, Database
from approvals.store.models import Setting


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    events_checked: int
    first_bad_event: int | None
    message: str
    # The anchor, in words: what it recorded and how the database stands against it
    # ("" when the session belongs to no data folder, so no anchor was looked at).
    anchor: str = ""
    cut: bool = False  # the failure is the anchor's: events missing at the end, or its file

    @property
    def summary(self) -> str:
        """The result in one sentence, as the CLI and the app both say it."""
        if self.ok:
            return f"Audit trail intact: {self.events_checked} events checked."
        if self.cut:
            held = (f" (the {self.events_checked} events there are intact)"
                    if self.events_checked else "")
            return f"audit trail cut: {self.message}{held}"
        return (f"audit trail broken at event {self.first_bad_event}: {self.message} "
                f"({self.events_checked} events read)")

    @property
    def anchor_line(self) -> str:
        """What the anchor says, shown under an intact result ("" when none was looked at)."""
        return f"Anchor: {self.anchor}." if self.ok and self.anchor else ""


def verify(session: Session) -> VerifyReport:
    """Check every event's links and hash in id order, then the anchor.

    Give it a fresh session from `Database.session()`/`read_session()`: the anchor file is
    read before the first query, so the snapshot holds every event it can name. A database
    from an earlier version, with events but no anchor yet, gets one here (and says so)."""
    database = session.info.get(DATABASE)
    file = read_anchor(database.data_dir) if isinstance(database, Database) else None
    walk = walk_chain(session, at=file.anchor.event_id if file and file.anchor else None)
    count = walk.count
    if walk.broken is not None:
        return VerifyReport(False, count, walk.broken.event_id, walk.broken.message)
    intact = f"audit trail intact: {count} events checked"
    if file is None or not isinstance(database, Database):
        return VerifyReport(True, count, None, intact)
    row = session.get(Setting, SETTING_STARTED)
    seen = assess(file, last_id=walk.last_id, hash_at_anchor=walk.hash_at,
                  started=started_value(row.value if row else None))
    if seen.verdict == "broken":
        # Seen from a read snapshot a writer may have moved on since; decide under the lock.
        seen = database.assess_anchor()
        if seen.verdict == "broken":
            return VerifyReport(False, count, seen.first_missing, seen.message,
                                anchor=seen.message, cut=True)
    if seen.verdict == "unanchored":
        update = database.advance_anchor()
        if update is None:
            return VerifyReport(True, count, None, intact,
                                anchor="no anchor yet, and it could not be written (see the log)")
        before = update.assessment
        if before.verdict == "broken":
            return VerifyReport(False, count, before.first_missing, before.message,
                                anchor=before.message, cut=True)
        if update.written is None:
            return VerifyReport(True, count, None, intact, anchor=before.message)
        reached = f"anchored the head #{update.written.event_id} now"
        note = (f"{before.message}: {reached}" if before.verdict == "unanchored"
                else f"{before.message}; {reached}")
        return VerifyReport(True, count, None, intact, anchor=note)
    return VerifyReport(True, count, None, intact, anchor=seen.message)
