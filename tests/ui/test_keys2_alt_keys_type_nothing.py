"""An Alt key that no control answers types nothing into the filter with the cursor: in
the case list Alt+L (Clear filters, shown only when nothing matches) or Alt+Z
typed "l" or "z" into the filter ("Zhi" became "Zhilz"); likewise in the dashboard's
and the audit trail's filters. Letters typed as such still arrive."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.main_window import MainWindow
from tests.conftest import FolderTemplates
from tests.ui.test_audit_trail_window import _close, _open, _trail
from tests.ui.test_main_window_keyboard import window  # noqa: F401  (the fixture)

ALT = Qt.KeyboardModifier.AltModifier


def _type_with_alt_keys(qtbot: Any, field: QLineEdit) -> None:
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=2_000)
    field.clear()
    qtbot.keyClicks(field, "Zhi")
    for key in (Qt.Key.Key_Z, Qt.Key.Key_J, Qt.Key.Key_Q):  # answered by nothing
        qtbot.keyClick(field, key, ALT)
    qtbot.keyClicks(field, "yuan")
    assert field.text() == "Zhiyuan"


def test_case_list_and_dashboard_filters(qtbot: Any, window: MainWindow) -> None:  # noqa: F811
    assert not window.clear_filters_button.isVisible()
    _type_with_alt_keys(qtbot, window.filter_edit)
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_L, ALT)  # Clear filters, still hidden
    assert window.filter_edit.text() == "Zhiyuan"
    window.show_dashboard()
    dashboard = window.dashboard
    assert dashboard is not None
    dashboard.activateWindow()
    qtbot.waitActive(dashboard)
    _type_with_alt_keys(qtbot, dashboard.filter_edit)


def test_audit_trail_filters(qtbot: Any, folder_templates: FolderTemplates, db: Database,
                             data_dir: DataDir, admin: Actor) -> None:
    _trail(folder_templates, db, admin)
    trail = _open(qtbot, db, data_dir, admin)
    trail.activateWindow()
    qtbot.waitActive(trail)
    for field in (trail.text_filter, trail.case_filter):
        _type_with_alt_keys(qtbot, field)
    main = trail.main
    _close(trail)
    main.runner.wait_for_done()
