"""The Solo mode tag in the status bar is a whole box: its contents margins put the
frame's top and bottom lines outside the label, and it showed as "|Solo mode|"."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QMainWindow

from approvals.services import auth
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


def _dark(colour: QColor) -> bool:
    return colour.lightness() < 128


def test_the_solo_mode_tag_is_framed_on_all_four_sides(qtbot, runner: TaskRunner,
                                                       db: Database) -> None:
    make_root(db)
    with db.session() as s:
        auth.set_solo_mode(s, actor=ROOT, enabled=True, reason="one-person office")
        stamp = auth.current_stamp(s, ROOT.username)
    window = QMainWindow()
    qtbot.addWidget(window)
    features = ui_auth.install_user_features(window, runner, ROOT, timeout_ms=3_600_000,
                                             stamp=stamp)
    features.session_timer.stop()
    window.show()
    label = features.solo_label
    qtbot.waitUntil(lambda: label.isVisible(), timeout=10_000)
    try:
        assert _dark(label.palette().color(QPalette.ColorRole.WindowText))  # a light palette
        image = label.grab().toImage()
        width, height = image.width(), image.height()
        middle_x, middle_y = width // 2, height // 2
        assert _dark(image.pixelColor(middle_x, 0)), "top line"
        assert _dark(image.pixelColor(middle_x, height - 1)), "bottom line"
        assert _dark(image.pixelColor(0, middle_y)), "left line"
        assert _dark(image.pixelColor(width - 1, middle_y)), "right line"
        # Air between the box and the words on either side.
        assert label.contentsRect().width() > label.fontMetrics().horizontalAdvance(label.text())
    finally:
        features.idle_lock.stop()
