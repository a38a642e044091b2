"""The user guide closes with Escape, as the dashboard and the audit trail do; in the find
box the first Escape still only goes back to the text (Ctrl+W alone closed it, and an
officer who pressed Escape twice was left in the guide)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.test_help import loaded_guide, main_window  # noqa: F401  (the fixture)


def test_escape_leaves_the_find_box_then_closes_the_guide(
        qtbot: Any, main_window: Any) -> None:  # noqa: F811
    guide = loaded_guide(qtbot, main_window)
    guide.show()
    guide.activateWindow()
    qtbot.waitActive(guide)
    guide.focus_find()
    qtbot.waitUntil(guide.find_edit.hasFocus, timeout=2_000)
    qtbot.keyClick(guide.find_edit, Qt.Key.Key_Escape)
    assert guide.isVisible() and QApplication.focusWidget() is guide.text
    qtbot.keyClick(guide.text, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not guide.isVisible(), timeout=2_000)
