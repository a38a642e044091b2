"""The audit timeline (status report, audit trail window, the CSV's "Event in words") names
a filing particular as the Filing particulars editor labels it, not by its stored key
("us person address", "applicant contact email")."""

from __future__ import annotations

import pytest

from approvals.domain.event_text import EventFacts, event_sentence
from approvals.domain.particulars import particular_name
from approvals.services.particulars import particulars_form


def test_every_particular_is_named_as_the_editor_names_it() -> None:
    for section in particulars_form():
        assert particular_name(section.name) == section.label_en
        for field in section.fields:
            assert particular_name(f"{section.name}.{field.name}") == \
                f"{section.label_en} — {field.name_without_the_case}"


@pytest.mark.parametrize(("event", "expected"), [
    (EventFacts("case.particulars_changed", "AP-1", "filing.particulars.AP-1",
                {"us_person": {"address": "1 Main St"}},
                {"us_person": {"address": "2 Main St"},
                 "applicant": {"contact_email": "li@xinhe.cn"}}),
     "filing particulars changed: Applicant (the target company) — Contact e-mail: "
     "∅ → li@xinhe.cn; The US person (US notification) — Address: 1 Main St → 2 Main St"),
    # The organisation-wide defaults, first given; who signs by both its names (which
    # one a filing prints depends on where the target is organised).
    (EventFacts("settings.changed", "filing.particulars", "filing.particulars", None,
                {"applicant": {"legal_representative": "张伟"}}),
     "filing particulars set: Applicant (the target company) — Legal representative or "
     "authorised signatory: 张伟"),
    # A field labels.json does not know (stored by an older version) stays in words.
    (EventFacts("case.particulars_changed", "AP-1", "filing.particulars.AP-1",
                {"representative": {"fax_number": "1"}}, {"representative": {"fax_number": "2"}}),
     "filing particulars changed: representative fax number: 1 → 2"),
    # Another setting held as an object is not a particular: its keys in words.
    (EventFacts("settings.changed", "settings", "display", {"us_person": 1}, {"us_person": 2}),
     "setting display changed: us person: 1 → 2"),
])
def test_particulars_events_name_the_fields(event: EventFacts, expected: str) -> None:
    assert event_sentence(event) == expected
