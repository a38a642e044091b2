"""The status report's account of a conditional clearance: each track's Conditions table
(status, overdue as of the report's date, who fulfilled or waived it, when and why) and
the audit timeline's sentences (domain.event_text), read back with pypdf."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from functools import partial
from typing import Any

import pypdf
import pytest
from sqlmodel import col, select

from approvals.domain.event_text import EventFacts, event_sentence, value_text
from approvals.domain.facts import parse_facts
from approvals.filings.data import Condition
from approvals.services.case_edit import update_case_facts
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.services.workflow import set_obligation_status
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, FilingTrack, Obligation
from tests.pdf_support import pdf_words, status_report_pdf
from tests.workflow_support import complete_for_filing, take_step

PREP = Actor("pat", ("preparer",))
APPR = Actor("adam", ("approver",))
ADMIN = Actor("alice", ("preparer", "approver", "admin"))
TODAY = date(2026, 11, 2)
KEEP = "Keep design data in China"
REPORT = "Annual report to NDRC"
LATE = "Register the board change"
LATER = "Audit the data flows"


def _case(db: Database) -> tuple[int, int]:
    with db.session() as s:
        case = create_case(s, facts=parse_facts(demo_facts()[0]), actor=PREP, status="draft",
                           today=TODAY)
        track = FilingTrack(case_id=case.id, regime="CN-FISR", kind="CN-FISR",
                            outcome="approval_required")
        s.add(track)
        s.flush()
        complete_for_filing(s, case.reference, PREP)
        assert case.id is not None and track.id is not None
        return case.id, track.id


_step = partial(take_step, today=TODAY)


def _cleared_with_conditions(db: Database) -> tuple[int, int, dict[str, int]]:
    """A CN-FISR track cleared with four conditions; {text: obligation id}."""
    case_id, track_id = _case(db)
    _step(db, track_id, "submit_for_review", PREP)
    _step(db, track_id, "approve_for_filing", APPR, on="2026-08-04")
    _step(db, track_id, "file", PREP, filing_reference="FISR-1", on="2026-08-06")
    _step(db, track_id, "accept", PREP, on="2026-08-10")
    _step(db, track_id, "start_preliminary_review", PREP, on="2026-08-10")
    _step(db, track_id, "start_general_review", PREP, on="2026-08-28")
    _step(db, track_id, "clear_with_conditions", PREP, on="2026-10-16",
          reason="Decision notice received",
          conditions=[{"text": KEEP, "due_date": "2099-06-30"},
                      {"text": REPORT, "due_date": "2099-10-16"},
                      {"text": LATE, "due_date": "2026-10-30"},  # past: overdue while open
                      {"text": LATER, "due_days": 800}])  # into 2028: estimated
    with db.read_session() as s:
        ids = {o.text.split(" (")[0]: o.id or 0 for o in s.exec(
            select(Obligation).where(Obligation.track_id == track_id)
            .order_by(col(Obligation.id))).all()}
    return case_id, track_id, ids


def _set(db: Database, obligation_id: int, status: str, reason: str = "") -> None:
    with db.session() as s:
        set_obligation_status(session=s, obligation_id=obligation_id, status=status,
                              actor=PREP, reason=reason)


def _reference(db: Database, case_id: int) -> str:
    with db.read_session() as s:
        case = s.get(Case, case_id)
        assert case is not None
        return case.reference


def _render(db: Database, case_id: int, *, final: bool = False) -> bytes:
    return status_report_pdf(db, case_id, ADMIN, final=final)


def _between(text: str, start: str, end: str) -> str:
    at = text.index(start)
    return text[at:text.index(end, at)]


@pytest.fixture
def conditions(db: Database) -> tuple[int, dict[str, int]]:
    case_id, _, ids = _cleared_with_conditions(db)
    _set(db, ids[KEEP], "fulfilled")
    _set(db, ids[REPORT], "waived", reason="NDRC letter lifts it")
    return case_id, ids


def test_each_track_with_conditions_has_a_conditions_table(db: Database, conditions) -> None:
    case_id, _ = conditions
    text = pdf_words(_render(db, case_id))
    table = _between(text, "Conditions of the CN-FISR track", "Documents")
    assert table.index("Condition Due date Status") >= 0
    # Each condition with its due date and status; a fulfilled or waived one says by whom
    # and when, a waiver why.
    assert f"{KEEP} 2099-06-30 Fulfilled by pat [preparer] at " in table
    assert f"{REPORT} 2099-10-16 Waived by pat [preparer] at " in table
    assert "reason: NDRC letter lifts it" in table
    assert re.search(r"Fulfilled by pat \[preparer\] at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", table)
    # An open one past its date is overdue (said in words); one not yet due is just open.
    assert re.search(rf"{LATE} 2026-10-30 Open OVERDUE \(due 2026-10-30, as of "
                     r"\d{4}-\d\d-\d\d UTC\)", table)
    late = _between(table, LATE, LATER)
    assert "by pat" not in late  # an open condition was set by no one
    # Counted in a year without an official holiday schedule: the due date says so (once:
    # the condition as the authority worded it, without the app's note).
    assert re.search(rf"{LATER} 2028-\d\d-\d\d \(estimated: holiday schedule not yet official\) "
                     "Open", table), table
    assert "due date estimated" not in table
    assert "2099-06-30 (estimated" not in table


def test_a_track_without_conditions_has_no_conditions_table(db: Database) -> None:
    case_id, _ = _case(db)
    assert "Conditions of the" not in pdf_words(_render(db, case_id))


def test_a_reopened_condition_is_open_again_and_the_timeline_says_so(db: Database,
                                                                     conditions) -> None:
    case_id, ids = conditions
    _set(db, ids[KEEP], "open", reason="the authority asked again")
    text = pdf_words(_render(db, case_id))
    table = _between(text, "Conditions of the CN-FISR track", "Documents")
    assert f"{KEEP} 2099-06-30 Open" in table
    assert "Fulfilled" not in table
    timeline = _between(text, "Audit timeline", "Audit chain")
    assert f"CN-FISR: condition '{KEEP}' re-opened (status fulfilled → open)" in timeline


def test_the_timeline_says_condition_events_and_field_changes_as_sentences(
        db: Database, conditions) -> None:
    case_id, _ = conditions
    with db.session() as s:
        case = s.get(Case, case_id)
        assert case is not None
        data = json.loads(case.facts)
        before = data["deal"]["stake_after_pct"]
        data["deal"]["stake_after_pct"] = 10
        update_case_facts(session=s, case_id=case_id, expected_version=case.version,
                          new_facts=parse_facts(data), actor=PREP, reason="term sheet v3")
    text = pdf_words(_render(db, case_id))
    timeline = _between(text, "Audit timeline", "Audit chain")
    # Its days as every other date of the report, YYYY-MM-DD.
    assert (f"CN-FISR: condition '{KEEP}' added, due 2099-06-30; "
            "reason: Decision notice received") in timeline
    assert f"CN-FISR: condition '{KEEP}' marked fulfilled (status open → fulfilled)" in timeline
    assert (f"CN-FISR: condition '{REPORT}' waived (status open → waived); "
            "reason: NDRC letter lifts it") in timeline
    # The exact stored values, old → new, and the field by name.
    assert (f"field Stake after the deal (%) (Deal): {value_text(before)} → 10; "
            "reason: term sheet v3") in timeline
    # Track steps in the workflow's words, with what they recorded.
    assert "CN-FISR: Approved for filing → Filed; filing reference FISR-1; on 2026-08-06" \
        in timeline
    assert "CN-FISR: General review → Cleared with conditions" in timeline
    # No raw key=value text or bare "status:" lines for the actions the app records.
    for raw in ("text=", "due_date=", "status:", "kind=", "outcome=", "as_of=", "rulebook="):
        assert raw not in timeline, raw


def test_a_final_with_conditions_is_byte_identical_on_re_render(db: Database, conditions) -> None:
    case_id, _ = conditions
    first = _render(db, case_id, final=True)
    again = _render(db, case_id, final=True)
    assert first == again
    reader = pypdf.PdfReader(io.BytesIO(first))
    count = len(reader.pages)
    for n, page in enumerate(reader.pages, start=1):
        assert f"Page {n} of {count}" in (page.extract_text() or "")
        for font in page["/Resources"]["/Font"].values():  # type: ignore[index]
            font = font.get_object()
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]


# -- the pure parts ------------------------------------------------------------------------

def test_a_condition_is_overdue_only_while_open_and_past_its_date() -> None:
    late = Condition(1, "x", "2026-10-30", "open")
    assert late.overdue("2026-10-31T08:00:00Z")
    assert not late.overdue("2026-10-30T23:59:59Z")  # due that day: not yet overdue
    assert not Condition(2, "x", "2026-10-30", "fulfilled").overdue("2027-01-01")
    assert not Condition(3, "x", "2026-10-30", "waived").overdue("2027-01-01")
    assert not Condition(4, "x", None, "open").overdue("2027-01-01")
    assert Condition(5, "Report (due date estimated: no official CN holiday schedule is "
                     "held for 2099)", "2099-01-05", "open").estimated
    assert not late.estimated


ESTIMATED_NOTE = " (due date estimated: no official CN holiday schedule is held for 2027)"


@pytest.mark.parametrize(("event", "kw", "expected"), [
    (EventFacts("obligation.created", "3", new={"text": KEEP, "due_date": "2027-06-30"}),
     {}, f"condition '{KEEP}' added, due 30 Jun 2027"),
    (EventFacts("obligation.created", "3", new={"text": KEEP, "due_date": None}),
     {}, f"condition '{KEEP}' added, no due date"),
    # Counted through a year without an official schedule: the app's note is said beside
    # the date, not quoted as if it were the authority's words.
    (EventFacts("obligation.created", "3", new={"text": KEEP + ESTIMATED_NOTE,
                                                "due_date": "2027-06-30"}),
     {}, f"condition '{KEEP}' added, due 30 Jun 2027 (estimated)"),
    (EventFacts("obligation.status", "3", "status", "open", "fulfilled"),
     {"condition": KEEP + ESTIMATED_NOTE},
     f"condition '{KEEP}' marked fulfilled (status open → fulfilled)"),
    (EventFacts("obligation.status", "3", "status", "open", "fulfilled"),
     {"condition": KEEP}, f"condition '{KEEP}' marked fulfilled (status open → fulfilled)"),
    (EventFacts("obligation.status", "3", "status", "open", "waived"),
     {"condition": KEEP, "regime": "CN-FISR"},
     f"CN-FISR: condition '{KEEP}' waived (status open → waived)"),
    (EventFacts("obligation.status", "9", "status", "waived", "open"),
     {}, "condition #9 re-opened (status waived → open)"),
    (EventFacts("field.changed", "AP-1", "deal.stake_after_pct", 6.5, 10),
     {}, "field Stake after the deal (%) (Deal): 6.5 → 10"),
    (EventFacts("field.changed", "AP-1", "target.name_en", "Old Co", ""),
     {}, 'field Name (English) (Target company): Old Co → ""'),
    (EventFacts("field.changed", "AP-1", "deal.expected_completion_date", None, "2027-01-01"),
     {}, "field Expected completion (Deal): ∅ → 2027-01-01"),
    (EventFacts("track.transition", "1", "state", "filed", "accepted",
                {"from": "filed", "to": "accepted", "on": "2026-08-10"}),
     {"state_name": {"filed": "Filed", "accepted": "Accepted"}.__getitem__},
     "Filed → Accepted; on 10 Aug 2026"),
    (EventFacts("track.due_recomputed", "1", "due_date", "2027-01-04", "2027-01-05",
                {"estimated": [True, False]}),
     {}, "due date 4 Jan 2027 → 5 Jan 2027, no longer estimated"),
    (EventFacts("case.completed", "AP-1", "status", "open", "completed",
                {"completed_on": "2026-12-01"}),
     {}, "deal completed on 1 Dec 2026 (case status open → completed)"),
    (EventFacts("document.restriction_changed", "4", "restricted",
                {"restricted": False, "allowed_users": []},
                {"restricted": True, "allowed_users": ["pat", "adam"]}),
     {}, "document #4 access: open to every user → restricted to pat and adam"),
    (EventFacts("case.rescreen_accepted", "AP-1", None,
                {"rulebook": "r1", "as_of": "2026-01-01"}, {"rulebook": "r2", "as_of": "2026-02-01"},
                {"changes": [{"regime": "US-OISP", "old": "not_required",
                              "new": "notification_required"}]}),
     {}, "new screening accepted: rulebook r1 as of 2026-01-01 → rulebook r2 as of 2026-02-01; "
         "outcomes changed: US-OISP not required → notification required"),
    (EventFacts("review.proposal_accepted", "AP-1", "deal.stake_after_pct", 6.5, 7),
     {}, "proposed change accepted: field Stake after the deal (%) (Deal): 6.5 → 7"),
    (EventFacts("case.particulars_changed", "AP-1", "filing.particulars.AP-1",
                {"representative": {"name": "A"}}, {"representative": {"name": "B"}}),
     {}, "filing particulars changed: Filer's representative (US notification) — Name: "
         "A → B"),
])
def test_event_sentences(event: EventFacts, kw: dict[str, Any], expected: str) -> None:
    assert event_sentence(event, **kw) == expected


def test_no_demo_event_is_printed_as_raw_key_value_text(demo: Database) -> None:
    """Every event of every demo case (screenings, tracks opened and stepped, conditions,
    documents, particulars...) reads as words: no `key=value`, no raw JSON object. The
    demo is copied from the session's load (conftest `demo`), not loaded again."""
    from approvals.services.filings import load_filing_data

    actions: set[str] = set()
    with demo.read_session() as s:
        for reference in s.exec(select(Case.reference)).all():
            for event in load_filing_data(s, reference).timeline:
                actions.add(event.action)
                assert event.summary, event
                assert not re.search(r"\b[a-z_.]+=", event.summary), event.summary
                assert '{"' not in event.summary, event.summary
    assert {"obligation.created", "track.transition", "case.screened",
            "document.attached"} <= actions


def test_the_case_status_reads_as_the_case_windows_header(demo: Database, admin: Actor) -> None:
    """The report said "Case status Open" where the case list said "Draft" and the case
    window "Open; least advanced: Draft": one question, now one answer."""
    from approvals.services.workflow import track_view
    from approvals.ui.case_view import header_status

    with demo.read_session() as s:
        case = s.exec(select(Case).where(Case.reference == "AP-2026-0002")).one()
        tracks = s.exec(select(FilingTrack).where(FilingTrack.case_id == case.id)).all()
        views = [track_view(session=s, track_id=t.id or 0) for t in tracks]
        from approvals.services.screening import current_screening
        header = header_status(case.status, views, current_screening(s, case.id or 0))
        case_id = case.id or 0
    assert header.startswith("Open; least advanced: ")
    words = pdf_words(status_report_pdf(demo, case_id, admin))
    assert f"Case status {header}" in words, words[:600]
