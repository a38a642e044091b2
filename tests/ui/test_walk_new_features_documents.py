"""The case window's Documents tab: Check PDF… (and the row's menu) checks a stored PDF in
the Check a filing dialog; a restricted document stays closed to those not on it, and a
file that is not a PDF is not offered."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from sqlmodel import select

from approvals.paths import DataDir
from approvals.services import documents, users
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Document
from approvals.ui.case_view import CaseView
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view

READER = Actor("rita", ("reviewer",))
pytestmark = pytest.mark.usefixtures("fast_hash")  # cheap argon2 parameters


def select_document(view: CaseView, wanted) -> int:  # type: ignore[no-untyped-def]
    assert view.data is not None
    for row, doc in enumerate(view.data.documents):
        if wanted(doc):
            view.tabs.setCurrentWidget(view.documents_page)
            view.documents.selectRow(row)
            return row
    raise AssertionError("no such document")


def test_a_stored_final_is_checked_from_the_documents_tab(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0009")
    select_document(view, lambda d: d.is_rendering)
    assert view.check_pdf_button.isEnabled()
    qtbot.mouseClick(view.check_pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.filing_check_dialog is not None
                    and view.filing_check_dialog.check_result is not None, timeout=20_000)
    dialog = view.filing_check_dialog
    assert dialog is not None and dialog.isVisible()
    result = dialog.check_result
    assert result is not None and result.verdict == "identical" and result.matches
    assert result.reference == "AP-2026-0009"
    # Named as on the Documents tab, not by the file inside the data folder.
    doc = view.selected_document()
    assert doc is not None and doc.file_name in dialog.details.toPlainText() + result.headline
    runner.wait_for_done()


def _restrict_the_final(db: Database, admin: Actor) -> None:
    with db.session() as s:
        users.create_first_admin(s, username=admin.username, password="correct horse battery")
        final = s.exec(select(Document).where(Document.is_rendering == True)).first()  # noqa: E712
        assert final is not None and final.id is not None
        documents.set_restriction(s, actor=admin, document_id=final.id, restricted=True,
                                  reason="walk")


def test_a_restricted_pdf_or_a_text_file_is_not_offered(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    _restrict_the_final(demo, admin)
    view = open_view(qtbot, runner, READER, data_dir, "AP-2026-0009")
    select_document(view, lambda d: d.restricted)
    assert not view.check_pdf_button.isEnabled()
    assert "Restricted" in view.check_pdf_button.toolTip()
    assert view.check_document_pdf() is None and view.filing_check_dialog is None

    view = open_view(qtbot, runner, READER, data_dir, "AP-2026-0003")
    select_document(view, lambda d: not d.file_name.lower().endswith(".pdf"))
    assert not view.check_pdf_button.isEnabled()
    assert view.check_pdf_button.toolTip() == "Only a PDF can be checked."


def test_the_rows_menu_offers_the_same_actions(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    _restrict_the_final(demo, admin)
    view = open_view(qtbot, runner, READER, data_dir, "AP-2026-0009")
    row = select_document(view, lambda d: d.restricted)
    rect = view.documents.visualRect(view.documents.model().index(row, 0))
    menu = view._document_menu(QPoint(rect.center()))
    assert menu is not None
    actions = {a.text(): a for a in menu.actions()}
    check = actions["&Check this PDF…"]
    assert not check.isEnabled() and "Restricted" in check.toolTip()
    assert not actions["&Open"].isEnabled()
    menu.close()
