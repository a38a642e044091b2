"""The audit trail list by keyboard: tabbed into, the newest event is selected (its details
showed below with no row marked, and Down went on to the second event); the When title
names the CSV's column a spreadsheet sorts by date."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from approvals.paths import DataDir
from approvals.services.exports import AUDIT_HEADER
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.audit_trail import AuditTrailModel, AuditTrailWindow
from tests.conftest import FolderTemplates
from tests.ui.test_audit_trail_window import opened_trail


@pytest.fixture
def window(qtbot: Any, folder_templates: FolderTemplates, db: Database, data_dir: DataDir,
           admin: Actor) -> Any:
    yield from opened_trail(qtbot, folder_templates, db, data_dir, admin)


def _selected_rows(window: AuditTrailWindow) -> list[int]:
    return sorted(i.row() for i in window.table.selectionModel().selectedRows())


def test_tabbing_into_the_list_selects_the_newest_event(qtbot: Any,
                                                        window: AuditTrailWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    window.clear_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(window.clear_button, Qt.Key.Key_Tab)
    assert window.table.hasFocus()
    assert _selected_rows(window) == [0]
    newest = window.model.entries[0]
    assert window.details.toPlainText().startswith(newest.sentence)
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    assert _selected_rows(window) == [1]  # the next event, not the one after it


def test_the_when_title_names_the_csv_s_spreadsheet_date_column(qtbot: Any) -> None:
    """The list's local times beside the file's two UTC columns: the one a spreadsheet
    sorts by date is the file's last, easily missed."""
    tip = AuditTrailModel().headerData(0, Qt.Orientation.Horizontal,
                                       Qt.ItemDataRole.ToolTipRole)
    # The last column is the event in words (the Event column's sentence).
    assert "Time (UTC)" in tip and f"{AUDIT_HEADER[-2]}, its next-to-last column" in tip
