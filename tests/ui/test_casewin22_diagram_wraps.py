"""At 150 % (QT_SCALE_FACTOR=1.5) the Tracks tab's workflow diagram was cut off at the
right edge (Closed, Withdrawn) and needed sideways scrolling. It is laid out to the width
it has: scaled down to the labels' least size on the screen, and wrapped into bands when
that is not enough. Checked for the widths of a case window at 100, 150 and 200 %."""

from __future__ import annotations

import pytest

from approvals.domain import workflow as wf
from approvals.ui.workflow_diagram import DiagramView, Placed, fold_layers

# The diagram's width in a 1366 px case window at 100, 150 and 200 % (logical pixels).
WIDTHS = {"100": 1076, "150": 625, "200": 433}


@pytest.mark.parametrize("percent", WIDTHS)
@pytest.mark.parametrize("kind", wf.TRACK_KINDS)
def test_every_box_is_whole_in_view_without_sideways_scrolling(qtbot, kind, percent) -> None:
    view = DiagramView()
    qtbot.addWidget(view)
    view.resize(WIDTHS[percent] + 2 * view.frameWidth(), 300)
    view.show()
    qtbot.waitExposed(view)
    view.show_diagram(wf.diagram(kind), "draft")
    qtbot.wait(10)
    assert view.horizontalScrollBar().maximum() == 0, (kind, percent, view.columns)
    width = view.viewport().width()
    for name, item in view.state_items.items():
        box = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
        assert box.left() >= 0 and box.right() <= width, f"{name} cut off ({kind}, {percent} %)"
        assert box.bottom() <= view.viewport().height(), f"{name} below the view"


def test_at_150_percent_the_labels_may_be_scaled_to_their_least_size_at_100(qtbot) -> None:
    view = DiagramView()
    qtbot.addWidget(view)
    assert view.least_scale() == pytest.approx(max(
        DiagramView.MIN_SCALE / max(1.0, view.devicePixelRatioF()), DiagramView.LEAST_OF_TEXT))


@pytest.mark.parametrize(("ratio", "least"), [(1.0, 0.8), (1.25, 0.64), (1.5, 0.6), (2.0, 0.6)])
def test_at_200_percent_the_labels_stay_at_least_six_tenths_of_the_text(
        qtbot, monkeypatch, ratio: float, least: float) -> None:
    """Scaled to 80 % of 100 % on the screen, at 200 % the labels were 40 % of the app's
    text, undoing the scaling an officer had chosen; the diagram wraps instead."""
    view = DiagramView()
    qtbot.addWidget(view)
    monkeypatch.setattr(view, "devicePixelRatioF", lambda: ratio)
    assert view.least_scale() == pytest.approx(least)


def test_wrapping_starts_each_band_at_the_left_below_the_last() -> None:
    placed = {"a": Placed(0, 0), "b": Placed(1, -1), "c": Placed(2, 0), "d": Placed(3, 1)}
    folded = fold_layers(placed, 2)
    assert folded == {"a": Placed(0, 1), "b": Placed(1, 0), "c": Placed(0, 4),
                      "d": Placed(1, 5)}
    assert fold_layers(placed, 4) == {k: Placed(p.layer, p.row + 1) for k, p in placed.items()}
