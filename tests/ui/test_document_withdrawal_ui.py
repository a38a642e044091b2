"""The Documents tab: Withdraw… asks why and greys the row out (struck through, the why in
the row and its tip), the checklist drops it at once; Attach new version… replaces the
selected document; Show withdrawn hides them; what cannot be withdrawn says why."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_view import CaseView
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.ux_checks import mnemonic_clashes

READER = Actor("rita", ("reviewer",))
CHART = "Post-closing structure chart - Kowloon Deep Reasoning Labs.pdf"
DRAFT = "Technology export contract - speech synthesis (draft v3).pdf"
SIGNED = "Technology export contract - speech synthesis (signed).pdf"
pytestmark = pytest.mark.usefixtures("fast_hash")  # cheap argon2 parameters


def row_of(view: CaseView, name: str) -> int:
    assert view.data is not None
    return next(i for i, d in enumerate(view.data.documents) if d.file_name == name)


def select(view: CaseView, name: str) -> int:
    row = row_of(view, name)
    view.documents.selectRow(row)
    return row


def checklist_line(view: CaseView, words: str) -> str:
    text = view.checklist.text()
    return next(li for li in text.split("<li>") if words in li)


def test_withdraw_asks_why_then_greys_the_row_and_updates_the_checklist(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0009", documents=True)
    assert "✔ attached" in checklist_line(view, "organisation chart")
    row = select(view, CHART)
    assert view.withdraw_button.isEnabled() and view.new_version_button.isEnabled()
    qtbot.mouseClick(view.withdraw_button, Qt.MouseButton.LeftButton)
    dialog = view.withdraw_dialog
    assert dialog is not None and dialog.isVisible()
    # No reason: said in the dialog, which stays open; nothing was withdrawn.
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "Say why" in dialog.problem.text()
    qtbot.keyClicks(dialog.reason, "scan of the pre-closing chart")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert view.data is not None and view.data.documents[row].withdrawn
    status = view.documents.item(row, 6)
    assert status.text().startswith("Withdrawn 20") and status.text().endswith(
        "by alice: scan of the pre-closing chart")
    name = view.documents.item(row, 0)
    assert name.font().strikeOut() and status.text() in name.toolTip()
    assert "✘ missing" in checklist_line(view, "organisation chart")
    # Now it cannot be withdrawn again (the button says why); its right file can still
    # come in as its new version.
    view.documents.selectRow(row)
    assert not view.withdraw_button.isEnabled()
    assert "Already withdrawn" in view.withdraw_button.toolTip()
    assert view.new_version_button.isEnabled()
    # Show withdrawn off: the row is hidden (and the selection with it).
    view.show_withdrawn.setChecked(False)
    assert view.documents.isRowHidden(row) and view.selected_document() is None
    view.show_withdrawn.setChecked(True)
    assert not view.documents.isRowHidden(row)
    runner.wait_for_done()


def test_attach_new_version_replaces_the_selected_document(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path) -> None:
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0009", documents=True)
    select(view, CHART)
    qtbot.mouseClick(view.new_version_button, Qt.MouseButton.LeftButton)
    dialog = view.file_dialog
    assert dialog.isVisible() and CHART in dialog.windowTitle()
    source = tmp_path / "chart v2.pdf"
    source.write_bytes(b"%PDF-1.4 the post-closing chart, as signed")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        dialog.selectFile(str(source))
        dialog.accept()
    assert view.data is not None
    docs = {d.file_name: d for d in view.data.documents}
    new, old = docs["chart v2.pdf"], docs[CHART]
    assert new.doc_type == "org_chart" and old.superseded_by == new.id
    # Said once: not "superseded by chart v2.pdf (replaced by chart v2.pdf)".
    assert view.documents.item(row_of(view, CHART), 6).text().endswith(
        ": superseded by chart v2.pdf")
    assert view.documents.item(row_of(view, "chart v2.pdf"), 6).text() == (
        f"In force: new version of {CHART}")
    assert "✔ attached" in checklist_line(view, "organisation chart")
    runner.wait_for_done()


def test_the_demo_shows_a_superseded_draft_and_the_row_menu_offers_both(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0012", documents=True)
    row = row_of(view, DRAFT)
    assert view.documents.item(row, 6).text().startswith("Withdrawn 20")
    assert "draft v3 attached by mistake" in view.documents.item(row, 0).toolTip()
    assert view.show_withdrawn.isChecked()  # shown by default: nothing hidden from an auditor
    rect = view.documents.visualRect(view.documents.model().index(row_of(view, SIGNED), 0))
    menu = view._document_menu(QPoint(rect.center()))
    assert menu is not None
    actions = {a.text(): a for a in menu.actions()}
    assert actions["Wi&thdraw…"].isEnabled() and actions["Attach new &version…"].isEnabled()
    menu.close()
    # The Delete key in the list asks for the reason too.
    view.documents.setFocus()
    QTest.keyClick(view.documents, Qt.Key.Key_Delete)
    assert view.withdraw_dialog is not None and view.withdraw_dialog.isVisible()
    assert SIGNED in view.withdraw_dialog.windowTitle()
    view.withdraw_dialog.reject()
    assert mnemonic_clashes(view) == []
    runner.wait_for_done()


def test_a_final_and_a_reader_cannot_withdraw_and_are_told_why(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0009", documents=True)
    assert view.data is not None
    final = next(i for i, d in enumerate(view.data.documents) if d.is_rendering)
    view.documents.selectRow(final)
    assert not view.withdraw_button.isEnabled()
    assert "stored final filing" in view.withdraw_button.toolTip()
    assert view.withdraw_document() is None
    reader = open_view(qtbot, runner, READER, data_dir, "AP-2026-0009", documents=True)
    select(reader, CHART)
    assert not reader.withdraw_button.isEnabled() and not reader.new_version_button.isEnabled()
    assert "rita" in reader.withdraw_button.toolTip()
    runner.wait_for_done()


def test_review_mode_shows_a_withdrawn_document_struck_through(
        qtbot, tmp_path: Path, data_dir: DataDir, db: Database, admin: Actor,
        installation_b) -> None:
    """The pack carries the withdrawal: the reviewer sees the old contract struck through
    with who withdrew it and why, the new version as any document."""
    from approvals.services import documents
    from approvals.services.cases import case_id_for
    from tests.ui.test_review_ui import _case_with_documents, open_in_review_mode

    ref = _case_with_documents(db, data_dir, tmp_path, admin)
    (tmp_path / "spa v2.pdf").write_bytes(b"%PDF-1.4 share purchase agreement, signed")
    with db.session() as s:
        spa = next(d for d in documents.list_documents(s, actor=admin,
                                                       case_id=case_id_for(s, ref))
                   if d.file_name == "spa.pdf")
        documents.attach_document(s, actor=admin, data_dir=data_dir,
                                  case_id=case_id_for(s, ref), source=tmp_path / "spa v2.pdf",
                                  supersedes=spa.id, reason="unsigned copy")
    rw, _features = open_in_review_mode(qtbot, tmp_path, data_dir, db, admin, installation_b,
                                        ref)
    items = {rw.doc_list.item(i).text().split("  ")[0]: rw.doc_list.item(i)
             for i in range(rw.doc_list.count())}
    old, new = items["spa.pdf"], items["spa v2.pdf"]
    assert old.text().endswith("by alice: unsigned copy") and old.font().strikeOut()
    assert "no filing lists it" in old.toolTip()
    assert "Withdrawn" not in new.text() and not new.font().strikeOut()
    installation_b[2].wait_for_done()
