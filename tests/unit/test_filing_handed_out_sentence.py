"""A saved or printed filing in the trail's words: which filing, where it went."""

from __future__ import annotations

from approvals.domain.audit import ACTIONS_CHANGING_CONTENT, action_label
from approvals.domain.event_text import EventFacts, event_sentence


def test_a_printed_final_names_the_track_the_printer_and_the_fingerprint() -> None:
    event = EventFacts(action="filing.printed", entity_id="AP-2026-0002", details={
        "kind": "cn-application", "final": True, "regime": "CN-FISR", "printer": "Legal floor 3",
        "pages": 6, "fingerprint": "ab" * 32})
    assert event_sentence(event) == ("final Chinese application (CN-FISR) printed on Legal "
                                     "floor 3, 6 pages, fingerprint abababababababab…")


def test_saved_and_printed_are_labelled_and_change_no_content() -> None:
    assert action_label("filing.saved") == "Filing saved"
    assert action_label("filing.printed") == "Filing printed"
    assert not ACTIONS_CHANGING_CONTENT["filing.saved"]
    assert not ACTIONS_CHANGING_CONTENT["filing.printed"]
