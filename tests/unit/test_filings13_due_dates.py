"""What a filing says of a due date (filings13):

- the status report marks a track's due date that is past on the report's date, as it
  marks a condition's (the case list said "overdue"; the report, a bare date);
- the US notification says when the notification period runs from while no completion date
  is recorded, instead of a dash read as "nothing due";
- a condition counted in a year without an official holiday schedule says it is estimated
  once, beside its date (its text repeated the app's note)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from approvals.filings import compose
from approvals.filings.common import conditions_table
from approvals.filings.content import Fields, FilingDocument, Table
from approvals.filings.data import Condition, FilingData, Track
from tests.unit.test_filing_content_version import NOW, synthetic_case


def _with_track(data: FilingData, regime: str, **changes: object) -> FilingData:
    tracks = tuple(replace(t, **changes) if t.regime == regime else t for t in data.tracks)
    return replace(data, tracks=tracks)


def _document(data: FilingData, kind: str, final: bool = False) -> FilingDocument:
    document, _missing = compose(data, kind, final=final, now=NOW)
    return document


def _due_cells(document: FilingDocument) -> dict[str, str]:
    table = next(b for b in document.blocks if isinstance(b, Table) and b.headers[0] == "Track")
    return {row[0]: row[3] for row in table.rows}


def _fisr_in_review(due: str) -> FilingData:
    return _with_track(synthetic_case(), "CN-FISR", kind="CN-FISR", state="general_review",
                       due_date=due, clock_phase="general_review", clock_start="2026-10-01", clock_days=30,
                       clock_unit="working", clock_calendar="CN")


def test_the_status_report_marks_a_due_date_past_on_its_date() -> None:
    cells = _due_cells(_document(_fisr_in_review("2026-11-10"), "status-report"))
    assert cells["CN-FISR"] == "2026-11-10\nOVERDUE (as of 2026-11-29 UTC)"  # NOW's day
    assert "OVERDUE" not in cells["US-OISP"]  # due 2027-01-09


@pytest.mark.parametrize("due", ["2026-11-29", "2026-12-15"])
def test_a_due_date_not_yet_past_is_not_overdue(due: str) -> None:
    assert _due_cells(_document(_fisr_in_review(due), "status-report"))["CN-FISR"] == due


def test_a_decided_track_is_not_overdue_and_an_authoritys_filing_never_says_it() -> None:
    decided = _with_track(_fisr_in_review("2026-11-10"), "CN-FISR", state="cleared",
                          completed_on="2026-11-20")
    assert "OVERDUE" not in _due_cells(_document(decided, "status-report"))["CN-FISR"]
    application = _document(_fisr_in_review("2026-11-10"), "cn-application")
    assert "OVERDUE" not in repr(application.canonical())


def _notification_due(document: FilingDocument) -> str:
    rows = [row for block in document.blocks if isinstance(block, Fields) for row in block.rows]
    return next(row.value for row in rows if row.label_en == "Notification due (US-OISP)")


def _not_started(track: Track) -> Track:
    return replace(track, state="draft", outcome="notification_required", due_date=None,
                   clock_phase=None, clock_days=None, clock_start=None)


def test_the_notification_says_its_period_runs_from_the_completion_date() -> None:
    data = synthetic_case()
    data = replace(data, tracks=tuple(_not_started(t) if t.regime == "US-OISP" else t
                                      for t in data.tracks))
    assert _notification_due(_document(data, "us-notification")) == (
        "Not running yet: counted from the completion date once it is recorded "
        "(expected 2027-01-20)")


def test_a_filed_notification_keeps_the_dash_and_a_prohibited_one_says_why() -> None:
    data = synthetic_case()
    for changes, due in (({"outcome": "prohibited"},
                          "Not applicable: the transaction is prohibited (31 CFR 850.224) and "
                          "may not be completed, so no notification period runs"),
                         ({"state": "filed"}, "—")):
        changed = replace(data, tracks=tuple(replace(_not_started(t), **changes)
                                             if t.regime == "US-OISP" else t
                                             for t in data.tracks))
        assert _notification_due(_document(changed, "us-notification")) == due


def test_a_condition_counted_in_an_estimated_year_says_so_once() -> None:
    note = " (due date estimated: no official CN holiday schedule is held for 2027)"
    condition = Condition(1, "Keep the design data in China" + note, "2027-04-14", "open")
    track = replace(synthetic_case().tracks[1], conditions=(condition,))
    table = conditions_table(track, as_of=NOW)
    # As the authority worded it; the estimate is said under the date.
    assert table.rows == (("Keep the design data in China",
                           "2027-04-14\n(estimated: holiday schedule not yet official)", "Open"),)
