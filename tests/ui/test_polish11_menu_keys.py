"""The Case menu wrote Open's key as "Return", where the guide and every window say
"Enter"; both keys still open the selected case."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner


def test_the_case_menu_writes_open_s_key_as_enter(
        qtbot, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    action = window.open_case_action
    assert action.shortcut().toString() == "Enter"  # the one the menu shows
    assert QKeySequence(Qt.Key.Key_Return) in action.shortcuts()
    runner.wait_for_done()
