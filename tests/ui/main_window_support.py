"""The main window as the keyboard tests open it: at the first-start size, shown, focused,
its case list read."""

from __future__ import annotations

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner


def shown_main_window(qtbot, db: Database, data_dir: DataDir, actor: Actor) -> MainWindow:
    window = MainWindow(TaskRunner(db), data_dir, actor)
    qtbot.addWidget(window)
    window.resize(1280, 780)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.runner.idle and window.count_label.text() != "",
                    timeout=10_000)
    return window
