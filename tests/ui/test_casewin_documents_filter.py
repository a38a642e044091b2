"""The Documents tab's filter: a case with hundreds of documents shows the rows holding
every word typed (any column), says when none does, and is reached with Ctrl+F (or
Alt+F) on that tab; Ctrl+F elsewhere still finds in the Timeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from approvals.paths import DataDir
from approvals.services import documents
from approvals.store.audit import Actor
from approvals.store.cases import case_by_reference
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.ux_checks import mnemonic_clashes

pytestmark = pytest.mark.usefixtures("fast_hash")
REF = "AP-2026-0002"


def shown_names(view) -> list[str]:
    table = view.documents
    return sorted(table.item(r, 0).text() for r in range(table.rowCount())
                  if not table.isRowHidden(r))


def test_the_filter_keeps_the_rows_holding_every_word(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path) -> None:
    with demo.session() as s:
        case_id = case_by_reference(s, REF).id
        for name in ("SPA signed.pdf", "SPA draft.pdf", "board minutes.pdf"):
            source = tmp_path / name
            source.write_bytes(b"%PDF-1.4 " + name.encode())
            documents.attach_document(s, actor=admin, data_dir=data_dir, case_id=case_id,
                                      source=source)
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    everything = shown_names(view)
    assert mnemonic_clashes(view) == []  # Alt+F is the filter's alone

    qtbot.keyClick(view.documents, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.documents_filter.hasFocus()  # this tab's filter, not the Timeline's
    qtbot.keyClicks(view.documents_filter, "spa SIGNED")
    assert shown_names(view) == ["SPA signed.pdf"]
    assert not view.documents_no_match.isVisible()

    view.documents_filter.setText("alice spa")  # who attached it counts too
    assert shown_names(view) == ["SPA draft.pdf", "SPA signed.pdf"]

    view.documents_filter.setText("no such paper")
    assert shown_names(view) == []
    assert view.documents_no_match.isVisible()
    assert view.documents_no_match.text() == "No document matches “no such paper”."

    view.documents_filter.clear()
    assert shown_names(view) == everything and not view.documents_no_match.isVisible()
    # Kept as typed when the case is shown again (an attach, Refresh).
    view.documents_filter.setText("minutes")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    assert shown_names(view) == ["board minutes.pdf"]

    # Elsewhere Ctrl+F finds in the Timeline, as before.
    view.tabs.setCurrentIndex(0)
    qtbot.keyClick(view.tabs, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.tabs.currentWidget() is view.timeline_page and view.timeline_filter.hasFocus()
    runner.wait_for_done()


def test_an_empty_list_with_withdrawn_documents_hidden_says_so(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path) -> None:
    """The case's only document withdrawn and Show withdrawn unticked: the list was blank,
    with neither "No documents attached yet" nor a word of why."""
    with demo.session() as s:
        case_id = case_by_reference(s, REF).id
        source = tmp_path / "draft v3.pdf"
        source.write_bytes(b"%PDF-1.4 draft")
        doc = documents.attach_document(s, actor=admin, data_dir=data_dir, case_id=case_id,
                                        source=source)
    with demo.session() as s:
        documents.withdraw_document(s, actor=admin, document_id=doc.id, reason="wrong draft")
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    assert shown_names(view) == ["draft v3.pdf"] and not view.documents_no_match.isVisible()
    view.show_withdrawn.setChecked(False)
    assert shown_names(view) == []
    assert view.documents_no_match.isVisible()
    assert view.documents_no_match.text() == \
        "1 withdrawn document not listed: Show withdrawn lists it."
    view.documents_filter.setText("draft")  # the withdrawn one matches it
    assert view.documents_no_match.text() == ("No document matches “draft”. 1 withdrawn "
                                              "document not listed: Show withdrawn lists it.")
    view.documents_filter.setText("board")  # nor does it match: Show withdrawn lists none
    assert view.documents_no_match.text() == "No document matches “board”."
    view.show_withdrawn.setChecked(True)
    assert view.documents_no_match.text() == "No document matches “board”."
    runner.wait_for_done()
