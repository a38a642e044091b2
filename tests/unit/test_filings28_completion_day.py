"""Content format 18: the status report's case summary gives the day the deal completed,
from the case's completion (Mark completed…) or, before that, from the completion date a
track recorded (US-OISP's Record completion date, which the US notification prints too)."""

from __future__ import annotations

from dataclasses import replace

from approvals.filings import compose
from approvals.filings.content import Fields
from approvals.filings.data import FilingData, Transition
from tests.unit.test_filing_content_version import NOW, synthetic_case

LABEL = "Deal completed on"


def summary_rows(data: FilingData, kind: str = "status-report") -> dict[str, str]:
    document, _missing = compose(data, kind, final=False, now=NOW)
    first = next(b for b in document.blocks if isinstance(b, Fields))
    return {row.label_en: row.value for row in first.rows}


def with_recorded_completion(data: FilingData, day: str) -> FilingData:
    oisp = data.tracks[0]
    recorded = Transition(occurred_at="2026-11-25T09:00:00Z", actor="li.wei", role="preparer",
                          from_state="approved_for_filing", to_state="approved_for_filing",
                          transition="record_completion", reason="Closing memo received.",
                          self_approval=False, recorded=(("completion_date", day),))
    return replace(data, tracks=(replace(oisp, history=(*oisp.history, recorded)),
                                 *data.tracks[1:]))


def test_no_completion_day_before_the_deal_completes() -> None:
    rows = summary_rows(synthetic_case())
    assert "Expected completion date" in rows
    assert LABEL not in rows


def test_the_case_completion_is_the_day_printed() -> None:
    data = replace(synthetic_case(), case_status="completed", deal_completed_on="2026-11-24")
    assert summary_rows(data)[LABEL] == "2026-11-24"


def test_a_track_recorded_completion_date_is_printed_before_the_case_is_marked() -> None:
    data = with_recorded_completion(synthetic_case(), "2026-11-23")
    assert summary_rows(data)[LABEL] == "2026-11-23"
    # The US notification gives the same day, from the same record.
    document, _missing = compose(data, "us-notification", final=False, now=NOW)
    rows = {row.label_en: row.value for block in document.blocks if isinstance(block, Fields)
            for row in block.rows}
    assert rows["Completion date"] == "2026-11-23"
    # The case's own completion, once marked, is the record.
    marked = replace(data, case_status="completed", deal_completed_on="2026-11-24")
    assert summary_rows(marked)[LABEL] == "2026-11-24"
