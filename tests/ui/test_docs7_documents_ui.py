"""The Documents tab, fresh-eyes pass 7: Set type… (button, F2, the row's menu) classifies
a file attached without a type and the checklist follows; a filing's line is ticked by its
stored final only, a signed copy has a type of its own, and a file attached under the
filing's type (an earlier version allowed it) says it is not the final."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel
from sqlmodel import select

from approvals.paths import DataDir
from approvals.services import documents
from approvals.store.audit import Actor
from approvals.store.cases import case_by_reference
from approvals.store.db import Database
from approvals.store.models import Document, FilingTrack
from approvals.ui.case_view import CaseView
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.ux_checks import mnemonic_clashes

pytestmark = pytest.mark.usefixtures("fast_hash")  # cheap argon2 parameters
REF = "AP-2026-0002"  # CN-FISR, CN-TECH-EXPORT, SAMR and US-OISP; no organisation chart yet


def line(view: CaseView, regime: str, words: str) -> str:
    section = view.checklist.text().split(f"<b>{regime}</b>", 1)[1].split("</ul>", 1)[0]
    return next(li for li in section.split("<li>") if words in li)


def row_of(view: CaseView, name: str) -> int:
    assert view.data is not None
    return next(i for i, d in enumerate(view.data.documents) if d.file_name == name)


def add_rows(db: Database, ref: str, *rows: tuple[str, str, bool]) -> None:
    """Documents as an earlier version could leave them: (file, type, stored final)."""
    with db.session() as s:
        case_id = case_by_reference(s, ref).id
        for name, doc_type, rendering in rows:
            s.add(Document(case_id=case_id, file_name=name, sha256=name.ljust(64, "0"),
                           size=10, stored_path=name, doc_type=doc_type,
                           is_rendering=rendering, uploaded_by="alice"))


def _view_on(qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
             name: str, doc_type: str = "") -> CaseView:
    """The case window on its Documents tab with the document `name` (of `doc_type`),
    added as an earlier version could leave it, selected."""
    add_rows(demo, REF, (name, doc_type, False))
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    view.documents.selectRow(row_of(view, name))
    return view


def test_f2_sets_the_type_of_a_file_attached_without_one(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path) -> None:
    scan = tmp_path / "scan-0001.pdf"
    scan.write_bytes(b"%PDF-1.4 the post-closing chart")
    with demo.session() as s:
        documents.attach_document(s, actor=admin, data_dir=data_dir,
                                  case_id=case_by_reference(s, REF).id, source=scan)
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    assert "✘ missing" in line(view, "US-OISP", "organisation chart")
    row = row_of(view, "scan-0001.pdf")
    view.documents.selectRow(row)
    assert view.documents.item(row, 1).text() == "—"
    assert view.set_type_button.isEnabled()
    view.documents.setFocus()
    QTest.keyClick(view.documents, Qt.Key.Key_F2)
    dialog = view.type_dialog
    assert dialog is not None and dialog.isVisible() and "scan-0001.pdf" in dialog.windowTitle()
    offered = [dialog.type_box.itemText(i) for i in range(dialog.type_box.count())]
    assert "Post-transaction organisation chart" in offered
    # The filing itself is not offered: its type is its stored final's. Its signed copy is.
    assert "Chinese application" not in offered
    assert "Chinese application (signed copy)" in offered
    # The same (no) type again: said in the dialog, nothing recorded.
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "already" in dialog.problem.text()
    dialog.type_box.setCurrentIndex(offered.index("Post-transaction organisation chart"))
    dialog.reason.setText("the post-closing chart, scanned")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert view.documents.item(row_of(view, "scan-0001.pdf"), 1).text() == (
        "Post-transaction organisation chart")
    assert "✔ attached" in line(view, "US-OISP", "organisation chart")
    # The case's timeline says it by name ("org_chart" was the stored key).
    view.tabs.setCurrentWidget(view.timeline_page)
    changes = [(view.timeline.item(r, 3).text(), view.timeline.item(r, 4).text())
               for r in range(view.timeline.rowCount())
               if view.timeline.item(r, 2).text() == "Document type changed"]
    assert changes == [("type", "scan-0001.pdf: (no type) → Post-transaction organisation "
                                "chart")]
    runner.wait_for_done()


def test_a_filings_line_is_ticked_by_its_stored_final_only(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    add_rows(demo, REF, ("paper-application.pdf", "cn-application", False),
             ("signed-notification.pdf", "signed-us-notification", False))
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    application = line(view, "CN-FISR", "Chinese application")
    assert application.startswith("✘ missing")
    assert "paper-application.pdf: a file under its type, not the stored final" in application
    notification = line(view, "US-OISP", "US notification")
    assert notification.startswith("✘ missing")
    assert "signed copy attached: signed-notification.pdf" in notification
    paper = row_of(view, "paper-application.pdf")
    assert view.documents.item(paper, 1).text() == (
        "Chinese application — a file, not the stored final")
    assert "Set type…" in view.documents.item(paper, 1).toolTip()
    assert view.documents.item(row_of(view, "signed-notification.pdf"), 1).text() == (
        "US notification (signed copy)")
    offered = [view.doc_type.itemText(i) for i in range(view.doc_type.count())]
    assert "Chinese application" not in offered and "US notification" not in offered
    assert {"Chinese application (signed copy)", "US notification (signed copy)"} <= set(offered)

    # The final stored (for the CN-FISR track): now the line is ticked, and says so.
    with demo.session() as s:
        case_id = case_by_reference(s, REF).id
        track_id = s.exec(select(FilingTrack.id).where(FilingTrack.case_id == case_id,
                                                       FilingTrack.regime == "CN-FISR")).one()
        s.add(Document(case_id=case_id, track_id=track_id, file_name="final.pdf",
                       sha256="f" * 64, size=10, stored_path="final.pdf",
                       doc_type="cn-application", is_rendering=True, uploaded_by="alice"))
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    assert line(view, "CN-FISR", "Chinese application").startswith("✔ final stored")
    assert view.documents.item(row_of(view, "final.pdf"), 1).text() == (
        "Chinese application — stored final")
    runner.wait_for_done()


def test_set_type_is_greyed_out_with_the_reason_and_on_the_rows_menu(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    add_rows(demo, REF, ("final.pdf", "cn-application", True), ("letter.pdf", "", False))
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    view.documents.selectRow(row_of(view, "final.pdf"))
    assert not view.set_type_button.isEnabled()
    assert "stored final" in view.set_type_button.toolTip()
    assert view.set_document_type() is None  # F2 on it does nothing either
    row = row_of(view, "letter.pdf")
    rect = view.documents.visualRect(view.documents.model().index(row, 0))
    menu = view._document_menu(QPoint(rect.center()))
    assert menu is not None
    actions = {a.text(): a for a in menu.actions()}
    assert actions["Set t&ype…"].isEnabled()
    menu.close()
    assert mnemonic_clashes(view) == []
    reader = Actor("rita", ("reviewer",))
    view.actor = reader
    view._update_document_buttons()
    assert not view.set_type_button.isEnabled()
    runner.wait_for_done()


def test_the_list_sorts_by_a_title_and_keeps_the_selected_document(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path) -> None:
    with demo.session() as s:
        case_id = case_by_reference(s, REF).id
        for name, size in (("big.pdf", 1_200_000), ("small.txt", 9), ("mid.docx", 48_600)):
            s.add(Document(case_id=case_id, file_name=name, sha256=name.ljust(64, "0"),
                           size=size, stored_path=name, uploaded_by="alice"))
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)

    def names() -> list[str]:
        return [view.documents.item(r, 0).text() for r in range(view.documents.rowCount())]

    assert names() == ["big.pdf", "small.txt", "mid.docx"]  # as attached, until asked
    view.documents.sortByColumn(3, Qt.SortOrder.AscendingOrder)  # Size: by bytes, not text
    assert names() == ["small.txt", "mid.docx", "big.pdf"]
    view.documents.selectRow(2)
    assert view.selected_document().file_name == "big.pdf"  # the row's, not the 3rd attached
    # Shown again (after any change), still sorted, the same document still selected.
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    assert names() == ["small.txt", "mid.docx", "big.pdf"]
    assert view.selected_document().file_name == "big.pdf"
    # A file just attached is the one selected: Set type… is for it next.
    scan = tmp_path / "scan-0002.pdf"
    scan.write_bytes(b"%PDF-1.4 another scan")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.attach_document(str(scan))
    assert view.selected_document().file_name == "scan-0002.pdf"
    assert view.set_type_button.isEnabled()
    runner.wait_for_done()


def test_the_keyboards_menu_key_opens_the_selected_rows_menu(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    """The Menu key's context-menu event is placed in the table's frame, the header's
    height below the selected row's centre: the menu came for the row below (and the
    selection moved there), or on the last row not at all."""
    add_rows(demo, REF, ("a.pdf", "", False), ("b.pdf", "", False), ("c.pdf", "", False))
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    view.documents.selectRow(0)
    centre = view.documents.visualRect(view.documents.model().index(0, 0)).center()
    in_frame = view.documents.viewport().mapTo(view.documents, centre)
    QApplication.sendEvent(view.documents, QContextMenuEvent(
        QContextMenuEvent.Reason.Keyboard, in_frame, view.documents.mapToGlobal(in_frame)))
    assert view.selected_document().file_name == "a.pdf"
    assert view.document_menu.isVisible()
    view.document_menu.close()
    view.documents.selectRow(2)  # the last row: Shift+F10 too
    QTest.keyClick(view.documents, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_document().file_name == "c.pdf" and view.document_menu.isVisible()
    view.document_menu.close()
    runner.wait_for_done()


def test_the_columns_fit_the_table_a_long_name_whole_in_its_tooltip(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    long_name = "Share purchase agreement - " + "schedule " * 12 + "(executed).pdf"
    add_rows(demo, REF, (long_name, "kyc", False))
    with demo.session() as s:
        doc = s.exec(select(Document).where(Document.file_name == long_name)).one()
        documents.withdraw_document(s, actor=admin, document_id=doc.id,
                                    reason="the unsigned draft; " + "see the e-mail " * 10)
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    view.resize(1100, 700)
    qtbot.waitUntil(lambda: view.documents.viewport().width() > 900, timeout=2_000)
    header = view.documents.horizontalHeader()
    assert header.length() <= view.documents.viewport().width()  # Restricted in sight
    row = row_of(view, long_name)
    assert long_name in view.documents.item(row, 0).toolTip()
    runner.wait_for_done()


def test_a_filings_own_type_is_refused_at_the_type_box_before_any_copy(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path) -> None:
    scan = tmp_path / "signed application.pdf"
    scan.write_bytes(b"%PDF-1.4 signed")
    add_rows(demo, REF, ("letter.pdf", "", False))
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    view.doc_type.setCurrentText("Chinese application")  # the filing's name, typed
    view.attach_document(str(scan))
    assert view.attach_progress.isVisible() and not view.attach_progress.running
    texts = [label.text() for label in view.attach_progress.findChildren(QLabel)]
    assert any("Chinese application (signed copy)" in t for t in texts), texts
    assert runner.idle and all(d.file_name != scan.name for d in view.data.documents)
    # Set type… says the same in its dialog, and sends nothing.
    view.documents.selectRow(row_of(view, "letter.pdf"))
    dialog = view.set_document_type()
    assert dialog is not None
    dialog.type_box.setCurrentText("cn-application")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "signed-cn-application" in dialog.problem.text()
    assert not dialog.problem.text().startswith("doc_type")
    # A type too long to be a name: said the same way, at the box, in the box's name.
    long_type = "Board resolution approving the investment " * 3
    dialog.type_box.setCurrentText(long_type)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.problem.text().startswith("A type is at most 100")
    dialog.reject()
    view.doc_type.setCurrentText(long_type)
    view.attach_document(str(scan))
    texts = [label.text() for label in view.attach_progress.findChildren(QLabel)]
    assert any(t.startswith("A type is at most 100 characters") for t in texts), texts
    assert runner.idle and all(d.file_name != scan.name for d in view.data.documents)
    runner.wait_for_done()


def test_rows_are_one_line_and_the_checklist_has_no_blank_lines(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    """With four tracks' checklist below, the list showed eight documents: rows half as
    tall again (a withdrawn why wrapped, cut mid-word) and a blank line around each
    track's list."""
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    spacing = view.documents.fontMetrics().lineSpacing()
    assert not view.documents.wordWrap()
    assert view.documents.verticalHeader().defaultSectionSize() <= spacing + 8
    text = view.checklist.text()
    lines = text.count("<li>") + text.count("<b>") - text.count("<li>✘ missing: <b>") \
        - text.count("<li>✔ attached: <b>") - text.count("<li>✔ final stored: <b>")
    assert lines == 10  # four regimes, six items
    height = view.checklist.heightForWidth(2000)
    assert height <= lines * spacing * 1.4, (height, lines * spacing)
    runner.wait_for_done()


def test_a_file_under_its_filings_type_is_offered_its_signed_copy(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    view = _view_on(qtbot, demo, runner, data_dir, admin, "paper-application.pdf",
                    "cn-application")
    dialog = view.set_document_type()
    assert dialog is not None
    assert dialog.type_box.currentText() == "Chinese application (signed copy)"
    assert "most likely this is its signed copy" in dialog.findChild(
        QLabel, "documentTypeNow").text()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert view.selected_document().doc_type == "signed-cn-application"
    assert "signed copy attached: paper-application.pdf" in line(view, "CN-FISR",
                                                                 "Chinese application")
    # A named type this case's list does not offer, typed by its name, is that type (it
    # was stored as a label of its own, which nothing counted).
    view.doc_type.setCurrentText("data export risk self-assessment")
    assert view.document_type() == "data-export-self-assessment"
    runner.wait_for_done()


def test_a_long_file_name_does_not_make_the_document_dialogs_screens_wide(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    """A 240-character name made Withdraw…, Set type… and Who may open… 2,000+ pixels
    wide, their buttons off the screen, and the Restrict question as wide: the name is
    cut in the middle (its start and extension kept), whole in the heading's tooltip."""
    long_name = "Data room export " + "A" * 223 + ".pdf"
    add_rows(demo, REF, (long_name, "", False))
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    view.documents.selectRow(row_of(view, long_name))
    for open_dialog in (view.withdraw_document, view.set_document_type, view.edit_access):
        dialog = open_dialog()
        assert dialog is not None
        assert dialog.width() < 800, (type(dialog).__name__, dialog.width())
        assert "…" in dialog.heading.text() and dialog.heading.text().endswith("AAAA.pdf</b>")
        assert long_name in dialog.heading.toolTip()
        dialog.reject()
    confirm = view.toggle_restriction()
    assert confirm is not None and confirm.width() < 800
    assert "Data room export" in confirm.message.text() and long_name not in confirm.message.text()
    confirm.reject()
    runner.wait_for_done()


def test_restricting_one_of_two_identical_files_says_the_other_is_open(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path) -> None:
    """Restricting 董事会决议.pdf said nothing of normal.pdf, the same bytes, still open to
    everyone on the case: the restriction protected nothing."""
    for name in ("normal.pdf", "董事会决议.pdf"):
        source = tmp_path / name
        source.write_bytes(b"%PDF-1.4 board resolution")
        with demo.session() as s:
            documents.attach_document(s, actor=admin, data_dir=data_dir,
                                      case_id=case_by_reference(s, REF).id, source=source)
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    view.documents.selectRow(row_of(view, "董事会决议.pdf"))
    confirm = view.toggle_restriction()
    assert confirm is not None
    assert confirm.message.text().endswith(
        "The case also holds the same file (same SHA-256), not restricted: normal.pdf. "
        "Restrict or withdraw it too, or its content stays open to everyone on the case.")
    confirm.reject()
    runner.wait_for_done()


def test_tabbing_into_the_documents_selects_a_row_for_f2_and_delete(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    """Tab into the list left no row selected: F2 and Delete did nothing until an arrow
    key chose one."""
    add_rows(demo, REF, ("minutes.pdf", "", False))
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    view.documents.clearSelection()
    view.documents.setCurrentCell(-1, -1)
    view.documents.setFocus(Qt.FocusReason.TabFocusReason)
    assert view.selected_document() is not None
    assert view.set_type_button.isEnabled()
    runner.wait_for_done()


def test_who_may_open_starts_on_its_tick_box(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    """The box was greyed out while the users were read, so the keys started on Close."""
    view = _view_on(qtbot, demo, runner, data_dir, admin, "minutes.pdf")
    dialog = view.edit_access()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog._loaded, timeout=10_000)
    assert dialog.focusWidget() is dialog.restricted
    dialog.reject()
    runner.wait_for_done()
