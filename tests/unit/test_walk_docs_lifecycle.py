"""A first walk through closed cases, fixed: the status report of a reopened, re-screened
case heads the withdrawn track's history as withdrawn (two "History of the CN-FISR track"
headings alike left the reader to guess which was which)."""

from __future__ import annotations

import json
from datetime import date

from approvals.domain.facts import parse_facts
from approvals.filings import content as c
from approvals.filings import status_report, tracks_for_kind
from approvals.services import case_lifecycle as lc
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.services.filings import load_filing_data
from approvals.services.screening import accept_rescreen
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case

TODAY = date(2026, 11, 2)


def test_the_status_report_heads_a_withdrawn_track_as_withdrawn(db: Database,
                                                               admin: Actor) -> None:
    with db.session() as s:
        case = create_case(s, facts=parse_facts(json.loads(json.dumps(demo_facts()[1]))),
                           actor=admin, today=TODAY)
        case_id, ref = case.id, case.reference
    assert case_id is not None
    for act, reason in ((lc.close_case, "the SPA lapsed"), (lc.reopen_case, "back on")):
        with db.session() as s:
            version = s.get(Case, case_id).version  # type: ignore[union-attr]
            kw = {"today": TODAY} if act is lc.close_case else {}
            act(session=s, case_id=case_id, actor=admin, expected_version=version,
                reason=reason, **kw)
    with db.session() as s:
        accept_rescreen(session=s, case_id=case_id, actor=admin, as_of=TODAY,
                        reason="reopened")
    with db.read_session() as s:
        data = load_filing_data(s, ref)
    document = status_report.build(data, final=False, approved=False,
                                   generated_at="2026-11-02T00:00:00Z", missing=[],
                                   tracks=tracks_for_kind(data, status_report.KIND))
    headings = [b.en for b in document.blocks if isinstance(b, c.Heading)
                and b.en.startswith("History of the CN-FISR track")]
    assert headings == ["History of the CN-FISR track (withdrawn)",
                        "History of the CN-FISR track"]
