"""The workflow diagram's long steps (lanes): none runs on another's line, and each arrow's
head points along its last stretch, into its box."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath, QTransform

from approvals.domain import workflow as wf
from approvals.ui.workflow_diagram import DiagramView

Run = tuple[float, float, float]  # (y, x from, x to) of a straight horizontal stretch


def _runs(path: QPainterPath) -> list[Run]:
    """The path's horizontal stretches longer than 10 units."""
    points = [path.pointAtPercent(i / 300) for i in range(301)]
    runs: list[Run] = []
    stretch = [points[0]]
    for point in [*points[1:], QPointF(float("nan"), float("nan"))]:
        if abs(point.y() - stretch[0].y()) < 0.5:
            stretch.append(point)
            continue
        xs = [p.x() for p in stretch]
        if len(stretch) > 3 and max(xs) - min(xs) > 10:
            runs.append((stretch[0].y(), min(xs), max(xs)))
        stretch = [point]
    return runs


def _shared_lines(view: DiagramView) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """Pairs of arrows with a horizontal or vertical stretch on one line, side by side."""
    swap = QTransform(0, 1, 1, 0, 0, 0)  # vertical stretches as horizontal ones
    runs = {step: (_runs(item.path()), _runs(swap.map(item.path())))
            for step, item in view.edge_items.items()}
    steps = list(runs)
    shared = []
    for i, a in enumerate(steps):
        for b in steps[i + 1:]:
            for mine, theirs in zip(runs[a], runs[b], strict=True):
                if any(abs(ya - yb) < 3 and min(a1, b1) - max(a0, b0) > 4
                       for ya, a0, a1 in mine for yb, b0, b1 in theirs):
                    shared.append((a, b))
    return shared


@pytest.mark.parametrize(("kind", "current"), [
    *((kind, "draft") for kind in wf.TRACK_KINDS),
    # "Withdraw" from the review runs down through the gap "Export refused" → "Closed"
    # runs up through: they shared a line, and then the point they turned at.
    ("CN-TECH-EXPORT", "application_review"),
    ("CN-FISR", "general_review"),
    ("CN-US-CAPITAL", "materials_requested"),
])
def test_no_two_arrows_run_on_one_line(qtbot, kind: str, current: str) -> None:
    view = DiagramView()
    qtbot.addWidget(view)
    view.show_diagram(wf.diagram(kind), current)
    assert _shared_lines(view) == []


def test_a_lane_into_the_next_row_enters_its_box_from_the_gap(qtbot) -> None:
    view = DiagramView()
    qtbot.addWidget(view)
    view.show_diagram(wf.diagram("CN-TECH-EXPORT"), "application_review")
    closed = view.state_items["closed"].path().boundingRect()
    # "Export refused" (the row below) into "Closed": at its bottom, not at its left side
    # where "Export licence issued" → "Closed" comes in.
    end = view.edge_items[("prohibited", "closed")].path().pointAtPercent(1.0)
    assert end.y() == pytest.approx(closed.bottom())
    beside = view.edge_items[("licensed", "closed")].path().pointAtPercent(1.0)
    assert (end - beside).manhattanLength() > 10


def test_the_head_of_a_long_lane_points_into_its_box(qtbot) -> None:
    view = DiagramView()
    qtbot.addWidget(view)
    view.show_diagram(wf.diagram("CN-US-CAPITAL"), "materials_requested")
    # "Withdraw" from "Materials requested" (the row above) to "Withdrawn" (the row below):
    # it comes down the column gap and turns right into the box's left side.
    withdrawn = view.state_items["withdrawn"].path().boundingRect()
    tip, first, second = view.head_items[("materials_requested", "withdrawn")].polygon()
    assert tip.x() == pytest.approx(withdrawn.left())
    # Both back corners behind the tip, one either side of it: the head points right
    # (it pointed down, both corners above the tip, taken on the lane's turn).
    assert first.x() < tip.x() - 4 and second.x() < tip.x() - 4
    assert min(first.y(), second.y()) < tip.y() < max(first.y(), second.y())


def test_a_final_state_says_what_its_dashed_border_means(qtbot) -> None:
    view = DiagramView()
    qtbot.addWidget(view)
    view.show_diagram(wf.diagram("US-OISP"), "filed")
    assert "final state" in view.state_items["closed"].toolTip()
    assert "final state" in view.state_items["withdrawn"].toolTip()
    assert "final state" not in view.state_items["filed"].toolTip()
