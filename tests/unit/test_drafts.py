"""Finishing a draft opens the case exactly as creating it does: screened once, tracks open."""

from __future__ import annotations

import json

from sqlmodel import select

from approvals.services.drafts import finish_draft, save_draft
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import FilingTrack, Screening
from tests.conftest import EXAMPLES_DIR


def test_finish_draft_screens_once_and_opens_tracks(db: Database, admin: Actor) -> None:
    data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text())
    with db.session() as s:
        ref = save_draft(s, actor=admin, data={"target": {"name_en": "Half typed"}}).reference
    with db.session() as s:
        case = finish_draft(s, actor=admin, reference=ref, data=data)
    with db.read_session() as s:
        current = s.exec(select(Screening.current).where(Screening.case_id == case.id)).all()
        regimes = s.exec(select(FilingTrack.regime).where(FilingTrack.case_id == case.id)).all()
    assert current == [True]  # screened once, not once by the service and again by the UI
    assert regimes, "the frontier-lab facts need at least one filing"
    assert len(set(regimes)) == len(regimes)
