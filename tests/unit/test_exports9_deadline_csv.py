"""The deadlines CSV: "Estimated" says something of a due date, so a row without one (a
prohibited deal's track, a track whose clock has not started) leaves it blank rather than
saying "no" of a date that does not exist."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from approvals.filings.deadline_report import CSV_HEADER, TRACK, DeadlineRow

ROW = DeadlineRow(
    section="later", item=TRACK, reference="AP-2026-0002", target="Shenzhen Jixie",
    target_zh="深圳机械视觉机器人有限公司", regime="CN-FISR", kind="CN-FISR", state="General review",
    condition="", due_date="2027-04-14", estimated=True, days_left=12, days_overdue=None,
    unit="working", stopped_since=None, expected_completion=None, owner="li.wei",
    key=(TRACK, 1))


def cells(row: DeadlineRow) -> dict[str, object]:
    return dict(zip(CSV_HEADER, row.csv_row(date(2026, 12, 28), "All open tracks"),
                    strict=True))


def test_estimated_is_said_only_of_a_due_date() -> None:
    assert (cells(ROW)["Due date"], cells(ROW)["Estimated"]) == ("2027-04-14", "yes")
    counted = replace(ROW, estimated=False)
    assert cells(counted)["Estimated"] == "no"
    undated = replace(ROW, section="no_date", due_date=None, estimated=False, days_left=None,
                      unit=None)
    assert (cells(undated)["Due date"], cells(undated)["Estimated"]) == (None, "")
    assert cells(ROW)["Target (ZH)"] == "深圳机械视觉机器人有限公司"
