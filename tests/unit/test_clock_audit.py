"""Independent audit of the clocks, calendars and workflow tables against
docs/regulatory-reference.md, spec/cli.md (`deadline`) and the workflow issue.

The expected dates are worked out by hand from the State Council holiday notices and
5 U.S.C. 6103, not taken from the `holidays` package or the app's own data.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from approvals.domain import workflow as wf
from approvals.domain.calendars import build_calendar, shipped_calendar_data
from approvals.domain.clocks import Pause, clock_status, compute_deadline, working_days_before
from approvals.domain.errors import InputError
from approvals.domain.rulebook import default_rulebook
from tests.unit.test_workflow import PREP, make_track, set_state, step

D = date.fromisoformat


def _days(first: str, last: str) -> set[date]:
    start, end = D(first), D(last)
    return {start + timedelta(days=i) for i in range((end - start).days + 1)}


# State Council General Office notices: (holiday periods, make-up working days).
CN_SCHEDULES: dict[int, tuple[list[tuple[str, str]], list[str]]] = {
    2024: (  # 国办发明电〔2023〕7号
        [("2024-01-01", "2024-01-01"), ("2024-02-10", "2024-02-17"), ("2024-04-04", "2024-04-06"),
         ("2024-05-01", "2024-05-05"), ("2024-06-10", "2024-06-10"), ("2024-09-15", "2024-09-17"),
         ("2024-10-01", "2024-10-07")],
        ["2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14",
         "2024-09-29", "2024-10-12"],
    ),
    2025: (  # 国办发明电〔2024〕12号
        [("2025-01-01", "2025-01-01"), ("2025-01-28", "2025-02-04"), ("2025-04-04", "2025-04-06"),
         ("2025-05-01", "2025-05-05"), ("2025-05-31", "2025-06-02"), ("2025-10-01", "2025-10-08")],
        ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
    ),
    2026: (  # the notice of 2025-11-04, as the regulatory reference lists it
        [("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
         ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
         ("2026-10-01", "2026-10-07")],
        ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
    ),
}


@pytest.mark.parametrize("year", sorted(CN_SCHEDULES))
def test_cn_schedule_matches_the_state_council_notice_day_by_day(year: int) -> None:
    periods, makeup = CN_SCHEDULES[year]
    off = set().union(*(_days(a, b) for a, b in periods))
    work = {D(d) for d in makeup}
    calendar = build_calendar("CN")
    assert calendar.is_official_year(year)
    wrong = [
        day for day in _days(f"{year}-01-01", f"{year}-12-31")
        if calendar.is_working_day(day) != (day in work or (day.weekday() < 5 and day not in off))
    ]
    assert wrong == []


# Federal holidays (5 U.S.C. 6103(a)) on their observed days (6103(b): Saturday -> Friday,
# Sunday -> Monday; 1 Jan 2028 is a Saturday, so it is observed on Friday 31 Dec 2027).
US_HOLIDAYS: dict[int, list[str]] = {
    2024: ["01-01", "01-15", "02-19", "05-27", "06-19", "07-04", "09-02", "10-14", "11-11", "11-28", "12-25"],
    2025: ["01-01", "01-20", "02-17", "05-26", "06-19", "07-04", "09-01", "10-13", "11-11", "11-27", "12-25"],
    2026: ["01-01", "01-19", "02-16", "05-25", "06-19", "07-03", "09-07", "10-12", "11-11", "11-26", "12-25"],
    2027: ["01-01", "01-18", "02-15", "05-31", "06-18", "07-05", "09-06", "10-11", "11-11", "11-25", "12-24",
           "12-31"],
}


@pytest.mark.parametrize("year", sorted(US_HOLIDAYS))
def test_us_business_days_are_weekdays_without_observed_federal_holidays(year: int) -> None:
    off = {D(f"{year}-{md}") for md in US_HOLIDAYS[year]}
    calendar = build_calendar("US")
    assert calendar.is_official_year(year)
    wrong = [day for day in _days(f"{year}-01-01", f"{year}-12-31")
             if calendar.is_working_day(day) != (day.weekday() < 5 and day not in off)]
    assert wrong == []


def calendar_upto(code: str, last_year: int | None = None):
    """The shipped calendar, or (for rows about an estimated year) the shipped data up to
    `last_year` only, so that the row stays true once the next schedule is shipped."""
    if last_year is None:
        return build_calendar(code)
    data = shipped_calendar_data(code)
    years = {y: v for y, v in data["years"].items() if int(y) <= last_year}
    return build_calendar(code, data={**data, "years": years})


@pytest.mark.parametrize(("code", "official"), [("CN", range(2016, 2027)), ("US", range(2020, 2031))])
def test_which_years_are_held_and_which_are_estimated(code, official) -> None:
    calendar = build_calendar(code)
    assert [y for y in official if not calendar.is_official_year(y)] == []
    held = [int(y) for y in shipped_calendar_data(code)["years"]]
    # The years either side of the shipped data are estimated, and a deadline says so.
    for year in (min(held) - 1, max(held) + 1):
        assert not calendar.is_official_year(year)
        result = compute_deadline(calendar, date(year, 6, 1), 10, "working")
        assert result.estimated and any(str(year) in w for w in result.warnings)


# (calendar, from, days, unit, roll, pauses, due, counted, paused, estimated year or None)
DEADLINES = [
    # The cli.md example: the start day is not counted; the October holidays and the
    # make-up Saturday 10 Oct.
    ("CN", "2026-09-24", 15, "working", False, [], "2026-10-22", 15, 0, None),
    # A make-up Saturday is a working day: day 1, and a due date.
    ("CN", "2026-02-13", 1, "working", False, [], "2026-02-14", 1, 0, None),
    ("CN", "2026-01-05", 30, "working", False, [], "2026-02-14", 30, 0, None),
    # Starting on a make-up day or on a holiday: day 1 is the next working day.
    ("CN", "2026-02-14", 1, "working", False, [], "2026-02-24", 1, 0, None),
    ("CN", "2026-10-01", 1, "working", False, [], "2026-10-08", 1, 0, None),
    ("CN", "2026-02-13", 15, "working", False, [], "2026-03-12", 15, 0, None),
    # Data export assessment: 45 working days.
    ("CN", "2026-09-24", 45, "working", False, [], "2026-12-03", 45, 0, None),
    # Calendar days; --roll moves a due date on a holiday or weekend to the next working day.
    ("CN", "2026-09-01", 30, "calendar", False, [], "2026-10-01", 30, 0, None),
    ("CN", "2026-09-01", 30, "calendar", True, [], "2026-10-08", 30, 0, None),
    ("CN", "2026-04-30", 30, "calendar", True, [], "2026-06-01", 30, 0, None),  # SAMR phase 1, Sat 30 May
    ("CN", "2026-09-04", 30, "calendar", True, [], "2026-10-08", 30, 0, None),  # ends in National Day
    ("CN", "2026-09-10", 10, "calendar", True, [], "2026-09-20", 10, 0, None),  # make-up Sunday: stays
    ("CN", "2026-10-01", 1, "calendar", True, [], "2026-10-08", 1, 0, None),
    ("CN", "2026-07-01", 90, "calendar", True, [], "2026-09-29", 90, 0, None),  # SAMR phase 2
    # US: 30 calendar days after completion, no roll (850.401 states none); with --roll
    # Saturday 4 July moves past the Sunday to Monday 6 July.
    ("US", "2026-06-04", 30, "calendar", False, [], "2026-07-04", 30, 0, None),
    ("US", "2026-06-04", 30, "calendar", True, [], "2026-07-06", 30, 0, None),
    ("US", "2026-12-15", 30, "calendar", False, [], "2027-01-14", 30, 0, None),
    ("US", "2029-12-15", 30, "calendar", False, [], "2030-01-14", 30, 0, 2030),
    # Pauses: days d with STOP < d <= RESUME are not counted (the stop day is).
    ("CN", "2026-09-24", 15, "working", False, [("2026-09-28", "2026-10-09")], "2026-10-28", 15, 4, None),
    # Overlapping pauses count each stopped day once.
    ("CN", "2026-03-02", 10, "working", False, [("2026-03-03", "2026-03-06"), ("2026-03-05", "2026-03-10")],
     "2026-03-23", 10, 5, None),
    # A pause over the holidays stops no working day.
    ("CN", "2026-09-24", 15, "working", False, [("2026-10-01", "2026-10-07")], "2026-10-22", 15, 0, None),
    # ... but it does stop calendar days.
    ("CN", "2026-09-24", 30, "calendar", False, [("2026-10-01", "2026-10-07")], "2026-10-30", 30, 6, None),
    # Resumed the day it stopped: nothing is paused.
    ("CN", "2026-09-24", 15, "working", False, [("2026-09-29", "2026-09-29")], "2026-10-22", 15, 0, None),
    # Running into a year without an official schedule: estimated, and the year is named.
    ("CN", "2026-12-01", 20, "working", False, [], "2026-12-29", 20, 0, None),
    ("CN", "2026-12-01", 45, "working", False, [], None, 45, 0, 2027),
    ("CN", "2026-12-20", 10, "calendar", True, [], "2026-12-30", 10, 0, None),
]


@pytest.mark.parametrize(("code", "start", "days", "unit", "roll", "pauses", "due", "counted", "paused", "year"),
                         DEADLINES)
def test_deadlines_worked_out_by_hand(code, start, days, unit, roll, pauses, due, counted, paused, year) -> None:
    # A row about an estimated year holds the shipped data up to the year before it.
    result = compute_deadline(calendar_upto(code, year - 1 if year else None), D(start), days, unit, roll=roll,
                              pauses=[Pause(D(a), D(b)) for a, b in pauses])
    if due is not None:  # an estimated due date depends on the estimate, so is not pinned
        assert result.due == D(due)
    assert (result.counted_days, result.paused_days) == (counted, paused)
    assert result.estimated is (year is not None)
    if year is not None:
        assert result.warnings and all(str(year) in w for w in result.warnings)
    else:
        assert result.warnings == []


def test_a_stopped_clock_has_no_due_date_and_keeps_its_remaining_days() -> None:
    cn = build_calendar("CN")
    # General review of 30 working days from Mon 5 Oct 2026 (a holiday: day 1 is Thu 8 Oct);
    # materials requested on Fri 16 Oct, still outstanding on 2 Nov.
    status = clock_status(cn, D("2026-10-05"), 30, "working", D("2026-11-02"),
                          pauses=[Pause(D("2026-10-16"))])
    assert status.stopped and status.deadline.due is None and not status.overdue
    # 8, 9, 10 (make-up Sat), 12-16 Oct: 8 working days, 22 remaining.
    assert (status.elapsed, status.remaining) == (8, 22)
    # Resumed on Mon 2 Nov: the 22 remaining run from Tue 3 Nov.
    resumed = clock_status(cn, D("2026-10-05"), 30, "working", D("2026-11-02"),
                           pauses=[Pause(D("2026-10-16"), D("2026-11-02"))])
    assert (resumed.elapsed, resumed.remaining, resumed.stopped) == (8, 22, False)
    assert resumed.deadline.due == D("2026-12-02")


def test_the_renewal_window_counts_working_days_back_from_expiry() -> None:
    cn = build_calendar("CN")
    # Expiry Thu 8 Oct 2026: the last working day before it is Wed 30 Sep (1-7 Oct are
    # holidays); counting back skips the Mid-Autumn Friday 25 Sep and the weekend, and
    # counts the make-up Sunday 20 Sep.
    assert working_days_before(cn, D("2026-10-08"), 1) == D("2026-09-30")
    assert working_days_before(cn, D("2026-10-08"), 3) == D("2026-09-28")
    assert working_days_before(cn, D("2026-10-08"), 4) == D("2026-09-24")
    assert working_days_before(cn, D("2026-10-08"), 7) == D("2026-09-21")
    assert working_days_before(cn, D("2026-10-08"), 8) == D("2026-09-20")


@pytest.mark.parametrize("pause", ["2026-10-09:2026-10-01", "2026-10-01", "2026-10-01:2026-10-02:2026-10-03",
                                   "2026-10-01:tomorrow"])
def test_bad_pauses_are_refused_naming_the_option(pause: str) -> None:
    from approvals.domain.clocks import parse_pause

    with pytest.raises(InputError) as err:
        parse_pause(pause)
    assert [p.path for p in err.value.problems] == ["--pause"]


# -- clock data: the reference's periods (kind, phase) -> days, unit, calendar, roll, extension
CLOCKS = [
    ("CN-FISR", "preliminary_review", 15, "working", "CN", False, None, False),
    ("CN-FISR", "general_review", 30, "working", "CN", False, None, False),
    ("CN-FISR", "special_review", 60, "working", "CN", False, None, False),  # extension set by notice
    ("CN-SAMR", "phase_1_review", 30, "calendar", "CN", True, None, True),
    ("CN-SAMR", "phase_2_review", 90, "calendar", "CN", True, 60, True),
    ("CN-DATA-EXPORT", "assessment", 45, "working", "CN", False, None, True),
    ("CN-TECH-EXPORT", "application_review", 30, "working", "CN", False, None, True),
    ("CN-US-CAPITAL", "review", None, "working", "CN", False, None, False),
    ("US-OISP", "notification", 30, "calendar", "US", False, None, False),
    ("US-OISP", "notification_after_knowledge", 30, "calendar", "US", False, None, True),
]


@pytest.mark.parametrize(("kind", "phase", "days", "unit", "calendar", "roll", "extension", "verified"), CLOCKS)
def test_clock_data_matches_the_reference(kind, phase, days, unit, calendar, roll, extension, verified) -> None:
    spec = wf.clock_spec(kind, phase, D("2026-11-29"))
    assert (spec.days, spec.unit, spec.calendar, spec.roll, spec.extension_days, spec.verified) == (
        days, unit, calendar, roll, extension, verified)
    assert spec.citation


def test_screening_numbers_agree_with_the_clocks() -> None:
    book = default_rulebook()
    notification = book.rule("US-OISP.notification.2025")
    assert notification["due_calendar_days_after_completion"] == wf.clock_spec(
        "US-OISP", "notification", D("2026-11-29")).days
    assert book.rule("CN-TECH-EXPORT.catalogue.2025")["licence_decision_working_days"] == wf.clock_spec(
        "CN-TECH-EXPORT", "application_review", D("2026-11-29")).days


def test_data_export_renewal_follow_up() -> None:
    [renewal] = wf.follow_ups_for("CN-DATA-EXPORT", "clear", D("2026-11-29"))
    assert (renewal.valid_years, renewal.working_days_before_expiry, renewal.calendar) == (3, 60, "CN")
    assert wf.follow_ups_for("CN-DATA-EXPORT", "clear_with_conditions", D("2026-11-29"))


# -- workflow tables: every step of the issue text ------------------------------------------
# (kind, from, step, to); "@return" = back to the review phase the clock stopped in.
ISSUE_STEPS = [
    *[(kind, a, t, b) for kind in ("CN-FISR", "CN-DATA-EXPORT", "CN-SAMR", "CN-TECH-EXPORT", "CN-US-CAPITAL",
                                    "US-OISP")
      for a, t, b in (("draft", "submit_for_review", "internal_review"),
                      ("internal_review", "return_to_preparer", "returned"),
                      ("returned", "submit_for_review", "internal_review"),
                      ("internal_review", "approve_for_filing", "approved_for_filing"),
                      ("approved_for_filing", "file", "filed"))],
    ("CN-FISR", "filed", "accept", "accepted"),
    ("CN-FISR", "accepted", "start_preliminary_review", "preliminary_review"),
    ("CN-FISR", "preliminary_review", "clear", "cleared"),
    ("CN-FISR", "preliminary_review", "start_general_review", "general_review"),
    ("CN-FISR", "general_review", "clear", "cleared"),
    ("CN-FISR", "general_review", "clear_with_conditions", "cleared_with_conditions"),
    ("CN-FISR", "general_review", "start_special_review", "special_review"),
    ("CN-FISR", "special_review", "clear", "cleared"),
    ("CN-FISR", "special_review", "clear_with_conditions", "cleared_with_conditions"),
    ("CN-FISR", "special_review", "prohibit", "prohibited"),
    ("CN-FISR", "special_review", "extend_review", "@same"),
    ("CN-SAMR", "filed", "accept", "phase_1_review"),
    ("CN-SAMR", "phase_1_review", "clear", "cleared"),
    ("CN-SAMR", "phase_1_review", "start_phase_2", "phase_2_review"),
    ("CN-SAMR", "phase_2_review", "extend_review", "@same"),
    ("CN-SAMR", "phase_2_review", "clear", "cleared"),
    ("CN-SAMR", "phase_2_review", "clear_with_conditions", "cleared_with_conditions"),
    ("CN-SAMR", "phase_2_review", "prohibit", "prohibited"),
    ("CN-DATA-EXPORT", "filed", "accept", "accepted"),
    ("CN-DATA-EXPORT", "accepted", "start_assessment", "assessment"),
    ("CN-DATA-EXPORT", "assessment", "clear", "cleared"),
    ("CN-DATA-EXPORT", "assessment", "clear_with_conditions", "cleared_with_conditions"),
    ("CN-DATA-EXPORT", "assessment", "prohibit", "prohibited"),
    ("CN-TECH-EXPORT", "filed", "accept", "application_review"),
    ("US-OISP", "filed", "acknowledge", "acknowledged"),
    ("US-OISP", "acknowledged", "close", "closed"),
]


@pytest.mark.parametrize(("kind", "source", "name", "target"), ISSUE_STEPS)
def test_every_step_of_the_issue_is_in_the_table(kind, source, name, target) -> None:
    step = wf.get_transition(kind, source, name)
    assert step.target == target


# Review phases of each kind: the clock each starts, and "materials requested" from each.
REVIEW_PHASES = {
    "CN-FISR": ("preliminary_review", "general_review", "special_review"),
    "CN-SAMR": ("phase_1_review", "phase_2_review"),
    "CN-DATA-EXPORT": ("assessment",),
    "CN-TECH-EXPORT": ("application_review",),
    "CN-US-CAPITAL": ("under_review",),
}


@pytest.mark.parametrize("kind", sorted(REVIEW_PHASES))
def test_materials_stop_every_review_phase_and_return_to_it(kind: str) -> None:
    phases = REVIEW_PHASES[kind]
    assert {s.name for s in wf.workflow(kind).states if s.review_phase} == set(phases)
    for phase in phases:
        stop = wf.get_transition(kind, phase, "request_materials")
        assert stop.target == "materials_requested" and stop.clock.op == "stop"
    back = wf.get_transition(kind, "materials_requested", "supply_materials")
    assert back.target == wf.RETURN and back.clock.op == "resume"
    for phase in phases:
        assert back.target_for("materials_requested", phase) == phase
    # From the stopped state the track can also be withdrawn, and nothing else.
    assert {t.name for t in wf.transitions_from(kind, "materials_requested")} == {"supply_materials", "withdraw"}


@pytest.mark.parametrize("kind", wf.TRACK_KINDS)
def test_final_states_are_left_by_nothing_and_every_open_state_can_be_withdrawn(kind: str) -> None:
    w = wf.workflow(kind)
    for state in w.states:
        names = {t.name for t in wf.transitions_from(kind, state.name)}
        if state.final:
            assert names == set(), state.name
        elif state.decided:
            assert names == {"close"}, state.name
        else:
            assert "withdraw" in names, state.name
    # A decision taken in a review phase ends that phase's clock.
    decided = {s.name for s in w.states if s.decided}
    reviews = {s.name for s in w.states if s.review_phase}
    for t in w.transitions:
        if t.target in decided and reviews & set(t.sources):
            assert t.clock is not None and t.clock.op == "end", t.name


@pytest.mark.parametrize("kind", ["CN-FISR", "CN-SAMR", "CN-DATA-EXPORT", "CN-US-CAPITAL"])
def test_conditional_clearance_requires_its_conditions(kind: str) -> None:
    step = next(t for t in wf.workflow(kind).transitions if t.name == "clear_with_conditions")
    assert "conditions" in step.params
    assert any(g.kind == "param" and "conditions" in g.values for g in step.guards)


def test_us_oisp_prohibited_is_guarded_on_completion_approval_and_filing() -> None:
    for name, source in (("record_completion", "draft"), ("approve_for_filing", "internal_review"),
                         ("file", "approved_for_filing")):
        step = wf.get_transition("US-OISP", source, name)
        assert any(g.kind == "not_prohibited" for g in step.guards), name


# -- the clocks as the filing tracks run them (service level) -------------------------------


def test_samr_stop_the_clock_on_calendar_days_returns_with_the_days_remaining(db) -> None:
    tid = make_track(db, "CN-SAMR", docs=("cn-application",))
    set_state(db, tid, "filed")
    # Case opened Thu 27 Aug 2026: day 30 is Sat 26 Sep, rolled to Mon 28 Sep.
    v = step(db, tid, "accept", PREP, on="2026-08-27", today=D("2026-09-01"))
    assert (v.state, v.due) == ("phase_1_review", "2026-09-28")
    v = step(db, tid, "request_materials", PREP, reason="market shares", on="2026-09-10",
             today=D("2026-09-15"))
    assert v.state == "materials_requested" and v.stopped and v.due is None
    assert (v.clock.elapsed, v.clock.remaining) == (14, 16)
    # Supplied on 17 Sep: 11-17 Sep (7 days) do not count; day 30 becomes Sat 3 Oct, in
    # the National Day holidays, so the period ends on Thu 8 Oct.
    v = step(db, tid, "supply_materials", PREP, on="2026-09-17", today=D("2026-09-17"))
    assert (v.state, v.due, v.stopped) == ("phase_1_review", "2026-10-08", False)
    assert (v.clock.elapsed, v.clock.remaining) == (14, 16)
    # Phase 2 of 90 days from 8 Oct ends on 6 Jan 2027: a year without an official schedule.
    v = step(db, tid, "start_phase_2", PREP, on="2026-10-08", today=D("2026-10-08"))
    assert v.due == "2027-01-06"
    if not build_calendar("CN").is_official_year(2027):  # until the 2027 notice is shipped
        assert v.estimated and any("2027" in w for w in v.warnings)


def test_data_export_assessment_runs_from_acceptance_and_renewal_is_a_window(db) -> None:
    tid = make_track(db, "CN-DATA-EXPORT", docs=("cn-application",))
    set_state(db, tid, "filed")
    step(db, tid, "accept", PREP, on="2026-09-24", today=D("2026-09-24"))
    # Recorded a week later without a date: the 45 working days still run from acceptance.
    v = step(db, tid, "start_assessment", PREP, today=D("2026-10-09"))
    assert (v.state, v.due) == ("assessment", "2026-12-03")
    v = step(db, tid, "clear", PREP, on="2026-12-01", today=D("2026-12-01"))
    assert v.decided and v.due is None
    [renewal] = v.obligations
    # Valid 3 years: expires Sat 1 Dec 2029; the renewal is due by the last working day
    # before it, and 2029 is estimated, which the obligation says.
    assert renewal.due_date == "2029-11-30" and "between" in renewal.text
    if not build_calendar("CN").is_official_year(2029):
        assert "estimated" in renewal.text and "2029" in renewal.text
