"""The audit trail window, as a compliance officer answering to an auditor uses it: it fits
a laptop screen at 200 % (Verify and Close were past its edge), its details pane's hint
is whole, Ctrl+C copies every selected event (not only the current one), and an export
leaves the list where it was (it went back to the first page, nothing selected)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication

from approvals.paths import DataDir
from approvals.services import audit_view
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.audit_trail import EVENT_SEPARATOR, AuditTrailWindow, event_details
from tests.conftest import FolderTemplates
from tests.ui import test_audit_trail_window as trail


@pytest.fixture
def window(qtbot: Any, folder_templates: FolderTemplates, db: Database, data_dir: DataDir,
           admin: Actor) -> Any:
    """The demo trail's window, as tests/ui/test_audit_trail_window.py opens it."""
    trail._trail(folder_templates, db, admin)
    opened = trail._open(qtbot, db, data_dir, admin)
    main = opened.main
    yield opened
    trail._close(opened)
    main.runner.wait_for_done()


# A 1366 × 768 laptop screen at QT_SCALE_FACTOR=2, in the window's own (logical) pixels.
LAPTOP_AT_200 = (1366 // 2, 768 // 2)


def test_the_window_fits_a_laptop_screen_at_200_percent(qtbot: Any,
                                                         window: AuditTrailWindow) -> None:
    window.count_label.setText("Showing the newest 200 of 200,000 events: scroll down or "
                               "Show more for older ones.")
    layout = window.layout()
    assert layout is not None
    layout.invalidate()  # the minimum as the new text makes it
    layout.activate()
    frame = 16  # the window frame's share
    assert window.minimumSizeHint().width() <= LAPTOP_AT_200[0] - frame
    window.resize(*LAPTOP_AT_200)
    window.show()
    qtbot.waitExposed(window)
    close = window.findChild(type(window.verify_button), "auditCloseButton")
    assert close is not None
    right = close.mapTo(window, close.rect().topRight()).x()
    assert right <= window.width()  # Close on the screen, not past its edge


def test_the_details_hint_is_whole_at_200_percent(qtbot: Any, window: AuditTrailWindow) -> None:
    window.resize(*LAPTOP_AT_200)
    window.show()
    qtbot.waitExposed(window)
    details = window.details
    hint = details.placeholderText()
    assert hint and details.toPlainText() == ""
    assert details.fontMetrics().horizontalAdvance(hint) < details.viewport().width()


def test_ctrl_c_copies_every_selected_event(qtbot: Any, window: AuditTrailWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    table, model = window.table, window.model
    flags = (QItemSelectionModel.SelectionFlag.Select
             | QItemSelectionModel.SelectionFlag.Rows)
    table.setCurrentIndex(model.index(3, 0))
    for row in (0, 1):  # as Ctrl+click adds them
        table.selectionModel().select(model.index(row, 0), flags)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text()
    assert copied == EVENT_SEPARATOR.join(event_details(model.entries[r]) for r in (0, 1, 3))
    # One selected (a click on it): that one, as before.
    table.selectionModel().setCurrentIndex(
        model.index(2, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)
    window.copy_button.click()
    assert QGuiApplication.clipboard().text() == event_details(model.entries[2])


def test_an_export_keeps_the_list_where_it_was(qtbot: Any, window: AuditTrailWindow,
                                               tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit_view, "PAGE", 5)  # pages of 5: three read below
    trail._apply(qtbot, window)
    for _page in range(2):
        window.show_more()
        qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    assert len(window.model.entries) == 15
    kept = window.model.entries[12]
    window.table.setCurrentIndex(window.model.index(12, 0))
    window.export_to(tmp_path / "trail.csv")
    qtbot.waitUntil(lambda: getattr(window, "export_message", None) is not None,
                    timeout=10_000)
    qtbot.waitUntil(lambda: not window.loading and window.model.entries[0].action
                    == "audit.exported", timeout=10_000)
    window.export_message.close()
    # The export's own event on top; every event read before still listed, the same one
    # current.
    assert len(window.model.entries) >= 15
    current = window.current_entry(window.table.currentIndex().row())
    assert current is not None and current.id == kept.id
    assert kept.sentence in window.details.toPlainText()


def test_oldest_first_reads_the_trail_in_the_order_it_happened(
        qtbot: Any, window: AuditTrailWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """An auditor reads a trail from its first event: newest first only, 5,000 events were
    25 pages to scroll before it."""
    monkeypatch.setattr(audit_view, "PAGE", 5)
    newest = trail._apply(qtbot, window)[0].id
    window.oldest_first.click()  # Alt+D, or the When column's title
    qtbot.waitUntil(lambda: not window.loading and window.model.entries[0].id == 1,
                    timeout=10_000)
    assert [e.id for e in window.model.entries] == [1, 2, 3, 4, 5]
    window.show_more()
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    assert [e.id for e in window.model.entries] == list(range(1, 11))
    qtbot.waitUntil(lambda: window.total is not None, timeout=10_000)
    assert "oldest 10 of" in window.count_label.text()
    assert "for newer ones" in window.count_label.text()
    header = window.table.horizontalHeader()
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert window.table.accessibleName() == "Audit events, oldest first"
    assert "newer" in window.more_button.toolTip()
    # The When column's title turns it back.
    header.sectionClicked.emit(0)
    qtbot.waitUntil(lambda: not window.loading and window.model.entries[0].id == newest,
                    timeout=10_000)
    assert not window.oldest_first.isChecked()
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_the_when_title_says_local_time_against_the_csvs_utc(window: AuditTrailWindow) -> None:
    tip = window.model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "Local time" in tip and "Time (UTC)" in tip
    assert window.model.headerData(1, Qt.Orientation.Horizontal,
                                   Qt.ItemDataRole.ToolTipRole) is None


def test_a_track_steps_details_are_whole_at_the_first_size(qtbot: Any,
                                                           window: AuditTrailWindow) -> None:
    """At its first size the pane under the list showed a track step's event down to its
    hash, "Previous event's hash" cut off at its foot: the details to be read had to be
    scrolled for, while the list above stood half empty."""
    window.show()
    qtbot.waitExposed(window)
    row = next(r for r, e in enumerate(window.model.entries) if e.action == "track.transition")
    window.table.setCurrentIndex(window.model.index(row, 0))
    assert "Previous event's hash" in window.details.toPlainText()
    qtbot.waitUntil(lambda: window.details.document().size().height() > 0)
    assert window.details.verticalScrollBar().maximum() == 0
