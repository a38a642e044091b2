"""The case list filtered down to one case: Tab from the filter into the list selects that
case (marked, as the Users list and the audit trail's list do), where Qt made it current
without selecting it, and Down did nothing with one case shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.ui.main_window_support import shown_main_window


def test_tab_into_the_list_selects_the_case_shown(qtbot, demo: Database, data_dir: DataDir,
                                                  admin: Actor) -> None:
    window = shown_main_window(qtbot, demo, data_dir, admin)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    table = window.table
    table.clearSelection()
    table.setCurrentIndex(window.model.index(-1, -1))
    window.filter_edit.setFocus()
    qtbot.keyClicks(window.filter_edit, "Zhiyuan")
    window.apply_filter()
    assert window.model.rowCount() == 1
    for _ in range(4):  # past the Status and Regime filters
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if table.hasFocus():
            break
    assert table.hasFocus()
    assert [i.row() for i in table.selectionModel().selectedRows()] == [0]
    assert window.selected_reference() == window.model.row_at(0).reference
