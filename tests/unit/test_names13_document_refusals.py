"""The documents service names people in words, as the rest of the app does ("Alice Wong
(alice)"), in its refusals and withdrawal texts: "restricted to andy, rita" and "Withdrawn
… by pat" left the officer to work out who andy was. The audit trail keeps the logins."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import CheckFailed, PermissionDenied, TransitionRefused
from approvals.paths import DataDir
from approvals.services import documents, users
from approvals.services.cases import case_id_for
from approvals.services.demo import load_demo
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.migrate import open_database
from approvals.store.models import Event
from tests.conftest import FolderTemplates

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))
PAT = Actor("pat", ("preparer",))
ANDY = Actor("andy", ("approver", "preparer"))
RITA = Actor("rita", ("reviewer",))
NAMES = {"pat": "Pat Okafor", "andy": "Andy Li", "rita": "Rita Gomez"}

pytestmark = pytest.mark.usefixtures("fast_hash")  # cheap argon2 parameters


def _users_and_demo(db: Database, _data_dir: DataDir) -> str:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW)
        for actor in (PAT, ANDY, RITA):
            users.create_user(s, actor=ROOT, username=actor.username, password=PW,
                              roles=actor.roles, display_name=NAMES[actor.username])
        return load_demo(s, actor=ROOT).created[0]


@pytest.fixture
def db(data_dir: DataDir, folder_templates: FolderTemplates) -> Iterator[Database]:
    folder_templates.restore(f"{__name__}.demo", _users_and_demo, data_dir)
    database = open_database(data_dir)
    yield database
    database.dispose()


@pytest.fixture
def case_id(db: Database) -> int:
    with db.read_session() as s:
        reference = s.connection().exec_driver_sql(
            "SELECT reference FROM cases ORDER BY id LIMIT 1").scalar_one()
        return case_id_for(s, reference)


def _attach(db: Database, data_dir: DataDir, case_id: int, tmp_path: Path, name: str,
            actor: Actor = ANDY, **kw) -> documents.DocumentInfo:
    source = tmp_path / name
    source.write_bytes(f"%PDF-1.4 {name}".encode())
    with db.session() as s:
        return documents.attach_document(s, actor=actor, data_dir=data_dir, case_id=case_id,
                                         source=source, **kw)


def test_restricted_refusals_name_people_in_words(db, data_dir, case_id, tmp_path) -> None:
    doc = _attach(db, data_dir, case_id, tmp_path, "Side letter.pdf", restricted=True,
                  allowed_users=["rita"])
    assert doc.allowed_users == ("andy", "rita")  # the row and the trail keep logins
    assert doc.allowed_people == ("Andy Li (andy)", "Rita Gomez (rita)")
    said = "Side letter.pdf is restricted to Andy Li (andy) and Rita Gomez (rita); "
    for refused, then in (
            (lambda s: documents.document_path(s, actor=PAT, data_dir=data_dir,
                                               document_id=doc.id),
             "you may not open or export it."),
            (lambda s: documents.withdraw_document(s, actor=PAT, document_id=doc.id,
                                                   reason="wrong file"),
             "only they or an administrator may withdraw it."),
            (lambda s: documents.set_document_type(s, actor=PAT, document_id=doc.id,
                                                   doc_type="org_chart"),
             "you may not open it, so may not say what it is either."),
            (lambda s: documents.set_restriction(s, actor=PAT, document_id=doc.id,
                                                 restricted=False),
             "only they or an administrator may change who can open it.")):
        with pytest.raises(PermissionDenied) as denied, db.session() as s:
            refused(s)
        assert str(denied.value) == said + then
    with db.read_session() as s:
        stored = s.exec(select(Event).where(Event.action == "document.attached")
                        .order_by(Event.id.desc())).first()  # type: ignore[union-attr]
        assert json.loads(stored.new_value)["allowed_users"] == ["andy", "rita"]


def test_withdrawal_is_said_with_who_in_words(db, data_dir, case_id, tmp_path) -> None:
    doc = _attach(db, data_dir, case_id, tmp_path, "chart.pdf", actor=PAT)
    with db.session() as s:
        withdrawn = documents.withdraw_document(s, actor=PAT, document_id=doc.id,
                                                reason="wrong version")
    assert withdrawn.withdrawn_by == "pat"  # as stored
    assert withdrawn.withdrawal.endswith(" by Pat Okafor (pat): wrong version")
    with db.read_session() as s:
        listed = {d.id: d for d in documents.list_documents(s, actor=ROOT, case_id=case_id)}
    assert listed[doc.id].withdrawal == withdrawn.withdrawal
    with pytest.raises(TransitionRefused) as again, db.session() as s:
        documents.withdraw_document(s, actor=PAT, document_id=doc.id, reason="twice")
    assert "by Pat Okafor (pat): wrong version" in str(again.value)
    with pytest.raises(TransitionRefused) as typed, db.session() as s:
        documents.set_document_type(s, actor=PAT, document_id=doc.id, doc_type="org_chart")
    assert "by Pat Okafor (pat): wrong version" in str(typed.value)
    with db.read_session() as s:
        event = s.exec(select(Event).where(Event.action == "document.withdrawn",
                                           Event.entity_id == str(doc.id))).one()
        assert event.actor == "pat"  # the trail records the login, as before


def test_a_user_without_a_full_name_is_named_by_login(db, data_dir, case_id, tmp_path) -> None:
    doc = _attach(db, data_dir, case_id, tmp_path, "memo.pdf", actor=ROOT, restricted=True)
    with pytest.raises(PermissionDenied) as denied, db.session() as s:
        documents.document_path(s, actor=PAT, data_dir=data_dir, document_id=doc.id)
    assert str(denied.value).startswith("memo.pdf is restricted to root; ")


def test_people_text_lists_as_a_sentence() -> None:
    names = {"alice": "Alice Wong"}
    assert documents.people_text([], names) == "named users"
    assert documents.people_text(["alice"], names) == "Alice Wong (alice)"
    assert documents.people_text(["alice", "bob", "carol"], names) == \
        "Alice Wong (alice), bob and carol"


def test_a_changed_or_missing_stored_file_says_what_to_do(db, data_dir, case_id,
                                                          tmp_path) -> None:
    """"It was changed after it was attached" left the officer with a document they could
    not open and no way on: the refusal says where the check lists them all, and where
    the file as stored is kept."""
    doc = _attach(db, data_dir, case_id, tmp_path, "contract.pdf")
    stored = data_dir.documents / f"{doc.sha256}.pdf"
    stored.write_bytes(stored.read_bytes() + b"!")
    with pytest.raises(CheckFailed) as changed, db.session() as s:
        documents.copy_to_open(s, actor=ANDY, data_dir=data_dir, document_id=doc.id)
    said = str(changed.value)
    assert "it was changed after it was attached (nothing was opened or copied)" in said
    assert "View → Verify audit trail lists every stored file that fails the check" in said
    assert "backup made before holds the file as it was stored" in said
    stored.unlink()
    with pytest.raises(CheckFailed) as missing, db.session() as s:
        documents.export_document(s, actor=ANDY, data_dir=data_dir, document_id=doc.id,
                                  destination=tmp_path / "out.pdf")
    assert "is missing from the documents folder" in str(missing.value)
    assert "View → Verify audit trail" in str(missing.value)
