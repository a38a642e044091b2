"""Finish in the intake wizard opens the case at its Tracks tab with the keys in the track
list: the arrows pick a track, Tab goes on to its steps (the focus stayed
on Edit facts… at the top, eight Tabs from the first step)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.ui.test_walkthrough_fixes import _case


def test_the_new_case_opens_with_the_keys_in_its_track_list(
        qtbot: Any, db: Database, data_dir: DataDir, admin: Actor) -> None:
    reference, _track = _case(db, admin)
    window = MainWindow(TaskRunner(db), data_dir, admin)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.runner.idle and window.model.rowCount() > 0, timeout=10_000)
    window._case_created(reference)  # what the wizard's case_saved calls
    view = window.case_views[reference]
    qtbot.waitUntil(lambda: view.track_list.count() > 0 and bool(view.track_buttons),
                    timeout=10_000)
    view.activateWindow()
    qtbot.waitActive(view)
    assert view.tabs.currentWidget() is view.tracks_page
    assert QApplication.focusWidget() is view.track_list
    # Tab from the list reaches the track's first step, not the buttons at the top.
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() in view.track_buttons.values():
            break
    assert QApplication.focusWidget() in view.track_buttons.values()
    window.close()  # closes its case windows too
    window.runner.wait_for_done()
