"""A list, a tree or a text pane shows when it has the keys (Fusion draws nothing)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTextBrowser,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from tests.ui.conftest import lasting_style


def highlight_pixels(image: QImage, colour: QColor) -> int:
    """Pixels of the highlight colour on the outermost ring of `image` (the frame)."""
    width, height = image.width(), image.height()
    ring = [(x, 0) for x in range(width)] + [(x, height - 1) for x in range(width)]
    ring += [(0, y) for y in range(height)] + [(width - 1, y) for y in range(height)]
    return sum(1 for x, y in ring if image.pixelColor(x, y) == colour)


@pytest.mark.parametrize("pane_type", [QListWidget, QTreeWidget, QTextBrowser, QPlainTextEdit])
def test_a_pane_with_the_focus_has_a_highlighted_frame(qtbot, pane_type) -> None:
    style = lasting_style()
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    elsewhere, pane = QLineEdit(), pane_type()
    for widget in (window, elsewhere, pane):
        widget.setStyle(style)
    layout.addWidget(elsewhere)
    layout.addWidget(pane)
    window.resize(240, 200)
    window.show()
    qtbot.waitExposed(window)
    highlight = pane.palette().color(QPalette.ColorRole.Highlight)

    elsewhere.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(elsewhere.hasFocus)
    assert highlight_pixels(pane.grab().toImage(), highlight) == 0

    pane.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(pane.hasFocus)
    framed = pane.grab().toImage()
    assert highlight_pixels(framed, highlight) >= 2 * (framed.width() + framed.height()) - 4

    elsewhere.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(elsewhere.hasFocus)
    assert highlight_pixels(pane.grab().toImage(), highlight) == 0


def test_the_app_starts_with_that_style() -> None:
    code = ("from approvals.ui.application import make_application; "
            "from approvals.ui.style import FocusFrameStyle; "
            "print(isinstance(make_application().style(), FocusFrameStyle))")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=120, check=True)
    assert result.stdout.strip() == "True"
