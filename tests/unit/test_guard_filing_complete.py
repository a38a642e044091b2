"""Approve for filing refuses a track whose filing could not be printed final, naming what
it lacks as a draft's page 1 does (the filing_complete guard): the particulars, the facts
(not one that does not apply, such as a Cayman target's USCC) and the documents the
filing needs. Nothing changes in the database on a refusal."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlmodel import func, select

from approvals.domain import workflow as wf
from approvals.domain.errors import TransitionRefused
from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.services.particulars import load_particulars, save_particulars
from approvals.services.workflow import track_view
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, Event, FilingTrack
from tests.workflow_support import complete_for_filing, filing_lacks, take_step

ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))
PAT = Actor("pat", ("preparer",))
ANDY = Actor("andy", ("approver",))


def _facts(demo: str) -> dict[str, Any]:
    return copy.deepcopy(next(f for f in demo_facts() if f["reference"] == demo))


def _case(db: Database, facts: dict[str, Any]) -> str:
    with db.session() as s:
        return create_case(s, facts=parse_facts(facts), actor=ROOT).reference


def _track(db: Database, reference: str, regime: str) -> int:
    with db.read_session() as s:
        case = s.exec(select(Case).where(Case.reference == reference)).one()
        track = s.exec(select(FilingTrack).where(FilingTrack.case_id == case.id,
                                                 FilingTrack.regime == regime)).one()
        assert track.id is not None
        return track.id


def _complete(db: Database, reference: str, **options: Any) -> None:
    with db.session() as s:
        complete_for_filing(s, reference, PAT, **options)


def _snapshot(db: Database, track_id: int) -> tuple[int, str, int]:
    with db.read_session() as s:
        track = s.get(FilingTrack, track_id)
        assert track is not None
        return track.version, track.state, s.exec(select(func.count()).select_from(Event)).one()


def _refused(db: Database, track_id: int) -> str:
    before = _snapshot(db, track_id)
    with pytest.raises(TransitionRefused) as refused:
        take_step(db, track_id, "approve_for_filing", ANDY)
    assert _snapshot(db, track_id) == before  # no version, state or event of the refusal
    return str(refused.value)


def _approve_button(db: Database, track_id: int) -> tuple[bool, str | None]:
    with db.read_session() as s:
        view = track_view(session=s, track_id=track_id, actor=ANDY)
    action = next(a for a in view.actions if a.name == "approve_for_filing")
    return action.allowed, action.why_not


# -- the transition table -------------------------------------------------------------------
@pytest.mark.parametrize("kind", sorted(wf.WORKFLOWS))
def test_every_filing_track_approval_waits_for_a_complete_filing(kind: str) -> None:
    w = wf.workflow(kind)
    guarded = [t.name for t in w.transitions if any(g.kind == "filing_complete" for g in t.guards)]
    assert guarded == (["approve_for_filing"] if w.filing_documents else [])


def test_the_guard_names_what_the_filing_lacks() -> None:
    step = next(t for t in wf.workflow("US-OISP").transitions if t.name == "approve_for_filing")
    lacking = ("Post-transaction organisation chart (attach it on the Documents tab) "
               "[documents.org_chart]",)
    ctx = wf.GuardContext("andy", ("approver",), filing_missing=lacking)
    assert wf.guard_problems(step, ctx) == [
        "the filing is not complete: it lacks Post-transaction organisation chart (attach it "
        "on the Documents tab) [documents.org_chart] (a draft from Generate filing… lists "
        "them on page 1)."]
    assert wf.guard_problems(step, wf.GuardContext("andy", ("approver",))) == []


def test_a_prohibited_transaction_is_said_alone() -> None:
    """A US notification that can never be filed listed nine particulars to fill in beside
    the prohibition, as if filling them in would let it through."""
    step = next(t for t in wf.workflow("US-OISP").transitions if t.name == "approve_for_filing")
    ctx = wf.GuardContext("andy", ("approver",), outcome="prohibited",
                          filing_missing=("Filer's representative: name",))
    (said,) = wf.guard_problems(step, ctx)
    assert said.startswith("Treasury prohibits this transaction")


# -- through the services -------------------------------------------------------------------
def test_a_chinese_track_lacking_a_particular_is_refused_naming_it(db: Database) -> None:
    reference = _case(db, _facts("DEMO-04"))
    track = _track(db, reference, "CN-SAMR")
    _complete(db, reference)
    with db.session() as s:  # the contact telephone cleared again
        view = load_particulars(s, actor=PAT, reference=reference)
        save_particulars(s, actor=PAT, reference=reference,
                         values={"applicant": {"contact_phone": ""}},
                         expected_version=view.version)
    take_step(db, track, "submit_for_review", PAT)
    message = _refused(db, track)
    assert message == (
        "'Approve for filing' refused: the filing is not complete: it lacks Applicant's "
        "contact telephone [particulars.applicant.contact_phone] (a draft from Generate "
        "filing… lists them on page 1).")
    allowed, why = _approve_button(db, track)
    assert not allowed and why is not None
    assert "Applicant's contact telephone [particulars.applicant.contact_phone]" in why


def test_a_us_notification_without_its_organisation_chart_is_refused(db: Database) -> None:
    reference = _case(db, _facts("DEMO-09"))
    track = _track(db, reference, "US-OISP")
    _complete(db, reference, attach=False)
    take_step(db, track, "submit_for_review", PAT)
    message = _refused(db, track)
    assert "Post-transaction organisation chart (attach it on the Documents tab) " \
           "[documents.org_chart]" in message
    assert "particulars." not in message  # the particulars are there


def test_a_fact_that_does_not_apply_is_not_asked_for(db: Database) -> None:
    facts = _facts("DEMO-10")  # organised in the Cayman Islands: no USCC
    assert facts["target"]["jurisdiction"] == "KY" and not facts["target"].get("uscc")
    reference = _case(db, facts)
    with db.read_session() as s:
        regimes = s.exec(select(FilingTrack.regime).join(Case).where(
            Case.reference == reference)).all()
    regime = next(r for r in regimes if r.startswith("CN-"))
    track = _track(db, reference, regime)
    take_step(db, track, "submit_for_review", PAT)
    message = _refused(db, track)  # particulars lacking, but not the USCC
    assert "particulars.applicant" in message
    assert "target.uscc" not in message and "Unified Social Credit Code" not in message


def test_a_complete_filing_is_approved(db: Database) -> None:
    reference = _case(db, _facts("DEMO-09"))
    track = _track(db, reference, "US-OISP")
    with db.read_session() as s:
        assert "documents.org_chart" in filing_lacks(s, reference)
    _complete(db, reference)
    with db.read_session() as s:
        assert filing_lacks(s, reference) == []
    take_step(db, track, "submit_for_review", PAT)
    assert _approve_button(db, track) == (True, None)
    take_step(db, track, "approve_for_filing", ANDY)
    with db.read_session() as s:
        row = s.get(FilingTrack, track)
        assert row is not None and row.state == "approved_for_filing"
