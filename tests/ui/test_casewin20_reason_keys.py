"""The document dialogs' Reason fields have an Alt key of their own: Withdraw's required
"Reason *" had none (the only field of the dialog the keyboard could not reach by a
letter), and Set type's keeps Alt+R beside Alt+T for its Type."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit

from approvals.services import documents
from approvals.services.cases import import_case
from approvals.services.demo import demo_facts
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.document_access import DocumentTypeDialog, WithdrawDocumentDialog
from approvals.ui.widgets import access_key
from approvals.ui.workers import TaskRunner
from tests.ui.ux_checks import mnemonic_clashes

ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))


@pytest.fixture
def doc(db: Database, data_dir, tmp_path: Path) -> documents.DocumentInfo:
    source = tmp_path / "licence.pdf"
    source.write_bytes(b"%PDF licence")
    with db.session() as s:
        case = import_case(s, data=demo_facts()[0], actor=ROOT)
        return documents.attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case.id,
                                         source=source)


def _label_of(dialog: QDialog, field: QLineEdit) -> QLabel:
    form = dialog.layout()
    assert isinstance(form, QFormLayout)
    label = form.labelForField(field)
    assert isinstance(label, QLabel)
    return label


@pytest.mark.parametrize("which", ["withdraw", "set type"])
def test_the_reason_has_an_alt_key_no_other_control_uses(
        qtbot, runner: TaskRunner, doc: documents.DocumentInfo, which: str) -> None:
    dialog: QDialog = (WithdrawDocumentDialog(runner, ROOT, doc) if which == "withdraw"
                       else DocumentTypeDialog(runner, ROOT, doc, [("org_chart", "Chart")]))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    label = _label_of(dialog, dialog.reason)
    assert access_key(label.text()) == "r", label.text()
    assert label.buddy() is dialog.reason  # Alt+R puts the cursor in the field
    assert mnemonic_clashes(dialog) == []
    dialog.reject()
    runner.wait_for_done()
