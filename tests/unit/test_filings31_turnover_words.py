"""The US notification's turnover row says a figure not stated in the words of its
sentence ("worldwide not stated"), not as a capitalised cell value mid-line."""

from __future__ import annotations

from approvals.filings import compose
from tests.unit.test_filing_content_version import NOW
from tests.unit.test_filings26_audit_defects import case_of, field

ROW = "Covered foreign person's turnover (CNY)"


def test_a_turnover_not_stated_is_said_mid_sentence() -> None:
    data = case_of({"target.turnover_cny": {"china": 650_000_000}})
    document, _missing = compose(data, "us-notification", final=False, now=NOW)
    assert field(document, ROW).value == "China 650,000,000; worldwide not stated"


def test_stated_turnovers_print_as_figures() -> None:
    data = case_of({"target.turnover_cny": {"china": 650_000_000, "worldwide": 700_000_000}})
    document, _missing = compose(data, "us-notification", final=False, now=NOW)
    assert field(document, ROW).value == "China 650,000,000; worldwide 700,000,000"
