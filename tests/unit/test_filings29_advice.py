"""Content format 19: a screening's points for the officer to check (Reason.advice: "check
whether one applies", "请核查") are not grounds put before an authority. The Chinese
application and the US notification list them in a draft's box "To check before filing"
and leave them out of their determinations; a final prints none; the status report, for
the firm and its auditors, keeps them among the reasons. `screen --json` is unchanged."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.screening import Reason as ScreeningReason
from approvals.domain.screening import ScreeningResult, screen
from approvals.filings import compose
from approvals.filings.content import Para, Table
from approvals.filings.data import FilingData, Reason
from tests.unit.test_filing_content_version import NOW, synthetic_case

EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "spec" / "examples" / "consumer-app.json"
CN_POINT = Reason("cn.neg.list", "Negative List 2024", "the cap has exceptions: check whether one applies",
                  "股比限制存在例外：请核查是否适用", "负面清单（2024年版）", advice=True)
US_POINT = Reason("us.scope", "31 CFR 850.209", "ownership by persons of concern: check the shareholders",
                  advice=True)


def with_points(data: FilingData) -> FilingData:
    screening = data.screening
    assert screening is not None
    determinations = tuple(
        replace(d, reasons=(*d.reasons, CN_POINT if d.regime.startswith("CN-") else US_POINT))
        for d in screening.determinations)
    return replace(data, screening=replace(screening, determinations=determinations))


def texts(data: FilingData, kind: str, *, final: bool) -> tuple[str, str]:
    """(the flagged paragraphs, the tables) of the filing, as one text each."""
    document, _missing = compose(data, kind, final=final, now=NOW)
    flags = "\n".join(f"{b.en}\n{b.zh or ''}" for b in document.blocks
                      if isinstance(b, Para) and b.style == "flag")
    tables = "\n".join(cell for b in document.blocks if isinstance(b, Table)
                       for row in b.rows for cell in row)
    return flags, tables


def test_the_screening_marks_its_points_to_check_and_keeps_the_mark_when_stored() -> None:
    facts = parse_facts(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    result = screen(facts, date(2026, 12, 1), False)
    negative = next(d for d in result.determinations if d.regime == "CN-NEGATIVE-LIST")
    points = [r for r in negative.reasons if r.advice]
    assert points and all("value-added telecom" in r.text for r in points)
    assert not any(r.advice for d in result.determinations for r in d.reasons
                   if r.text.startswith(("target is organised", "investor is organised")))
    # The command line's reasons keep exactly their three keys.
    assert all(set(r) == {"rule", "citation", "text"}
               for d in result.to_json_dict()["determinations"] for r in d["reasons"])
    stored = json.loads(json.dumps(result.to_storage_dict()))
    again = ScreeningResult.from_json_dict(stored)
    assert [r.advice for d in again.determinations for r in d.reasons] == \
        [r.advice for d in result.determinations for r in d.reasons]
    # A reason stored before the mark existed reads as a ground.
    plain = {"rule": "r", "citation": "c", "text": "t"}
    assert ScreeningReason.from_dict(plain).advice is False


@pytest.mark.parametrize("kind, point", [("cn-application", CN_POINT),
                                         ("us-notification", US_POINT)])
def test_a_filing_to_an_authority_lists_the_points_in_a_draft_box_only(kind: str, point: Reason) -> None:
    data = with_points(synthetic_case())
    flags, tables = texts(data, kind, final=False)
    assert "To check before filing" in flags and point.text in flags
    if kind == "cn-application":
        assert "申报前请核查" in flags and point.text_zh in flags
        # The Chinese line names the regime in Chinese; the English line by its code.
        assert f"• 外商投资安全审查：{point.text_zh}" in flags
        assert f"• CN-FISR: {point.text}" in flags and "• CN-FISR：" not in flags
    assert point.text not in tables
    flags, tables = texts(data, kind, final=True)
    assert point.text not in flags + tables
    # Without points, no box.
    flags, _tables = texts(synthetic_case(), kind, final=False)
    assert "To check before filing" not in flags


def test_the_status_report_keeps_the_points_among_the_reasons() -> None:
    flags, tables = texts(with_points(synthetic_case()), "status-report", final=False)
    assert CN_POINT.text in tables and US_POINT.text in tables
    assert "To check before filing" not in flags


def test_the_us_notification_counts_no_point_among_the_other_checks() -> None:
    data = synthetic_case()
    before, _ = compose(data, "us-notification", final=True, now=NOW)
    after, _ = compose(with_points(data), "us-notification", final=True, now=NOW)
    assert before.fingerprint == after.fingerprint
