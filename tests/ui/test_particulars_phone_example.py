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


def test_the_defaults_editor_does_not_offer_a_cases_purpose(qtbot, runner) -> None:
    from approvals.store.audit import Actor
    from approvals.ui.particulars import ParticularsEditor

    admin = Actor("alice", ("preparer", "reviewer", "approver", "admin"))
    defaults = ParticularsEditor(runner, admin)
    qtbot.addWidget(defaults)
    assert ("applicant", "purpose_zh") not in defaults.rows
    assert ("applicant", "contact_name") in defaults.rows
    defaults.close()
    runner.wait_for_done()
