"""View → Verify audit trail… checks the stored documents too, off the GUI thread with
progress (files hashed of the total) and Cancel; the result box names each bad document."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import audit as audit_service
from approvals.services import documents, users
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.audit import VERIFY_CANCELLED
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner

pytestmark = pytest.mark.usefixtures("fast_hash")


@pytest.fixture
def stored(db: Database, data_dir: DataDir, admin: Actor, tmp_path: Path) -> dict[str, object]:
    """Two attached documents, one of them restricted: name -> DocumentInfo."""
    with db.session() as s:
        users.create_first_admin(s, username=admin.username, password="correct horse battery")
    with db.session() as s:
        case = create_case(s, facts=parse_facts(demo_facts()[0]), actor=admin)
    found: dict[str, object] = {"reference": case.reference}
    for name, restricted in (("Term sheet.pdf", False), ("Side letter.pdf", True)):
        source = tmp_path / name
        source.write_bytes(f"%PDF-1.4 {name} ".encode() * 800)
        with db.session() as s:
            found[name] = documents.attach_document(s, actor=admin, data_dir=data_dir,
                                                    case_id=case.id, source=source,
                                                    restricted=restricted)
    return found


@pytest.fixture
def window(qtbot, db: Database, data_dir: DataDir, admin: Actor, stored):
    win = MainWindow(TaskRunner(db), data_dir, admin)
    qtbot.addWidget(win)
    yield win
    win.runner.wait_for_done()


def _action(window: MainWindow):
    found = [a for a in window.view_menu.actions() if a.objectName() == "auditVerifyAction"]
    assert found
    return found[0]


def _verify(qtbot, window: MainWindow) -> QMessageBox:
    action = _action(window)
    assert action.isEnabled()
    window.audit_verify_box = None
    action.trigger()
    qtbot.waitUntil(lambda: getattr(window, "audit_verify_box", None) is not None, timeout=10_000)
    assert not window.audit_verify_progress.isVisible()  # the progress window went
    assert action.isEnabled()
    return window.audit_verify_box


def test_intact_documents_are_said_under_the_anchor(qtbot, window: MainWindow) -> None:
    box = _verify(qtbot, window)
    assert box.icon() == QMessageBox.Icon.Information
    assert box.text().startswith("Audit trail intact: ") and "\n" not in box.text()
    lines = box.informativeText().split("\n")
    assert lines[0].startswith("Database file: ")  # the file's check comes first
    assert lines[1].startswith("Anchor: ")
    assert lines[2] == "Documents: 2 stored files match their recorded SHA-256."
    box.close()


def test_a_changed_restricted_document_is_listed(qtbot, window: MainWindow, data_dir: DataDir,
                                                 stored) -> None:
    secret = stored["Side letter.pdf"]
    path = data_dir.documents / f"{secret.sha256}.pdf"
    path.write_bytes(path.read_bytes()[:-1] + b"!")
    box = _verify(qtbot, window)
    assert box.icon() == QMessageBox.Icon.Critical
    chain, documents_line = box.text().split("\n")
    assert chain.startswith("Audit trail intact: ")  # the chain's words as before
    assert documents_line == ("Documents: 1 of 2 stored files fail the check against their "
                              "recorded SHA-256.")
    line = f"{stored['reference']} Side letter.pdf (document {secret.id}): changed: "
    assert line in box.informativeText()
    assert line in box.detailedText()
    box.close()


def test_progress_counts_files_and_cancel_stops_the_check(qtbot, window: MainWindow,
                                                          monkeypatch) -> None:
    started, go = threading.Event(), threading.Event()
    real = audit_service.copy_hashed

    def held(src, dst=None, **kw):
        started.set()
        go.wait(10)  # the hashing waits until the test has pressed Cancel
        return real(src, dst, **kw)

    monkeypatch.setattr(audit_service, "copy_hashed", held)
    action = _action(window)
    window.audit_verify_box = None
    action.trigger()
    assert not action.isEnabled()  # one check at a time
    qtbot.waitUntil(started.is_set, timeout=10_000)
    dialog = window.audit_verify_progress
    panel = dialog.panel
    qtbot.waitUntil(lambda: panel.label.text()
                    == "Checking stored documents: 0 of 2 files hashed", timeout=10_000)
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)  # shown once the work outlasts SHOW_AFTER_MS
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    go.set()
    qtbot.waitUntil(lambda: panel.label.text() == VERIFY_CANCELLED, timeout=10_000)
    assert window.audit_verify_box is None  # no result for a check that did not finish
    assert action.isEnabled()
    assert window.statusBar().currentMessage() == VERIFY_CANCELLED
    dialog.close()
    # The next check runs to its end.
    go.set()
    monkeypatch.setattr(audit_service, "copy_hashed", real)
    box = _verify(qtbot, window)
    assert box.icon() == QMessageBox.Icon.Information
    box.close()


def test_a_broken_chain_and_a_missing_document_are_both_said(qtbot, window: MainWindow,
                                                             data_dir: DataDir, stored) -> None:
    import sqlite3

    plain = stored["Term sheet.pdf"]
    (data_dir.documents / f"{plain.sha256}.pdf").unlink()
    conn = sqlite3.connect(data_dir.database)
    conn.execute("UPDATE events SET reason = 'rewritten' WHERE id = 2")
    conn.commit()
    conn.close()
    box = _verify(qtbot, window)
    assert box.icon() == QMessageBox.Icon.Critical
    chain, documents_line = box.text().split("\n")
    assert chain.startswith("Audit trail broken at event 2: ")
    assert documents_line.startswith("Documents: 1 of 2 stored files fail the check")
    assert f"Term sheet.pdf (document {plain.id}): missing" in box.informativeText()
    box.close()


def test_a_check_that_ends_at_once_shows_no_progress_window(qtbot, window: MainWindow,
                                                             monkeypatch) -> None:
    """Work shorter than SHOW_AFTER_MS (two small files) brings up no window that flashes
    and goes; only the result box."""
    from approvals.ui import progress

    shown: list[object] = []
    monkeypatch.setattr(progress.ProgressDialog, "show", lambda self: shown.append(self))
    # A delay a busy CI machine cannot outlast with two small files (400 ms it once did).
    monkeypatch.setattr(progress, "SHOW_AFTER_MS", 2_500)
    box = _verify(qtbot, window)
    assert box.text().startswith("Audit trail intact")
    qtbot.wait(2_600)  # the delayed show came and found it ended
    assert shown == []
    box.close()


def test_bad_documents_are_listed_apart_from_the_anchor_in_a_wide_box(
        qtbot, window: MainWindow, data_dir: DataDir, stored) -> None:
    """Each bad document on a line or two of a box wide enough for a file name and what is
    wrong with it (Qt's narrow default broke each over three or four lines), the list set
    apart from the anchor by an empty line."""
    from approvals.ui.audit import LIST_WIDTH

    for name in ("Term sheet.pdf", "Side letter.pdf"):
        (data_dir.documents / f"{stored[name].sha256}.pdf").unlink()
    box = _verify(qtbot, window)
    qtbot.waitUntil(box.isVisible, timeout=5_000)
    lines = box.informativeText().split("\n")
    assert lines[0].startswith("Database file: ")
    assert lines[1].startswith("Anchor: ") and lines[2].startswith("Records: ")
    assert lines[3] == ""  # the checks that passed apart from the list
    assert len(lines) == 6 and all(line.startswith("• ") for line in lines[4:])
    assert box.width() >= LIST_WIDTH
    box.close()


def test_an_intact_result_keeps_the_compact_box(qtbot, window: MainWindow) -> None:
    from approvals.ui.audit import LIST_WIDTH

    box = _verify(qtbot, window)
    qtbot.waitUntil(box.isVisible, timeout=5_000)
    assert "" not in box.informativeText().split("\n")
    assert box.width() < LIST_WIDTH
    box.close()
