"""Amber means one thing across the app: due within 3 working days on the deadline's own
calendar. The case list's Next deadline and the dashboard's rows go by the same limits
(services.deadline_report.due_soon_limits); the dashboard's "Due this week" is a section,
not a colour: its rows due later than that are plain, and a next-week row within the limit
(a Friday's Monday) is amber."""

from __future__ import annotations

from datetime import date

from approvals.services.deadline_report import DueSoon, due_soon_limit, due_soon_limits
from approvals.services.workspace import OpenTrack
from approvals.store.db import Database
from approvals.ui.dashboard import DUE_OVERDUE, DUE_SOON, NO_MARK, prepare_tracks

MONDAY = date(2026, 11, 23)
FRIDAY = date(2026, 11, 27)


def track(n: int, due: str, regime: str = "CN-FISR", stopped: bool = False) -> OpenTrack:
    return OpenTrack(n, f"AP-2026-{n:04d}", f"Target {n}", regime, regime, "general_review",
                     due, False, stopped, "alice")


def marks_by_case(tracks: list[OpenTrack], today: date, soon: DueSoon
                  ) -> tuple[dict[str, int], dict[str, int]]:
    prepared, _groups = prepare_tracks(tracks, [], today, soon)
    rows = {t[1]: m for g in prepared.groups for t, m in zip(g.texts, g.marks, strict=True)}
    return rows, {g.key: g.heading_mark for g in prepared.groups}


def test_the_limits_are_three_working_days_on_each_calendar(db: Database) -> None:
    with db.session() as s:
        soon = due_soon_limits(s, MONDAY)
        assert soon == DueSoon("2026-11-23", due_soon_limit(s, "CN", MONDAY),
                               due_soon_limit(s, "US", MONDAY))
    assert soon.cn == "2026-11-26"  # Thursday
    # Thanksgiving on the 26th is no working day: the third is Friday 27th, and a deadline
    # on the weekend after it has to be met by then too (the 4th is Monday 30th).
    assert soon.us == "2026-11-29"
    assert soon.covers("US-OISP", "2026-11-28") and not soon.covers("US-OISP", "2026-11-30")
    assert soon.covers("CN-FISR", "2026-11-26") and not soon.covers("CN-FISR", "2026-11-27")
    assert not soon.covers("CN-FISR", "2026-11-22")  # overdue: red, not amber
    assert not soon.covers("CN-FISR", None)


def test_this_week_rows_are_amber_only_within_three_working_days() -> None:
    soon = DueSoon("2026-11-23", "2026-11-26", "2026-11-25")
    rows, headings = marks_by_case([
        track(1, "2026-11-26"),  # Thursday: within 3 working days
        track(2, "2026-11-28"),  # Saturday: this week, but not soon
        track(3, "2026-11-26", regime="US-OISP"),  # past the US calendar's limit
        track(4, "2026-11-25", stopped=True),  # a stopped clock runs to no date
        track(5, "2026-11-20"),  # overdue
    ], MONDAY, soon)
    assert rows == {"AP-2026-0001": DUE_SOON, "AP-2026-0002": NO_MARK,
                    "AP-2026-0003": NO_MARK, "AP-2026-0004": NO_MARK,
                    "AP-2026-0005": DUE_OVERDUE}
    # The section's heading is no colour of its own (it was amber for every row in it).
    assert headings["this_week"] == NO_MARK and headings["overdue"] == DUE_OVERDUE


def test_a_fridays_next_working_days_are_amber_in_the_later_section() -> None:
    soon = DueSoon("2026-11-27", "2026-12-02", "2026-12-02")
    rows, _headings = marks_by_case([track(1, "2026-11-30"), track(2, "2026-12-03")],
                                    FRIDAY, soon)
    assert rows == {"AP-2026-0001": DUE_SOON, "AP-2026-0002": NO_MARK}


def test_without_limits_no_row_is_amber() -> None:
    rows, _headings = marks_by_case([track(1, "2026-11-24")], MONDAY, None)  # type: ignore[arg-type]
    assert rows == {"AP-2026-0001": NO_MARK}


def test_a_deadline_on_a_holiday_is_amber_from_the_third_working_day_before_it(
        db: Database) -> None:
    """A US notification due on Christmas (not rolled) must be sent by Thursday 24th: on
    Monday 21st it has three working days left, and was not amber until the Tuesday."""
    with db.session() as s:
        monday, tuesday = (due_soon_limits(s, date(2026, 12, day)) for day in (21, 22))
    assert monday.covers("US-OISP", "2026-12-25") and monday.covers("US-OISP", "2026-12-27")
    assert not monday.covers("US-OISP", "2026-12-28")
    assert tuesday.covers("US-OISP", "2026-12-28")
