"""A case's status report rendered through the service (draft or stored final), and a
PDF's text with its whitespace squashed, for tests that read what the report says."""

from __future__ import annotations

import io
import re

import pypdf

from approvals.services.filings import render_filing
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case


def status_report_pdf(db: Database, case_id: int, actor: Actor, *, final: bool = False) -> bytes:
    """A final is stored, so it renders in a write unit of work; a draft only reads."""
    with db.read_session() as s:
        case = s.get(Case, case_id)
        assert case is not None
        reference = case.reference
    if final:
        with db.session() as s:
            return render_filing(session=s, reference=reference, kind="status-report",
                                 actor=actor, final=True).pdf
    with db.read_session() as s:
        return render_filing(session=s, reference=reference, kind="status-report",
                             actor=actor).pdf


def pdf_words(pdf: bytes) -> str:
    """Every page's text, runs of whitespace (line breaks in a table cell) as one space."""
    pages = [p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    return re.sub(r"\s+", " ", " ".join(pages))
