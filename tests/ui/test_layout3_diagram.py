"""The Tracks tab's workflow diagram in a view narrower than the whole workflow (a case
window 1100 px wide): it opens on the current state, from the start of the path when that
fits, and never with half a box at its left edge."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsTextItem

from approvals.domain import workflow as wf
from approvals.ui.workflow_diagram import DiagramView

KIND = "CN-SAMR"  # eight columns: wider than the diagram's room in a 1100 px window
VIEW_SIZE = (790, 306)  # the diagram's viewport in a 1100×700 case window


def open_on(qtbot, state: str, size: tuple[int, int] = VIEW_SIZE) -> DiagramView:
    view = DiagramView()
    qtbot.addWidget(view)
    view.show_diagram(wf.diagram(KIND), state)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    view.resize(size[0] + view.width() - view.viewport().width(),
                size[1] + view.height() - view.viewport().height())
    return view


def on_screen(view: DiagramView, rect: QRectF) -> tuple[int, int]:
    """A box's left and right edges in the viewport's pixels."""
    mapped = view.mapFromScene(rect).boundingRect()
    return mapped.left(), mapped.right()


def box_rects(view: DiagramView) -> dict[str, QRectF]:
    return {name: item.sceneBoundingRect() for name, item in view.state_items.items()}


@pytest.mark.parametrize("state", ["closed", "cleared", "withdrawn"])
def test_a_state_far_right_opens_whole_with_no_half_box_at_the_left(qtbot, state) -> None:
    view = open_on(qtbot, state)
    # The whole workflow does not fit on one row of columns: wrapped, nothing scrolls.
    assert view.wrapped and view.horizontalScrollBar().maximum() == 0
    width = view.viewport().width()
    left, right = on_screen(view, view.current_rect)
    assert left >= 0 and right <= width, "the current state is not whole in view"
    for name, rect in box_rects(view).items():
        box_left, box_right = on_screen(view, rect)
        assert not (box_left < 0 < box_right), f"{name} is cut at the left edge"


def test_the_start_of_the_path_shows_when_it_fits_with_the_current_state(qtbot) -> None:
    # Phase 1 review, the fifth column: draft to it fits 790 px; centring on it scrolled
    # draft out of view.
    view = open_on(qtbot, "phase_1_review")
    assert view.horizontalScrollBar().value() == view.horizontalScrollBar().minimum()
    left, _right = on_screen(view, box_rects(view)["draft"])
    assert left >= 0
    _left, right = on_screen(view, view.current_rect)
    assert right <= view.viewport().width()


def test_narrower_than_a_box_the_current_box_starts_at_the_left(qtbot) -> None:
    view = open_on(qtbot, "closed", (90, 200))
    left, _right = on_screen(view, view.current_rect)
    assert 0 <= left < 40  # its start (and label) in view, not its middle


def test_scrolled_to_the_current_state_the_states_it_leads_to_show_too(qtbot) -> None:
    # CN-FISR "Cleared with conditions" in a 1366 px case window: the diagram ended on it,
    # the "Closed" box its Close step leads to cut at the right edge.
    view = DiagramView()
    qtbot.addWidget(view)
    view.show_diagram(wf.diagram("CN-FISR"), "cleared_with_conditions")
    view.resize(1060, 246)
    view.show()
    qtbot.waitExposed(view)
    width = view.viewport().width()
    assert view.wrapped and view.horizontalScrollBar().maximum() == 0  # wrapped, not scrolled
    for name in ("cleared_with_conditions", "closed"):
        left, right = on_screen(view, box_rects(view)[name])
        assert left >= 0 and right <= width, f"{name} is not whole in view"


def test_the_current_states_bold_label_stays_inside_its_box(qtbot) -> None:
    view = DiagramView()
    qtbot.addWidget(view)
    view.show_diagram(wf.diagram(KIND), "materials_requested")
    box = view.state_items["materials_requested"].sceneBoundingRect()
    label = next(item for item in view.scene().items()
                 if isinstance(item, QGraphicsTextItem)
                 and item.toPlainText().startswith("Materials requested"))
    assert label.font().bold()
    assert box.contains(label.sceneBoundingRect()), "the bold label runs over its box"
