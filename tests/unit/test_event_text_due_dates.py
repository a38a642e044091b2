"""A track step's sentence (the Timeline's details, the status report's audit timeline)
says the due date it moved in the officer's dates: "due date ∅ → 2027-01-12" read as a
formula."""

from __future__ import annotations

from approvals.domain.event_text import EventFacts, event_sentence


def _step(due: list[str | None]) -> str:
    return event_sentence(EventFacts(
        action="track.transition", field="state", old="filed", new="accepted",
        details={"from": "filed", "to": "accepted", "transition": "accept",
                 "on": "2026-11-30", "due_date": due}))


def test_a_clock_started_gives_the_due_date() -> None:
    assert _step([None, "2027-01-12"]).endswith("; on 30 Nov 2026; due 12 Jan 2027")


def test_a_clock_stopped_or_ended_says_there_is_none_now() -> None:
    assert _step(["2027-01-12", None]).endswith("; no due date (was 12 Jan 2027)")


def test_a_moved_due_date_gives_both() -> None:
    said = _step(["2026-12-21", "2027-01-12"])
    assert said.endswith("; due date 21 Dec 2026 → 12 Jan 2027") and "∅" not in said
