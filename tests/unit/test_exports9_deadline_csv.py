"""The deadlines CSV: "Estimated" says something of a due date, so a row without one (a
prohibited deal's track, a track whose clock has not started) leaves it blank rather than
saying "no" of a date that does not exist. An empty export hands its one line to the
message that reports it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from approvals.filings.deadline_report import ALL_OPEN, CSV_HEADER, TRACK, DeadlineRow
from approvals.services.deadline_report import export_deadlines_csv
from approvals.store.audit import Actor
from approvals.store.db import Database

ROW = DeadlineRow(
    section="later", item=TRACK, reference="AP-2026-0002", target="Shenzhen Jixie",
    target_zh="深圳机械视觉机器人有限公司", regime="CN-FISR", kind="CN-FISR", state="General review",
    condition="", due_date="2027-04-14", estimated=True, days_left=12, days_overdue=None,
    unit="working", stopped_since=None, expected_completion=None, owner="li.wei",
    key=(TRACK, 1))


def cells(row: DeadlineRow) -> dict[str, object]:
    return dict(zip(CSV_HEADER, row.csv_row(date(2026, 12, 28), ALL_OPEN),
                    strict=True))


def test_estimated_is_said_only_of_a_due_date() -> None:
    assert (cells(ROW)["Due date"], cells(ROW)["Estimated"]) == ("2027-04-14", "yes")
    counted = replace(ROW, estimated=False)
    assert cells(counted)["Estimated"] == "no"
    undated = replace(ROW, section="no_date", due_date=None, estimated=False, days_left=None,
                      unit=None)
    assert (cells(undated)["Due date"], cells(undated)["Estimated"]) == (None, "")
    assert cells(ROW)["Target (ZH)"] == "深圳机械视觉机器人有限公司"


def test_an_empty_deadlines_csv_gives_its_line_to_the_message(db: Database, admin: Actor,
                                                              tmp_path: Path) -> None:
    """The app's message then says the file's words, not "Exported 0 rows" (ui.exports)."""
    with db.session() as s:
        result = export_deadlines_csv(s, actor=admin, out=tmp_path / "d.csv",
                                      today=date(2026, 12, 28))
    assert (result.rows, result.note) == (0, "No open deadlines are listed.")


def test_a_cancel_leaves_no_file_and_records_nothing(db: Database, admin: Actor,
                                                     tmp_path: Path) -> None:
    """The dashboard's Cancel, and a Quit that said it stops the work, did not stop it: the
    file was written and its export recorded after the sign-out."""
    import pytest
    from sqlmodel import select

    from approvals.services.progress import Cancelled
    from approvals.store.models import Event

    for stop_at in (0.5, 0.95, 0.99):
        def progress(fraction: float, _message: str, stop_at: float = stop_at) -> None:
            if fraction >= stop_at:
                raise Cancelled("cancelled")

        out = tmp_path / "out" / f"d{stop_at}.csv"
        out.parent.mkdir(exist_ok=True)
        with pytest.raises(Cancelled), db.session() as s:
            export_deadlines_csv(s, actor=admin, out=out, today=date(2026, 12, 28),
                                 progress=progress)
        assert not out.exists() and list(out.parent.iterdir()) == []
    with db.read_session() as s:
        assert s.exec(select(Event).where(Event.action == "deadlines.exported")).first() is None
