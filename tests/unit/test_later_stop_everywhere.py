"""A clock stop recorded for a later day (the authority's letter names the day the clock
stops): until then the clock runs. The Tracks tab said "clock stops on …"; the deadlines
dashboard, the deadlines report and the status report said it had already stopped."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from approvals.filings.deadline_report import DeadlineRow, _days
from approvals.services.deadline_report import deadline_report
from approvals.services.workspace import open_tracks
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, FilingTrack
from approvals.ui.dashboard import stopped_words
from tests.pdf_support import pdf_words, status_report_pdf
from tests.workflow_support import take_step

OFFICER = Actor("officer", ("preparer", "reviewer", "approver", "admin"))


def _general_review(demo: Database) -> tuple[int, int]:
    """AP-2026-0002's CN-FISR track, in general review in the demo."""
    with demo.read_session() as s:
        case = s.exec(select(Case).where(Case.reference == "AP-2026-0002")).one()
        track = s.exec(select(FilingTrack).where(FilingTrack.case_id == case.id,
                                                 FilingTrack.regime == "CN-FISR")).one()
        assert track.state == "general_review" and track.due_date
        assert case.id is not None and track.id is not None
        return case.id, track.id


def _stop(demo: Database, track_id: int, on: date, today: date) -> None:
    take_step(demo, track_id, "request_materials", OFFICER, on=on.isoformat(), today=today,
              reason="the authority's letter: the clock stops on that day")


def _row(demo: Database, today: date) -> DeadlineRow:
    with demo.read_session() as s:
        report = deadline_report(s, actor=OFFICER, today=today)
    (row,) = [r for r in report.rows if r.reference == "AP-2026-0002" and r.regime == "CN-FISR"
              and not r.condition]
    return row


def test_a_stop_on_a_later_day_is_said_as_to_come(demo: Database) -> None:
    case_id, track_id = _general_review(demo)
    today = date.today()
    stop = today + timedelta(days=10)
    _stop(demo, track_id, stop, today)

    with demo.read_session() as s:
        (track,) = [t for t in open_tracks(s) if t.track_id == track_id]
    words = stopped_words(track, today)
    assert words.startswith(f"Clock stops on {stop.day} {stop.strftime('%b %Y')}, in 10 days")
    assert "stopped" not in words

    row = _row(demo, today)
    assert row.stops_ahead and row.stopped_since == stop.isoformat()
    cell = _days(row)
    assert cell.startswith("stops on ") and "stopped since" not in cell
    assert "将自" in cell and "left when it resumes" in cell

    text = pdf_words(status_report_pdf(demo, case_id, OFFICER))
    assert f"stops on {stop.isoformat()}" in text
    assert f"stopped since {stop.isoformat()}" not in text

    # On the day itself it has stopped, and every place says so.
    row = _row(demo, stop)
    assert not row.stops_ahead and _days(row).startswith("stopped since ")
    assert stopped_words(track, stop).startswith(
        f"Clock stopped on {stop.day} {stop.strftime('%b %Y')}, today")


def test_the_days_left_of_a_later_stop_are_those_left_when_it_stops(demo: Database) -> None:
    """Not today's remainder: the days run on until the stop."""
    _case_id, track_id = _general_review(demo)
    today = date.today()
    _stop(demo, track_id, today + timedelta(days=14), today)
    near, far = _row(demo, today), _row(demo, today + timedelta(days=7))
    assert near.days_left == far.days_left
