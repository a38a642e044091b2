"""Clock arithmetic on the hard dates, one row each, the expected due date worked out by
hand from the official schedules (regulatory reference, "Calendars" and "Counting
conventions"): the start day not counted; make-up weekend days (调休) are working days;
a calendar-day period ending on a day off ends, with --roll, on the next working day
(Civil Code arts. 201, 203); a pause STOP:RESUME keeps STOP < d <= RESUME from counting;
US federal holidays falling on a weekend are observed on the Friday before or the Monday
after (5 U.S.C. 6103(b)), the observed day being the day off.

CN 2026 (State Council notice of 2025-11-04): New Year 1-3 Jan, work Sun 4 Jan; Spring
Festival 15-23 Feb, work Sat 14 and Sat 28 Feb; National Day 1-7 Oct, work Sun 20 Sep and
Sat 10 Oct. CN 2027 has no official schedule in the app (the `holidays` package 0.109, the
newest, has none either): it is estimated, its New Year's Day Friday 1 Jan a day off.
"""

from __future__ import annotations

from datetime import date

import pytest

from approvals.domain.calendars import build_calendar
from approvals.domain.clocks import Pause, compute_deadline

CALENDARS = {"CN": build_calendar("CN"), "US": build_calendar("US")}
D = date.fromisoformat


# (calendar, start, days, unit, roll, pause, due, unrolled due, paused days, estimated years)
CASES = [
    # Spring Festival 2026: Fri 13 Feb; Sat 14 (make-up) is day 1; 15-23 off; 24-27 are
    # days 2-5; make-up Sat 28 is day 6; Mon 2 Mar day 7.
    ("CN", "2026-02-13", 5, "working", False, None, "2026-02-27", None, 0, ()),
    ("CN", "2026-02-13", 6, "working", False, None, "2026-02-28", None, 0, ()),
    ("CN", "2026-02-13", 7, "working", False, None, "2026-03-02", None, 0, ()),
    # A start that is itself a holiday (Tue 17 Feb): day 1 is the first working day after.
    ("CN", "2026-02-17", 1, "working", False, None, "2026-02-24", None, 0, ()),
    # National Day: from Wed 30 Sep, 1-7 Oct off; Thu 8 day 1, Fri 9 day 2, make-up Sat 10
    # day 3. From Fri 18 Sep: Sat 19 off, make-up Sun 20 day 1, Mon 21 day 2.
    ("CN", "2026-09-30", 1, "working", False, None, "2026-10-08", None, 0, ()),
    ("CN", "2026-09-30", 3, "working", False, None, "2026-10-10", None, 0, ()),
    ("CN", "2026-09-18", 2, "working", False, None, "2026-09-21", None, 0, ()),
    # A pause spanning the Spring Festival: 3-6 and 9-12 Feb are days 1-8 (the stop day
    # counts); 13 Feb, make-up 14 Feb, 24 and 25 Feb are working days not counted; 26 and
    # 27 Feb are days 9 and 10.
    ("CN", "2026-02-02", 10, "working", False, ("2026-02-12", "2026-02-25"), "2026-02-27",
     None, 4, ()),
    # 30 calendar days landing on a holiday: 16 Feb (New Year's Eve) rolls past the whole
    # festival to Tue 24 Feb; without --roll it stays.
    ("CN", "2026-01-17", 30, "calendar", True, None, "2026-02-24", "2026-02-16", 0, ()),
    ("CN", "2026-01-17", 30, "calendar", False, None, "2026-02-16", None, 0, ()),
    # 1 Jan 2026 (Thu, holiday), 2 Jan off, Sat 3 Jan off: the next working day is the
    # make-up Sunday 4 Jan.
    ("CN", "2025-12-02", 30, "calendar", True, None, "2026-01-04", "2026-01-01", 0, ()),
    # Into the estimated 2027: from Mon 28 Dec, 29-31 Dec are days 1-3, Fri 1 Jan 2027 off
    # (estimated), Mon 4 and Tue 5 Jan days 4 and 5.
    ("CN", "2026-12-28", 5, "working", False, None, "2027-01-05", None, 0, (2027,)),
    ("CN", "2026-12-02", 30, "calendar", True, None, "2027-01-04", "2027-01-01", 0, (2027,)),
    # Ending on 31 Dec 2026: no day in 2027 is counted, so nothing is estimated.
    ("CN", "2026-12-01", 30, "calendar", True, None, "2026-12-31", None, 0, ()),
    # US: Christmas 2027 (Sat) observed Fri 24 Dec, New Year 2028 (Sat) observed Fri 31 Dec
    # 2027: from Mon 20 Dec, 21-23 days 1-3, 27-30 days 4-7, 3-5 Jan 2028 days 8-10.
    ("US", "2027-12-20", 10, "working", False, None, "2028-01-05", None, 0, ()),
    # Juneteenth 2027 (Sat) observed Fri 18 Jun: from Thu 17 Jun, day 1 is Mon 21 Jun.
    ("US", "2027-06-17", 1, "working", False, None, "2027-06-21", None, 0, ()),
    # Independence Day 2027 (Sun) observed Mon 5 Jul: 30 days after 4 Jun is Sun 4 Jul,
    # rolled past the observed Monday to Tue 6 Jul.
    ("US", "2027-06-04", 30, "calendar", True, None, "2027-07-06", "2027-07-04", 0, ()),
    # Thanksgiving 2026 (Thu 26 Nov): rolled to Fri 27 Nov, a working day federally.
    ("US", "2026-10-27", 30, "calendar", True, None, "2026-11-27", "2026-11-26", 0, ()),
    # A start on an observed day (Fri 3 Jul 2026, Independence Day observed): Mon 6 Jul.
    ("US", "2026-07-03", 1, "working", False, None, "2026-07-06", None, 0, ()),
    # A pause spanning Thanksgiving: 23, 24 Nov days 1-2; 25, 27, 30 Nov not counted
    # (26 Nov is no working day anyway); 1-3 Dec days 3-5.
    ("US", "2026-11-20", 5, "working", False, ("2026-11-24", "2026-11-30"), "2026-12-03",
     None, 3, ()),
    # The last official US year is 2030: Christmas off, 31 Dec 2030 day 5; day 6 is Thu
    # 2 Jan 2031 (New Year's Day off), in the estimated 2031.
    ("US", "2030-12-23", 5, "working", False, None, "2030-12-31", None, 0, ()),
    ("US", "2030-12-23", 6, "working", False, None, "2031-01-02", None, 0, (2031,)),
]


@pytest.mark.parametrize(
    ("code", "start", "days", "unit", "roll", "pause", "due", "unrolled", "paused", "estimated"),
    CASES, ids=[f"{c[0]}-{c[1]}+{c[2]}{c[3][0]}{'-roll' if c[4] else ''}" for c in CASES])
def test_hard_dates(code: str, start: str, days: int, unit: str, roll: bool,
                    pause: tuple[str, str] | None, due: str, unrolled: str | None, paused: int,
                    estimated: tuple[int, ...]) -> None:
    pauses = [Pause(D(pause[0]), D(pause[1]))] if pause else []
    deadline = compute_deadline(CALENDARS[code], D(start), days, unit, roll=roll, pauses=pauses)
    assert deadline.due == D(due)
    assert deadline.unrolled_due == (D(unrolled) if unrolled else None)
    assert deadline.paused_days == paused
    assert deadline.estimated is bool(estimated)
    # Each estimated year is named in a warning (what `approvals deadline` prints).
    assert [w.split(":")[0] for w in deadline.warnings] == [str(y) for y in estimated]
