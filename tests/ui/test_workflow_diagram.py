"""The Tracks tab's workflow diagram: layers by progress, main path on one row."""

from __future__ import annotations

import pytest

from approvals.domain import workflow as wf
from approvals.ui.workflow_diagram import SIDE_STATES, DiagramView, layout_diagram


def _edges(kind: str) -> list[tuple[str, str]]:
    return [(e["from"], e["to"]) for e in wf.diagram(kind)["edges"] if e["from"] != e["to"]]


@pytest.mark.parametrize("kind", wf.TRACK_KINDS)
def test_layout_layers_follow_progress(kind: str) -> None:
    states = [s.name for s in wf.workflow(kind).states]
    placed = layout_diagram(states, _edges(kind))
    assert set(placed) == set(states)
    cells = [(p.layer, p.row) for p in placed.values()]
    assert len(cells) == len(set(cells)), "two states in one place"
    assert placed["draft"] == placed["draft"].__class__(0, 0)
    order = {s: i for i, s in enumerate(states)}
    for a, b in _edges(kind):
        if a in SIDE_STATES or b in SIDE_STATES or order[a] > order[b]:
            continue
        assert placed[a].layer < placed[b].layer, f"{a} -> {b} does not go right"
    for side in SIDE_STATES:
        if side in placed:
            assert placed[side].row != 0, f"{side} is on the main row"
    main_row = sorted((p.layer, s) for s, p in placed.items() if p.row == 0)
    # One state per layer on the main row, from draft to the end without a gap.
    assert [layer for layer, _ in main_row] == list(range(len(main_row)))
    assert main_row[-1][1] == "closed"


def test_fisr_main_path_reads_left_to_right() -> None:
    kind = "CN-FISR"
    placed = layout_diagram([s.name for s in wf.workflow(kind).states], _edges(kind))
    main = [s for s, p in sorted(placed.items(), key=lambda i: i[1].layer) if p.row == 0]
    assert main == ["draft", "internal_review", "approved_for_filing", "filed", "accepted",
                    "preliminary_review", "general_review", "special_review", "cleared",
                    "closed"]
    # Alternative decisions stack in the decision layer, off the main row.
    assert placed["cleared_with_conditions"].layer == placed["cleared"].layer
    assert placed["prohibited"].layer == placed["cleared"].layer


def test_view_highlights_current_and_draws_arrows(qtbot) -> None:
    view = DiagramView()
    qtbot.addWidget(view)
    view.resize(900, 360)
    view.show_diagram(wf.diagram("CN-FISR"), "general_review")
    assert view.current == "general_review"
    current = view.state_items["general_review"]
    assert current.pen().widthF() > view.state_items["draft"].pen().widthF()
    # Withdrawing is drawn from the current state only, not from every open state.
    into_withdrawn = [a for a, b in view.edge_items if b == "withdrawn"]
    assert into_withdrawn == ["general_review"]
    assert ("general_review", "special_review") in view.edge_items
    # Text stays readable: the view scrolls rather than shrinking below MIN_SCALE.
    assert view.transform().m11() >= DiagramView.MIN_SCALE - 1e-9


def test_the_diagram_says_in_words_where_the_track_stands(qtbot) -> None:
    view = DiagramView()
    qtbot.addWidget(view)
    view.show_diagram(wf.diagram("CN-FISR"), "general_review")
    said = view.accessibleDescription()
    assert "now General review" in said
    assert "Cleared with conditions → Cleared with conditions" in said  # step → state
    assert "→ Materials requested" in said
    view.show_diagram(wf.diagram("CN-FISR"), "closed")
    assert view.accessibleDescription().endswith("now Closed. No step leads on from here.")
    view.show_diagram(None, "")
    assert view.accessibleDescription() == ""
