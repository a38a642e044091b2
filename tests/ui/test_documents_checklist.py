"""The Documents tab lists what a step waits for (the signed technology export contract a
licence needs) by name, and offers it in the Type list; a stored document is named, not
shown by its key."""

from __future__ import annotations

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view

CONTRACT = "Technology export contract"


def test_the_checklist_and_the_type_list_name_the_contract(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0012")  # DEMO-12: tech export
    assert view.data is not None
    view.tabs.setCurrentWidget(view.documents_page)
    checklist = view.checklist.text()
    assert CONTRACT in checklist and "technology-export-contract" not in checklist
    offered = {view.doc_type.itemText(i): view.doc_type.itemData(i)
               for i in range(view.doc_type.count())}
    assert offered[CONTRACT] == "technology-export-contract"
    assert offered["Authority's filing receipt"] == "filing-receipt"  # on every case
    shown = {view.documents.item(r, 1).text() for r in range(view.documents.rowCount())}
    assert CONTRACT in shown and "technology-export-contract" not in shown
    # Chosen by its name, stored by its key.
    view.doc_type.setCurrentText(CONTRACT)
    assert view.document_type() == "technology-export-contract"
    runner.wait_for_done()
