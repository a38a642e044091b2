"""Holiday-calendar edits in the audit trail read as sentences, not stored JSON: a day
corrected, a correction removed, a year's schedule entered (replacing earlier entries)."""

from __future__ import annotations

from approvals.domain.event_text import EventFacts, event_sentence


def test_a_corrected_day_says_what_it_was_and_is() -> None:
    event = EventFacts("calendar.day_corrected", "CN-2026", "2026-12-31",
                       {"working": True, "name": ""},
                       {"working": False, "name": "Year-end closure"}, {"source": "Notice 12"})
    assert event_sentence(event) == ("CN calendar: 31 Dec 2026 corrected: working day → "
                                     "holiday (Year-end closure); source: Notice 12")


def test_a_removed_correction_says_so() -> None:
    event = EventFacts("calendar.day_corrected", "CN-2026", "2026-12-31",
                       {"working": False, "name": "Year-end closure"},
                       {"working": True, "name": ""}, {"correction_removed": True})
    assert event_sentence(event) == ("CN calendar: correction of 31 Dec 2026 removed: "
                                     "holiday (Year-end closure) → working day")


def test_an_entered_year_counts_its_days_and_what_it_replaces() -> None:
    event = EventFacts("calendar.year_set", "CN-2027", None,
                       {"source": "estimate", "official": False,
                        "days": [["2027-03-01", "holiday", "closure"]]},
                       {"source": "State Council notice", "official": True,
                        "days": [["2027-01-01", "holiday", "New Year"],
                                 ["2027-02-06", "holiday", "Spring Festival"],
                                 ["2027-02-14", "workday", "Spring Festival"]]})
    assert event_sentence(event) == (
        "CN calendar: 2027 schedule entered (official): 2 holidays and 1 make-up working day; "
        "source: State Council notice; replaces 1 day entered before")
    first = EventFacts("calendar.year_set", "US-2031", None, None,
                       {"source": "OPM", "official": True,
                        "days": [["2031-07-04", "holiday", "Independence Day"]]})
    assert event_sentence(first) == ("US calendar: 2031 schedule entered (official): "
                                     "1 holiday; source: OPM")
