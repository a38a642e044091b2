"""The demo shows the reported CN-US-CAPITAL approval as a running track: DEMO-08 is
screened with the reported / proposed measures and its track filed and accepted."""

from __future__ import annotations

from sqlmodel import select

from approvals.services.screening import current_screening
from approvals.store.db import Database
from approvals.store.models import Case, FilingTrack


def test_a_demo_case_has_a_cn_us_capital_track_under_way(demo: Database) -> None:
    with demo.read_session() as session:
        tracks = session.exec(select(FilingTrack).where(
            FilingTrack.regime == "CN-US-CAPITAL")).all()
        assert [t.state for t in tracks] == ["accepted"]
        case = session.get(Case, tracks[0].case_id)
        assert case is not None and case.reference == "AP-2026-0008"
        screening = current_screening(session, tracks[0].case_id)
        assert screening is not None and screening.include_proposed
        others = session.exec(select(Case.id)).all()
        assert sum(bool((s := current_screening(session, i)) and s.include_proposed)
                   for i in others if i is not None) == 1
