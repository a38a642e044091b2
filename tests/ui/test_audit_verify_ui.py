"""View → Verify audit trail… shows what `approvals audit verify` says: intact with the
anchor, or the events missing at the end of a cut trail."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QMessageBox

from approvals.paths import DataDir
from approvals.store.audit import Actor, append_event
from approvals.store.db import Database
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner


@pytest.fixture
def window(qtbot, db: Database, data_dir: DataDir, admin: Actor):
    for i in range(4):
        with db.session() as s:
            append_event(s, actor=admin, action="note.added", entity="note", entity_id=i)
    win = MainWindow(TaskRunner(db), data_dir, admin)
    qtbot.addWidget(win)
    yield win
    win.runner.wait_for_done()


def _verify(qtbot, window: MainWindow) -> QMessageBox:
    action = [a for a in window.view_menu.actions() if a.objectName() == "auditVerifyAction"]
    assert action and action[0].isEnabled()
    window.audit_verify_box = None
    action[0].trigger()
    qtbot.waitUntil(lambda: getattr(window, "audit_verify_box", None) is not None, timeout=10_000)
    return window.audit_verify_box


def test_an_intact_trail_shows_the_anchor(qtbot, window: MainWindow) -> None:
    box = _verify(qtbot, window)
    assert box.icon() == QMessageBox.Icon.Information
    assert box.text() == "Audit trail intact: 4 events checked."
    lines = box.informativeText().split("\n")
    assert lines[0] == "Database file: SQLite's whole-file check (quick_check) passed."
    assert lines[1].startswith("Anchor: the head #4 matches the anchor")
    box.close()


def test_a_cut_trail_names_the_missing_events(qtbot, window: MainWindow, data_dir: DataDir) -> None:
    conn = sqlite3.connect(data_dir.database)
    conn.execute("DELETE FROM events WHERE id > 2")
    conn.commit()
    conn.close()
    box = _verify(qtbot, window)
    assert box.icon() == QMessageBox.Icon.Critical
    assert box.text().startswith("Audit trail cut: events after #2 are missing: the anchor "
                                 "recorded #4 with hash")
    box.close()
