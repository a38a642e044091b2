"""A track applied for whose regime the current screening (accepted after the facts
changed) finds no filing needed: the draft application listed it under 申请事项 with no
word, while Part 9 of the same PDF said 无须办理."""

from __future__ import annotations

import io
import re

import pypdf
from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.services.filings import render_filing
from approvals.store.db import Database
from approvals.store.models import FilingTrack
from tests.cn_draft import ADMIN, frontier
from tests.workflow_support import set_screened_outcome


def _draft(db: Database, outcome: str) -> str:
    data = frontier(lambda d: d["deal"].update(stake_after_pct=60, acquires_control=True))
    with db.session() as s:
        case = create_case(s, facts=parse_facts(data), actor=ADMIN)
        reference = case.reference
        assert s.exec(select(FilingTrack).where(FilingTrack.case_id == case.id,
                                                FilingTrack.regime == "CN-FISR")).first()
        case_id = case.id
    set_screened_outcome(db, "CN-FISR", outcome, case_id)
    with db.read_session() as s:
        pdf = render_filing(session=s, reference=reference, kind="cn-application",
                            actor=ADMIN).pdf
    return re.sub(r"\s+", "", "".join(p.extract_text() or ""
                                      for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))


def test_a_track_the_screening_no_longer_needs_is_flagged_in_a_draft(db: Database) -> None:
    text = _draft(db, "not_required")
    assert "Thecurrentscreeningfindsnofilingneededfor" in text
    assert "withdrawitstrack(Trackstab)ratherthanapplyforit." in text
    assert "现行筛查结论为外商投资安全审查" in text


def test_facts_still_missing_are_no_reason_to_withdraw(db: Database) -> None:
    assert "Thecurrentscreeningfindsnofilingneeded" not in _draft(db, "needs_info")
    assert "Thecurrentscreeningfindsnofilingneeded" not in _draft(db, "approval_required")
