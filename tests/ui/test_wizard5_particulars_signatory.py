"""The Filing particulars editor labels the applicant's signatory as the case's Chinese
application prints it: 授权签字人 / Authorised signatory for a target organised outside
mainland China (it has no 法定代表人), the legal representative otherwise."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.particulars import ParticularsEditor
from approvals.ui.workers import TaskRunner
from tests.ui.test_particulars_ui import edit, new_case, opened


def _caption(editor: ParticularsEditor) -> str:
    field = edit(editor, "applicant", "legal_representative")
    caption = next(label for label in editor.findChildren(QLabel) if label.buddy() is field)
    return caption.text()


def test_a_cayman_applicant_is_asked_for_its_authorised_signatory(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    reference = new_case(db, admin, "DEMO-10")  # Yunji Holdings (Cayman) Ltd.
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    assert _caption(editor) == "Authorised signatory\n授权签字人 *"
    assert edit(editor, "applicant", "legal_representative").accessibleName() == \
        "Authorised signatory 授权签字人"


def test_a_chinese_applicant_and_the_defaults_keep_the_legal_representative(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    reference = new_case(db, admin, "DEMO-05")
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    assert _caption(editor) == "Legal representative\n法定代表人 *"
    defaults = opened(qtbot, ParticularsEditor(runner, admin, None))
    assert _caption(defaults) == "Legal representative\n法定代表人 *"


def test_a_long_address_is_shown_from_its_start(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    from approvals.services.filings import set_filing_particulars

    reference = new_case(db, admin, "DEMO-10")
    address = ("Cricket Square, Hutchins Drive, PO Box 2681, Grand Cayman KY1-1111, "
               "Cayman Islands")
    with db.session() as session:
        set_filing_particulars(session=session, actor=admin, reference=reference,
                               values={"applicant": {"registered_address": address}})
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    field = edit(editor, "applicant", "registered_address")
    assert field.text() == address and field.cursorPosition() == 0
