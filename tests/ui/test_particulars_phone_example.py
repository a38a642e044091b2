"""The telephone placeholder of a US filing's particulars is a US number: the Beijing
example "+86 10 5555 0100" stood in the US notification representative's field."""

from __future__ import annotations

from approvals.services.particulars import ParticularField
from approvals.ui.particulars import example_of


def _phone(section: str) -> ParticularField:
    return ParticularField(section, "phone", "Telephone", "", "phone", ())


def test_each_sections_phone_example_is_of_its_country() -> None:
    assert example_of(_phone("representative")) == "e.g. +1 202 555 0100"
    assert example_of(_phone("us_person")) == "e.g. +1 202 555 0100"
    assert example_of(_phone("applicant")) == "e.g. +86 10 5555 0100"
    assert example_of(ParticularField("representative", "email", "E-mail", "", "email", ())) \
        == "e.g. name@example.com"
