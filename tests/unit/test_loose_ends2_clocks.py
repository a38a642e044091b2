"""The day a calendar-day period was rolled from is counted once, in domain.clocks: the
filings' clock statement ("day 150 (2027-03-07) is not a working day") names the same day
that compute_deadline rolled the track's due date from, whatever the stops."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from approvals.domain.calendars import build_calendar
from approvals.domain.clocks import Pause, compute_deadline, unrolled_due
from approvals.filings import common as k
from approvals.filings.data import Track

CN = build_calendar("CN")
D = date.fromisoformat


def _track(start: date, days: int, due: date | None, pauses: tuple[Pause, ...]) -> Track:
    fields: dict[str, Any] = dict(
        id=1, regime="CN-SAMR", kind="CN-SAMR", outcome="approval_required",
        state="phase_1_review", state_label="Phase 1 review", state_label_zh="初步审查",
        clock_phase="phase_1_review", clock_calendar="CN", clock_unit="calendar",
        clock_days=days, clock_start=start.isoformat(),
        clock_pauses=tuple((p.stop.isoformat(), p.resume.isoformat() if p.resume else None)
                           for p in pauses),
        clock_stopped_on=None, due_date=due.isoformat() if due else None,
        due_estimated=False, completed_on=None)
    return Track(**fields)


def test_the_unrolled_day_of_a_calendar_period() -> None:
    # 30 calendar days from Tue 1 Sep 2026 end on 1 Oct (National Day): due Thu 8 Oct.
    assert unrolled_due(D("2026-09-01"), 30, D("2026-10-08")) == D("2026-10-01")
    # A due date on the Nth day itself was not rolled.
    assert unrolled_due(D("2026-09-01"), 30, D("2026-10-01")) is None
    # A stop of three days (10 Sep to 13 Sep) pushes the Nth day on by three.
    stop = (Pause(D("2026-09-10"), D("2026-09-13")),)
    assert unrolled_due(D("2026-09-01"), 30, D("2026-10-08"), stop) == D("2026-10-04")
    # No due date, or a clock stopped before the Nth day: nothing was rolled.
    assert unrolled_due(D("2026-09-01"), 30, None) is None
    assert unrolled_due(D("2026-09-01"), 30, D("2026-10-08"),
                        (Pause(D("2026-09-10")),)) is None
    # A period that would end after 9999-12-31 has no such day (and no crash).
    assert unrolled_due(date.max - timedelta(days=3), 30, date.max) is None


# Stops the old filings copy got wrong: it added every stop's length, so a stop before the
# start, after the period ended, or overlapping another moved its "last day" as well.
_PAUSE_SETS: tuple[tuple[Pause, ...], ...] = (
    (),
    (Pause(D("2026-09-10"), D("2026-09-13")),),
    (Pause(D("2026-08-20"), D("2026-09-03")),),  # begun before the start
    (Pause(D("2026-09-05"), D("2026-09-15")), Pause(D("2026-09-10"), D("2026-09-20"))),
    (Pause(D("2027-06-01"), D("2027-06-20")),),  # after any of these periods ends
    (Pause(D("2026-09-20"), D("2026-09-20")),),  # answered the same day: no days
)


@pytest.mark.parametrize("pauses", _PAUSE_SETS)
@pytest.mark.parametrize("days", [7, 30, 90, 150])
def test_the_filing_names_the_day_compute_deadline_rolled_from(
        days: int, pauses: tuple[Pause, ...]) -> None:
    said = 0
    for offset in range(0, 120, 3):  # starts across National Day and the Spring Festival
        start = D("2026-08-15") + timedelta(days=offset)
        deadline = compute_deadline(CN, start, days, "calendar", roll=True, pauses=pauses)
        track = _track(start, days, deadline.due, pauses)
        expected = deadline.unrolled_due.isoformat() if deadline.unrolled_due else None
        assert k.rolled_from(track) == expected, (start, days, pauses)
        said += expected is not None
    assert said, "no start in the sweep was rolled: the sweep tests nothing"


def test_a_working_day_period_or_a_track_without_a_clock_says_no_roll() -> None:
    track = _track(D("2026-09-01"), 30, D("2026-10-08"), ())
    assert k.rolled_from(track) == "2026-10-01"
    for changed in ({"clock_unit": "working"}, {"clock_days": None}, {"clock_start": None},
                    {"due_date": None}, {"clock_start": "not a date"}):
        assert k.rolled_from(Track(**{**track.__dict__, **changed})) is None, changed
