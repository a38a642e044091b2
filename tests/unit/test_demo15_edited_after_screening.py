"""The demo shows a screening the facts have moved past: DEMO-10's stake was edited after
its screening (workflow.json `facts_edited_after_screening`) and not screened again, so
its Screening tab names the change and the regimes whose reasons quote the old stake, and
those tracks' Approve for filing waits for a new screening. Every other demo case's
screening fits its facts."""

from __future__ import annotations

from sqlmodel import select

from approvals.services.workspace import case_bundle
from approvals.store.db import Database
from approvals.store.models import Case


def test_one_demo_case_has_facts_edited_since_its_screening(demo: Database) -> None:
    with demo.read_session() as session:
        references = session.exec(select(Case.reference).order_by(Case.id)).all()
        bundles = {r: case_bundle(session, reference=r) for r in references}
    stale = {r: b.unscreened for r, b in bundles.items() if b.unscreened.changes}
    assert list(stale) == ["AP-2026-0010"]
    unscreened = stale["AP-2026-0010"]
    assert [(c.path, c.actor) for c in unscreened.changes] == [
        ("deal.stake_after_pct", "li.wei")]
    assert sorted(unscreened.regimes) == ["CN-FISR", "CN-SAMR"]
    facts = bundles["AP-2026-0010"].facts
    assert facts["deal"]["stake_after_pct"] == 45
