"""No arrow of the workflow diagram runs through a box other than its own two, for every
workflow, every current state and every number of columns the diagram wraps at. Folded
into bands, CN-DATA-EXPORT's "Withdraw" from "Internal review" ran as one straight line
through the wrapped band and struck through "Closed": only steps over more than one
layer took a lane around the boxes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

from approvals.domain import workflow as wf
from approvals.ui.workflow_diagram import DiagramView, Placed, edge_paths

# The diagram's width in a 1366 px case window at 100, 150 and 200 % (logical pixels), as
# in test_casewin22_diagram_wraps.
WIDTHS = (1076, 625, 433)


def _points(path: QPainterPath) -> list[QPointF]:
    """Points along the path, about one unit apart."""
    length = path.length()
    steps = max(20, int(length))
    return [path.pointAtPercent(path.percentAtLength(length * i / steps))
            for i in range(steps + 1)]


def boxes_crossed(path: QPainterPath, boxes: dict[str, QRectF],
                  ends: tuple[str, str]) -> list[str]:
    """The boxes (other than the step's own two) that the path runs inside."""
    points = _points(path)
    crossed = []
    for name, box in boxes.items():
        inside = box.adjusted(0.5, 0.5, -0.5, -0.5)
        if name not in ends and any(inside.contains(p) for p in points):
            crossed.append(name)
    return crossed


def crossings(view: DiagramView) -> list[tuple[str, str, str]]:
    boxes = {name: item.path().boundingRect() for name, item in view.state_items.items()}
    return [(a, b, name) for (a, b), item in view.edge_items.items()
            for name in boxes_crossed(item.path(), boxes, (a, b))]


def at_width(qtbot, view: DiagramView, width: int) -> None:
    """The view `width` logical pixels wide inside its frame, laid out for that width."""
    view.resize(width + 2 * view.frameWidth(), 300)
    qtbot.waitUntil(lambda: view.frame_width() == width, timeout=2000)


def width_for_columns(view: DiagramView, columns: int) -> int:
    """A width inside the frame at which the view lays out `columns` layers side by side
    (DiagramView._columns_that_fit the other way round)."""
    column = view.box_w + view.GAP_X
    room = columns * column + (column / 2 if columns < view._layers() else 0)
    return int((room + 24) * view.least_scale()) + 1


@pytest.mark.parametrize("kind", wf.TRACK_KINDS)
def test_no_arrow_runs_through_another_box_at_any_fold(qtbot, kind: str) -> None:
    diagram = wf.diagram(kind)
    view = DiagramView()
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    found: list[tuple[str, int, tuple[str, str, str]]] = []
    for current in [s["name"] for s in diagram["states"]]:
        view.show_diagram(diagram, current)
        for columns in range(2, view._layers() + 1):
            at_width(qtbot, view, width_for_columns(view, columns))
            assert view.columns == columns, (current, columns, view.box_w)
            found += [(current, columns, crossing) for crossing in crossings(view)]
        for width in WIDTHS:  # the case window's widths at 100, 150 and 200 %
            at_width(qtbot, view, width)
            found += [(current, -width, crossing) for crossing in crossings(view)]
            # The lanes around the boxes stay in the room the wrapping left.
            assert view.horizontalScrollBar().maximum() == 0, (current, width)
    assert found == [], f"{kind}: (current, columns, (from, to, box crossed)) {found}"


@pytest.mark.parametrize("width", [625, 433])
def test_withdraw_from_internal_review_goes_round_closed(qtbot, width: int) -> None:
    # QA's case: CN-DATA-EXPORT at "Internal review" in a 150 % and a 200 % case window.
    view = DiagramView()
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    at_width(qtbot, view, width)
    view.show_diagram(wf.diagram("CN-DATA-EXPORT"), "internal_review")
    assert view.wrapped
    boxes = {name: item.path().boundingRect() for name, item in view.state_items.items()}
    path = view.edge_items[("internal_review", "withdrawn")].path()
    assert boxes_crossed(path, boxes, ("internal_review", "withdrawn")) == []
    # It still starts at its source and ends at Withdrawn's border.
    assert boxes["internal_review"].adjusted(-1, -1, 1, 1).contains(path.pointAtPercent(0))
    end = path.pointAtPercent(1.0)
    withdrawn = boxes["withdrawn"]
    assert withdrawn.adjusted(-1, -1, 1, 1).contains(end)
    assert not withdrawn.adjusted(1, 1, -1, -1).contains(end)


def test_a_step_down_its_own_column_goes_round_the_box_between() -> None:
    # The geometry on its own (edge_paths): a folded "Withdraw" from the top box to the
    # bottom one of a column, another box between them and a column to its right.
    placed = {"a": Placed(0, 0), "mid": Placed(0, 1), "withdrawn": Placed(0, 2),
              "right": Placed(1, 1)}
    rects = {name: QRectF(p.layer * 168.0, p.row * 94.0, 136.0, 50.0)
             for name, p in placed.items()}
    paths = edge_paths([("a", "withdrawn"), ("a", "right")], rects, placed, "a")
    path = paths[("a", "withdrawn")]
    assert boxes_crossed(path, rects, ("a", "withdrawn")) == []
    # Down the gap at the column's right and into the box's right side.
    end = path.pointAtPercent(1.0)
    assert end.x() == pytest.approx(rects["withdrawn"].right())
    assert 136 < max(p.x() for p in _points(path)) < 168
    # A step to the neighbouring column with nothing in the way stays straight.
    assert paths[("a", "right")].elementCount() == 2
