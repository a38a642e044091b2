"""Filing particulars with a real rule (e-mail, website, telephone), typed as a Chinese
officer's input method leaves them: full-width characters, a trailing 。, mailto:."""

from __future__ import annotations

import pytest

from approvals.domain.errors import InputError
from approvals.domain.particulars import check_particular
from approvals.services.filings import check_filing_particulars


@pytest.mark.parametrize(("section", "name", "value", "wide"), [
    ("applicant", "contact_phone", "＋86 10 5555 0100", "＋"),
    ("applicant", "contact_phone", "+86 10 5555 0100；", "；"),
    ("representative", "phone", "８６ 10 5555 0100", "８"),  # printed as ８６, not 86
    ("applicant", "contact_email", "zhao.min＠xinhe-semi.cn", "＠"),
    ("representative", "email", "zhao.min@xinhe-semi.cn。", "。"),
    ("us_person", "website", "https：//www.example.com", "："),
])
def test_a_full_width_character_is_named_with_what_to_do(section: str, name: str, value: str,
                                                          wide: str) -> None:
    problem = check_particular(section, name, value)
    assert problem is not None
    assert f"full-width character {wide!r}" in problem
    assert "half-width" in problem


def test_an_e_mail_ending_in_a_chinese_full_stop_is_refused_by_the_service() -> None:
    """It was stored, and printed as the authority's contact address, 。 and all."""
    with pytest.raises(InputError) as refused:
        check_filing_particulars({"applicant": {"contact_email": "zhao@xinhe.cn。"}})
    assert refused.value.problems[0].path == "particulars.applicant.contact_email"


def test_mailto_is_refused_with_the_way_to_give_it() -> None:
    assert "without mailto:" in check_particular("representative", "email",
                                                 "mailto:t.brennan@cascade.example")


def test_an_extension_in_chinese_is_told_how_to_write_it() -> None:
    problem = check_particular("applicant", "contact_phone", "010-5555 0100 转 123")
    assert problem is not None and "has letters in it" in problem and "ext. 123" in problem


@pytest.mark.parametrize("value", ["li_wei@mail.xinhe-semi.com.cn", "a.b+tag@sub-1.example.co.uk",
                                   "zhao.min@xinhe-semi.cn"])
def test_ordinary_e_mail_addresses_still_pass(value: str) -> None:
    assert check_particular("applicant", "contact_email", value) is None


def test_names_and_addresses_stay_free_text() -> None:
    """Full-width brackets and commas belong in a Chinese name or address."""
    assert check_particular("applicant", "contact_name", "王芳（经理）") is None
    assert check_particular("applicant", "registered_address",
                            "北京市海淀区中关村大街１号，２层") is None


def test_an_invisible_character_in_an_e_mail_address_is_refused() -> None:
    """A zero-width space copied from a web page: the address looked right and bounced."""
    problem = check_particular("applicant", "contact_email", "zhao\u200b.min@xinhe-semi.cn")
    assert problem is not None and "invisible character (U+200B)" in problem
    assert check_particular("applicant", "contact_name", "王\u200b芳") is None  # free text
