"""A new case's Review page said "Finish opens the case with one filing track for every
regime that needs action" beside a deal the negative list prohibits, which opens none: it
now says that Finish opens no filing track, and why. Facts that open tracks say nothing."""

from __future__ import annotations

import json
from pathlib import Path

from approvals.domain.screening import Determination
from approvals.ui.wizard import IntakeWizard, no_tracks_text

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cases.json"


def _demo(reference: str) -> dict:
    return next(d for d in json.loads(DEMO.read_text(encoding="utf-8"))
                if d["reference"] == reference)


def _review(w: IntakeWizard, facts: dict) -> str:
    w.load_data(facts)
    w.go_to_review()
    label = w.review_page.stays_label
    return label.text() if label.isVisibleTo(w) else ""


def test_a_prohibited_deal_s_review_says_no_track_is_opened(qtbot, wizard: IntakeWizard) -> None:
    text = _review(wizard, _demo("DEMO-07"))  # internet news: the negative list
    assert "Finish opens no filing track" in text
    assert "CN-NEGATIVE-LIST prohibits the transaction" in text


def test_facts_that_open_tracks_say_nothing_of_the_kind(qtbot, wizard: IntakeWizard) -> None:
    assert _review(wizard, _demo("DEMO-01")) == ""


def test_the_words_follow_the_outcomes() -> None:
    def det(regime: str, outcome: str) -> Determination:
        return Determination(regime=regime, outcome=outcome, status="in_force", reasons=(),
                             missing=())

    assert "no regime needs action" in no_tracks_text([det("CN-FISR", "not_required")])
    both = no_tracks_text([det("CN-NEGATIVE-LIST", "prohibited"), det("US-OISP", "needs_info"),
                           det("CN-SAMR", "needs_info")])
    assert "CN-NEGATIVE-LIST prohibits" in both
    assert "US-OISP and CN-SAMR cannot be decided until the facts they ask for are given" in both
