"""words24: an event that sets several filing particulars names each section once."""

from __future__ import annotations

from approvals.domain.event_text import EventFacts, event_sentence


def test_a_section_is_said_once_before_its_fields() -> None:
    event = EventFacts("case.particulars_changed", "AP-1", "filing.particulars.AP-1", None,
                       {"representative": {"name": "Dana Whitfield", "title": "CCO"},
                        "us_person": {"website": "https://example.com"},
                        "applicant": {"contact_name": "刘晓燕"}})
    assert event_sentence(event) == (
        "filing particulars set: Applicant (the target company) — Contact person: 刘晓燕; "
        "Filer's representative (US notification) — Name: Dana Whitfield; Title: CCO; "
        "The US person (US notification) — Website: https://example.com")


def test_a_field_labels_json_does_not_know_keeps_its_section_words() -> None:
    event = EventFacts("case.particulars_changed", "AP-1", "filing.particulars.AP-1",
                       {"representative": {"fax_number": "1", "name": "A"}},
                       {"representative": {"fax_number": "2", "name": "B"}})
    assert event_sentence(event) == (
        "filing particulars changed: representative fax number: 1 → 2; Filer's representative "
        "(US notification) — Name: A → B")


def test_a_stored_final_is_named_by_its_kind_name() -> None:
    event = EventFacts("filing.finalised", "7", None, None, None,
                       {"kind": "us-notification", "pages": 4, "already_stored": False})
    assert event_sentence(event) == "final US notification stored, 4 pages"
    assert event_sentence(EventFacts("filing.finalised", "7", details={})) == "final filing stored"
