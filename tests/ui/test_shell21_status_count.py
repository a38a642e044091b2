"""The case count in the main window's status bar starts where a passing message does
("Opened case …"): it started 4 px further left (2 px against Qt's 6 px; 5 against 12
device pixels at 200 %), so the bar's text jumped sideways whenever a message came and
went."""

from __future__ import annotations

from PySide6.QtGui import QImage

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.main_window import MainWindow
from tests.conftest import FolderTemplates, load_demo_from_template
from tests.ui.main_window_support import shown_main_window


def _first_ink(image: QImage) -> int:
    """The first column (device pixels) with text in it: against the bar's background."""
    background = image.pixelColor(image.width() - 2, image.height() // 2).lightness()
    for x in range(image.width()):
        for y in range(image.height()):
            if abs(image.pixelColor(x, y).lightness() - background) > 80:
                return x
    return -1


def _text_left(window: MainWindow) -> int:
    label = window.count_label
    return label.mapTo(window.statusBar(), label.contentsRect().topLeft()).x()


def test_the_count_starts_where_messages_start(qtbot, db: Database, data_dir: DataDir,
                                               admin: Actor,
                                               folder_templates: FolderTemplates) -> None:
    # The demo's cases for a count (from the session's copy; loading them through the
    # window has tests of its own).
    load_demo_from_template(folder_templates, db, admin)
    window = shown_main_window(qtbot, db, data_dir, admin)
    qtbot.waitUntil(lambda: window.runner.idle and window.model.total > 0, timeout=20_000)
    bar = window.statusBar()
    bar.clearMessage()
    qtbot.waitUntil(window.count_label.isVisible, timeout=2_000)
    assert _text_left(window) == bar.message_rect().left()
    # Qt draws the message there: the same words as a message and as the count start in
    # the same column (whatever the font's first letter).
    counted = window.count_label.text()
    window.repaint()
    as_count = _first_ink(bar.grab().toImage())
    bar.showMessage(counted)
    qtbot.waitUntil(lambda: not window.count_label.isVisible(), timeout=2_000)
    as_message = _first_ink(bar.grab().toImage())
    assert as_count > 0 and as_count == as_message
    bar.clearMessage()
    window.close()
