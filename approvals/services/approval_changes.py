"""Which facts changed after a filing track was approved for filing (a warning, not a
workflow step: the approval stands, the case view and the status report say so)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from approvals.domain.approval_changes import (
    OTHER_CHANGES,
    ChangedAfterApproval,
    awaiting_filing_states,
    changed_after_approval,
)
from approvals.store.models import Event, FilingTrack

_READ = sorted({"field.changed", "track.transition", *OTHER_CHANGES})


def _events(session: Session, case_id: int) -> list[Event]:
    """The case's content changes (facts, particulars, documents, screening) and track
    steps, in the order recorded."""
    return list(session.exec(
        select(Event).where(Event.case_id == case_id, col(Event.action).in_(_READ))
        .order_by(col(Event.id))
    ).all())


def track_changes_after_approval(*, session: Session,
                                 track_id: int) -> ChangedAfterApproval | None:
    """The facts paths changed since this track's standing approval for filing (by whom,
    when), or None when it awaits no filing or nothing changed."""
    track = session.get(FilingTrack, track_id)
    # Most tracks await no filing: no need to read the case's trail for them.
    if track is None or track.id is None or track.state not in awaiting_filing_states(track.kind):
        return None
    return changed_after_approval(track.id, track.kind, track.state,
                                  _events(session, track.case_id))


def case_changes_after_approval(*, session: Session,
                                case_id: int) -> dict[int, ChangedAfterApproval]:
    """The same for every track of the case, by track id (only the tracks concerned)."""
    events = _events(session, case_id)
    out: dict[int, ChangedAfterApproval] = {}
    for track in session.exec(select(FilingTrack).where(FilingTrack.case_id == case_id)).all():
        if track.id is not None and (found := changed_after_approval(
                track.id, track.kind, track.state, events)):
            out[track.id] = found
    return out
