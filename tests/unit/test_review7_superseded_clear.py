"""A proposal revised to clear the field (Clear value in review mode) is said as revised,
not as withdrawn: only a withdrawal's details say withdrawn."""

from __future__ import annotations

from approvals.domain.event_text import NONE, EventFacts, event_sentence

ANNA = "anna (Anna's laptop)"


def test_a_proposal_revised_to_clear_the_field_is_revised() -> None:
    event = EventFacts("review.proposal_superseded", "AP-1", "deal.board_seats", 1, None,
                       {"reviewer": ANNA})
    assert event_sentence(event) == (f"proposal from {ANNA} for field Board seats (Deal) "
                                     f"revised: 1 → {NONE}")


def test_a_withdrawal_is_still_withdrawn() -> None:
    event = EventFacts("review.proposal_superseded", "AP-1", "deal.board_seats", 1, None,
                       {"reviewer": ANNA, "withdrawn": True})
    assert event_sentence(event).endswith("withdrawn (it proposed 1)")
