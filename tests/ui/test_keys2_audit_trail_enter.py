"""View → Audit trail… from the keyboard: Tab reaches the list, the arrows choose an event
and Enter opens its case, as in the case list, the dashboard and Check open cases (it did
nothing; only a double-click or Alt+S opened it)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.audit_trail import AuditTrailWindow
from tests.conftest import FolderTemplates
from tests.ui.test_audit_trail_window import _close, _open, _trail


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_on_an_event_opens_its_case(
        qtbot: Any, folder_templates: FolderTemplates, db: Database, data_dir: DataDir,
        admin: Actor, monkeypatch: pytest.MonkeyPatch, key: Qt.Key) -> None:
    _trail(folder_templates, db, admin)
    window: AuditTrailWindow = _open(qtbot, db, data_dir, admin)
    opened: list[str] = []
    monkeypatch.setattr(window.main, "open_case", opened.append)
    window.activateWindow()
    qtbot.waitActive(window)
    window.text_filter.setFocus()
    # Text, User, Kind, Case, From, to, Oldest first, Clear filters, then the list.
    for _ in range(8):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.table
    row = next(r for r, e in enumerate(window.model.entries) if e.case_reference)
    window.table.setCurrentIndex(window.model.index(row, 0))
    qtbot.keyClick(window.table, key)
    assert opened == [window.model.entries[row].case_reference]
    # An event without a case (a failed sign-in) opens nothing.
    caseless = next(r for r, e in enumerate(window.model.entries) if not e.case_reference)
    window.table.setCurrentIndex(window.model.index(caseless, 0))
    qtbot.keyClick(window.table, key)
    assert len(opened) == 1
    assert "Enter" in window.details.placeholderText()
    main = window.main
    _close(window)
    main.runner.wait_for_done()
