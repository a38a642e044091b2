"""Demo cases: realistic deals across every regime, loaded idempotently."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.resources import resource_path
from approvals.services.case_edit import update_case_facts
from approvals.services.case_lifecycle import close_case
from approvals.services.cases import create_case
from approvals.services.demo_documents import add_demo_documents
from approvals.services.demo_workflow import (
    advance_demo_tracks,
    demo_case,
    demo_people,
    demo_workflow,
)
from approvals.services.review import set_path
from approvals.services.workflow import complete_case
from approvals.store.audit import Actor
from approvals.store.db import session_data_dir


@dataclass(frozen=True)
class DemoResult:
    created: tuple[str, ...]
    skipped: int
    documents: tuple[str, ...] = ()  # "DEMO-09: file name" attached, and finals stored
    not_added: tuple[str, ...] = ()  # demo documents left out, and why


def demo_facts() -> list[dict]:
    return json.loads(resource_path("demo", "cases.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class DemoPlan:
    """What loading the demo would do to this database: `to_add` demo cases not yet
    present, beside `own_cases` cases that are not the demo's."""
    own_cases: int
    to_add: int


def demo_plan(session: Session) -> DemoPlan:
    """Asked before loading: demo deals added beside real work sit among it (in the
    dashboard, the audit trail, the office's numbering), so the officer is asked first."""
    demo_refs = {d["reference"] for d in demo_facts()}
    references = [row[0] for row in session.connection().execute(
        text("SELECT json_extract(facts, '$.reference') FROM cases"))]
    return DemoPlan(own_cases=sum(1 for ref in references if ref not in demo_refs),
                    to_add=len(demo_refs - set(references)))


def load_demo(session: Session, *, actor: Actor, data_dir: DataDir | None = None) -> DemoResult:
    """Create the demo cases not yet present (matched on the facts' own reference), with
    their documents and final filings; `data_dir` defaults to the database's folder."""
    present = {
        row[0]
        for row in session.connection().execute(
            text("SELECT json_extract(facts, '$.reference') FROM cases")
        )
    }
    created, skipped = [], 0
    with_reported = set(demo_workflow()["screened_with_reported_measures"]["cases"])
    for data in demo_facts():
        if data["reference"] in present:
            skipped += 1
            continue
        case = create_case(session, facts=parse_facts(data), actor=actor,
                           include_proposed=data["reference"] in with_reported)
        created.append(case.reference)
    new_refs = {d["reference"] for d in demo_facts()} - present
    folder = data_dir or session_data_dir(session)
    # What the filings need first: Approve for filing waits for a complete filing.
    inputs = add_demo_documents(session, demo_refs=new_refs, loader=actor, data_dir=folder,
                                before_steps=True)
    # Move the new cases' filing tracks along realistic steps (tracks may not exist).
    advance_demo_tracks(session, demo_refs=new_refs)
    docs = add_demo_documents(session, demo_refs=new_refs, loader=actor, data_dir=folder)
    _demo_life_cycle(session, new_refs=new_refs)
    _demo_edits_after_screening(session, new_refs=new_refs)
    return DemoResult(tuple(created), skipped, inputs.attached + docs.attached + docs.finals,
                      inputs.skipped + docs.skipped)


# The demo's life cycle: a deal done with (DEMO-13 needs no filing: completed, its file
# closed). No discarded draft: readers of every demo case (filings, the status report)
# take each one for a case with whole facts.
CLOSED_DEMO = "DEMO-13"


def _demo_life_cycle(session: Session, *, new_refs: set[str]) -> None:
    if CLOSED_DEMO not in new_refs:
        return
    people = demo_people()
    case = demo_case(session, CLOSED_DEMO)
    assert case is not None and case.id is not None  # created just now
    case_id = case.id
    expected = json.loads(case.facts)["deal"].get("expected_completion_date")
    # It completed on the day the facts expected (the demo's dates are past ones), not on
    # the day the demo was loaded.
    completed_on = min(date.fromisoformat(expected), date.today()) if expected else None
    complete_case(session=session, case_id=case_id, actor=people["preparer"],
                  expected_version=1, reason="Signed and closed; no approval needed",
                  completed_on=completed_on)
    close_case(session=session, case_id=case_id, actor=people["approver"],
               expected_version=2, reason="Deal completed with no filing needed; file closed")


def _demo_edits_after_screening(session: Session, *, new_refs: set[str]) -> None:
    """Facts the preparer changed once the case was screened, its filings drafted and its
    tracks under way, not screened again (workflow.json `facts_edited_after_screening`)."""
    people = demo_people()
    edits: dict[str, Any] = demo_workflow()["facts_edited_after_screening"]["cases"]
    for demo_ref, edit in edits.items():
        case = demo_case(session, demo_ref) if demo_ref in new_refs else None
        if case is None or case.id is None:
            continue
        edited = json.loads(case.facts)
        for path, value in edit["changes"].items():
            edited = set_path(edited, path, value)
        update_case_facts(session=session, case_id=case.id, expected_version=case.version,
                          new_facts=parse_facts(edited), actor=people[edit["actor"]],
                          reason=edit["reason"])
