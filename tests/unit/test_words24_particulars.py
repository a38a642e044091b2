"""words24: a filing particular has one name, made in one place (domain.particulars), for
the Filing particulars editor's labels, a draft's missing list and the Timeline."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from approvals.domain import particulars as domain
from approvals.resources import label_data


@pytest.fixture
def renamed(monkeypatch: pytest.MonkeyPatch) -> None:
    """labels.json with the contact person renamed, as domain.particulars reads it."""
    data: dict[str, Any] = copy.deepcopy(label_data())
    data["particulars"]["applicant.contact_name"] = ["Person to contact", "联络人"]
    data["particulars"]["applicant"] = ["The applicant", "申请人"]
    monkeypatch.setattr(domain, "label_data", lambda: data)


def test_editor_and_missing_list_take_the_domain_name(renamed: None) -> None:
    from approvals.services.particulars import particulars_form
    from approvals.ui.particulars import missing_text

    section = next(s for s in particulars_form() if s.name == "applicant")
    field = next(f for f in section.fields if f.name == "contact_name")
    assert (section.label_en, section.label_zh) == ("The applicant", "申请人")
    assert (field.label_en, field.label_zh) == ("Person to contact", "联络人")
    assert missing_text("particulars.applicant.contact_name") == \
        "The applicant — Person to contact" == domain.particular_name("applicant.contact_name")


def test_every_field_is_named_alike_in_editor_and_missing_list() -> None:
    from approvals.services.particulars import particulars_form
    from approvals.ui.particulars import missing_text

    for section in particulars_form():
        for field in section.fields:
            assert missing_text(field.path) == \
                f"{section.label_en} — {field.name_without_the_case}", field.path


def test_a_field_labels_json_does_not_know_is_named_in_words() -> None:
    assert domain.particular_labels("applicant.fax_number") == ("Fax number", "")
    assert domain.particular_name("applicant.fax_number") is None
    assert domain.particular_name("_comment") is None
    assert domain.particular_name("applicant") == "Applicant (the target company)"
