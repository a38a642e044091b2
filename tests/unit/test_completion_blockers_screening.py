"""Marking a deal completed is refused while the screening holds what no track carries: a
negative-list prohibition (which opens no track) and a regime it could not decide (which
opens none either, so that a needed approval would go unnoticed). DEMO-13, the demo's deal
that needs no filing, completes."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import pytest

from approvals.domain.errors import TransitionRefused
from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.services.screening import current_screening
from approvals.services.workflow import complete_case, completion_blockers
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case

ALL = Actor("alice", ("preparer", "reviewer", "approver", "admin"))
TODAY = date(2026, 11, 2)
NO_FILING = 12  # DEMO-13


def _case(db: Database, change: dict[str, Any]) -> int:
    data = copy.deepcopy(demo_facts()[NO_FILING])
    for path, value in change.items():
        *parents, last = path.split(".")
        node = data
        for part in parents:
            node = node[part]
        if value is None:
            node.pop(last)
        else:
            node[last] = value
    with db.session() as s:
        case = create_case(s, facts=parse_facts(json.loads(json.dumps(data))), actor=ALL,
                           today=TODAY)
        assert case.id is not None
        return case.id


def _outcomes(db: Database, case_id: int) -> dict[str, str]:
    with db.read_session() as s:
        stored = current_screening(s, case_id)
        assert stored is not None
        return stored.result.outcomes()


def _status(db: Database, case_id: int) -> str:
    with db.read_session() as s:
        case = s.get(Case, case_id)
        assert case is not None
        return case.status


def _complete(db: Database, case_id: int) -> None:
    with db.session() as s:
        complete_case(session=s, case_id=case_id, actor=ALL, expected_version=1,
                      reason="signed and closed")


def test_the_deal_that_needs_no_filing_completes(db: Database) -> None:
    case_id = _case(db, {})
    assert set(_outcomes(db, case_id).values()) <= {"not_required", "excepted"}
    with db.read_session() as s:
        assert completion_blockers(session=s, case_id=case_id) == []
    _complete(db, case_id)
    assert _status(db, case_id) == "completed"


def test_a_negative_list_prohibition_blocks_completion(db: Database) -> None:
    case_id = _case(db, {"target.activities": ["news_information"],
                         "investor.us_person": False, "investor.jurisdiction": "SG"})
    assert _outcomes(db, case_id)["CN-NEGATIVE-LIST"] == "prohibited"
    with db.read_session() as s:
        blockers = completion_blockers(session=s, case_id=case_id)
    assert "CN-NEGATIVE-LIST: the screening found the transaction prohibited." in blockers
    with pytest.raises(TransitionRefused, match="CN-NEGATIVE-LIST"):
        _complete(db, case_id)
    assert _status(db, case_id) == "open"


def test_a_regime_the_screening_could_not_decide_blocks_completion(db: Database) -> None:
    case_id = _case(db, {"deal.data_export": None})
    assert _outcomes(db, case_id)["CN-DATA-EXPORT"] == "needs_info"
    with db.read_session() as s:
        blockers = completion_blockers(session=s, case_id=case_id)
    said = [b for b in blockers if b.startswith("CN-DATA-EXPORT:")]
    assert len(said) == 1
    assert "could not decide whether an approval or filing is needed" in said[0]
    assert "deal.data_export" in said[0] and "screen the case again" in said[0]
    with pytest.raises(TransitionRefused, match="CN-DATA-EXPORT"):
        _complete(db, case_id)


def test_a_track_the_current_screening_no_longer_needs_is_named_as_such(db: Database) -> None:
    """Re-screened after the stake fell below control, the FISR track still open was
    listed as "clearance is needed before completion" although the screening finds none."""
    from sqlmodel import select

    from approvals.store.models import FilingTrack
    from tests.workflow_support import set_screened_outcome

    data = json.loads(json.dumps(demo_facts()[1]))  # DEMO-02: a control acquisition, FISR
    with db.session() as s:
        case = create_case(s, facts=parse_facts(data), actor=ALL, today=TODAY)
        case_id = case.id
        assert s.exec(select(FilingTrack).where(FilingTrack.case_id == case_id,
                                                FilingTrack.regime == "CN-FISR")).first()
    set_screened_outcome(db, "CN-FISR", "not_required", case_id)
    with db.read_session() as s:
        said = completion_blockers(session=s, case_id=case_id or 0)
    fisr = [line for line in said if line.startswith("CN-FISR: ")]
    assert fisr == ["CN-FISR: the current screening finds no filing needed, but its track is "
                    "still open (now: Draft): withdraw it on the Tracks tab."]
