"""Audit trail window: an export made while the list is read from an event gone to (the
verify result's Show event #N) reads the list again from that same first event, the event
gone to still current and in sight. It was read again from the newest, and a page down the
trail the event gone to was no longer in the list: the officer lost their place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from approvals.paths import DataDir
from approvals.services import audit_view
from approvals.store.audit import Actor, append_event
from approvals.store.db import Database
from approvals.ui.audit_trail import AuditTrailWindow
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner

EVENTS = 12
GONE_TO = 3


@pytest.fixture
def trail(qtbot: Any, db: Database, data_dir: DataDir, admin: Actor) -> Any:
    with db.session() as s:
        for i in range(EVENTS):
            append_event(s, actor=admin, action="note.added", entity="note", entity_id=i)
    main = MainWindow(TaskRunner(db), data_dir, admin)
    qtbot.addWidget(main)
    main.audit_trail_action.trigger()
    window = main.audit_trail_window
    qtbot.waitUntil(lambda: window.model.rowCount() == EVENTS and not window.loading,
                    timeout=10_000)
    yield window
    window.close()
    main.runner.wait_for_done()


def current_id(window: AuditTrailWindow) -> int | None:
    entry = window.current_entry(window.table.currentIndex().row())
    return entry.id if entry is not None else None


def export(qtbot: Any, window: AuditTrailWindow, out: Path) -> None:
    window.export_message = None
    window.export_to(out)
    qtbot.waitUntil(lambda: window.export_message is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not window.loading and window.total is not None, timeout=10_000)
    window.export_message.close()


def test_an_export_keeps_the_list_at_the_event_gone_to(qtbot: Any, trail: AuditTrailWindow,
                                                       tmp_path: Path) -> None:
    trail.go_to_event(GONE_TO)
    qtbot.waitUntil(lambda: not trail.loading and current_id(trail) == GONE_TO, timeout=10_000)
    listed = [e.id for e in trail.model.entries]
    assert listed == list(range(GONE_TO + audit_view.NEIGHBOURS, 0, -1))

    export(qtbot, trail, tmp_path / "trail.csv")
    assert [e.id for e in trail.model.entries] == listed
    assert current_id(trail) == GONE_TO and trail.from_event
    # The count has the export's own event; the list says where it starts.
    assert trail.count_label.text().startswith(
        f"Showing {len(listed)} of {EVENTS + 1} events from event #{listed[0]} down")


def test_after_clear_filters_an_export_lists_its_own_event(qtbot: Any, trail: AuditTrailWindow,
                                                           tmp_path: Path) -> None:
    trail.go_to_event(GONE_TO)
    qtbot.waitUntil(lambda: not trail.loading and current_id(trail) == GONE_TO, timeout=10_000)
    trail.clear_filters()
    qtbot.waitUntil(lambda: not trail.loading and not trail.from_event, timeout=10_000)
    export(qtbot, trail, tmp_path / "trail.csv")
    assert trail.model.entries[0].id == EVENTS + 1  # read from the newest, as before
    assert trail.model.entries[0].action == "audit.exported"
    assert not trail.from_event


def test_gone_to_near_the_start_the_count_offers_no_older_events(
        qtbot: Any, trail: AuditTrailWindow) -> None:
    """Under an event near the start of the trail every older event is listed: the count
    said "scroll down or Show more for older ones" beside a greyed-out Show more."""
    trail.go_to_event(GONE_TO)
    qtbot.waitUntil(lambda: not trail.loading and trail.total is not None, timeout=10_000)
    assert not trail.more and not trail.more_button.isEnabled()
    said = trail.count_label.text()
    assert said.startswith(f"Showing {GONE_TO + audit_view.NEIGHBOURS} of {EVENTS} events")
    assert "Show more" not in said and said.endswith("There are no older ones.")
