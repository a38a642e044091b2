"""A target organised outside mainland China has no Unified Social Credit Code: neither
Submit for internal review nor the Chinese application asks for it, and the application
says why the row is empty. One rule (forms.json `applies_when`) for both; a target
organised in China, or of a place not yet stated, still needs it."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

import pytest

from approvals.domain import workflow as wf
from approvals.domain.facts import parse_facts
from approvals.domain.required_facts import not_applicable
from approvals.filings import compose
from approvals.filings.common import missing_fields
from approvals.filings.content import Fields
from approvals.filings.data import FilingData
from tests.unit.test_filing_content_version import FACTS, NOW, synthetic_case


def _facts(jurisdiction: str | None, uscc: str | None = None) -> dict[str, Any]:
    facts = copy.deepcopy(FACTS)
    facts["target"]["jurisdiction"] = jurisdiction
    facts["target"]["uscc"] = uscc
    return facts


def _case(jurisdiction: str | None, uscc: str | None = None) -> FilingData:
    return replace(synthetic_case(), facts=parse_facts(_facts(jurisdiction, uscc)))


def _submit_problems(facts: dict[str, Any]) -> list[str]:
    submit = next(t for t in wf.workflow("CN-FISR").transitions if t.name == "submit_for_review")
    return wf.guard_problems(submit, wf.GuardContext("li.wei", ("preparer",), facts=facts))


def _uscc_row(data: FilingData, *, final: bool) -> str:
    document, _missing = compose(data, "cn-application", final=final, now=NOW)
    rows = [row for block in document.blocks if isinstance(block, Fields) for row in block.rows]
    return next(row.value for row in rows if row.path == "target.uscc")


@pytest.mark.parametrize("place", ["KY", "VG", "HK", "SG"])
def test_an_offshore_target_is_submitted_and_filed_without_a_uscc(place: str) -> None:
    assert _submit_problems(_facts(place)) == []
    data = _case(place)
    assert "target.uscc" not in dict(missing_fields("cn-application", data))
    row = _uscc_row(data, final=True)  # a final is no longer refused for it
    chinese, english = row.split("\n")
    assert chinese.startswith("不适用：注册地为") and f"（{place}）" in chinese
    assert english.startswith("Not applicable: place of organisation") and f"({place})" in english
    assert "registered in mainland China" in english


@pytest.mark.parametrize("place", ["CN", None, ""])
def test_a_target_organised_in_china_or_not_yet_placed_still_needs_its_uscc(
    place: str | None,
) -> None:
    assert any("fill in" in p and "target.uscc" in p for p in _submit_problems(_facts(place)))
    data = _case(place or None)
    assert "target.uscc" in dict(missing_fields("cn-application", data))
    assert _uscc_row(data, final=False) == "未说明 / Not stated"  # not given, in both languages


def test_a_uscc_given_is_printed_whatever_the_place() -> None:
    assert _uscc_row(_case("KY", "91330100MHDQAEJXEB"), final=False) == "91330100MHDQAEJXEB"
    assert not_applicable("target.name_zh", _facts("KY")) is None  # only the USCC has a rule
