"""rescreen_text: the one wording of an accepted re-screening (status report and the
case window's Timeline)."""

from __future__ import annotations

from approvals.domain.event_text import EventFacts, event_sentence, rescreen_text

OLD = {"rulebook": "r1", "as_of": "2026-01-01"}
NEW = {"rulebook": "r2", "as_of": "2026-02-01"}
CHANGES = {"changes": [{"regime": "US-OISP", "old": "not_required",
                        "new": "notification_required"},
                       {"regime": "CN-FISR", "old": None, "new": "approval_required"}]}
OUTCOMES = ("US-OISP not required → notification required, "
            "CN-FISR not screened → approval required")


def test_report_sentence_is_the_rescreen_text() -> None:
    sentence = event_sentence(EventFacts("case.rescreen_accepted", "AP-1", None, OLD, NEW,
                                         CHANGES))
    assert sentence == rescreen_text(OLD, NEW, CHANGES) == (
        "new screening accepted: rulebook r1 as of 2026-01-01 → rulebook r2 as of "
        f"2026-02-01; outcomes changed: {OUTCOMES}")


def test_outcomes_first_for_the_timeline() -> None:
    assert rescreen_text(OLD, NEW, CHANGES, outcomes_first=True) == \
        f"{OUTCOMES} (rulebook r2 as of 2026-02-01)"


def test_nothing_changed_and_no_earlier_screening() -> None:
    assert rescreen_text(None, NEW, {"changes": []}, outcomes_first=True) == \
        "no outcome changed (rulebook r2 as of 2026-02-01)"
    assert rescreen_text(None, NEW, {}) == "new screening accepted: rulebook r2 as of 2026-02-01"
