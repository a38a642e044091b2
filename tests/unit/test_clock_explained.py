"""The clock line says why a due date is not where counting by hand from the start would
put it: a last day on a holiday (rolled), days a materials request kept out of the count.
Dates checked by hand against resources/calendars/CN.json (2026, official)."""

from __future__ import annotations

from datetime import date

from approvals.domain.calendars import build_calendar
from approvals.domain.clocks import Pause, clock_status, compute_deadline, describe

CN = build_calendar("CN")


def test_a_samr_phase_1_ending_on_national_day_says_it_moved_and_why() -> None:
    # Case opened Tue 1 Sep 2026: day 30 is Thu 1 Oct (National Day, 1-7 Oct); Thu 8 Oct
    # is the next working day.
    d = compute_deadline(CN, date(2026, 9, 1), 30, "calendar", roll=True)
    assert (d.due, d.unrolled_due, d.unrolled_why) == (date(2026, 10, 8), date(2026, 10, 1),
                                                       "National Day")
    text = describe(clock_status(CN, date(2026, 9, 1), 30, "calendar", date(2026, 9, 20),
                                 roll=True))
    assert text == ("day 19 of 30 calendar days, due 8 Oct 2026; day 30 is 1 Oct 2026, not a "
                    "working day (National Day), so the period ends on the next working day")


def test_a_period_ending_on_a_working_day_says_nothing_of_a_roll() -> None:
    # From Mon 14 Sep 2026: day 30 is Wed 14 Oct, a working day.
    plain = describe(clock_status(CN, date(2026, 9, 14), 30, "calendar", date(2026, 9, 20),
                                  roll=True))
    assert plain == "day 6 of 30 calendar days, due 14 Oct 2026"


def test_a_materials_stop_over_national_day_says_the_days_it_kept_out() -> None:
    # Special review from Thu 10 Sep 2026, materials requested Mon 28 Sep (day 12),
    # supplied Mon 12 Oct: Sep 29, 30, Oct 8, 9, Sat 10 Oct (make-up day) and Oct 12 are
    # not counted. Day 60 is Thu 17 Dec 2026 instead of Wed 9 Dec.
    pause = [Pause(date(2026, 9, 28), date(2026, 10, 12))]
    assert compute_deadline(CN, date(2026, 9, 10), 60, "working").due == date(2026, 12, 9)
    status = clock_status(CN, date(2026, 9, 10), 60, "working", date(2026, 11, 29),
                          pauses=pause)
    assert describe(status) == ("day 46 of 60 working days, due 17 Dec 2026; 6 working days "
                                "not counted while the clock was stopped")
    # While it is stopped, the line says that, not the days of a stop not yet over.
    stopped = clock_status(CN, date(2026, 9, 10), 60, "working", date(2026, 10, 9),
                           pauses=[Pause(date(2026, 9, 28))])
    assert describe(stopped) == ("clock stopped on day 12 of 60 working days (since 28 Sep 2026), "
                                 "48 remaining")


def test_the_audit_sentence_of_an_extension_says_how_long_it_is() -> None:
    from approvals.domain.event_text import EventFacts, event_sentence

    event = EventFacts(action="track.transition", field="state", old="phase_2_review",
                       new="phase_2_review",
                       details={"from": "phase_2_review", "to": "phase_2_review",
                                "transition": "extend_review", "on": "2026-11-20",
                                "extension_days": 60, "days": 150,
                                "due_date": ["2027-01-06", "2027-03-08"]})
    assert event_sentence(event, regime="CN-SAMR") == (
        "CN-SAMR: Extend review (stays Phase 2 review); extended by 60 days; on 20 Nov 2026; "
        "due date 6 Jan 2027 → 8 Mar 2027")
