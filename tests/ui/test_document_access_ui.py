"""Restricting a document from the UI: who may, who is listed, and what others see."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from approvals.services import documents, users
from approvals.services.cases import import_case
from approvals.services.demo import demo_facts
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.document_access import DocumentAccessDialog
from tests.ui.ux_checks import problems

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))
PAT = Actor("pat", ("preparer",))
RITA = Actor("rita", ("reviewer",))


pytestmark = pytest.mark.usefixtures("fast_hash")  # cheap argon2 parameters


@pytest.fixture
def doc(db: Database, data_dir, tmp_path: Path) -> documents.DocumentInfo:
    source = tmp_path / "passport.pdf"
    source.write_bytes(b"%PDF personal data")
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW)
        for actor in (PAT, RITA):
            users.create_user(s, actor=ROOT, username=actor.username, password=PW,
                              roles=actor.roles)
        case = import_case(s, data=demo_facts()[0], actor=ROOT)
        return documents.attach_document(s, actor=PAT, data_dir=data_dir, case_id=case.id,
                                         source=source)


def open_dialog(qtbot, runner, actor: Actor, doc) -> DocumentAccessDialog:
    dialog = DocumentAccessDialog(runner, actor, doc)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.people.count() == 3, timeout=10_000)
    return dialog


def test_restrict_to_named_users(qtbot, runner, db, doc) -> None:
    dialog = open_dialog(qtbot, runner, PAT, doc)
    assert dialog.save_button.isEnabled() and not dialog.people.isEnabled()
    dialog.restricted.setChecked(True)
    assert dialog.people.isEnabled()
    assert dialog.chosen() == ["pat"]  # the one restricting is always on the list
    dialog.set_checked("root", True)
    dialog.reason.setText("passport copy")
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as signal:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    info = signal.args[0]
    assert info.restricted and info.allowed_users == ("pat", "root")
    assert "only pat and root may open it" in dialog.message.text()
    with db.read_session() as s:
        seen = documents.list_documents(s, actor=RITA, case_id=doc.case_id)
    assert [(d.file_name, d.can_open) for d in seen] == [("passport.pdf", False)]


def test_reviewer_cannot_restrict_and_is_told_why(qtbot, runner, doc) -> None:
    dialog = open_dialog(qtbot, runner, RITA, doc)
    assert not dialog.save_button.isEnabled() and not dialog.restricted.isEnabled()
    assert "rita may not restrict documents" in dialog.message.text()
    # The greyed-out controls say why themselves, and every control has a name.
    assert dialog.save_button.toolTip() == dialog.restricted.toolTip() == dialog.message.text()
    assert problems("who may open", dialog) == []


def test_someone_off_the_list_cannot_change_it(qtbot, runner, db, doc) -> None:
    with db.session() as s:
        restricted = documents.set_restriction(s, actor=ROOT, document_id=doc.id,
                                               restricted=True)
    andy = Actor("andy", ("approver",))
    with db.read_session() as s:
        as_andy = documents.list_documents(s, actor=andy, case_id=doc.case_id)[0]
    assert restricted.allowed_users == ("root",) and not as_andy.can_open
    dialog = open_dialog(qtbot, runner, andy, as_andy)
    assert not dialog.save_button.isEnabled()
    assert "only they or an administrator" in dialog.message.text()
