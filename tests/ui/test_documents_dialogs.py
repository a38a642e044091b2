"""The two document dialogs (Who may open…, Withdraw…) share how they are made: the file's
name at the top, read as a name even when it looks like markup, and one change at a
time on the write worker, a refusal said in the dialog with the button back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from approvals.services import documents
from approvals.services.cases import import_case
from approvals.services.demo import demo_facts
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.document_access import DocumentAccessDialog, WithdrawDocumentDialog

ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))
ODD_NAME = "Q3 <draft> & notes.pdf"


@pytest.fixture
def doc(db: Database, data_dir, tmp_path: Path) -> documents.DocumentInfo:
    source = tmp_path / ODD_NAME
    source.write_bytes(b"%PDF draft")
    with db.session() as s:
        case = import_case(s, data=demo_facts()[0], actor=ROOT)
        return documents.attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case.id,
                                         source=source)


@pytest.mark.parametrize("dialog_class", [DocumentAccessDialog, WithdrawDocumentDialog])
def test_the_file_name_is_shown_as_written(qtbot, runner, doc, dialog_class) -> None:
    dialog = dialog_class(runner, ROOT, doc)
    qtbot.addWidget(dialog)
    assert doc.file_name == ODD_NAME
    dialog.heading.setTextFormat(Qt.TextFormat.RichText)
    shown = dialog.heading.text()
    assert "&lt;draft&gt; &amp; notes.pdf" in shown  # escaped, so read as written
    assert ODD_NAME in dialog.windowTitle()
    runner.wait_for_done()


def test_a_refused_withdrawal_says_why_and_gives_the_button_back(
        qtbot, runner, db: Database, doc) -> None:
    dialog = WithdrawDocumentDialog(runner, Actor("rita", ("reviewer",)), doc)
    qtbot.addWidget(dialog)
    dialog.reason.setText("wrong version")
    dialog.withdraw()
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=10_000)
    assert dialog.problem.text() not in ("", "Withdrawing…")
    assert dialog.reason.text() == "wrong version"
    with db.read_session() as s:
        assert documents.list_documents(s, actor=ROOT, case_id=doc.case_id)[0].withdrawn is False
