"""Once the deal completed, every filing says its completion date: the Chinese
application printed the same day as "Expected completion date" while the US notification
and the status report printed it as done."""

from __future__ import annotations

from dataclasses import replace

import pytest

from approvals.filings import common as k
from approvals.filings import compose
from tests.unit.test_filing_content_version import NOW, synthetic_case
from tests.unit.test_filings26_audit_defects import field

KINDS = ("cn-application", "us-notification", "status-report")


def _labels(kind: str, completed: str | None) -> dict[str, str]:
    data = replace(synthetic_case(), deal_completed_on=completed)
    document, _missing = compose(data, kind, final=False, now=NOW)
    found = {}
    for label in ("Completion date", "Expected completion date", "Deal completed on"):
        try:
            found[label] = field(document, label).value
        except StopIteration:
            continue
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_a_completed_deal_is_not_expected_to_complete(kind: str) -> None:
    done = _labels(kind, "2026-12-02")
    assert "Expected completion date" not in done or kind == "status-report"
    said = done.get("Completion date") or done.get("Deal completed on") or ""
    assert "2026-12-02" in said, done
    if kind == "cn-application":
        assert done["Completion date"] == "2026年12月2日 / 2026-12-02"


@pytest.mark.parametrize("kind", KINDS)
def test_until_it_completes_the_expected_date_is_labelled_so(kind: str) -> None:
    pending = _labels(kind, None)
    assert "Completion date" not in pending and "Deal completed on" not in pending
    assert pending["Expected completion date"] != k.NOT_STATED


def test_the_case_s_completion_comes_before_a_track_s() -> None:
    data = replace(synthetic_case(), deal_completed_on="2026-12-02")
    assert k.deal_completed_on(data) == "2026-12-02"
    assert k.deal_completed_on(replace(data, deal_completed_on=None)) == \
        k.recorded_completion_date(data.tracks)
