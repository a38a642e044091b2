"""The Chinese application's declaration for an applicant organised outside mainland China
(a Cayman, BVI or Hong Kong holding company): it has no 公章, a seal of PRC company law, so
the seal box asks for its own seal or chop only if it has one, and a note under the
declaration says how such an applicant executes the application (its authorised
signatory, on the authority of its board). A mainland applicant prints as before. Read
back from the PDF with pypdf."""

from __future__ import annotations

import copy
import io
import re
from dataclasses import replace
from typing import Any

import pypdf
import pytest

from approvals.domain.facts import parse_facts
from approvals.filings import compose
from approvals.filings.data import FilingData
from approvals.filings.layout import build_pdf
from tests.unit.test_filing_content_version import FACTS, NOW, synthetic_case


def _case(jurisdiction: str | None) -> FilingData:
    facts: dict[str, Any] = copy.deepcopy(FACTS)
    facts["target"]["jurisdiction"] = jurisdiction
    facts["target"]["uscc"] = None if jurisdiction != "CN" else facts["target"]["uscc"]
    return replace(synthetic_case(), facts=parse_facts(facts))


def _last_page(data: FilingData) -> str:
    """The declaration page's text, without white space (pypdf breaks lines anywhere)."""
    document, _missing = compose(data, "cn-application", final=False, now=NOW)
    pdf, _pages = build_pdf(document)
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[-1].extract_text()
    return re.sub(r"\s+", "", page)


@pytest.mark.parametrize("place", ["KY", "VG", "HK"])
def test_an_offshore_applicant_is_asked_for_its_seal_only_if_it_has_one(place: str) -> None:
    page = _last_page(_case(place))
    assert "申请人授权签字人（签字）" in page
    assert "Authorisedsignatoryoftheapplicant(signature)" in page
    assert "申请人印章（如有）" in page
    assert "Sealorcompanychopoftheapplicant,ifithasone" in page
    assert "申请人（公章）" not in page and "Companysealoftheapplicant" not in page
    # How it executes the application, in both languages, on the page it is signed on.
    assert "申请人注册于中国内地以外，没有中国法律意义上的公章" in page
    assert "董事会决议或授权书" in page
    assert "hasnocompanyseal(公章)inthesenseofPRClaw" in page
    assert "resolutionoftheapplicant'sboardorapowerofattorney" in page


def test_a_mainland_applicant_seals_with_its_company_seal_as_before() -> None:
    page = _last_page(_case("CN"))
    assert "申请人法定代表人（签字）" in page
    assert "申请人（公章）" in page and "Companysealoftheapplicant" in page
    assert "印章（如有）" not in page and "没有中国法律意义上的公章" not in page


def test_the_foreign_investor_signs_as_its_authorised_representative_in_both_languages() -> None:
    """Part 2 and the Chinese box say 授权代表 (authorised representative); the English box
    said "Authorised signatory"."""
    page = _last_page(_case("CN"))
    assert "外国投资者授权代表（签字）" in page
    assert "Authorisedrepresentativeoftheforeigninvestor(signature)" in page
    assert "signatoryoftheforeigninvestor" not in page


def test_an_applicant_not_yet_placed_is_asked_for_either_seal() -> None:
    page = _last_page(_case(None))
    assert "申请人（公章；境外注册的申请人：印章，如有）" in page
    assert "没有中国法律意义上的公章" not in page  # nothing is said of a place not stated
