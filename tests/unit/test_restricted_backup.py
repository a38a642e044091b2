"""A backup copies the whole data folder, restricted documents included, so only those who
may open every restricted document, or an administrator, may make one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from approvals.domain.errors import PermissionDenied
from approvals.paths import DataDir
from approvals.services import backup, documents, users
from approvals.services.cases import import_case
from approvals.store.audit import Actor
from approvals.store.db import Database

pytestmark = pytest.mark.usefixtures("fast_hash")

PW = "correct horse battery"
EXAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "spec" / "examples" / "vision-startup.json"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))
PAT = Actor("pat", ("preparer",))
ANDY = Actor("andy", ("approver",))


@pytest.fixture
def folder(db: Database, data_dir: DataDir, tmp_path: Path) -> DataDir:
    letter = tmp_path / "passport.txt"
    letter.write_text("founder's passport\n", encoding="utf-8")
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW)
        for actor in (PAT, ANDY):
            users.create_user(s, actor=ROOT, username=actor.username, password=PW,
                              roles=actor.roles)
        case = import_case(s, data=json.loads(EXAMPLE.read_text(encoding="utf-8")), actor=ROOT)
        documents.attach_document(s, actor=PAT, data_dir=data_dir, case_id=case.id,
                                  source=letter, restricted=True)
    return data_dir


def test_a_backup_would_carry_documents_hidden_from_its_maker(db, folder, tmp_path) -> None:
    out = tmp_path / "andy.zip"
    with pytest.raises(PermissionDenied) as err:
        backup.create_backup(folder, out=out, actor=ANDY, db=db)
    assert str(err.value) == (
        "andy may not make a backup here: it would carry 1 restricted document that andy may "
        "not open. Ask an administrator to make the backup.")
    assert not out.exists()


def test_the_named_user_and_an_administrator_may(db, folder, tmp_path) -> None:
    assert backup.create_backup(folder, out=tmp_path / "pat.zip", actor=PAT, db=db).path.is_file()
    assert backup.create_backup(folder, out=tmp_path / "root.zip", actor=ROOT, db=db).path.is_file()
    # Once the restriction names andy too, so may he.
    with db.session() as s:
        doc = documents.list_documents(s, actor=PAT, case_id=1)[0]
        documents.set_restriction(s, actor=PAT, document_id=doc.id, restricted=True,
                                  allowed_users=["pat", "andy"])
    assert backup.create_backup(folder, out=tmp_path / "a.zip", actor=ANDY, db=db).path.is_file()
