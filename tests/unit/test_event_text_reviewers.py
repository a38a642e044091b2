"""event_sentence names the reviewer of review input (the details' `reviewer`, a comment's
`author`), reads events stored before those keys as it did, and says an extension's
length in its track's clock unit."""

from __future__ import annotations

import pytest

from approvals.domain.event_text import EventFacts, event_sentence, reviewer_of

ANNA = "anna (Anna's laptop)"
SEATS = "deal.board_seats"


@pytest.mark.parametrize(("event", "expected"), [
    (EventFacts("review.recommendation", "r-1", new="return", details={"reviewer": ANNA}),
     f"recommendation from {ANNA}: return"),
    (EventFacts("review.recommendation", "r-1", new="approve",
                details={"reviewer": "rita (Lab)", "sent_by": "ben (Lab)", "self_review": True}),
     "recommendation from rita (Lab): approve (sent by ben (Lab)) (self-review)"),
    (EventFacts("review.proposal_accepted", "AP-1", SEATS, 3, 1, {"reviewer": ANNA}),
     f"proposed change from {ANNA} accepted: field Board seats (Deal): 3 → 1"),
    (EventFacts("review.proposal_rejected", "AP-1", SEATS, 3, 1, {"reviewer": ANNA}),
     f"proposed change from {ANNA} rejected: field Board seats (Deal) stays 3 (proposed 1)"),
    (EventFacts("review.proposal_superseded", "AP-1", SEATS, 1, 2, {"reviewer": ANNA}),
     f"proposal from {ANNA} for field Board seats (Deal) revised: 1 → 2"),
    (EventFacts("review.proposal_superseded", "AP-1", SEATS, 1, None,
                {"reviewer": ANNA, "withdrawn": True}),
     f"proposal from {ANNA} for field Board seats (Deal) withdrawn (it proposed 1)"),
    # Withdrawn by another reviewer than its author: both named.
    (EventFacts("review.proposal_superseded", "AP-1", SEATS, 1, None,
                {"reviewer": ANNA, "by": "ben (Lab)", "withdrawn": True}),
     f"proposal from {ANNA} for field Board seats (Deal) withdrawn by ben (Lab) (it proposed 1)"),
    (EventFacts("review.proposal_superseded", "AP-1", SEATS, 1, 2,
                {"reviewer": ANNA, "by": ANNA}),
     f"proposal from {ANNA} for field Board seats (Deal) revised: 1 → 2"),
    (EventFacts("comment.added", "c-1", SEATS, new="Check  the\nveto.", details={"author": ANNA}),
     f"comment from {ANNA} on Board seats (Deal): 'Check the veto.'"),
    (EventFacts("review.imported", "r-1",
                details={"reviewer": ANNA, "comments": 2, "proposed_fields": [SEATS]}),
     f"answers from {ANNA} imported: 2 comments, 1 proposed change"),
    (EventFacts("review.imported", "r-1",
                details={"reviewer": ANNA, "comments": 0, "proposed_fields": [SEATS]}),
     f"answers from {ANNA} imported: 1 proposed change"),
])
def test_review_input_names_its_reviewer(event: EventFacts, expected: str) -> None:
    assert event_sentence(event) == expected


@pytest.mark.parametrize(("event", "expected"), [
    (EventFacts("review.recommendation", "r-1", new="return"), "reviewer recommends: return"),
    (EventFacts("review.proposal_accepted", "AP-1", SEATS, 3, 1),
     "proposed change accepted: field Board seats (Deal): 3 → 1"),
    (EventFacts("review.proposal_rejected", "AP-1", SEATS, 3, 1),
     "proposed change rejected: field Board seats (Deal) stays 3 (proposed 1)"),
    # As rejections are recorded now: the field's value unchanged, the proposal's in details.
    (EventFacts("review.proposal_rejected", "AP-1", SEATS, 3, 3, {"proposed_value": 1}),
     "proposed change rejected: field Board seats (Deal) stays 3 (proposed 1)"),
    (EventFacts("comment.added", "c-1", None, new={"body": "Fine."}), "comment: 'Fine.'"),
    (EventFacts("review.imported", "r-1", details={"comments": 1, "proposed_fields": []}),
     "answers of reviewer imported: 1 comment"),
    (EventFacts("review.recommendation", "r-1", new="approve", details={"reviewer": "  "}),
     "reviewer recommends: approve"),
])
def test_events_without_a_reviewer_still_read(event: EventFacts, expected: str) -> None:
    assert event_sentence(event) == expected


def test_reviewer_of_prefers_the_reviewer_then_a_comments_author() -> None:
    assert reviewer_of({"reviewer": "rita", "author": "ben"}) == "rita"
    assert reviewer_of({"author": "ben"}) == "ben"
    assert reviewer_of({"reviewer": 3}) == "" and reviewer_of(None) == ""


def test_an_extension_says_its_length_in_the_tracks_clock_unit() -> None:
    event = EventFacts("track.transition", "1", "state", "phase_2_review", "phase_2_review",
                       {"from": "phase_2_review", "to": "phase_2_review",
                        "transition": "extend_review", "extension_days": 60})
    assert "extended by 60 calendar days" in event_sentence(event, kind="CN-SAMR")
    assert "extended by 60 days" in event_sentence(event)  # the kind unknown: plain days
