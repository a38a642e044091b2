"""The anchor's time in a cut or rewritten trail's message reads as the app writes times
("2026-11-29 09:14 UTC"), not as the anchor file stores it."""

from __future__ import annotations

from approvals.domain.audit import Anchor, anchor_break

ANCHOR = Anchor(1240, "3f9c0a1be27d" + "0" * 52, "2026-11-29T09:14:02Z")


def test_a_cut_trail_names_the_anchor_time_in_words() -> None:
    assert anchor_break(ANCHOR, 1234, None) == (
        "events after #1234 are missing: the anchor recorded #1240 with hash 3f9c0a1be27d… "
        "at 2026-11-29 09:14 UTC")


def test_a_rewritten_trail_names_the_anchor_time_in_words() -> None:
    message = anchor_break(ANCHOR, 1300, "ab" * 32)
    assert message is not None and "at 2026-11-29 09:14 UTC (the trail was written anew" in message
    assert "T09:14:02Z" not in message and "T09:14:02Z" not in ANCHOR.describe()
