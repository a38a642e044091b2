"""Advance the demo cases' filing tracks through realistic steps (resources/demo/workflow.json).

Runs the real services — the transition table, guards, four-eyes, clocks and audit — with
two demo users, so the demo shows tracks in review, stopped, cleared with conditions,
acknowledged and overdue. A step the services refuse stops that track where it is; the demo never forces a state.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from approvals.domain.errors import ApprovalsError
from approvals.resources import resource_path
from approvals.services.workflow import transition
from approvals.store.audit import Actor
from approvals.store.models import Case, FilingTrack

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DemoStepsResult:
    steps_taken: int
    stopped: tuple[str, ...]  # "DEMO-02 CN-FISR file: why" for each track that stopped early


def demo_workflow() -> dict[str, Any]:
    return json.loads(resource_path("demo", "workflow.json").read_text(encoding="utf-8"))


def demo_people() -> dict[str, Actor]:
    """The demo's people by their part in the scripts (workflow.json `actors`)."""
    return {key: Actor(a["username"], tuple(a["roles"]), a.get("display_name", ""))
            for key, a in demo_workflow()["actors"].items()}


def demo_case(session: Session, demo_ref: str) -> Case | None:
    """The case created from the demo facts `demo_ref` (the facts' own reference)."""
    return session.exec(select(Case).where(
        func.json_extract(Case.facts, "$.reference") == demo_ref)).first()


def _track(session: Session, demo_ref: str, regime: str) -> FilingTrack | None:
    case = demo_case(session, demo_ref)
    if case is None:
        return None
    return session.exec(
        select(FilingTrack).where(FilingTrack.case_id == case.id, FilingTrack.regime == regime)
    ).first()


def advance_demo_tracks(session: Session, *, demo_refs: Iterable[str]) -> DemoStepsResult:
    """Take the scripted steps on the tracks of the demo cases just created."""
    script = demo_workflow()
    actors = demo_people()
    wanted = set(demo_refs)
    taken, stopped = 0, []
    for entry in script["tracks"]:
        if entry["case"] not in wanted:
            continue
        track = _track(session, entry["case"], entry["regime"])
        if track is None or track.id is None:
            continue  # screening did not open this track (rulebook or facts differ)
        for name, who, on, params, *reason in entry["steps"]:
            actor = actors[who]
            try:
                with session.begin_nested():  # a refused step leaves nothing behind
                    transition(session=session, track_id=track.id, transition_name=name,
                               actor=actor, reason=reason[0] if reason else "",
                               expected_version=track.version, today=date.fromisoformat(on),
                               on=on, **params)
            except ApprovalsError as exc:
                log.warning("demo: %s %s stopped at %s: %s", entry["case"], entry["regime"],
                            name, exc)
                stopped.append(f"{entry['case']} {entry['regime']} {name}: {exc}")
                break
            session.refresh(track)
            taken += 1
    return DemoStepsResult(taken, tuple(stopped))
