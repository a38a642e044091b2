"""The demo covers documents: typed attachments on cases and tracks, one restricted to the
person loading it, and a stored final filing — once, however often the demo is loaded."""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlmodel import func, select

from approvals.paths import DataDir
from approvals.services import documents, users
from approvals.services.audit import verify
from approvals.services.cases import case_id_for
from approvals.services.demo import load_demo
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, Document, Event, FilingTrack

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))
PAT = Actor("pat", ("preparer",))


pytestmark = pytest.mark.usefixtures("fast_hash")  # cheap argon2 parameters


def case_ids(db: Database) -> dict[str, int]:
    with db.read_session() as s:
        return {json.loads(c.facts)["reference"]: c.id for c in s.exec(select(Case)).all()}


def counts(db: Database) -> tuple[int, int]:
    with db.read_session() as s:
        return (s.exec(select(func.count()).select_from(Document)).one(),
                s.exec(select(func.count()).select_from(Event)).one())


def test_demo_attaches_documents_and_stores_a_final(db: Database, data_dir: DataDir) -> None:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW)
        users.create_user(s, actor=ROOT, username="pat", password=PW, roles=PAT.roles)
    with db.session() as s:
        result = load_demo(s, actor=ROOT)
    assert result.not_added == ()
    assert "DEMO-09: us-notification" in result.documents
    ids = case_ids(db)
    with db.read_session() as s:
        demo09 = {d.file_name: d for d in documents.list_documents(s, actor=ROOT,
                                                                   case_id=ids["DEMO-09"])}
        seen_by_pat = {d.file_name: d.can_open for d in documents.list_documents(
            s, actor=PAT, case_id=ids["DEMO-09"])}
        reference = s.get(Case, ids["DEMO-09"]).reference
        chart = demo09["Post-closing structure chart - Kowloon Deep Reasoning Labs.pdf"]
        assert chart.doc_type == "org_chart" and chart.uploaded_by == "li.wei"
        kyc = demo09["Founders' identity documents (personal data).pdf"]
        assert kyc.restricted and kyc.allowed_users == ("root",) and kyc.can_open
        assert seen_by_pat[kyc.file_name] is False and seen_by_pat[chart.file_name] is True
        final = demo09[f"{reference}-us-notification.pdf"]
        assert final.is_rendering and final.doc_type == "us-notification"
        track = s.exec(select(FilingTrack).where(FilingTrack.case_id == ids["DEMO-09"])).one()
        assert final.track_id == track.id and track.state == "acknowledged"
        finalised = s.exec(select(Event).where(Event.action == "filing.finalised")).one()
        assert finalised.case_id == ids["DEMO-09"]
        # A document on a track: the contract the technology export licence step asks for.
        contract = next(d for d in documents.list_documents(s, actor=ROOT, case_id=ids["DEMO-12"])
                        if d.doc_type == "technology-export-contract")
        tech = s.get(FilingTrack, contract.track_id)
        assert tech is not None and tech.regime == "CN-TECH-EXPORT"
        # Every attachment is a real copy in documents/, matching its hash.
        stored = s.exec(select(Document)).all()
        assert len(stored) == 8  # DEMO-12's draft contract among them, withdrawn
        for doc in stored:
            data = (data_dir.documents / doc.stored_path).read_bytes()
            assert hashlib.sha256(data).hexdigest() == doc.sha256 and len(data) == doc.size
        assert sum(d.file_name.endswith(".txt") for d in stored) == 1
        assert verify(s).ok
        assert case_id_for(s, reference) == ids["DEMO-09"]
    # Loading again adds nothing: no document, no event, no file.
    before, files = counts(db), sorted(data_dir.documents.rglob("*"))
    with db.session() as s:
        again = load_demo(s, actor=ROOT)
    assert again.created == () and again.documents == ()
    assert counts(db) == before and sorted(data_dir.documents.rglob("*")) == files


def test_without_an_account_the_restricted_document_is_left_out(db: Database) -> None:
    loader = Actor("alice", ("preparer", "reviewer", "approver", "admin"))  # no account
    with db.session() as s:
        result = load_demo(s, actor=loader)
    assert result.not_added == (
        "DEMO-09: Founders' identity documents (personal data).pdf: restricted to alice, "
        "who has no account",)
    with db.read_session() as s:
        docs = s.exec(select(Document)).all()
        assert len(docs) == 7 and not any(d.restricted for d in docs)
