"""Test data for filings: stored screenings, filing tracks, transitions and documents for
demo cases, written straight into the tables (the screening and workflow services are
built separately; filings read only the tables). Used by tests, the PNG script and the
benchmark."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, select

from approvals.domain.facts import parse_facts
from approvals.domain.workflow import track_kind_for
from approvals.paths import DataDir
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts, load_demo
from approvals.store.audit import Actor, append_event
from approvals.store.models import Case, Document, FilingTrack, Screening, Setting
from tests.conftest import new_database

REGIMES = ("CN-FISR", "CN-NEGATIVE-LIST", "CN-TECH-EXPORT", "CN-DATA-EXPORT", "CN-SAMR", "US-OISP")


def _det(regime: str, outcome: str, reasons: list[tuple[str, str, str]],
         missing: list[str] | None = None) -> dict[str, Any]:
    return {"regime": regime, "outcome": outcome, "status": "in_force",
            "reasons": [{"rule": r, "citation": c, "text": t} for r, c, t in reasons],
            "missing": missing or []}


# Determinations as `approvals screen --json` gives them, for the demo cases used here.
SCREENINGS: dict[str, list[dict[str, Any]]] = {
    "DEMO-01": [
        _det("CN-FISR", "not_required", [("fisr.control", "Order No. 37 Art. 4",
             "The investor does not acquire actual control (6.5 %, no board seats, no veto).")]),
        _det("CN-NEGATIVE-LIST", "not_required", [("nl.items", "Negative List 2024",
             "No activity of the target is on the 2024 negative list.")]),
        _det("CN-TECH-EXPORT", "not_required", [("te.none", "Tech Import/Export Regs Art. 2",
             "No technology is transferred or licensed.")]),
        _det("CN-DATA-EXPORT", "not_required", [("de.none", "CAC Order 16 Art. 5",
             "No personal information or important data is exported.")]),
        _det("CN-SAMR", "not_required", [("samr.control", "AML Art. 25",
             "No acquisition of control: not a concentration.")]),
        _det("US-OISP", "prohibited", [("us.ai.compute", "31 CFR 850.224(j)",
             "The target develops an AI system trained with 3.1 × 10^25 operations, more than "
             "10^25.")]),
    ],
    "DEMO-02": [
        _det("CN-FISR", "approval_required", [("fisr.key_tech", "Order No. 37 Art. 4(2)",
             "Actual control (51 %, 3 board seats, veto) of a company in key technologies.")]),
        _det("CN-NEGATIVE-LIST", "not_required", [("nl.items", "Negative List 2024",
             "No activity of the target is on the 2024 negative list.")]),
        _det("CN-TECH-EXPORT", "approval_required", [("te.restricted", "Catalogue 2023 item 1",
             "Licence of a restricted item: AI interactive interface technology.")]),
        _det("CN-DATA-EXPORT", "not_required", [("de.small", "CAC Order 16 Art. 5",
             "20,000 individuals' non-sensitive personal information, fewer than 100,000.")]),
        _det("CN-SAMR", "approval_required", [("samr.thresholds", "State Council Order 773 Art. 3",
             "Combined worldwide turnover exceeds RMB 12 billion and two parties each exceed "
             "RMB 800 million in China.")]),
        _det("US-OISP", "notification_required", [("us.ai.robotics", "31 CFR 850.217(b)",
             "The target's AI system is intended for the control of robotic systems.")]),
    ],
    "DEMO-05": [
        _det("CN-FISR", "needs_info", [], ["deal.acquires_control"]),
        _det("CN-DATA-EXPORT", "filing_required", [("de.sensitive", "CAC Order 16 Art. 8",
             "4,000 individuals' sensitive personal information: standard contract filing.")]),
        _det("US-OISP", "needs_info", [], ["investor.ultimate_parent"]),
    ],
}

PARTICULARS = {
    "representative": {"name": "Dana Whitfield", "title": "Chief Compliance Officer",
                       "organisation": "Allegheny Strategic Holdings Inc.",
                       "email": "dana.whitfield@allegheny.example", "phone": "+1 412 555 0199",
                       "address": "600 Grant Street, Pittsburgh, PA 15219, United States"},
    "us_person": {"principal_place_of_business": "Pittsburgh, Pennsylvania, United States",
                  "address": "600 Grant Street, Pittsburgh, PA 15219, United States",
                  "website": "https://allegheny.example"},
    "applicant": {"legal_representative": "王建国", "contact_name": "李娜",
                  "registered_address": "深圳市南山区科技园科苑路15号",
                  "contact_phone": "+86 755 8888 0101", "contact_email": "lina@jixie.example"},
    "foreign_investor": {"address": "600 Grant Street, Pittsburgh, PA 15219, United States",
                         "authorised_representative": "Dana Whitfield"},
}

FAKE_SHA = "9f2c4e1ab7d3c5e8f0a1b2c3d4e5f60718293a4b5c6d7e8f9011223344556677"


def load(session: Session, actor: Actor, only: tuple[str, ...] | None = None) -> dict[str, str]:
    """Load the demo cases (or `only` those named); map each demo reference (DEMO-02) to
    its case reference."""
    if only is None:
        load_demo(session, actor=actor)
    else:
        for data in demo_facts():
            if data["reference"] in only:
                create_case(session, facts=parse_facts(data), actor=actor)
    out = {}
    for case in session.exec(select(Case)).all():
        out[json.loads(case.facts)["reference"]] = case.reference
    return out


def seed_case(session: Session, actor: Actor, demo_ref: str, reference: str, *,
              approve: tuple[str, ...] = (), self_approve: tuple[str, ...] = (),
              documents: bool = True, particulars: bool = True, complete: bool = False) -> None:
    """Screening, tracks and history for one demo case. Tracks whose regime is in `approve`
    are taken through internal review to approved_for_filing (by another user, or by the
    preparer themselves for those in `self_approve`). `complete` fills the facts a final
    needs that the demo case leaves out (as an officer would)."""
    case = session.exec(select(Case).where(Case.reference == reference)).one()
    assert case.id is not None
    # Replace whatever the screening service stored, so the expected texts stay fixed.
    for old in session.exec(select(Screening).where(Screening.case_id == case.id)).all():
        old.current = False
        session.add(old)
    session.flush()
    session.connection().execute(delete(FilingTrack).where(FilingTrack.case_id == case.id))
    session.expire_all()
    dets = SCREENINGS[demo_ref]
    session.add(Screening(case_id=case.id, as_of="2026-11-20", rulebook_version="2026.11-test",
                          result=json.dumps({"as_of": "2026-11-20", "rulebook": "2026.11-test",
                                             "determinations": dets}),
                          created_by=actor.username, created_at="2026-11-20T09:00:00Z"))
    for det in dets:
        kind = track_kind_for(det["regime"], det["outcome"])
        if kind is None:
            continue
        track = FilingTrack(case_id=case.id, regime=det["regime"], kind=kind,
                            outcome=det["outcome"], state="draft", created_at="2026-11-20T09:00:00Z")
        if det["regime"] == "CN-FISR":
            track.clock_phase, track.clock_calendar, track.clock_unit = "review_decision", "CN", "working"
            track.clock_days, track.clock_start, track.due_date = 15, "2026-11-23", "2026-12-14"
        if det["regime"] == "US-OISP":
            track.clock_phase, track.clock_calendar, track.clock_unit = "notification", "US", "calendar"
            track.clock_days, track.clock_start, track.due_date = 30, "2027-02-01", "2027-03-03"
            track.due_estimated = True
        session.add(track)
        session.flush()
        steps = [("draft", "internal_review", "submit", "preparer")]
        if det["regime"] in approve:
            steps.append(("internal_review", "approved_for_filing", "approve", "approver"))
        for old, new, name, role in steps:
            self_approval = role == "approver" and det["regime"] in self_approve
            who = actor if role == "preparer" or self_approval else Actor("bob", ("approver",))
            append_event(session, actor=who, action="track.transition", entity="track",
                         entity_id=track.id or 0, case_id=case.id, track_id=track.id,
                         reason="urgent closing, second approver on leave" if self_approval else "",
                         details={"from": old, "to": new, "transition": name,
                                  **({"self_approval": True} if self_approval else {})})
            track.state = new
        session.add(track)
    if documents:
        session.add(Document(case_id=case.id, file_name="share-purchase-agreement.pdf",
                             sha256=FAKE_SHA, size=1_204_311, stored_path="x/spa.pdf",
                             doc_type="transaction_agreement"))
        session.add(Document(case_id=case.id, file_name="org-chart-post-closing.pdf",
                             sha256="0" * 63 + "1", size=88_120, stored_path="x/org.pdf",
                             doc_type="org_chart"))
    if complete:
        facts = json.loads(case.facts)
        facts["investor"]["ultimate_parent"] = facts["investor"].get("ultimate_parent") or \
            "Allegheny Capital Group Inc."
        facts["deal"]["commercial_rationale"] = facts["deal"].get("commercial_rationale") or \
            "Strategic investment."
        case.facts = json.dumps(facts)
        session.add(case)
    # The demo loader enters particulars of its own: replaced by the seed's, or taken out
    # for a case seeded without (the seed's own from an earlier seeding stay).
    existing = session.get(Setting, f"filing.particulars.{reference}")
    if existing is not None and (particulars or json.loads(existing.value) != PARTICULARS):
        session.delete(existing)
        session.flush()
    if particulars:
        session.add(Setting(key=f"filing.particulars.{reference}", value=json.dumps(PARTICULARS)))
    session.flush()


def seeded_folder(root: Path, actor: Actor) -> dict[str, str]:
    """A data folder at `root` with the demo cases and DEMO-02 taken through every track
    up to completion, as the filing command-line tests use it; {demo id: reference}."""
    db = new_database(DataDir(root).ensure())
    with db.session() as session:
        refs = load(session, actor)
        seed_case(session, actor, "DEMO-02", refs["DEMO-02"],
                  approve=("CN-FISR", "CN-TECH-EXPORT", "CN-SAMR", "US-OISP"), complete=True)
    db.dispose()
    return refs
