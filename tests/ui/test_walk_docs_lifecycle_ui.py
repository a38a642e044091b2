"""What a first walk through withdrawn documents and closed cases found, each fixed:

- a document withdrawn on its own (attached by mistake) takes its right file as its new
  version afterwards (it was refused: "Attach file…", with the type to choose again);
- the Timeline's Change column names the withdrawn file ("changed: status, withdrawn at");
- the case list keeps its current case across a reload, so a case just closed can be
  reopened at once (the items were greyed out until it was selected again);
- closing a case from the main window updates its open case window at once (it went on
  saying "Open" and offering steps until Refresh);
- Enter in the filter on a single match selects it as well as opening it, so Case →
  Close case… acts on it (it was greyed out: no current row);
- review mode names a document's type as the case window does, greys a withdrawn one and
  counts it apart on the tab;
- a reopened case's Tracks tab starts on a running track, the withdrawn ones greyed;
- a reopened case's re-screening offers Accept when the outcomes are unchanged but the
  tracks were withdrawn on closing ("Nothing would change", no way to open new tracks).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from sqlmodel import select

from approvals.domain.errors import TransitionRefused
from approvals.paths import DataDir
from approvals.services import documents
from approvals.services.case_lifecycle import close_case, reopen_case
from approvals.store.audit import Actor
from approvals.store.cases import case_by_reference
from approvals.store.db import Database
from approvals.store.models import Document, Event
from approvals.ui.main_window import MainWindow
from approvals.ui.widgets import secondary_text_colour
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR
from tests.ui.case_window import open_view

CHART = "Post-closing structure chart - Kowloon Deep Reasoning Labs.pdf"
pytestmark = pytest.mark.usefixtures("fast_hash")  # cheap argon2 parameters


def chart(db: Database) -> Document:
    with db.read_session() as s:
        doc = s.exec(select(Document).where(Document.file_name == CHART)).one()
        s.expunge(doc)
        return doc


def withdraw_chart(db: Database, admin: Actor) -> int:
    doc = chart(db)
    assert doc.id is not None
    with db.session() as s:
        documents.withdraw_document(s, actor=admin, document_id=doc.id,
                                    reason="scan of the pre-closing chart")
    return doc.id


def test_a_withdrawn_document_takes_its_new_version_later(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path) -> None:
    old_id = withdraw_chart(demo, admin)
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0009")
    view.tabs.setCurrentWidget(view.documents_page)
    view.tabs.setCurrentWidget(view.documents.parentWidget())
    assert view.data is not None
    row = next(i for i, d in enumerate(view.data.documents) if d.id == old_id)
    view.documents.selectRow(row)
    assert not view.withdraw_button.isEnabled()
    assert "Attach new version" in view.withdraw_button.toolTip()
    assert view.new_version_button.isEnabled()  # was greyed: "Attach it with Attach file…"
    source = tmp_path / "chart signed.pdf"
    source.write_bytes(b"%PDF-1.4 the post-closing chart, as signed")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.attach_new_version(str(source))
    docs = {d.file_name: d for d in view.data.documents}
    new, old = docs["chart signed.pdf"], docs[CHART]
    assert new.doc_type == "org_chart" and new.supersedes == (old_id,)
    assert old.superseded_by == new.id
    # Withdrawn once, with the officer's own reason; the link is the attach event's.
    assert old.withdrawn_reason == "scan of the pre-closing chart"
    status = view.documents.item(row, 6).text()
    assert status.endswith("scan of the pre-closing chart (replaced by chart signed.pdf)")
    with demo.read_session() as s:
        actions = s.exec(select(Event.action).where(Event.entity == "document",
                                                    Event.entity_id == str(old_id))).all()
    assert list(actions).count("document.withdrawn") == 1
    # Replaced now: neither button offers it again, and the service refuses too.
    view.documents.selectRow(row)
    assert not view.new_version_button.isEnabled()
    assert "Already replaced" in view.new_version_button.toolTip()
    refused = pytest.raises(TransitionRefused, match="already withdrawn and replaced by chart")
    with refused, demo.session() as s:
        documents.attach_document(s, actor=admin, data_dir=data_dir,
                                      case_id=old.case_id, source=source, supersedes=old_id)
    runner.wait_for_done()


def test_the_timeline_names_the_withdrawn_file(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    withdraw_chart(demo, admin)
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0009")
    view.tabs.setCurrentWidget(view.timeline_page)
    table = view.timeline
    what = [table.item(r, 2).text() for r in range(table.rowCount())]
    row = what.index("Document withdrawn")
    assert table.item(row, 4).text().startswith(
        "in force → withdrawn: Post-closing structure chart")
    assert "changed:" not in table.item(row, 4).text()
    runner.wait_for_done()


def test_the_demo_timeline_says_what_replaced_a_withdrawn_draft(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0012")
    view.tabs.setCurrentWidget(view.timeline_page)
    table = view.timeline
    cells = [table.item(r, 4).text() for r in range(table.rowCount())
             if table.item(r, 2).text() == "CN-TECH-EXPORT: document withdrawn"]
    assert len(cells) == 1 and cells[0].startswith("in force → withdrawn: Technology export")
    runner.wait_for_done()


@pytest.fixture
def window(qtbot, demo: Database, data_dir: DataDir, admin: Actor):
    window = MainWindow(TaskRunner(demo), data_dir, admin)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.runner.idle and window.count_label.text() != "",
                    timeout=10_000)
    yield window
    if window.lifecycle.dialog is not None:
        window.lifecycle.dialog.close()
    for view in list(window.case_views.values()):
        view.close()
    window.runner.wait_for_done()


def test_enter_on_one_match_opens_it_and_the_case_menu_acts_on_it(
        qtbot, window: MainWindow) -> None:
    reference = "AP-2026-0011"
    window.filter_edit.setText(reference)
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: reference in window.case_views, timeout=10_000)
    assert window.selected_reference() == reference
    window.case_menu.aboutToShow.emit()
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    close = window.lifecycle.actions["close"]
    assert close.isEnabled(), close.toolTip()


def test_closing_updates_the_case_window_that_is_open(qtbot, window: MainWindow) -> None:
    reference = "AP-2026-0011"
    window.open_case(reference)
    qtbot.waitUntil(lambda: reference in window.case_views
                    and window.case_views[reference].data is not None, timeout=10_000)
    view = window.case_views[reference]
    assert not view.ending_label.isVisibleTo(view)
    row = window.model.row_for_reference(reference)
    window.table.selectRow(row)
    window.lifecycle.actions["close"].trigger()
    qtbot.waitUntil(lambda: window.lifecycle.dialog is not None
                    and window.lifecycle.dialog.isVisible(), timeout=10_000)
    dialog = window.lifecycle.dialog
    qtbot.keyClicks(dialog.reason, "the SPA lapsed")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert view.ending_label.isVisibleTo(view)
    assert "the SPA lapsed" in view.ending_label.text()
    view.tabs.setCurrentWidget(view.documents_page)
    assert not view.attach_button.isEnabled()


def test_a_reopened_case_can_accept_an_unchanged_screening_to_open_new_tracks(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    reference = "AP-2026-0006"  # its tracks in Draft: closing withdraws them
    with demo.session() as s:
        case = case_by_reference(s, reference)
        assert case.id is not None
        closed = close_case(session=s, case_id=case.id, actor=admin,
                            expected_version=case.version, reason="the SPA lapsed")
    with demo.session() as s:
        case = case_by_reference(s, reference)
        assert case.id is not None
        reopen_case(session=s, case_id=case.id, actor=admin, expected_version=case.version,
                    reason="the parties revived the deal")
    assert closed.reference == reference
    view = open_view(qtbot, runner, admin, data_dir, reference)
    assert view.data is not None
    regimes = [t.regime for t in view.data.tracks]
    assert regimes and all(t.state == "withdrawn" for t in view.data.tracks)
    view.tabs.setCurrentWidget(view.screening_page)
    view.rescreen()
    qtbot.waitUntil(lambda: view.changes_label.text() != "", timeout=10_000)
    text = view.changes_label.text()
    assert "No determination would change" in text
    assert "opens a new filing track for" in text and regimes[0] in text
    assert not view.accept_button.isHidden()
    dialog = view.accept_rescreen()  # asks why first
    assert dialog is not None and dialog.reason is not None
    dialog.reason.setText("the parties revived the deal")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.action, Qt.MouseButton.LeftButton)
    states = sorted((t.regime, t.state) for t in view.data.tracks)
    assert states == sorted([(r, "withdrawn") for r in regimes] + [(r, "draft") for r in regimes])
    # Once they run, an unchanged re-screening has nothing to accept again.
    view.rescreen()
    qtbot.waitUntil(lambda: "Nothing would change" in view.changes_label.text(),
                    timeout=10_000)
    assert view.accept_button.isHidden()
    # Opened again: the Tracks tab starts on a running track; the withdrawn ones greyed.
    again = open_view(qtbot, runner, admin, data_dir, reference)
    again.tabs.setCurrentWidget(again.tracks_page)
    current = again.current_track()
    assert current is not None and current.state == "draft"
    assert again.track_list.item(0).foreground().color() == QColor(secondary_text_colour())
    runner.wait_for_done()


def test_review_mode_names_the_types_and_counts_withdrawn_apart(
        qtbot, tmp_path: Path, data_dir: DataDir, db: Database, admin: Actor,
        installation_b) -> None:
    """Review mode: a document's type by the case window's name ("Post-transaction
    organisation chart", not "org_chart"), a withdrawn one greyed as well as struck out,
    and the tab counting it apart ("1 + 1 withdrawn", not "2")."""
    from approvals.services.cases import case_id_for, import_case
    from tests.ui.test_review_ui import open_in_review_mode

    data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    with db.session() as s:
        ref = import_case(s, data=data, actor=admin).reference
    for name in ("chart old.pdf", "chart.pdf"):
        (tmp_path / name).write_bytes(b"%PDF-1.4 " + name.encode())
    with db.session() as s:
        case_id = case_id_for(s, ref)
        old = documents.attach_document(s, actor=admin, data_dir=data_dir, case_id=case_id,
                                        source=tmp_path / "chart old.pdf", doc_type="org_chart")
        documents.attach_document(s, actor=admin, data_dir=data_dir, case_id=case_id,
                                  source=tmp_path / "chart.pdf", supersedes=old.id)
    rw, _features = open_in_review_mode(qtbot, tmp_path, data_dir, db, admin, installation_b,
                                        ref)
    items = {rw.doc_list.item(i).text().split("  ")[0]: rw.doc_list.item(i)
             for i in range(rw.doc_list.count())}
    withdrawn, current = items["chart old.pdf"], items["chart.pdf"]
    assert "(Post-transaction organisation chart, " in current.text()
    assert "org_chart" not in withdrawn.text()
    assert withdrawn.font().strikeOut()
    assert withdrawn.foreground().color() == QColor(secondary_text_colour())
    assert rw.tabs.tabText(1).startswith("&Documents (1 + 1 withdrawn")
    installation_b[2].wait_for_done()


def test_the_closed_case_stays_current_so_it_can_be_reopened_at_once(
        qtbot, window: MainWindow) -> None:
    reference = "AP-2026-0011"
    row = window.model.row_for_reference(reference)
    window.table.setFocus()
    window.table.selectRow(row)
    window.lifecycle.actions["close"].trigger()
    qtbot.waitUntil(lambda: window.lifecycle.dialog is not None
                    and window.lifecycle.dialog.isVisible(), timeout=10_000)
    dialog = window.lifecycle.dialog
    qtbot.keyClicks(dialog.reason, "the SPA lapsed")
    with qtbot.waitSignal(window.cases_loaded, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert window.selected_reference() == reference  # was None: the reload dropped it
    window.case_menu.aboutToShow.emit()
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    reopen = window.lifecycle.actions["reopen"]
    assert reopen.isEnabled(), reopen.toolTip()


def test_the_documents_tab_fits_a_200_percent_laptop_and_shows_the_status_first(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    """At 200 % on 1366×768 a window is 683 logical pixels wide: the attach row and the
    selected document's buttons each fit (Check PDF… and Withdraw… were pushed off the
    tab, which scrolled sideways); Status sits beside File, not off to the right."""
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0012")
    view.tabs.setCurrentWidget(view.documents_page)
    page = view.documents.parentWidget()
    assert page is not None
    # 683 less the window's margins and the tab's frame (about 30); it was over 800.
    assert page.minimumSizeHint().width() <= 650, page.minimumSizeHint().width()
    header = view.documents.horizontalHeader()
    assert header.visualIndex(6) == 1 and view.documents.horizontalHeaderItem(6).text() == "Status"
    view.resize(900, 700)
    view.tabs.setCurrentWidget(page)
    view.reload()
    qtbot.waitUntil(lambda: view.runner.idle, timeout=10_000)
    qtbot.wait(50)
    assert view.documents.columnWidth(6) <= max(view.documents.viewport().width() * 2 // 5, 240)
    runner.wait_for_done()
