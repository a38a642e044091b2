"""A deal the negative list prohibits opens no filing track, and neither does a regime the
screening could not decide; Mark completed refuses both (workflow.completion_blockers),
and the case list, `approvals case list` and the case window's header say "blocked" for
them as they do for a refused track, from what the current screening stored."""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.cases import create_case, list_cases, status_text
from approvals.services.demo import demo_facts
from approvals.services.workflow import completion_blockers
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, FilingTrack

TODAY = date(2026, 12, 16)
NEWS = 6  # demo facts: a news company, on the negative list; its technology facts unstated


def _news_case(db: Database, admin: Actor) -> int:
    with db.session() as s:
        case = create_case(s, facts=parse_facts(demo_facts()[NEWS]), actor=admin, today=TODAY)
        return case.id


def _row(db: Database, case_id: int):
    with db.session() as s:
        return next(r for r in list_cases(s) if r.id == case_id)


def test_a_prohibition_without_a_track_blocks_the_case_in_the_list(db: Database,
                                                                   admin: Actor) -> None:
    case_id = _news_case(db, admin)
    with db.session() as s:
        assert s.get(Case, case_id).screening_blocks == (
            "CN-NEGATIVE-LIST:prohibited CN-TECH-EXPORT:needs_info")
        assert not s.exec(select(FilingTrack)).all()  # the deal opens no filing track
        refused = completion_blockers(session=s, case_id=case_id)
    row = _row(db, case_id)
    assert row.blocked == (("CN-NEGATIVE-LIST", "prohibited by screening"),
                           ("CN-TECH-EXPORT", "facts missing"))
    # Beside a prohibition, facts missing is left to the tooltip's list of blocks.
    assert status_text(row.status, row.worst_state, row.blocked) == (
        "Open (blocked: prohibited by screening)")
    assert status_text(row.status, row.worst_state, row.blocked[1:]) == (
        "Open (blocked: facts missing)")
    # The same regimes Mark completed names.
    assert [line.split(":")[0] for line in refused] == ["CN-NEGATIVE-LIST", "CN-TECH-EXPORT"]


def test_a_track_of_the_regime_carries_its_own_outcome(db: Database, admin: Actor) -> None:
    case_id = _news_case(db, admin)
    with db.session() as s:
        s.add(FilingTrack(case_id=case_id, regime="CN-TECH-EXPORT", kind="CN-TECH-EXPORT",
                          state="draft", outcome="approval_required"))
    row = _row(db, case_id)
    assert row.blocked == (("CN-NEGATIVE-LIST", "prohibited by screening"),)
    assert status_text(row.status, row.worst_state, row.blocked) == (
        "Draft (blocked: prohibited by screening)")


def test_a_closed_case_is_not_blocked(db: Database, admin: Actor) -> None:
    case_id = _news_case(db, admin)
    with db.session() as s:
        case = s.get(Case, case_id)
        case.status = "closed"
        s.add(case)
    row = _row(db, case_id)
    assert row.blocked == ()
    assert status_text(row.status, row.worst_state, row.blocked) == "Closed"


def test_upgrade_fills_the_blocks_from_the_current_screening(data_dir: DataDir) -> None:
    from approvals.store.db import make_engine
    from approvals.store.migrate import open_database, upgrade

    def result(*determinations: tuple[str, str, str]) -> str:
        return json.dumps({"as_of": "2026-12-01", "rulebook": "x", "determinations": [
            {"regime": regime, "outcome": outcome, "status": status, "reasons": [],
             "missing": []} for regime, outcome, status in determinations]})

    engine = make_engine(data_dir.database)
    upgrade(engine, "0011")
    with engine.begin() as conn:
        for number in (1, 2, 3):
            conn.exec_driver_sql(
                "INSERT INTO cases (id, reference, facts, status, owner, target_name, "
                "investor_name, created_at, updated_at, version) VALUES (?, ?, '{}', 'open', "
                "'a', 't', 'i', 'x', 'x', 1)", (number, f"AP-2026-000{number}"))
        screenings = [
            # An older screening of case 1 is not its current one.
            (1, result(("CN-FISR", "prohibited", "in_force")), 0),
            (1, result(("CN-NEGATIVE-LIST", "prohibited", "in_force"),
                       ("CN-FISR", "approval_required", "in_force"),
                       ("CN-DATA-EXPORT", "needs_info", "in_force"),
                       ("CN-US-CAPITAL", "needs_info", "reported")), 1),
            (2, result(("US-OISP", "not_covered", "in_force")), 1),
            (3, "not json", 1),
        ]
        for case_id, text, current in screenings:
            conn.exec_driver_sql(
                "INSERT INTO screenings (case_id, as_of, rulebook_version, include_proposed, "
                "result, created_at, created_by, current) VALUES (?, '2026-12-01', 'x', 0, ?, "
                "'x', 'a', ?)", (case_id, text, current))
    engine.dispose()
    db = open_database(data_dir)
    with db.engine.connect() as conn:
        stored = [r[0] for r in conn.exec_driver_sql(
            "SELECT screening_blocks FROM cases ORDER BY id")]
    db.dispose()
    assert stored == ["CN-NEGATIVE-LIST:prohibited CN-DATA-EXPORT:needs_info", "", ""]
