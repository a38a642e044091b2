"""A Chinese application drafted for a case made from facts (the examples' frontier lab,
changed as a test needs), its text squashed (no whitespace) as pypdf reads it."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from typing import Any

import pypdf

from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.services.filings import render_filing, set_filing_particulars
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.conftest import EXAMPLES_DIR

ADMIN = Actor("alice", ("preparer", "reviewer", "approver", "admin"))


def frontier(change: Callable[[dict[str, Any]], object] = lambda _data: None) -> dict[str, Any]:
    data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    change(data)
    return data


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def cn_draft_text(db: Database, data: dict[str, Any],
                  particulars: dict[str, Any] | None = None) -> str:
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(data), actor=ADMIN).reference
        if particulars is not None:
            set_filing_particulars(session=session, actor=ADMIN, reference=reference,
                                   values=particulars)
    with db.read_session() as session:
        pdf = render_filing(session=session, reference=reference, kind="cn-application",
                            actor=ADMIN).pdf
    return squashed("".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))
