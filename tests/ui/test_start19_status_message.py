"""The main window's passing status messages ("Backed up to PATH", "Restored the backup
made 2 December 2026, 07:02.") are cut in the middle where the deadlines and the signed-in
user leave them too little room, the whole message on hover. Qt clipped them where those
start: at 200 % on a laptop the restore's time, and a long backup path's file name, were
lost."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.main_window import MainWindow, StatusBar
from approvals.ui.workers import TaskRunner

LONG = ("Backed up to /media/shared/Compliance-Department-Shared-Workspace/"
        "Outbound-Investment-Approvals-2026/approvals-backup-2026-12-02-0702.zip")


@pytest.fixture
def window(qtbot: Any, db: Database, data_dir: DataDir, admin: Actor) -> Iterator[MainWindow]:
    runner = TaskRunner(db)
    main = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(main)
    main.resize(640, 400)  # a laptop's 1366 px at 200 %, less the screen's edges
    main.show()
    qtbot.waitExposed(main)
    yield main
    runner.wait_for_done()


def test_a_long_message_is_cut_in_the_middle_with_the_whole_on_hover(
        qtbot: Any, window: MainWindow) -> None:
    bar = window.statusBar()
    assert isinstance(bar, StatusBar)
    bar.showMessage(LONG, 8000)
    assert bar.currentMessage() == LONG  # what the app said is unchanged
    room = bar.message_rect()
    user = window.user_label
    assert room.right() < user.geometry().left()  # left of the permanent widgets
    shown = bar.shown_message()
    assert shown != LONG and "…" in shown
    start, end = shown.split("…")
    assert LONG.startswith(start) and LONG.endswith(end)
    assert end.endswith(".zip")  # the file's own name in sight
    assert bar.fontMetrics().horizontalAdvance(shown) <= room.width()
    # Drawn as shown (not clipped): the bar paints without error and the text is there.
    assert not bar.grab().isNull()
    at = room.center()
    QApplication.sendEvent(bar, QHelpEvent(QEvent.Type.ToolTip, at, bar.mapToGlobal(at)))
    qtbot.waitUntil(lambda: QToolTip.isVisible(), timeout=2_000)
    assert QToolTip.text() == LONG
    QToolTip.hideText()


def test_a_short_message_is_shown_whole_and_has_no_tooltip(qtbot: Any, window: MainWindow) -> None:
    bar = window.statusBar()
    bar.showMessage("Backed up to /tmp/b.zip", 8000)
    assert bar.shown_message() == "Backed up to /tmp/b.zip"
    QToolTip.hideText()
    at = bar.message_rect().center()
    QApplication.sendEvent(bar, QHelpEvent(QEvent.Type.ToolTip, at, bar.mapToGlobal(at)))
    assert not QToolTip.isVisible() or QToolTip.text() != "Backed up to /tmp/b.zip"
    bar.clearMessage()
    assert bar.shown_message() == ""
