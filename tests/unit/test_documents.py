"""Documents: attach with hash and size, restricted ones visible but closed to others."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import CheckFailed, InputError, NotFound, PermissionDenied
from approvals.paths import DataDir
from approvals.services import documents, users
from approvals.services.demo import load_demo
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.migrate import open_database
from approvals.store.models import Document, Event
from tests.conftest import FolderTemplates

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))
PAT = Actor("pat", ("preparer",))
RITA = Actor("rita", ("reviewer",))
ANDY = Actor("andy", ("approver",))


pytestmark = pytest.mark.usefixtures("fast_hash")  # cheap argon2 parameters


def _users_and_demo(db: Database, _data_dir: DataDir) -> str:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW)
        for actor in (PAT, RITA, ANDY):
            users.create_user(s, actor=ROOT, username=actor.username, password=PW,
                              roles=actor.roles)
        return load_demo(s, actor=ROOT).created[0]


@pytest.fixture
def first_reference(data_dir: DataDir, folder_templates: FolderTemplates, fast_hash) -> str:
    """The users and the demo, loaded once per session and copied into this test's folder."""
    return folder_templates.restore(f"{__name__}.demo", _users_and_demo, data_dir)


@pytest.fixture
def db(data_dir: DataDir, first_reference: str) -> Iterator[Database]:
    database = open_database(data_dir)
    yield database
    database.dispose()


@pytest.fixture
def case_id(db, first_reference: str) -> int:
    with db.read_session() as s:
        from approvals.services.cases import case_id_for

        return case_id_for(s, first_reference)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "Board Resolution.PDF"
    path.write_bytes(b"%PDF-1.4 board resolution " * 1000)
    return path


def attach(db, data_dir, case_id: int, source: Path, actor: Actor = PAT, **kw):
    with db.session() as s:
        return documents.attach_document(s, actor=actor, data_dir=data_dir, case_id=case_id,
                                         source=source, **kw)


def test_attach_copies_with_hash_and_size(db, data_dir, case_id: int, source: Path) -> None:
    info = attach(db, data_dir, case_id, source, doc_type="board_resolution")
    data = source.read_bytes()
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert info.size == len(data) and info.file_name == "Board Resolution.PDF"
    assert info.uploaded_by == "pat" and info.can_open and not info.restricted
    stored = data_dir.documents / f"{info.sha256}.pdf"
    assert stored.read_bytes() == data
    assert not list(data_dir.documents.glob(".incoming-*"))
    with db.read_session() as s:
        event = s.exec(select(Event).where(Event.action == "document.attached",
                                           Event.case_id == case_id)).one()
        assert event.case_id == case_id and json.loads(event.new_value)["sha256"] == info.sha256
    # Same bytes again: a second record, one stored file.
    attach(db, data_dir, case_id, source)
    assert [p.name for p in data_dir.documents.iterdir() if p.name.startswith(info.sha256)] == [
        stored.name]


def test_attach_refusals_write_nothing(db, data_dir, case_id: int, source: Path, tmp_path) -> None:
    files = sorted(data_dir.documents.rglob("*"))  # the demo's own documents
    with pytest.raises(PermissionDenied, match="attach documents"):
        attach(db, data_dir, case_id, source, actor=RITA)
    with pytest.raises(InputError, match="file not found"):
        attach(db, data_dir, case_id, tmp_path / "missing.pdf")
    with pytest.raises(InputError, match="is a folder, not a file"):
        attach(db, data_dir, case_id, tmp_path)
    with pytest.raises(NotFound):
        attach(db, data_dir, 9999, source)
    with pytest.raises(InputError) as err:
        attach(db, data_dir, case_id, source, restricted=True, allowed_users=["ghost"])
    assert err.value.problems[0].path == "allowed_users"
    with db.read_session() as s:
        assert s.exec(select(Document).where(Document.case_id == case_id)).all() == []
    assert sorted(data_dir.documents.rglob("*")) == files


def test_restricted_document_is_listed_but_closed(db, data_dir, case_id, source, tmp_path) -> None:
    doc = attach(db, data_dir, case_id, source, restricted=True, allowed_users=["andy"])
    assert doc.allowed_users == ("pat", "andy")  # whoever restricts stays on the list
    with db.read_session() as s:
        seen = {a.username: documents.list_documents(s, actor=a, case_id=case_id)
                for a in (PAT, RITA, ANDY, ROOT)}
    assert {name: [d.can_open for d in docs] for name, docs in seen.items()} == {
        "pat": [True], "rita": [False], "andy": [True], "root": [False]}
    assert seen["rita"][0].file_name == "Board Resolution.PDF"  # its existence is not hidden

    refused = tmp_path / "refused"
    refused.mkdir()
    for actor in (RITA, ROOT):
        with pytest.raises(PermissionDenied, match="restricted"), db.read_session() as s:
            documents.document_path(s, actor=actor, data_dir=data_dir, document_id=doc.id)
        with pytest.raises(PermissionDenied), db.session() as s:
            documents.export_document(s, actor=actor, data_dir=data_dir, document_id=doc.id,
                                      destination=refused)
    assert list(refused.iterdir()) == []

    with db.read_session() as s:
        path = documents.document_path(s, actor=ANDY, data_dir=data_dir, document_id=doc.id)
    assert path.read_bytes() == source.read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    with db.session() as s:
        dest = documents.export_document(s, actor=ANDY, data_dir=data_dir, document_id=doc.id,
                                         destination=out)
    assert dest == out / "Board Resolution.PDF" and dest.read_bytes() == source.read_bytes()
    with db.read_session() as s:
        assert s.exec(select(Event).where(Event.action == "document.exported")).one().actor == "andy"


def test_opening_and_backing_up_ask_the_same_question(db, data_dir, case_id, source) -> None:
    """Who a restricted document is open to is read in one place (domain.documents) for
    opening it and for the backup that would carry it; a stored list that cannot be read
    names nobody, for both: closed, and no traceback."""
    from approvals.services.access import require_every_document

    with db.session() as s:  # only this test's document is restricted
        for other in s.exec(select(Document)).all():
            other.restricted = False
            s.add(other)
    doc = attach(db, data_dir, case_id, source, restricted=True, allowed_users=["andy"])
    for actor, named in ((PAT, True), (ANDY, True), (RITA, False)):
        with db.read_session() as s:
            row = s.get(Document, doc.id)
            assert documents.may_open(row, actor) is named
        if named:
            require_every_document(db, actor)
        else:
            with pytest.raises(PermissionDenied, match="1 restricted document"):
                require_every_document(db, actor)
    with db.session() as s:
        row = s.get(Document, doc.id)
        row.allowed_users = "pat, andy"  # not JSON
        s.add(row)
    with db.read_session() as s:
        row = s.get(Document, doc.id)
        assert not documents.may_open(row, PAT)
        assert documents.list_documents(s, actor=PAT, case_id=case_id)[0].allowed_users == ()
    with pytest.raises(PermissionDenied, match="1 restricted document"):
        require_every_document(db, PAT)


def test_restriction_changes(db, data_dir, case_id: int, source: Path) -> None:
    doc = attach(db, data_dir, case_id, source)
    with pytest.raises(PermissionDenied, match="restrict documents"), db.session() as s:
        documents.set_restriction(s, actor=RITA, document_id=doc.id, restricted=True)
    with db.session() as s:
        info = documents.set_restriction(s, actor=ANDY, document_id=doc.id, restricted=True,
                                         allowed_users=["rita"], reason="personal data")
    assert info.restricted and info.allowed_users == ("andy", "rita")
    # pat is not on the list and cannot put himself on it.
    with pytest.raises(PermissionDenied, match="only they or an administrator"), db.session() as s:
        documents.set_restriction(s, actor=PAT, document_id=doc.id, restricted=True,
                                  allowed_users=["pat"])
    # An administrator can (recorded), e.g. when everybody named has left.
    with db.session() as s:
        info = documents.set_restriction(s, actor=ROOT, document_id=doc.id, restricted=False)
    assert not info.restricted and info.allowed_users == ()
    with db.read_session() as s:
        changes = s.exec(
            select(Event).where(Event.action == "document.restriction_changed").order_by(Event.id)
        ).all()
        assert [c.actor for c in changes] == ["andy", "root"]
        assert changes[0].reason == "personal data"
        assert json.loads(changes[0].new_value) == {"restricted": True,
                                                    "allowed_users": ["andy", "rita"]}


def test_export_detects_a_changed_stored_file(db, data_dir, case_id, source, tmp_path) -> None:
    doc = attach(db, data_dir, case_id, source)
    (data_dir.documents / f"{doc.sha256}.pdf").write_bytes(b"tampered")
    with pytest.raises(CheckFailed, match="SHA-256"), db.session() as s:
        documents.export_document(s, actor=PAT, data_dir=data_dir, document_id=doc.id,
                                  destination=tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("stored_path", ["../approvals.db", "/etc/passwd", ""])
def test_a_row_pointing_outside_the_documents_folder_is_never_followed(
        db, data_dir, case_id, source, tmp_path, stored_path: str) -> None:
    """A row edited in SQLite to lead elsewhere (the database, a system file): opening and
    exporting refuse it rather than hand out that file."""
    doc = attach(db, data_dir, case_id, source)
    with db.session() as s:
        s.get(Document, doc.id).stored_path = stored_path
    assert data_dir.stored_document(stored_path) is None
    with pytest.raises(CheckFailed, match="points outside the documents folder"), \
            db.read_session() as s:
        documents.document_path(s, actor=PAT, data_dir=data_dir, document_id=doc.id)
    with pytest.raises(CheckFailed, match="points outside"), db.session() as s:
        documents.export_document(s, actor=PAT, data_dir=data_dir, document_id=doc.id,
                                  destination=tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_users_without_a_role_see_nothing(db, data_dir, case_id: int, source: Path) -> None:
    doc = attach(db, data_dir, case_id, source)
    nobody = Actor("nobody", ())
    with pytest.raises(PermissionDenied), db.read_session() as s:
        documents.list_documents(s, actor=nobody, case_id=case_id)
    with pytest.raises(PermissionDenied), db.read_session() as s:
        documents.document_path(s, actor=nobody, data_dir=data_dir, document_id=doc.id)


# ---------------------------------------------------------------------------------------
# A unit of work that does not commit leaves no stored file behind


def _make_commit_fail(s) -> None:
    """A row whose foreign key is only checked at COMMIT: the commit itself fails, after
    the attach has put its file in place (as a full disk or a lost lock would)."""
    s.connection().exec_driver_sql("PRAGMA defer_foreign_keys=ON")
    s.connection().exec_driver_sql(
        "INSERT INTO comments (uid, case_id, author, body, created_at, origin) "
        "VALUES ('orphan-check', 999999, 'x', 'x', '2026-01-01', 'local')")


def _stored_files(data_dir) -> list[str]:
    return sorted(p.name for p in data_dir.documents.iterdir())


def _document_rows(db) -> int:
    with db.read_session() as s:
        return len(s.exec(select(Document)).all())


def test_a_failed_commit_removes_the_file_the_attach_put_in_place(db, data_dir, case_id, source):
    before_files, before_rows = _stored_files(data_dir), _document_rows(db)
    with pytest.raises(Exception, match="FOREIGN KEY"), db.session() as s:
        info = documents.attach_document(s, actor=PAT, data_dir=data_dir, case_id=case_id,
                                         source=source)
        assert (data_dir.documents / (info.sha256 + ".pdf")).is_file()  # in place before commit
        _make_commit_fail(s)
    assert _stored_files(data_dir) == before_files  # no orphan, no .incoming- copy
    assert _document_rows(db) == before_rows
    # The same file attached again afterwards is stored and kept.
    info = attach(db, data_dir, case_id, source)
    assert (data_dir.documents / (info.sha256 + ".pdf")).is_file()


def test_a_failed_commit_keeps_a_file_that_a_committed_row_shares(db, data_dir, case_id, source):
    kept = attach(db, data_dir, case_id, source)  # committed: the file is now shared
    stored = data_dir.documents / (kept.sha256 + ".pdf")
    with pytest.raises(Exception, match="FOREIGN KEY"), db.session() as s:
        documents.attach_document(s, actor=PAT, data_dir=data_dir, case_id=case_id,
                                  source=source, file_name="copy.pdf")
        _make_commit_fail(s)
    assert stored.read_bytes() == source.read_bytes()
    with db.read_session() as s:
        path = documents.document_path(s, actor=PAT, data_dir=data_dir, document_id=kept.id)
    assert path == stored


def test_a_failed_unit_of_work_with_two_attaches_of_one_new_file_removes_it(
        db, data_dir, case_id, source, tmp_path):
    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF-1.4 another document " * 500)
    before_files = _stored_files(data_dir)
    with pytest.raises(Exception, match="FOREIGN KEY"), db.session() as s:
        for path in (source, source, other):
            documents.attach_document(s, actor=PAT, data_dir=data_dir, case_id=case_id,
                                      source=path)
        _make_commit_fail(s)
    assert _stored_files(data_dir) == before_files


def test_a_committed_attach_keeps_its_file_when_a_later_unit_of_work_fails(
        db, data_dir, case_id, source):
    """The clean-up belongs to one unit of work: a later rollback in the same session
    object's life, or of another session, removes nothing that was committed."""
    info = attach(db, data_dir, case_id, source)
    with pytest.raises(RuntimeError), db.session():
        raise RuntimeError("something else failed")
    assert (data_dir.documents / (info.sha256 + ".pdf")).is_file()


def test_a_file_name_that_is_not_utf8_attaches_under_a_readable_name(
    db, data_dir, case_id: int, tmp_path: Path
) -> None:
    """A file named on a Windows code page ("Vertrag-\\xe4.pdf" in Latin-1 bytes) reaches
    Python with a surrogate escape; it attaches, prints and packs under U+FFFD instead."""
    import os

    path = tmp_path / os.fsdecode(b"Vertrag-\xe4.pdf")
    path.write_bytes(b"%PDF-1.4 contract")
    odd_suffix = tmp_path / os.fsdecode(b"notes.t\xe4t")
    odd_suffix.write_bytes(b"notes")
    info = attach(db, data_dir, case_id, path)
    assert info.file_name == "Vertrag-\ufffd.pdf"
    info.file_name.encode("utf-8")  # storable and printable
    assert (data_dir.documents / f"{info.sha256}.pdf").is_file()
    other = attach(db, data_dir, case_id, odd_suffix, file_name="notes\x07.txt")
    assert other.file_name == "notes\ufffd.txt"
    assert (data_dir.documents / other.sha256).is_file()  # no suffix that is not text
    minutes = tmp_path / "Minutes 3.5 final"
    minutes.write_bytes(b"minutes")
    assert (data_dir.documents / attach(db, data_dir, case_id, minutes).sha256).is_file()
    with db.read_session() as s:
        names = [json.loads(e.new_value)["file_name"] for e in s.exec(
            select(Event).where(Event.action == "document.attached", Event.case_id == case_id)
        ).all()]
    assert names[-3:] == ["Vertrag-\ufffd.pdf", "notes\ufffd.txt", "Minutes 3.5 final"]
