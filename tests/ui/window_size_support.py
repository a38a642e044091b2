"""Opening the main window, leaving one of its windows at a size and starting again: the
steps the tests of kept window sizes (ui.geometry.keep_geometry) share."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner

SIZE = (610, 430)  # smaller than any window's first size, on any screen


def main_window(qtbot, db: Database, data_dir: DataDir, admin: Actor) -> MainWindow:
    """The main window as a start (or Sign out and in) makes it; not shown."""
    main = MainWindow(TaskRunner(db), data_dir, admin)
    qtbot.addWidget(main)
    return main


def closed(qtbot, main: MainWindow, window: QWidget) -> None:
    """`window` closed, then the main window, as quitting does: the sizes are kept then."""
    window.close()
    qtbot.waitUntil(lambda: main.runner.idle, timeout=10_000)
    main.close()
    main.runner.wait_for_done()


def device_scale(widget: QWidget) -> float:
    """The display scale `widget` is shown at (what a kept size is kept with)."""
    screen = widget.screen()
    return screen.devicePixelRatio() if screen is not None else 1.0
