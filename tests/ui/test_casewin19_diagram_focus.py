"""Tab from the track list stops at the workflow diagram (its arrows scroll a diagram wider
than the view), but nothing showed it: the diagram looked the same with the focus as
without, so Tab seemed to go nowhere. A frame in the highlight colour marks the focus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from approvals.domain import workflow as wf
from approvals.ui.workflow_diagram import DiagramView


def _shot(view: DiagramView) -> QImage:
    return view.viewport().grab().toImage()


def test_the_diagram_shows_when_it_has_the_focus(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    before = QLineEdit()
    view = DiagramView()
    layout = QVBoxLayout(window)
    layout.addWidget(before)
    layout.addWidget(view)
    window.resize(500, 300)
    window.show()
    qtbot.waitExposed(window)
    view.show_diagram(wf.diagram("CN-FISR"), "general_review")
    before.setFocus()
    qtbot.waitUntil(before.hasFocus)
    unfocused = _shot(view)
    view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(view.hasFocus)
    focused = _shot(view)
    assert focused != unfocused
    highlight = view.palette().color(QPalette.ColorRole.Highlight).rgb()
    ratio = focused.width() / view.viewport().width()
    corner = int(1 * ratio)
    assert focused.pixelColor(corner, focused.height() // 2).rgb() == highlight
    assert unfocused.pixelColor(corner, unfocused.height() // 2).rgb() != highlight
    # Losing the focus takes the frame away again.
    before.setFocus()
    qtbot.waitUntil(before.hasFocus)
    assert _shot(view) == unfocused
