"""services.cases.list_cases: the one case-list read (UI and `approvals case list`)."""

from __future__ import annotations

import json

from approvals.domain.facts import parse_facts
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
