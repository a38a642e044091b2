"""Withdrawing a document, and attaching a new version that supersedes it: who, when and
why are recorded; the document stays stored, listed and openable; the checklist, the
workflow's guards and the filings stop counting it; every refusal changes nothing."""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlmodel import select

from approvals.domain.audit import CONTENT_ACTIONS, action_label
from approvals.domain.errors import (
    InputError,
    NotFound,
    PermissionDenied,
    TransitionRefused,
)
from approvals.domain.event_text import EventFacts, event_sentence
from approvals.paths import DataDir
from approvals.services import documents, review, users
from approvals.services.audit import verify
from approvals.services.cases import import_case
from approvals.services.demo import load_demo
from approvals.services.filings import load_filing_data, render_filing
from approvals.services.workflow import transition
from approvals.store import audit as store_audit
from approvals.store.audit import Actor
from approvals.store.cases import case_by_reference
from approvals.store.db import Database, make_engine
from approvals.store.migrate import current_revision, head_revision, open_database, upgrade
from approvals.store.models import Document, Event, FilingTrack, User
from tests.conftest import EXAMPLES_DIR, FolderTemplates, new_database

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))
PAT = Actor("pat", ("preparer",))
RITA = Actor("rita", ("reviewer",))

pytestmark = pytest.mark.usefixtures("fast_hash")  # cheap argon2 parameters


def _users_and_demo(db: Database, _data_dir: DataDir) -> None:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW)
        for actor in (PAT, RITA):
            users.create_user(s, actor=ROOT, username=actor.username, password=PW,
                              roles=actor.roles)
        load_demo(s, actor=ROOT)


@pytest.fixture
def db(data_dir: DataDir, folder_templates: FolderTemplates) -> Iterator[Database]:
    """The users and the demo, loaded once per session and copied into this test's folder."""
    folder_templates.restore(f"{__name__}.demo", _users_and_demo, data_dir)
    database = open_database(data_dir)
    yield database
    database.dispose()


def demo_case(db: Database, demo_ref: str) -> tuple[int, str]:
    with db.read_session() as s:
        row = s.connection().exec_driver_sql(
            "SELECT id, reference FROM cases WHERE json_extract(facts, '$.reference') = ?",
            (demo_ref,)).one()
        return int(row[0]), str(row[1])


def by_name(db: Database, case_id: int, actor: Actor = ROOT) -> dict[str, documents.DocumentInfo]:
    with db.read_session() as s:
        return {d.file_name: d for d in documents.list_documents(s, actor=actor, case_id=case_id)}


def a_file(tmp_path: Path, name: str, body: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4 " + body)
    return path


def attach(db: Database, data_dir: DataDir, case_id: int, source: Path,
           actor: Actor = PAT, **kw: Any) -> documents.DocumentInfo:
    with db.session() as s:
        return documents.attach_document(s, actor=actor, data_dir=data_dir, case_id=case_id,
                                         source=source, **kw)


def withdraw(db: Database, document_id: int, reason: str = "wrong version",
             actor: Actor = PAT) -> documents.DocumentInfo:
    with db.session() as s:
        return documents.withdraw_document(s, actor=actor, document_id=document_id,
                                           reason=reason)


def state(db: Database, data_dir: DataDir) -> tuple[Any, ...]:
    """Every document row, every event, every stored file: what a refusal must not change."""
    with db.read_session() as s:
        rows = [d.model_dump() for d in s.exec(select(Document).order_by(Document.id)).all()]
        events = s.exec(select(Event.id, Event.hash).order_by(Event.id)).all()
    files = sorted(p.name for p in data_dir.documents.iterdir())
    return rows, events, files


CHART = "Post-closing structure chart - Kowloon Deep Reasoning Labs.pdf"
KYC = "Founders' identity documents (personal data).pdf"
CONTRACT = "Technology export contract - speech synthesis (signed).pdf"
DRAFT_CONTRACT = "Technology export contract - speech synthesis (draft v3).pdf"


# -- withdrawing ---------------------------------------------------------------------------
def test_withdrawal_records_who_when_why_and_keeps_the_document(db, data_dir) -> None:
    case_id, _ref = demo_case(db, "DEMO-09")
    chart = by_name(db, case_id)[CHART]
    info = withdraw(db, chart.id, "  scan of the pre-closing chart  ")
    assert info.withdrawn and info.withdrawn_by == "pat"
    assert info.withdrawn_reason == "scan of the pre-closing chart"
    assert info.withdrawal == (f"Withdrawn {info.withdrawn_at[:10]} by pat: "
                               "scan of the pre-closing chart")
    # Still listed, still openable, still verified with the trail.
    listed = by_name(db, case_id, PAT)[CHART]
    assert listed.withdrawn and listed.can_open and listed.sha256 == chart.sha256
    with db.read_session() as s:
        path = documents.document_path(s, actor=PAT, data_dir=data_dir, document_id=chart.id)
        event = s.exec(select(Event).where(Event.action == "document.withdrawn",
                                           Event.entity_id == str(chart.id))).one()
        s.expunge(event)
    assert path.is_file()
    assert (event.actor, event.entity_id, event.case_id, event.reason) == (
        "pat", str(chart.id), case_id, "scan of the pre-closing chart")
    assert json.loads(event.old_value or "") == {"status": "in force"}
    assert json.loads(event.new_value or "")["status"] == "withdrawn"
    assert json.loads(event.details)["sha256"] == chart.sha256
    with db.session() as s:
        assert verify(s).ok
    # The trail says it in words, and counts it as a change of what a review covers.
    assert action_label("document.withdrawn") == "Document withdrawn"
    assert "document.withdrawn" in CONTENT_ACTIONS
    sentence = event_sentence(EventFacts(action=event.action, entity_id=event.entity_id,
                                         field=event.field, old=json.loads(event.old_value or ""),
                                         new=json.loads(event.new_value or ""),
                                         details=json.loads(event.details)))
    assert sentence == f"document '{CHART}' withdrawn"


def _restricted_id(db: Database) -> int:
    return by_name(db, demo_case(db, "DEMO-09")[0])[KYC].id


def _final_id(db: Database) -> int:
    case_id, ref = demo_case(db, "DEMO-09")
    return by_name(db, case_id)[f"{ref}-us-notification.pdf"].id


def _withdrawn_id(db: Database) -> int:
    case_id, _ref = demo_case(db, "DEMO-12")
    return by_name(db, case_id)[DRAFT_CONTRACT].id


def _chart_id(db: Database) -> int:
    return by_name(db, demo_case(db, "DEMO-09")[0])[CHART].id


@pytest.mark.parametrize(("document", "reason", "actor", "error", "words"), [
    (_chart_id, "wrong file", RITA, PermissionDenied, "attach documents"),
    (_chart_id, "   ", PAT, InputError, "reason"),
    (lambda _db: 9999, "wrong file", PAT, NotFound, "no document with id 9999"),
    (_withdrawn_id, "again", PAT, TransitionRefused, "already withdrawn"),
    (_final_id, "superseded", ROOT, TransitionRefused, "stored final"),
    (_restricted_id, "not ours", PAT, PermissionDenied, "only they or an administrator"),
], ids=["no-permission", "no-reason", "unknown-id", "already-withdrawn", "final",
        "restricted-not-named"])
def test_each_refusal_says_why_and_changes_nothing(db, data_dir, document, reason, actor,
                                                   error, words) -> None:
    doc_id = document(db)
    before = state(db, data_dir)
    with pytest.raises(error) as caught:
        withdraw(db, doc_id, reason, actor)
    assert words in str(caught.value)
    assert state(db, data_dir) == before


def test_an_administrator_may_withdraw_a_document_restricted_away_from_them(db) -> None:
    with db.session() as s:
        s.add(User(username="ada", roles='["admin"]'))
    ada = Actor("ada", ("admin",))
    kyc = _restricted_id(db)
    assert withdraw(db, kyc, "personal data no longer needed", ada).withdrawn_by == "ada"


# -- what stops counting it ----------------------------------------------------------------
def _licence_step(db: Database, track_id: int) -> Any:
    with db.session() as s:
        track = s.get(FilingTrack, track_id)
        assert track is not None
        return transition(session=s, track_id=track_id, transition_name="grant_licence",
                          actor=PAT, expected_version=track.version, licence_number="L-1")


def test_a_withdrawn_document_no_longer_satisfies_the_workflow_guard(db, data_dir,
                                                                     tmp_path) -> None:
    case_id, _ref = demo_case(db, "DEMO-12")
    signed = by_name(db, case_id)[CONTRACT]
    assert signed.track_id is not None
    with db.session() as s:  # the licence step needs the signed contract
        track = s.get(FilingTrack, signed.track_id)
        assert track is not None
        track.state = "export_approved"
        s.add(track)
    withdraw(db, signed.id, "unsigned copy")
    with pytest.raises(TransitionRefused) as caught:
        _licence_step(db, signed.track_id)
    assert "technology-export-contract" in str(caught.value)
    # Another file of the type counts again.
    attach(db, data_dir, case_id, a_file(tmp_path, "contract signed.pdf", b"signed"),
           doc_type="technology-export-contract", track_id=signed.track_id)
    assert _licence_step(db, signed.track_id).state == "licensed"


def test_a_new_version_counts_for_the_guard_in_place_of_the_old(db, data_dir,
                                                                 tmp_path) -> None:
    case_id, _ref = demo_case(db, "DEMO-12")
    signed = by_name(db, case_id)[CONTRACT]
    assert signed.track_id is not None
    with db.session() as s:
        track = s.get(FilingTrack, signed.track_id)
        assert track is not None
        track.state = "export_approved"
        s.add(track)
    new = attach(db, data_dir, case_id, a_file(tmp_path, "contract v2.pdf", b"re-signed"),
                 supersedes=signed.id)
    assert new.doc_type == "technology-export-contract" and new.track_id == signed.track_id
    assert _licence_step(db, signed.track_id).state == "licensed"


def _pdf_text(pdf: bytes) -> str:
    return " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages)


def test_a_filing_lists_the_new_version_not_the_withdrawn_one(db, data_dir, tmp_path) -> None:
    """The demo's DEMO-12 contract superseded a draft attached by mistake: the Chinese
    application lists the signed one only, and the status report likewise."""
    case_id, ref = demo_case(db, "DEMO-12")
    docs = by_name(db, case_id)
    draft, signed = docs[DRAFT_CONTRACT], docs[CONTRACT]
    assert draft.withdrawn and draft.superseded_by == signed.id
    assert signed.supersedes == (draft.id,) and not signed.withdrawn
    with db.read_session() as s:
        data = load_filing_data(s, ref)
        names = [a.file_name for a in data.attachments]
        assert CONTRACT in names and DRAFT_CONTRACT not in names
        assert [a.file_name for a in data.withdrawn_attachments] == [DRAFT_CONTRACT]
        text = _pdf_text(render_filing(session=s, reference=ref, kind="cn-application",
                                       actor=PAT).pdf)
    assert signed.sha256 in text.replace("\n", "") and draft.sha256 not in text.replace("\n", "")


def test_withdrawing_an_attachment_takes_it_off_the_us_notification(db) -> None:
    case_id, ref = demo_case(db, "DEMO-09")
    with db.read_session() as s:
        before = load_filing_data(s, ref, for_final=True)
        listed = _pdf_text(render_filing(session=s, reference=ref, kind="us-notification",
                                         actor=PAT).pdf).replace("\n", "")
    track = before.tracks[0]
    chart_sha = by_name(db, case_id)[CHART].sha256
    assert chart_sha in listed
    assert "org_chart" in {a.doc_type for a in before.attachments_for((track,))}
    info = withdraw(db, by_name(db, case_id)[CHART].id, "pre-closing chart")
    with db.read_session() as s:
        after = load_filing_data(s, ref, for_final=True)
        text = _pdf_text(render_filing(session=s, reference=ref, kind="us-notification",
                                       actor=PAT).pdf)
    assert "org_chart" not in {a.doc_type for a in after.attachments_for((track,))}
    # A final issued now is dated by the withdrawal: the content changed then.
    assert after.filing_time((after.tracks[0],)) == info.withdrawn_at
    assert chart_sha not in text.replace("\n", "")


# -- superseding ---------------------------------------------------------------------------
def test_a_new_version_supersedes_the_old_in_one_unit_of_work(db, data_dir, tmp_path) -> None:
    case_id, _ref = demo_case(db, "DEMO-09")
    kyc = by_name(db, case_id)[KYC]
    new = attach(db, data_dir, case_id, a_file(tmp_path, "kyc v2.pdf", b"v2"), actor=ROOT,
                 supersedes=kyc.id, reason="passport scans were expired")
    assert new.doc_type == kyc.doc_type and new.supersedes == (kyc.id,)
    assert new.restricted and "root" in new.allowed_users  # stays confidential
    old = by_name(db, case_id)[KYC]
    assert old.withdrawn and old.superseded_by == new.id
    assert old.withdrawn_reason == "passport scans were expired"
    with db.read_session() as s:
        attached, withdrawn = s.exec(select(Event).where(Event.case_id == case_id)
                                     .order_by(Event.id.desc()).limit(2)).all()[::-1]  # type: ignore[union-attr]
        s.expunge_all()
    assert attached.action == "document.attached"
    assert json.loads(attached.new_value or "")["supersedes"] == kyc.id
    assert withdrawn.action == "document.withdrawn"
    assert json.loads(withdrawn.new_value or "")["superseded_by"] == new.id
    sentence = event_sentence(EventFacts(action=withdrawn.action, entity_id=withdrawn.entity_id,
                                         new=json.loads(withdrawn.new_value or ""),
                                         details=json.loads(withdrawn.details)))
    assert sentence == f"document '{KYC}' withdrawn, superseded by 'kyc v2.pdf'"


def test_a_failed_supersede_leaves_neither_the_new_file_nor_the_withdrawal(
        db, data_dir, tmp_path, monkeypatch) -> None:
    case_id, _ref = demo_case(db, "DEMO-09")
    chart = by_name(db, case_id)[CHART]
    before = state(db, data_dir)
    real = documents.append_event

    def failing(session: Any, **kw: Any) -> Any:
        if kw.get("action") == "document.withdrawn":
            raise OSError("disk full")
        return real(session, **kw)

    monkeypatch.setattr(documents, "append_event", failing)
    with pytest.raises(OSError):
        attach(db, data_dir, case_id, a_file(tmp_path, "chart v2.pdf", b"new chart"),
               supersedes=chart.id)
    assert state(db, data_dir) == before
    monkeypatch.setattr(documents, "append_event", real)
    assert store_audit.append_event is real  # the module's own is untouched


@pytest.mark.parametrize(("supersedes", "kw", "error", "words"), [
    (lambda db: _withdrawn_id(db), {}, TransitionRefused, "already withdrawn"),
    (lambda db: 9999, {}, NotFound, "no document with id 9999"),
    (lambda db: _chart_id(db), {"doc_type": "kyc"}, InputError, "keeps the type"),
    (lambda db: by_name(db, demo_case(db, "DEMO-12")[0])[CONTRACT].id, {}, InputError,
     "not a document of this case"),
], ids=["already-withdrawn", "unknown", "other-type", "other-case"])
def test_a_refused_new_version_changes_nothing(db, data_dir, tmp_path, supersedes, kw, error,
                                               words) -> None:
    case_id = demo_case(db, "DEMO-12" if words == "already withdrawn" else "DEMO-09")[0]
    old_id = supersedes(db)
    before = state(db, data_dir)
    with pytest.raises(error) as caught:
        attach(db, data_dir, case_id, a_file(tmp_path, "v2.pdf", b"refused"), supersedes=old_id,
               **kw)
    assert words in str(caught.value)
    assert state(db, data_dir) == before


# -- the schema ----------------------------------------------------------------------------
def test_documents_of_an_older_database_are_in_force_after_the_upgrade(tmp_path) -> None:
    folder = DataDir(tmp_path / "old").ensure()
    engine = make_engine(folder.database)
    upgrade(engine, "0009")
    engine.dispose()
    with sqlite3.connect(folder.database) as conn:
        conn.execute("INSERT INTO cases (reference, facts, status, owner, target_name, "
                     "investor_name, created_at, updated_at, version) VALUES "
                     "('AP-2026-0001', '{}', 'open', 'a', 't', 'i', 'x', 'x', 1)")
        conn.execute("INSERT INTO documents (case_id, file_name, sha256, size, stored_path, "
                     "doc_type, is_rendering, uploaded_by, uploaded_at, restricted, "
                     "allowed_users) VALUES (1, 'spa.pdf', ?, 3, 'x.pdf', 'spa', 0, 'pat', "
                     "'2026-01-01T00:00:00Z', 0, '[]')", ("a" * 64,))
    conn.close()
    db = open_database(folder)
    try:
        assert current_revision(db.engine) == head_revision() == "0012"
        with db.read_session() as s:
            doc = s.exec(select(Document)).one()
            s.expunge(doc)
        assert (doc.file_name, doc.sha256, doc.doc_type) == ("spa.pdf", "a" * 64, "spa")
        assert (doc.withdrawn_at, doc.withdrawn_by, doc.withdrawn_reason,
                doc.superseded_by) == (None, None, None, None)
        assert documents.in_force(doc)
    finally:
        db.dispose()


# -- review packs --------------------------------------------------------------------------
def test_a_review_pack_carries_the_withdrawal_to_the_reviewer(tmp_path, data_dir) -> None:
    import zipfile

    db = open_database(data_dir)
    b_dir = DataDir(tmp_path / "B").ensure()
    b_db = new_database(b_dir)
    try:
        with db.session() as s:
            for actor in (ROOT, PAT):
                s.add(User(username=actor.username, roles=json.dumps(list(actor.roles))))
            data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
            ref = import_case(s, data=data, actor=ROOT).reference
            case_id = case_by_reference(s, ref).id
        old = attach(db, data_dir, case_id, a_file(tmp_path, "spa v1.pdf", b"v1"),
                     doc_type="transaction_agreement")
        new = attach(db, data_dir, case_id, a_file(tmp_path, "spa v2.pdf", b"v2"),
                     supersedes=old.id, reason="v1 lacked the side letter")
        pack = tmp_path / "review.zip"
        with db.session() as s:
            review.export_review_pack(s, data_dir=data_dir, references=[ref], out=pack,
                                      actor=PAT, drafts=False)
        with zipfile.ZipFile(pack) as zf:
            rows = next(json.loads(zf.read(n)) for n in zf.namelist()
                        if n.endswith("documents.json"))
        by_id = {r["id"]: r for r in rows}
        assert by_id[old.id]["withdrawn_reason"] == "v1 lacked the side letter"
        assert by_id[old.id]["superseded_by"] == new.id
        # A document in force is written as the previous release wrote it.
        assert not {"withdrawn_at", "superseded_by"} & set(by_id[new.id])
        with b_db.session() as s:
            review.trust_key(s, key_text=review.installation_identity(data_dir).public_key_text,
                             label="Preparer", actor=ROOT)
            opened = review.open_review_pack(s, data_dir=b_dir, path=pack, actor=RITA)
        case = review.get_review(b_dir, opened.pack_id).cases[0]
        shown = {d.file_name: d for d in case.documents}
        assert shown["spa v1.pdf"].withdrawal.endswith("by pat: v1 lacked the side letter")
        assert shown["spa v1.pdf"].superseded_by == new.id
        assert shown["spa v2.pdf"].withdrawal == "" and shown["spa v2.pdf"].withdrawn_at is None
    finally:
        b_db.dispose()
        db.dispose()


def test_nothing_of_a_closed_case_is_withdrawn_or_replaced(db, data_dir, tmp_path) -> None:
    from approvals.store.models import Case

    case_id, ref = demo_case(db, "DEMO-09")
    chart = by_name(db, case_id)[CHART]
    with db.session() as s:  # as case_lifecycle.close_case leaves it
        case = s.get(Case, case_id)
        assert case is not None
        case.status = "closed"
        s.add(case)
    before = state(db, data_dir)
    with pytest.raises(TransitionRefused) as caught:
        withdraw(db, chart.id)
    assert f"Case {ref} is closed" in str(caught.value)
    with pytest.raises(TransitionRefused):
        attach(db, data_dir, case_id, a_file(tmp_path, "chart v2.pdf", b"late"),
               supersedes=chart.id)
    assert state(db, data_dir) == before


def test_the_filing_check_and_the_audit_csv_name_the_withdrawal(db, tmp_path) -> None:
    """A draft printed before the withdrawal is no longer current: "Check a filing" says it
    changed and lists the withdrawal; the stored final still checks as itself; the audit
    CSV carries the event with its label and reason."""
    import csv

    from approvals.services.exports import export_audit_csv
    from approvals.services.filing_check import check_filing

    case_id, ref = demo_case(db, "DEMO-09")
    with db.read_session() as s:
        draft = render_filing(session=s, reference=ref, kind="us-notification", actor=PAT).pdf
    withdraw(db, by_name(db, case_id)[CHART].id, "pre-closing chart")
    final = by_name(db, case_id)[f"{ref}-us-notification.pdf"]
    with db.read_session() as s:
        checked = check_filing(s, actor=PAT, source=draft)
        stored = (s.get(Document, final.id).stored_path)  # type: ignore[union-attr]
    assert checked.verdict == "changed"
    assert any(c.action == "document.withdrawn" for c in checked.changes)
    with db.read_session() as s:
        from approvals.store.db import session_data_dir

        again = check_filing(s, actor=PAT, source=session_data_dir(s).documents / stored)
    assert again.verdict == "identical"
    with db.session() as s:
        export_audit_csv(s, actor=PAT, out=tmp_path / "trail.csv", case_reference=ref)
    with (tmp_path / "trail.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["Action"] == "document.withdrawn"]
    assert [(r["Action (label)"], r["Reason"], r["Actor"]) for r in rows] == [
        ("Document withdrawn", "pre-closing chart", "pat")]
