"""A broken chain's verify result takes the officer straight to the event it breaks at:
Show event #N opens the audit trail window with that event selected and in full, its
neighbours around it."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from approvals.paths import DataDir
from approvals.services import audit_view
from approvals.store.audit import Actor, append_event
from approvals.store.db import Database
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner

EVENTS = 12


@pytest.fixture
def window(qtbot: Any, db: Database, data_dir: DataDir, admin: Actor) -> Any:
    with db.session() as s:
        for i in range(EVENTS):
            append_event(s, actor=admin, action="note.added", entity="note", entity_id=i)
    win = MainWindow(TaskRunner(db), data_dir, admin)
    qtbot.addWidget(win)
    yield win
    trail = getattr(win, "audit_trail_window", None)
    if trail is not None:
        trail.close()
    win.runner.wait_for_done()


def _verify(qtbot: Any, window: MainWindow) -> QMessageBox:
    window.audit_verify_box = None
    window.audit_verify_action.trigger()
    qtbot.waitUntil(lambda: getattr(window, "audit_verify_box", None) is not None, timeout=10_000)
    return window.audit_verify_box


def test_show_event_opens_the_trail_at_the_broken_event(qtbot: Any, window: MainWindow,
                                                        data_dir: DataDir) -> None:
    conn = sqlite3.connect(data_dir.database)
    conn.execute("UPDATE events SET reason = 'rewritten' WHERE id = 3")
    conn.commit()
    conn.close()
    box = _verify(qtbot, window)
    assert box.text().startswith("Audit trail broken at event 3: ")
    show = box.findChild(QPushButton, "auditShowBrokenEvent")
    assert show is not None and show.text() == "&Show event #3"
    show.click()
    trail = window.audit_trail_window
    qtbot.waitUntil(lambda: not trail.loading and trail.table.currentIndex().isValid(),
                    timeout=10_000)
    current = trail.current_entry(trail.table.currentIndex().row())
    assert current is not None and current.id == 3
    assert "rewritten" in trail.details.toPlainText()
    ids = [e.id for e in trail.model.entries]
    # Five newer neighbours above it, the older ones below: not the newest twelve first.
    assert ids == list(range(3 + audit_view.NEIGHBOURS, 0, -1))
    qtbot.waitUntil(lambda: "of 12 events" in trail.count_label.text(), timeout=10_000)
    assert trail.count_label.text().startswith("Showing 8 of 12 events from event #8 down")
    # Clear filters lists the trail from the newest again.
    trail.clear_filters()
    qtbot.waitUntil(lambda: trail.model.rowCount() == EVENTS and not trail.loading,
                    timeout=10_000)
    assert trail.model.entries[0].id == EVENTS
    assert not trail.from_event


def test_an_intact_trail_offers_no_event_to_show(qtbot: Any, window: MainWindow) -> None:
    box = _verify(qtbot, window)
    assert box.findChild(QPushButton, "auditShowBrokenEvent") is None
    box.close()


def test_an_event_near_the_top_lists_the_trail_from_the_newest(qtbot: Any, window: MainWindow) -> None:
    window.audit_trail_action.trigger()
    trail = window.audit_trail_window
    qtbot.waitUntil(lambda: trail.model.rowCount() == EVENTS, timeout=10_000)
    trail.text_filter.setText("nothing matches this")
    trail.go_to_event(EVENTS - 2)
    assert trail.text_filter.text() == ""
    qtbot.waitUntil(lambda: not trail.loading and trail.table.currentIndex().isValid(),
                    timeout=10_000)
    assert trail.model.entries[0].id == EVENTS
    assert trail.current_entry(trail.table.currentIndex().row()).id == EVENTS - 2
    assert not trail.from_event


def test_an_event_not_in_the_trail_is_said_so(qtbot: Any, window: MainWindow) -> None:
    window.audit_trail_action.trigger()
    trail = window.audit_trail_window
    qtbot.waitUntil(lambda: trail.model.rowCount() == EVENTS, timeout=10_000)
    trail.go_to_event(999)
    qtbot.waitUntil(lambda: trail.problem.isVisible(), timeout=10_000)
    assert trail.problem.text().startswith("Event #999 is not among the events you may see")
