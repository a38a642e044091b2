"""services.cases.list_cases: the one case-list read (UI and `approvals case list`)."""

from __future__ import annotations

import json

from approvals.domain.facts import parse_facts
from approvals.services.cases import CaseRow, create_case, list_cases
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.conftest import EXAMPLES_DIR


def _facts() -> object:
    return parse_facts(json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text()))


def test_drafts_filter_first_rows_and_track_figures(db: Database, admin: Actor) -> None:
    with db.session() as s:
        opened = create_case(s, facts=_facts(), actor=admin)
        draft = create_case(s, facts=_facts(), actor=admin, status="draft")
        second = create_case(s, facts=_facts(), actor=admin)
    with db.read_session() as s:
        every = list_cases(s)
        submitted = list_cases(s, include_drafts=False)
        head = list_cases(s, first=1)
    assert [r.reference for r in every] == [opened.reference, draft.reference, second.reference]
    assert [r.reference for r in submitted] == [opened.reference, second.reference]
    assert [r.reference for r in head] == [opened.reference]
    row = every[0]
    assert isinstance(row, CaseRow) and row.status == "open"
    # A screened case has tracks: their regimes, a worst state and (for the first rows
    # read on their own) the same figures as the full read.
    assert row.regimes and row.worst_state
    assert head[0] == row
    assert every[1].regimes == () and every[1].worst_state == ""


def test_a_prohibition_without_a_track_still_needs_action(db: Database, admin: Actor) -> None:
    data = json.loads((EXAMPLES_DIR / "consumer-app.json").read_text())
    data["target"]["activities"] = ["news_information"]  # prohibited by the negative list
    with db.session() as s:
        case = create_case(s, facts=parse_facts(data), actor=admin)
    with db.read_session() as s:
        (row,) = list_cases(s)
    assert row.reference == case.reference
    assert "CN-NEGATIVE-LIST" in row.regimes


def test_upgrade_fills_the_regimes_from_the_current_screening(data_dir, admin: Actor) -> None:
    from approvals.store.db import make_engine
    from approvals.store.migrate import open_database, upgrade

    engine = make_engine(data_dir.database)
    upgrade(engine, "0003")
    result = {"as_of": "2026-12-01", "rulebook": "x", "determinations": [
        {"regime": "US-OISP", "outcome": "prohibited", "status": "in_force", "reasons": [], "missing": []},
        {"regime": "CN-FISR", "outcome": "not_required", "status": "in_force", "reasons": [], "missing": []},
        {"regime": "CN-NEGATIVE-LIST", "outcome": "prohibited", "status": "in_force", "reasons": [], "missing": []},
    ]}
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO cases (id, reference, facts, status, owner, target_name, investor_name, "
            "created_at, updated_at, version) VALUES (1, 'AP-2026-0001', '{}', 'open', 'a', 't', "
            "'i', 'x', 'x', 1)")
        conn.exec_driver_sql(
            "INSERT INTO screenings (case_id, as_of, rulebook_version, include_proposed, result, "
            "created_at, created_by, current) VALUES (1, '2026-12-01', 'x', 0, ?, 'x', 'a', 1)",
            (json.dumps(result),))
    engine.dispose()
    db = open_database(data_dir)
    with db.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT action_regimes FROM cases").scalar()
    db.dispose()
    assert stored == "CN-NEGATIVE-LIST US-OISP"
