"""services.cases.list_cases: the one case-list read (UI and `approvals case list`)."""

from __future__ import annotations

import json

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
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


def test_next_deadline_counts_open_conditions_and_says_when_it_is_estimated(
    db: Database, admin: Actor
) -> None:
    from sqlmodel import select

    from approvals.services.workspace import open_deadlines
    from approvals.store.models import FilingTrack, Obligation

    with db.session() as s:
        vision = json.loads((EXAMPLES_DIR / "vision-startup.json").read_text())
        case = create_case(s, facts=parse_facts(vision), actor=admin)  # three tracks
        tracks = s.exec(select(FilingTrack).where(FilingTrack.case_id == case.id)).all()
        for other in tracks[2:]:
            other.due_date = None
        running, cleared = tracks[0], tracks[1]
        running.due_date, running.due_estimated, running.completed_on = "2031-03-10", True, None
        cleared.due_date, cleared.completed_on = "2026-01-01", "2026-01-01"  # done: not counted
        s.add_all([running, cleared])
        s.flush()
        s.add(Obligation(track_id=cleared.id, text="Report annually", due_date="2031-05-01"))
        s.add(Obligation(track_id=cleared.id, text="Done", due_date="2026-02-01", status="fulfilled"))
    with db.read_session() as s:
        (row,) = list_cases(s)
        assert (row.next_deadline, row.next_deadline_estimated) == ("2031-03-10", True)
        assert list_cases(s, first=1) == [row]
    # A condition falls due before the running clock: it is the next deadline, and an
    # obligation's own date is not an estimate.
    with db.session() as s:
        s.add(Obligation(track_id=cleared.id, text="Keep the data in China", due_date="2027-06-30"))
    with db.read_session() as s:
        (row,) = list_cases(s)
        assert (row.next_deadline, row.next_deadline_estimated) == ("2027-06-30", False)
        assert list_cases(s, first=1) == [row]
        deadlines = open_deadlines(s)
    # The dashboard lists the open conditions beside the open tracks, earliest first.
    conditions = [(d.due_date, d.condition) for d in deadlines if d.condition]
    assert conditions == [("2027-06-30", "Keep the data in China"), ("2031-05-01", "Report annually")]
    dated = [d.due_date for d in deadlines if d.due_date]
    assert dated == sorted(dated) and deadlines[0].condition == "Keep the data in China"


def test_the_chinese_name_and_own_reference_follow_the_facts(db: Database, admin: Actor) -> None:
    """Kept beside the list's columns for the filter: on creation, on an edit of the facts
    and while an intake draft is being typed."""
    from approvals.services.case_edit import update_case_facts
    from approvals.services.drafts import save_draft

    data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text())
    data["target"]["name_zh"] = " 示例前沿智能有限公司 "
    data["reference"] = "SH-LEGAL-0042"
    with db.session() as s:
        case = create_case(s, facts=parse_facts(data), actor=admin)
        draft = save_draft(s, actor=admin, data={"target": {"name_zh": "草稿公司", "name_en": 7},
                                                 "reference": ["not text"]})
    with db.read_session() as s:
        rows = {r.reference: r for r in list_cases(s)}
    assert (rows[case.reference].target_zh, rows[case.reference].own_reference) == (
        "示例前沿智能有限公司", "SH-LEGAL-0042")
    assert (rows[draft.reference].target_zh, rows[draft.reference].own_reference) == (
        "草稿公司", "")

    data["target"]["name_zh"] = None
    data["reference"] = "SH-LEGAL-0043"
    with db.session() as s:
        update_case_facts(session=s, case_id=case.id, expected_version=case.version,
                          new_facts=parse_facts(data), actor=admin, reason="renamed file")
    with db.read_session() as s:
        row = next(r for r in list_cases(s) if r.reference == case.reference)
    assert (row.target_zh, row.own_reference) == ("", "SH-LEGAL-0043")


def _cases_at(data_dir: DataDir, revision: str, facts: list[str]) -> None:
    """A database at `revision` holding one open case per facts text (as stored then)."""
    from approvals.store.db import make_engine
    from approvals.store.migrate import upgrade

    engine = make_engine(data_dir.database)
    upgrade(engine, revision)
    with engine.begin() as conn:
        for number, text in enumerate(facts, start=1):
            conn.exec_driver_sql(
                "INSERT INTO cases (id, reference, facts, status, owner, target_name, "
                "investor_name, created_at, updated_at, version) VALUES (?, ?, ?, 'open', "
                "'a', 't', 'i', 'x', 'x', 1)", (number, f"AP-2026-000{number}", text))
    engine.dispose()


def test_upgrade_fills_the_chinese_name_and_own_reference_from_the_facts(data_dir) -> None:
    from approvals.store.migrate import open_database

    _cases_at(data_dir, "0006", [
        json.dumps({"reference": "SH-1", "target": {"name_zh": "深圳示例"}}),
        json.dumps({"reference": 5, "target": {"name_zh": ["x"]}}),  # a draft's odd values
        "not json",
        "[]",
    ])
    db = open_database(data_dir)
    with db.engine.connect() as conn:
        stored = conn.exec_driver_sql(
            "SELECT target_name_zh, own_reference FROM cases ORDER BY id").all()
    db.dispose()
    assert [tuple(r) for r in stored] == [("深圳示例", "SH-1"), ("", ""), ("", ""), ("", "")]


def test_upgrade_fills_the_parties_codes_from_the_facts(data_dir) -> None:
    from approvals.store.migrate import open_database

    _cases_at(data_dir, "0010", [
        json.dumps({"target": {"uscc": "91440300Y4CL12TH3X"},
                    "investor": {"lei": "549300DI8FPPV5ASPZ20"}}),
        json.dumps({"target": {"uscc": None}, "investor": {"lei": "549300DI8FPPV5ASPZ20"}}),
        json.dumps({"target": {"uscc": 5}}),  # a draft's odd value
        "not json",
    ])
    db = open_database(data_dir)
    with db.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT identifiers FROM cases ORDER BY id").scalars().all()
    with db.read_session() as s:
        listed = [r.identifiers for r in list_cases(s)]
    db.dispose()
    assert stored == listed == ["91440300Y4CL12TH3X 549300DI8FPPV5ASPZ20",
                                "549300DI8FPPV5ASPZ20", "", ""]


def test_a_draft_and_an_edit_keep_the_codes_the_filter_finds(db: Database, admin: Actor) -> None:
    from approvals.services.case_edit import update_case_facts
    from approvals.services.drafts import save_draft

    with db.session() as s:
        draft = save_draft(s, actor=admin, data={"target": {"uscc": " 91440300Y4CL12TH3X "}})
        case = create_case(s, facts=_facts(), actor=admin)
    data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text())
    data["investor"]["lei"] = "549300DI8FPPV5ASPZ20"
    with db.session() as s:
        update_case_facts(session=s, case_id=case.id, expected_version=case.version,
                          new_facts=parse_facts(data), actor=admin, reason="LEI found")
    with db.read_session() as s:
        codes = {r.reference: r.identifiers for r in list_cases(s)}
    assert codes == {draft.reference: "91440300Y4CL12TH3X", case.reference: "549300DI8FPPV5ASPZ20"}


def test_the_dashboard_reads_the_outcome_each_track_was_opened_for(db: Database,
                                                                   admin: Actor) -> None:
    from approvals.services.workspace import open_tracks

    with db.session() as s:
        create_case(s, facts=_facts(), actor=admin)  # frontier-lab: US-OISP prohibited
    with db.read_session() as s:
        outcomes = {t.regime: t.outcome for t in open_tracks(s)}
    assert outcomes["US-OISP"] == "prohibited"
    assert all(outcomes.values())
