"""One step of a filing track taken through the workflow service, as tests set a track up:
the track's current version read in the same unit of work (no conflict to provoke)."""

from __future__ import annotations

from typing import Any

from approvals.services.workflow import transition
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import FilingTrack


def take_step(db: Database, track_id: int, name: str, actor: Actor, **params: Any) -> Any:
    """`transition` with the track's version as it is now; `params` as the service takes
    them (on=..., reason=..., today=..., conditions=...)."""
    with db.session() as s:
        track = s.get(FilingTrack, track_id)
        assert track is not None
        return transition(session=s, track_id=track_id, transition_name=name, actor=actor,
                          expected_version=track.version, **params)
