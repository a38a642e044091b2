"""A case window's tab chosen from the keyboard (Alt+1…6, or the tab's own Alt letter)
takes the keys into its page: typing after Alt+C goes into the comment box. The tab was
shown and the keys stayed behind in the tab left, so a keyboard user typed into nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.ui.workers import TaskRunner
from tests.ui.test_case_view import (
    fisr_case,  # noqa: F401 (fixture)
    open_view,
)


def _inside(page) -> bool:
    focused = QApplication.focusWidget()
    return focused is not None and page.isAncestorOf(focused)


def test_alt_letter_and_alt_digit_put_the_keys_in_the_page(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        fisr_case: str) -> None:  # noqa: F811
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=5_000)
    view.tabs.setCurrentIndex(0)
    view.edit_button.setFocus()
    comments = view.tabs.widget(5)
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # &Comments
    qtbot.waitUntil(lambda: _inside(comments), timeout=2_000)
    assert view.tabs.currentIndex() == 5
    tracks = view.tracks_page
    qtbot.keyClick(view, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert view.tabs.currentWidget() is tracks and _inside(tracks)
    # Back to Comments: the control that had the keys there has them again.
    there = QApplication.focusWidget()
    qtbot.keyClick(view, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(view, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is there
