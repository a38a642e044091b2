"""Setting a document's type after it was attached, and a filing kind's type kept for the
stored final (fresh-eyes pass 7): a file dropped in untyped could never be classified; a
scan attached as "Chinese application" ticked that filing on the checklist as if the final
were stored."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from approvals.domain.audit import CONTENT_ACTIONS, action_label
from approvals.domain.document_types import (
    document_type_name,
    evidence_type,
    signed_copy_of,
    signed_copy_type,
    type_problem,
)
from approvals.domain.errors import InputError, PermissionDenied, TransitionRefused
from approvals.domain.event_text import EventFacts, event_sentence
from approvals.paths import DataDir
from approvals.services import documents, users
from approvals.services.case_lifecycle import close_case
from approvals.services.cases import import_case
from approvals.services.workflow import _documents
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, Document, Event, FilingTrack
from tests.conftest import EXAMPLES_DIR

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))
PAT = Actor("pat", ("preparer",))
RITA = Actor("rita", ("reviewer",))

pytestmark = pytest.mark.usefixtures("fast_hash")


@pytest.fixture
def world(db: Database, data_dir: DataDir, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A case with one file attached by Pat without a type."""
    facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW)
        for actor in (PAT, RITA):
            users.create_user(s, actor=ROOT, username=actor.username, password=PW,
                              roles=actor.roles)
        case_id = import_case(s, data=facts, actor=ROOT).id
    scan = tmp_path / "scan-0001.pdf"
    scan.write_bytes(b"%PDF-1.4 a scan")
    with db.session() as s:
        doc = documents.attach_document(s, actor=PAT, data_dir=data_dir, case_id=case_id,
                                        source=scan)
    yield {"case_id": case_id, "doc": doc, "scan": scan}


def trail(db: Database) -> list[tuple[int | None, str]]:
    with db.read_session() as s:
        return [(e.id, e.hash) for e in s.exec(select(Event).order_by(Event.id)).all()]


def set_type(db: Database, document_id: int, doc_type: str, actor: Actor = PAT,
             reason: str = "") -> documents.DocumentInfo:
    with db.session() as s:
        return documents.set_document_type(s, actor=actor, document_id=document_id,
                                           doc_type=doc_type, reason=reason)


def test_an_untyped_file_is_classified_later_with_old_and_new_in_the_trail(db, world) -> None:
    doc = world["doc"]
    assert doc.doc_type == ""
    info = set_type(db, doc.id, " org_chart ", reason="the post-closing chart")
    assert info.doc_type == "org_chart"
    with db.read_session() as s:
        stored = s.get(Document, doc.id)
        assert stored is not None and stored.doc_type == "org_chart"
        event = s.exec(select(Event).where(Event.action == "document.type_changed")).one()
        s.expunge(event)
    assert (event.actor, event.entity_id, event.case_id, event.field, event.reason) == (
        "pat", str(doc.id), world["case_id"], "type", "the post-closing chart")
    assert (json.loads(event.old_value or ""), json.loads(event.new_value or "")) == (
        "", "org_chart")
    assert action_label("document.type_changed") == "Document type changed"
    assert "document.type_changed" in CONTENT_ACTIONS  # what a review covers changed
    sentence = event_sentence(EventFacts(action=event.action, old="", new="org_chart",
                                         field="type",
                                         details={"file_name": "scan-0001.pdf"},
                                         entity_id=event.entity_id))
    assert sentence == ("document 'scan-0001.pdf' type: (no type) → Post-transaction "
                        "organisation chart")
    # Corrected again, and the same type a second time records nothing.
    set_type(db, doc.id, "kyc")
    before = trail(db)
    assert set_type(db, doc.id, "kyc").doc_type == "kyc"
    assert trail(db) == before


def test_refusals_name_the_reason_and_write_nothing(db, world, data_dir: DataDir) -> None:
    doc, case_id = world["doc"], world["case_id"]
    before = trail(db)
    with pytest.raises(PermissionDenied):  # a reviewer may not attach, nor classify
        set_type(db, doc.id, "kyc", actor=RITA)
    with pytest.raises(InputError, match=r"Chinese application.*signed copy"):
        set_type(db, doc.id, "cn-application")
    with pytest.raises(InputError, match="signed-us-notification"):
        set_type(db, doc.id, "US Notification")  # its name, typed
    with pytest.raises(InputError, match="at most 100"):
        set_type(db, doc.id, "x" * 101)
    assert trail(db) == before

    # Restricted to root: Pat may not open it, so may not say what it is; nor may an
    # administrator not on it (the type is read off the paper).
    with db.session() as s:
        users.create_user(s, actor=ROOT, username="ada", password=PW, roles=("admin",))
        documents.set_restriction(s, actor=ROOT, document_id=doc.id, restricted=True)
    before = trail(db)
    with pytest.raises(PermissionDenied, match="may not open it"):
        set_type(db, doc.id, "kyc")
    with pytest.raises(PermissionDenied, match="may not open it"):
        set_type(db, doc.id, "kyc", actor=Actor("ada", ("admin",)))
    assert set_type(db, doc.id, "kyc", actor=ROOT).doc_type == "kyc"  # named on it
    with db.session() as s:
        documents.withdraw_document(s, actor=ROOT, document_id=doc.id, reason="wrong file")
    before = trail(db)
    with pytest.raises(TransitionRefused, match="withdrawn"):
        set_type(db, doc.id, "org_chart", actor=ROOT)

    # A stored final's type is its filing kind.
    with db.session() as s:
        final = Document(case_id=case_id, file_name="final.pdf", sha256="0" * 64, size=9,
                         stored_path="final.pdf", doc_type="cn-application",
                         is_rendering=True, uploaded_by="root")
        s.add(final)
        s.flush()
        final_id = final.id
    before = trail(db)
    with pytest.raises(TransitionRefused, match="stored final"):
        set_type(db, final_id, "signed-cn-application", actor=ROOT)
    assert trail(db) == before


def test_a_closed_cases_documents_keep_their_types(db, world) -> None:
    doc, case_id = world["doc"], world["case_id"]
    with db.session() as s:
        version = s.get(Case, case_id).version
        close_case(session=s, case_id=case_id, actor=ROOT, expected_version=version,
                   reason="deal abandoned")
    before = trail(db)
    with pytest.raises(TransitionRefused, match="closed"):
        set_type(db, doc.id, "kyc")
    assert trail(db) == before


def test_an_ordinary_file_cannot_take_a_filing_kinds_type(db, world, data_dir) -> None:
    stored_before = sorted(p.name for p in data_dir.documents.iterdir())
    for typed in ("cn-application", "Chinese application", "status-report"):
        with db.session() as s, pytest.raises(InputError, match="signed copy"):
            documents.attach_document(s, actor=PAT, data_dir=data_dir,
                                      case_id=world["case_id"], source=world["scan"],
                                      doc_type=typed)
    # Refused before the copy: nothing stored, nothing to clear.
    assert sorted(p.name for p in data_dir.documents.iterdir()) == stored_before
    with db.session() as s:  # the signed copy has a type of its own
        signed = documents.attach_document(s, actor=PAT, data_dir=data_dir,
                                           case_id=world["case_id"], source=world["scan"],
                                           doc_type="signed-cn-application")
    assert signed.doc_type == "signed-cn-application" and not signed.is_rendering


def test_only_the_stored_final_counts_as_its_filing_for_the_guards(db, world) -> None:
    """A file attached under a filing's type before that was refused (a database from an
    earlier version) counts as nothing; the final and a signed copy count as themselves."""
    case_id = world["case_id"]
    with db.session() as s:
        for name, doc_type, rendering in (("scan.pdf", "us-notification", False),
                                          ("final.pdf", "cn-application", True),
                                          ("signed.pdf", "signed-cn-application", False)):
            s.add(Document(case_id=case_id, file_name=name, sha256=name.ljust(64, "0"),
                           size=1, stored_path=name, doc_type=doc_type,
                           is_rendering=rendering, uploaded_by="root"))
    # The case's documents (no track of their own) count for every track of the case.
    track = FilingTrack(case_id=case_id, regime="US-OISP", kind="US-OISP", state="draft")
    with db.read_session() as s:
        counted = _documents(s, track)
    assert "us-notification" not in counted
    assert {"cn-application", "signed-cn-application"} <= counted


def test_the_names_and_the_rule() -> None:
    assert signed_copy_type("us-notification") == "signed-us-notification"
    assert signed_copy_of("signed-us-notification") == "us-notification"
    assert signed_copy_of("signed-contract") == "" and signed_copy_of("org_chart") == ""
    assert document_type_name("signed-us-notification") == "US notification (signed copy)"
    assert document_type_name("signed-cn-application", "zh").endswith("（签署版）")
    assert evidence_type("cn-application", True) == "cn-application"
    assert evidence_type("cn-application", False) == ""
    assert evidence_type("org_chart", False) == "org_chart"
    assert type_problem("board minutes") == ""
    assert type_problem("signed-cn-application") == ""
    assert "Generate filing" in type_problem(" Status Report ")


def test_a_type_changed_later_dates_the_filings_content(db, world) -> None:
    """The filings print each attachment's type under its name: changed after a final, the
    content changed, and a final generated afterwards must not carry the older time (two
    finals with one generation time and different attachment lists)."""
    from approvals.services.filings import load_filing_data

    doc, case_id = world["doc"], world["case_id"]
    with db.session() as s:
        stored = s.get(Document, doc.id)
        stored.uploaded_at = "2026-01-05T09:00:00Z"
        s.add(stored)
        reference = s.get(Case, case_id).reference
    with db.read_session() as s:
        before = load_filing_data(s, reference).attachments[0].uploaded_at
    assert before == "2026-01-05T09:00:00Z"
    set_type(db, doc.id, "org_chart")
    with db.read_session() as s:
        after = load_filing_data(s, reference).attachments[0]
        changed = s.exec(select(Event.occurred_at).where(
            Event.action == "document.type_changed")).one()
    assert after.doc_type == "org_chart" and after.uploaded_at == changed > before
