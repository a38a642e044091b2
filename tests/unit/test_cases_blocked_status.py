"""The case list's Status says what blocks a deal's completion for good: a track refused by
its authority (also once closed) or found prohibited by the screening, in that track's own
words, after the least advanced open track; and a next deadline taken from a condition
counted through a year without an official holiday schedule is marked estimated."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from approvals.domain.facts import parse_facts
from approvals.services.cases import CaseRow, create_case, list_cases, status_text
from approvals.services.demo import demo_facts
from approvals.services.workflow import completion_blockers, transition
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, FilingTrack, Obligation
from tests.workflow_support import complete_for_filing, take_step

PREP = Actor("pat", ("preparer",))
APPR = Actor("adam", ("approver",))
TODAY = date(2026, 12, 16)


def _case(db: Database, *tracks: tuple[str, str, str]) -> tuple[int, list[int]]:
    """A case (a draft, so no screening opens tracks) with (kind, state, outcome) tracks."""
    with db.session() as s:
        case = create_case(s, facts=parse_facts(demo_facts()[0]), actor=PREP, today=TODAY,
                           status="draft")
        rows = [FilingTrack(case_id=case.id, regime=kind.removesuffix("-REGISTRATION"),
                            kind=kind, state=state, outcome=outcome)
                for kind, state, outcome in tracks]
        s.add_all(rows)
        s.flush()
        complete_for_filing(s, case.reference, PREP)
        ids = [t.id for t in rows]
    # Opened as draft to keep the screening's own tracks out; listed as an open case.
    with db.session() as s:
        stored = s.get(Case, case.id)
        assert stored is not None
        stored.status = "open"
        s.add(stored)
    return case.id, [i for i in ids if i is not None]


def _close(db: Database, track_id: int) -> None:
    with db.session() as s:
        track = s.get(FilingTrack, track_id)
        assert track is not None
        transition(session=s, track_id=track_id, transition_name="close", actor=PREP,
                   expected_version=track.version, today=TODAY)


def _row(db: Database, case_id: int, **kwargs: Any) -> CaseRow:
    with db.read_session() as s:
        return next(r for r in list_cases(s, **kwargs) if r.id == case_id)


def _said(row: CaseRow) -> str:
    return status_text(row.status, row.worst_state, row.blocked)


def test_a_refused_export_shows_beside_the_least_advanced_open_track(db: Database) -> None:
    case_id, _ = _case(db, ("CN-TECH-EXPORT", "prohibited", "approval_required"),
                       ("CN-DATA-EXPORT", "assessment", "approval_required"))
    row = _row(db, case_id)
    assert row.worst_state == "assessment"  # still the least advanced open track
    assert row.blocked == (("CN-TECH-EXPORT", "Export refused"),)
    assert _said(row) == "Assessment (blocked: Export refused)"
    with db.read_session() as s:  # what the list says agrees with what refuses completion
        assert completion_blockers(session=s, case_id=case_id)


def test_the_case_list_csv_says_what_blocks_completion(db: Database, tmp_path) -> None:
    """File → Export case list (CSV) gives auditors the list's words, refusal included."""
    import csv

    from approvals.services.exports import export_case_list_csv

    case_id, _ = _case(db, ("CN-TECH-EXPORT", "prohibited", "approval_required"),
                       ("CN-DATA-EXPORT", "assessment", "approval_required"))
    reference = _row(db, case_id).reference
    with db.session() as s:
        out = export_case_list_csv(s, actor=Actor("ada", ("admin",)),
                                   out=tmp_path / "cases.csv").path
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    status = rows[0].index("Status")
    (row,) = [r for r in rows[1:] if r[0] == reference]
    assert row[status] == "Assessment (blocked: Export refused)"


def test_a_refusal_still_blocks_once_its_track_is_closed(db: Database) -> None:
    case_id, (refused, cleared) = _case(
        db, ("CN-DATA-EXPORT", "prohibited", "approval_required"),
        ("CN-FISR", "cleared", "approval_required"))
    assert _said(_row(db, case_id)) == "Cleared (blocked: Assessment not passed)"
    _close(db, refused)
    _close(db, cleared)
    row = _row(db, case_id)
    assert row.worst_state == "closed"
    # The case is still open: its closed tracks said "Closed", read as the case's own.
    assert _said(row) == "Open (tracks closed; blocked: Assessment not passed)"
    assert _row(db, case_id, first=50).blocked == row.blocked  # the first rows say it too


def test_a_refusal_that_is_the_least_advanced_state_is_named_once(db: Database) -> None:
    case_id, _ = _case(db, ("CN-TECH-EXPORT", "prohibited", "approval_required"))
    assert _said(_row(db, case_id)) == "Export refused (blocks completion)"
    case_id, _ = _case(db, ("CN-FISR", "prohibited", "approval_required"),
                       ("CN-SAMR", "withdrawn", "approval_required"))
    assert _said(_row(db, case_id)) == "Prohibited (blocks completion)"


def test_a_screening_prohibition_blocks_a_track_that_can_never_be_filed(db: Database) -> None:
    case_id, _ = _case(db, ("US-OISP", "draft", "prohibited"),
                       ("CN-FISR", "general_review", "approval_required"))
    row = _row(db, case_id)
    assert _said(row) == "Draft (blocked: prohibited by screening)"
    assert row.blocked == (("US-OISP", "prohibited by screening"),)


def test_tracks_without_a_blocking_outcome_read_as_before(db: Database) -> None:
    case_id, (closed,) = _case(db, ("CN-SAMR", "cleared", "approval_required"))
    _close(db, closed)  # closed from a clearance: nothing blocks
    row = _row(db, case_id)
    assert row.blocked == () and _said(row) == "Open (tracks closed)"
    case_id, _ = _case(db, ("CN-FISR", "general_review", "approval_required"))
    assert _said(_row(db, case_id)) == "General review"
    assert status_text("draft", "", (("US-OISP", "prohibited by screening"),)) == "Intake not finished"


_step = partial(take_step, today=TODAY)


def test_a_next_deadline_from_an_estimated_condition_is_marked(db: Database) -> None:
    """A condition counted 19 calendar days after 15 Dec 2026 runs into 2027, a year
    without an official CN schedule: its date is the case's next deadline, estimated."""
    case_id, (track_id,) = _case(db, ("CN-FISR", "draft", "approval_required"))
    _step(db, track_id, "submit_for_review", PREP)
    _step(db, track_id, "approve_for_filing", APPR, on="2026-08-04")
    _step(db, track_id, "file", PREP, filing_reference="FISR-1", on="2026-08-06")
    _step(db, track_id, "accept", PREP, on="2026-08-10")
    _step(db, track_id, "start_preliminary_review", PREP, on="2026-08-10")
    _step(db, track_id, "start_general_review", PREP, on="2026-08-28")
    _step(db, track_id, "clear_with_conditions", PREP, on="2026-12-15", reason="Notice",
          conditions=[{"text": "Appoint a data protection officer", "due_days": 19},
                      {"text": "Register the board change", "due_date": "2027-03-01"}])
    row = _row(db, case_id)
    assert (row.next_deadline, row.next_deadline_estimated) == ("2027-01-04", True)
    # A typed date is never estimated.
    case_id, (track_id,) = _case(db, ("CN-SAMR", "draft", "approval_required"))
    with db.session() as s:
        s.add(Obligation(track_id=track_id, text="Divest", due_date="2027-02-25"))
    row = _row(db, case_id)
    assert (row.next_deadline, row.next_deadline_estimated) == ("2027-02-25", False)
