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


def test_the_shortcuts_list_says_enter_once_and_escape_closes_it(
        qtbot, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    from PySide6.QtWidgets import QApplication

    from approvals.ui.help import show_shortcuts

    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    shortcuts = show_shortcuts(window)
    qtbot.waitExposed(shortcuts)
    opening = [e.keys for e in shortcuts.entries if e.does == "Case → Open"]
    assert opening == ["Enter"]  # not "Enter, Return": one key, said once
    shortcuts.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is shortcuts, timeout=3_000)
    qtbot.keyClick(shortcuts.list, Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert not shortcuts.isVisible()
    runner.wait_for_done()
