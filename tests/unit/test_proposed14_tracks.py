"""The reported CN-US-CAPITAL approval reaches a case's tracks: a case created with the
reported / proposed measures included (the wizard's box) is screened with them and gets a
CN-US-CAPITAL track; an existing case gets one by accepting a re-screening with the
setting changed, and the trail records the change of setting."""

from __future__ import annotations

import json

from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.services.drafts import finish_draft, save_draft
from approvals.services.screening import accept_rescreen, current_screening
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event, FilingTrack
from tests.conftest import EXAMPLES_DIR

FRONTIER = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))


def _regimes(db: Database, case_id: int) -> set[str]:
    with db.read_session() as session:
        return set(session.exec(select(FilingTrack.regime)
                                .where(FilingTrack.case_id == case_id)).all())


def test_a_case_created_with_the_reported_measures_gets_their_track(db: Database,
                                                                       admin: Actor) -> None:
    with db.session() as session:
        with_them = create_case(session, facts=parse_facts(FRONTIER), actor=admin,
                                include_proposed=True)
        without = create_case(session, facts=parse_facts(FRONTIER), actor=admin)
        assert current_screening(session, with_them.id).include_proposed  # type: ignore[union-attr]
        assert not current_screening(session, without.id).include_proposed  # type: ignore[union-attr]
    assert "CN-US-CAPITAL" in _regimes(db, with_them.id)
    assert "CN-US-CAPITAL" not in _regimes(db, without.id)
    assert _regimes(db, with_them.id) - {"CN-US-CAPITAL"} == _regimes(db, without.id)


def test_a_draft_finished_with_the_reported_measures_gets_their_track(db: Database,
                                                                        admin: Actor) -> None:
    with db.session() as session:
        draft = save_draft(session, actor=admin, data=FRONTIER)
        case = finish_draft(session, actor=admin, reference=draft.reference,
                            include_proposed=True)
    assert "CN-US-CAPITAL" in _regimes(db, case.id)


def test_accepting_a_rescreening_with_the_setting_changed_opens_the_track(
        db: Database, admin: Actor) -> None:
    with db.session() as session:
        case = create_case(session, facts=parse_facts(FRONTIER), actor=admin)
    with db.session() as session:  # the setting kept: nothing new
        kept = accept_rescreen(session=session, case_id=case.id, actor=admin,
                               reason="rulebook update")
        assert kept.opened == () and not kept.screening.include_proposed
    with db.session() as session:
        accepted = accept_rescreen(session=session, case_id=case.id, actor=admin,
                                   reason="screen the reported NDRC approval too",
                                   include_proposed=True)
        assert [t.regime for t in accepted.opened] == ["CN-US-CAPITAL"]
        assert accepted.screening.include_proposed
        assert [(c.regime, c.old_outcome, c.new_outcome) for c in accepted.changes] == [
            ("CN-US-CAPITAL", None, "approval_required")]
    with db.read_session() as session:
        events = session.exec(select(Event).where(Event.action == "case.rescreen_accepted")
                              .order_by(Event.id)).all()
        olds = [json.loads(e.old_value or "{}") for e in events]
        news = [json.loads(e.new_value or "{}") for e in events]
    assert "include_proposed" not in olds[0] and "include_proposed" not in news[0]
    assert olds[1]["include_proposed"] is False and news[1]["include_proposed"] is True
    with db.session() as session:  # None keeps the setting now stored
        again = accept_rescreen(session=session, case_id=case.id, actor=admin, reason="again")
        assert again.screening.include_proposed and again.opened == ()
