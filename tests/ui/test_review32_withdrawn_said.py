"""Proposing the pack's value again takes the reviewer's proposal back: it went without a
word ("back to the value in the pack; no change proposed"), and the next import then said
the reviewer "no longer proposes" a value the reviewer had forgotten. The status line
names the proposal withdrawn."""

from __future__ import annotations

import json

from tests.review_support import ReviewPair
from tests.ui.review_window_support import review_window


def test_proposing_the_packs_value_names_the_proposal_withdrawn(
        qtbot, review_pair: ReviewPair) -> None:
    with review_window(qtbot, review_pair) as window:
        case = window.current_case()
        base = case.facts["deal"]["board_seats"]
        window.select_field("deal.board_seats")
        with qtbot.waitSignal(window.loaded, timeout=10_000):
            window.propose_edit.setText(str(base + 2))
            window.propose()
        with qtbot.waitSignal(window.loaded, timeout=10_000):
            window.propose_edit.setText(json.dumps(base))
            window.propose()
        qtbot.waitUntil(lambda: "withdrawn" in window.status.text(), timeout=10_000)
        assert window.status.text() == (
            f"Board seats (Deal): back to the value in the pack; no change proposed. Your "
            f"proposal of {base + 2} is withdrawn.")
