"""Event text loose ends: a clock's recomputed due date said in words and in the dates of
the other track sentences (a confirmed estimate read "2027-02-01 → 2027-02-01 (estimated:
true → false)")."""

from __future__ import annotations

import pytest

from approvals.domain.event_text import EventFacts, event_sentence


def recomputed(old: str | None, new: str | None, estimated: list[bool]) -> str:
    return event_sentence(EventFacts("track.due_recomputed", "1", "due_date", old, new,
                                     {"estimated": estimated}))


@pytest.mark.parametrize("old, new, estimated, expected", [
    ("2027-02-01", "2027-02-01", [True, False],
     "due date 1 Feb 2027 confirmed; no longer estimated"),
    ("2027-02-01", "2027-02-03", [True, False],
     "due date 1 Feb 2027 → 3 Feb 2027, no longer estimated"),
    ("2027-02-01", "2027-02-03", [False, False], "due date recomputed: 1 Feb 2027 → 3 Feb 2027"),
    ("2027-02-01", "2027-02-03", [True, True],
     "due date recomputed: 1 Feb 2027 → 3 Feb 2027 (estimated)"),
    ("2027-02-01", "2027-02-03", [False, True],
     "due date recomputed: 1 Feb 2027 → 3 Feb 2027 (now estimated)"),
    # An entered year removed: the same day, estimated now ("4 Jan 2027 → 4 Jan 2027").
    ("2027-01-04", "2027-01-04", [False, True], "due date 4 Jan 2027 unchanged; now estimated"),
    (None, "2027-02-03", [False, False], "due date recomputed: ∅ → 3 Feb 2027"),
])
def test_recomputed_due_date_sentences(old: str | None, new: str | None,
                                       estimated: list[bool], expected: str) -> None:
    assert recomputed(old, new, estimated) == expected
