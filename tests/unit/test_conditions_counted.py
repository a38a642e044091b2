"""Due dates counted in days (a condition "N working days after the clearance", the
data-export renewal window) follow the holiday calendar: entering the official schedule
for an estimated year recounts them, with an audit event; a typed due date never moves."""

from __future__ import annotations

import json
import re
from datetime import date
from functools import partial
from types import SimpleNamespace
from typing import Any

import pytest
from sqlmodel import col, select

from approvals.domain.clocks import DayCount, count_due, render_due_text
from approvals.domain.errors import InputError
from approvals.domain.event_text import EventFacts, event_sentence
from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.services.workflow import (
    add_calendar_year,
    calendar_for,
    condition_due,
    correct_calendar_day,
    list_obligations,
    track_view,
)
from approvals.services.workspace import open_deadlines
from approvals.store.audit import Actor, verify_chain
from approvals.store.db import Database, make_engine
from approvals.store.migrate import open_database, upgrade
from approvals.store.models import CalendarDay, Event, FilingTrack, Obligation
from tests.pdf_support import pdf_words, status_report_pdf
from tests.workflow_support import complete_for_filing, take_step

PREP = Actor("pat", ("preparer",))
APPR = Actor("adam", ("approver",))
OFFICER = Actor("olga", ("approver",))
ADMIN = Actor("alice", ("preparer", "approver", "admin"))
TODAY = date(2026, 12, 16)
DECIDED = "2026-12-15"  # a Tuesday; 2026 has an official schedule, 2027 does not (yet)
NOTICE = "State Council General Office notice on the 2027 holidays (gov.cn)"
WORKING = "Localise the model weights"  # 20 working days: 13 Jan 2027, estimated
CALENDAR = "Appoint a data protection officer"  # 19 calendar days: Sun 3 Jan → Mon 4 Jan
TYPED = "Register the board change"  # typed 13 Jan 2027: never moves
# The official 2027 schedule as the officer enters it, here with 4 January a holiday,
# which the estimate (the statutory rules) does not have: inside both counted periods.
DAYS_2027 = [
    {"day": "2027-01-01", "kind": "holiday", "name": "New Year"},
    {"day": "2027-01-04", "kind": "holiday", "name": "New Year (bridge)"},
    {"day": "2027-02-05", "kind": "holiday", "name": "Spring Festival"},
    {"day": "2027-02-08", "kind": "holiday", "name": "Spring Festival"},
    {"day": "2027-02-20", "kind": "workday", "name": "Make-up working day"},
]


_step = partial(take_step, today=TODAY)


def _track(db: Database, kind: str = "CN-FISR") -> tuple[int, int]:
    with db.session() as s:
        case = create_case(s, facts=parse_facts(demo_facts()[0]), actor=PREP, today=TODAY)
        track = FilingTrack(case_id=case.id, regime=kind, kind=kind, outcome="approval_required")
        s.add(track)
        s.flush()
        complete_for_filing(s, case.reference, PREP)
        assert case.id is not None and track.id is not None
        return case.id, track.id


def _cleared(db: Database, conditions: list[dict[str, Any]]) -> tuple[int, int]:
    case_id, track_id = _track(db)
    _step(db, track_id, "submit_for_review", PREP)
    _step(db, track_id, "approve_for_filing", APPR, on="2026-08-04")
    _step(db, track_id, "file", PREP, filing_reference="FISR-1", on="2026-08-06")
    _step(db, track_id, "accept", PREP, on="2026-08-10")
    _step(db, track_id, "start_preliminary_review", PREP, on="2026-08-10")
    _step(db, track_id, "start_general_review", PREP, on="2026-08-28")
    _step(db, track_id, "clear_with_conditions", PREP, on=DECIDED,
          reason="Decision notice received", conditions=conditions)
    return case_id, track_id


CONDITIONS = [{"text": WORKING, "due_days": 20, "due_unit": "working"},
              {"text": CALENDAR, "due_days": 19},
              {"text": TYPED, "due_date": "2027-01-13"}]


def _shown(db: Database, track_id: int) -> dict[str, tuple[str, str | None]]:
    """{condition: (text, due date)} as the Tracks tab lists them."""
    with db.read_session() as s:
        view = track_view(session=s, track_id=track_id, today=TODAY)
    return {o.text.split(" (")[0]: (o.text, o.due_date) for o in view.obligations}


def _stored(db: Database, track_id: int) -> dict[str, SimpleNamespace]:
    """{condition: its stored row's columns}."""
    with db.read_session() as s:
        rows = s.exec(select(Obligation).where(Obligation.track_id == track_id)
                      .order_by(col(Obligation.id))).all()
        return {o.text.split(" (")[0]: SimpleNamespace(**o.model_dump()) for o in rows}


def _enter_2027(db: Database, days: list[dict[str, str]] = DAYS_2027) -> None:
    with db.session() as s:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027, source=NOTICE,
                          days=days, reason="notice published")


def test_a_count_into_an_estimated_year_is_recounted_when_the_schedule_is_entered(
        db: Database) -> None:
    _, track_id = _cleared(db, CONDITIONS)
    shown = _shown(db, track_id)
    text, due = shown[WORKING]
    assert due == "2027-01-13"
    assert text == (f"{WORKING} (due date estimated: no official CN holiday schedule is held "
                    "for 2027)")
    assert shown[CALENDAR] == (f"{CALENDAR} (due date estimated: no official CN holiday "
                               "schedule is held for 2027)", "2027-01-04")
    assert shown[TYPED] == (TYPED, "2027-01-13")
    stored = _stored(db, track_id)
    assert (stored[WORKING].due_days, stored[WORKING].due_unit, stored[WORKING].due_from,
            stored[WORKING].due_calendar, stored[WORKING].due_back) == \
        (20, "working", DECIDED, "CN", False)
    assert stored[TYPED].due_days is None and stored[TYPED].text_template is None

    _enter_2027(db)
    shown = _shown(db, track_id)
    # No longer estimated, and one working day later: 4 January is a holiday now.
    assert shown[WORKING] == (WORKING, "2027-01-14")
    assert shown[CALENDAR] == (CALENDAR, "2027-01-05")  # Mon 4 Jan rolls to Tue 5 Jan
    assert shown[TYPED] == (TYPED, "2027-01-13")  # typed: stays as typed
    # Stored as shown (the dashboard and the case list read the stored date and text) ...
    stored = _stored(db, track_id)
    assert (stored[WORKING].text, stored[WORKING].due_date) == (WORKING, "2027-01-14")
    assert (stored[TYPED].text, stored[TYPED].due_date) == (TYPED, "2027-01-13")
    with db.read_session() as s:
        dashboard = {d.condition: d.due_date for d in open_deadlines(s) if d.condition}
        assert dashboard == {WORKING: "2027-01-14", CALENDAR: "2027-01-05", TYPED: "2027-01-13"}
        # ... and each recount is an event: the old and new date, the old and new text, why.
        events = s.exec(select(Event).where(Event.action == "obligation.due_recounted")
                        .order_by(col(Event.id))).all()
        assert [(e.entity_id, json.loads(e.old_value or "null"), json.loads(e.new_value or "null"))
                for e in events] == [(str(stored[WORKING].id), "2027-01-13", "2027-01-14"),
                                     (str(stored[CALENDAR].id), "2027-01-04", "2027-01-05")]
        first = events[0]
        assert first.actor == "olga" and first.reason == "CN schedule for 2027 entered"
        assert first.field == "due_date" and first.track_id == track_id
        assert json.loads(first.details)["text"] == [
            f"{WORKING} (due date estimated: no official CN holiday schedule is held for 2027)",
            WORKING]
        assert json.loads(first.details)["counted"] == "20 working days after 15 Dec 2026"
        assert verify_chain(s)[1] is None
    # Entering the same schedule again changes nothing, so records nothing.
    _enter_2027(db)
    with db.read_session() as s:
        assert len(s.exec(select(Event).where(Event.action == "obligation.due_recounted"))
                   .all()) == 2


def test_the_same_dates_as_the_estimate_only_drop_the_estimated_note(db: Database) -> None:
    _, track_id = _cleared(db, CONDITIONS)
    _enter_2027(db, [d for d in DAYS_2027 if d["day"] != "2027-01-04"])
    assert _shown(db, track_id)[WORKING] == (WORKING, "2027-01-13")
    with db.read_session() as s:
        event = s.exec(select(Event).where(Event.action == "obligation.due_recounted")).first()
        assert event is not None and event.old_value == event.new_value == '"2027-01-13"'


def test_a_corrected_day_recounts_and_a_count_before_it_is_not_touched(db: Database) -> None:
    _, track_id = _cleared(db, [{"text": WORKING, "due_days": 5, "due_unit": "working"}])
    assert _shown(db, track_id)[WORKING] == (WORKING, "2026-12-22")  # all in 2026: official
    with db.session() as s:  # a day after the count's start, inside it
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2026, 12, 21),
                             kind="holiday", name="test", source="gazette", reason="gazette")
    assert _shown(db, track_id)[WORKING] == (WORKING, "2026-12-23")
    with db.session() as s:  # before the decision: cannot move it
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2026, 12, 14),
                             kind="holiday", name="test", source="gazette", reason="gazette")
    with db.read_session() as s:
        assert [e.reason for e in s.exec(select(Event).where(
            Event.action == "obligation.due_recounted")).all()] == ["CN day 2026-12-21 corrected"]


def test_shown_dates_follow_the_calendar_even_before_a_recount_is_stored(db: Database) -> None:
    """A schedule that changes other than by the officer's edit (e.g. one shipped with a
    new version of the app) is followed wherever conditions are shown from the service."""
    _, track_id = _cleared(db, CONDITIONS)
    with db.session() as s:  # beside the services: no recount stored
        s.add(CalendarDay(calendar="CN", day="2027-01-04", kind="holiday", name="x"))
    assert _shown(db, track_id)[WORKING][1] == "2027-01-14"
    assert _stored(db, track_id)[WORKING].due_date == "2027-01-13"
    with db.read_session() as s:
        [listed] = [o for o in list_obligations(session=s, track_id=track_id, today=TODAY)
                    if o.text.startswith(WORKING)]
    assert listed.counted == "20 working days after 15 Dec 2026"


def test_the_renewal_follow_up_drops_its_estimated_note_when_the_schedules_are_entered(
        db: Database) -> None:
    _, track_id = _track(db, "CN-DATA-EXPORT")
    with db.session() as s:
        track = s.get(FilingTrack, track_id)
        assert track is not None
        track.state = "filed"
    _step(db, track_id, "accept", PREP, on="2026-09-24")
    _step(db, track_id, "start_assessment", PREP, on="2026-09-24")
    _step(db, track_id, "clear", PREP, on="2026-12-01")
    [(text, due)] = _shown(db, track_id).values()
    # Valid 3 years (the rules' data): expires Sat 1 Dec 2029, due by Fri 30 Nov.
    assert due == "2029-11-30" and "between" in text
    assert text.endswith("; estimated: no official CN holiday schedule is held for 2029)")
    [row] = _stored(db, track_id).values()
    assert (row.due_from, row.due_back, row.due_unit) == ("2029-12-01", True, "working")
    with db.session() as s:  # 30 Nov 2029 a holiday: due the working day before
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2029, source=NOTICE,
                          days=[{"day": "2029-11-30", "kind": "holiday", "name": "test"}])
    [(after, due_after)] = _shown(db, track_id).values()
    assert due_after == "2029-11-29" and "estimated" not in after
    assert after.startswith(text.split(" between ")[0] + " between ")
    assert "and 29 Nov 2029 (the result is valid until 1 Dec 2029; CAC Order 16" in after
    [row] = _stored(db, track_id).values()
    assert (row.text, row.due_date) == (after, "2029-11-29")


def _render(db: Database, case_id: int, *, final: bool = False) -> bytes:
    return status_report_pdf(db, case_id, ADMIN, final=final)


def test_the_status_report_follows_the_recount_and_is_identical_while_the_calendar_is(
        db: Database) -> None:
    case_id, _ = _cleared(db, CONDITIONS)
    final = _render(db, case_id, final=True)
    draft = _render(db, case_id)
    assert _render(db, case_id, final=True) == final  # unchanged calendar: byte-identical
    table = pdf_words(draft)
    # The condition as worded; the estimate said once, beside its date (filings13).
    assert re.search(rf"{WORKING} 2027-01-13 \(estimated: holiday schedule not yet official\)",
                     table)
    with db.session() as s:  # a calendar edit that moves nothing counted here
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2031, 5, 6),
                             kind="holiday", name="test", source="gazette", reason="gazette")
    with db.read_session() as s:
        assert s.exec(select(Event).where(Event.action == "obligation.due_recounted")).all() == []
    _enter_2027(db)
    table = pdf_words(_render(db, case_id))
    assert f"{WORKING} 2027-01-14 Open" in table
    assert f"{TYPED} 2027-01-13 Open" in table
    assert "2027-01-14 (estimated" not in table


@pytest.mark.parametrize(("item", "path", "message"), [
    ({"text": "x", "due_days": 20, "due_unit": "business"}, "conditions[0].due_unit",
     "'business' is not one of working, calendar"),
    ({"text": "x", "due_days": 99999, "due_unit": "working"}, "conditions[0].due_days",
     "more than"),
    ({"text": "x", "due_days": "twenty"}, "conditions[0].due_days", "whole number"),
    # Neither stored as 2 days nor 1: refused as the extension's length is.
    ({"text": "x", "due_days": 2.7}, "conditions[0].due_days", "whole number"),
    ({"text": "x", "due_days": True}, "conditions[0].due_days", "whole number"),
])
def test_a_bad_count_names_its_field_and_records_nothing(db: Database, item: dict[str, Any],
                                                         path: str, message: str) -> None:
    _, track_id = _track(db)
    for name, actor, on in (("submit_for_review", PREP, None), ("approve_for_filing", APPR,
                            "2026-08-04"), ("file", PREP, "2026-08-06"),
                            ("accept", PREP, "2026-08-10"),
                            ("start_preliminary_review", PREP, "2026-08-10"),
                            ("start_general_review", PREP, "2026-08-28")):
        extra = {"filing_reference": "F-1"} if name == "file" else {}
        _step(db, track_id, name, actor, **({"on": on} if on else {}), **extra)
    with pytest.raises(InputError) as caught:
        _step(db, track_id, "clear_with_conditions", PREP, on=DECIDED, reason="notice",
              conditions=[item])
    [problem] = caught.value.problems
    assert problem.path == path and message in problem.message
    assert _stored(db, track_id) == {}


def test_the_dialogs_preview_counts_working_days_too(db: Database) -> None:
    with db.read_session() as s:
        cal = calendar_for(s, "CN")
    assert condition_due(cal, date(2026, 12, 15), 20, "working") == (date(2027, 1, 13), [2027])
    assert condition_due(cal, date(2026, 12, 15), 19) == (date(2027, 1, 4), [2027])


def test_render_due_text_keeps_braces_typed_in_a_condition() -> None:
    from approvals.domain.calendars import build_calendar
    from approvals.domain.clocks import escape_template

    counted = count_due(build_calendar("CN"), DayCount(5, "working", date(2026, 12, 15), "CN"))
    template = escape_template("Report {quarterly} to NDRC") + "{due_note}"
    assert render_due_text(template, counted, "") == "Report {quarterly} to NDRC"
    assert render_due_text(template, counted, "estimated: x") == \
        "Report {quarterly} to NDRC (due date estimated: x)"
    with pytest.raises(InputError):
        DayCount(5, "calendar", date(2026, 12, 15), "CN", back=True)


def test_the_recount_event_reads_as_a_sentence() -> None:
    sentence = event_sentence(EventFacts("obligation.due_recounted", "3", "due_date",
                                         "2027-01-13", "2027-01-14"))
    assert "13 Jan 2027 → 14 Jan 2027" in sentence  # in the track sentences' dates
    details = {"counted": "20 working days after 15 Dec 2026",
               "text": ["Report (due date estimated: no official CN holiday schedule is held "
                        "for 2027)", "Report"]}
    sentence = event_sentence(EventFacts("obligation.due_recounted", "3", "due_date",
                                         "2027-01-13", "2027-01-14", details),
                              condition="Report")
    # Recorded without what changed the calendar (before audit13): "updated".
    assert sentence.startswith("condition 'Report' due date recounted on the updated "
                               "holiday calendar: ")
    assert sentence.endswith("(20 working days after 15 Dec 2026); no longer estimated")
    # The official schedule agreed with the estimate: the date stands, said as such.
    same = event_sentence(EventFacts("obligation.due_recounted", "3", "due_date",
                                     "2027-01-13", "2027-01-13", details), condition="Report")
    assert same == ("condition 'Report' due date 13 Jan 2027 confirmed on the updated "
                    "holiday calendar (20 working days after 15 Dec 2026); no longer estimated")


def test_upgrade_from_0007_keeps_existing_conditions(data_dir: DataDir) -> None:
    engine = make_engine(data_dir.database)
    upgrade(engine, "0007")
    estimated = "Keep data in China (due date estimated: no official CN holiday schedule is " \
        "held for 2027)"
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO cases (reference, facts, status, owner, target_name, investor_name, "
            "created_at, updated_at, version) VALUES ('AP-2026-0001', '{}', 'open', 'a', 't', "
            "'i', 'x', 'x', 1)")
        conn.exec_driver_sql(
            "INSERT INTO filing_tracks (case_id, regime, kind, outcome, state, clock_pauses, "
            "due_estimated, created_at, updated_at, version) VALUES (1, 'CN-FISR', 'CN-FISR', "
            "'approval_required', 'cleared_with_conditions', '[]', 0, 'x', 'x', 1)")
        conn.exec_driver_sql(
            "INSERT INTO obligations (track_id, text, due_date, status, created_at) VALUES "
            "(1, ?, '2027-01-04', 'open', 'x'), (1, 'Typed', '2027-01-13', 'fulfilled', 'x')",
            (estimated,))
    engine.dispose()
    db = open_database(data_dir)
    with db.read_session() as s:
        rows = s.exec(select(Obligation).order_by(col(Obligation.id))).all()
        assert [(o.text, o.due_date, o.status, o.due_days, o.due_back) for o in rows] == [
            (estimated, "2027-01-04", "open", None, False),
            ("Typed", "2027-01-13", "fulfilled", None, False)]
        # Stored before counts were kept: shown as stored (their count is not known) ...
        assert [(o.text, o.due_date) for o in list_obligations(session=s, track_id=1)] == \
            [(estimated, "2027-01-04"), ("Typed", "2027-01-13")]
    # ... and a calendar edit leaves them as they are.
    with db.session() as s:
        add_calendar_year(session=s, actor=ADMIN, calendar="CN", year=2027, source=NOTICE,
                          days=DAYS_2027)
    with db.read_session() as s:
        assert [(o.text, o.due_date) for o in s.exec(select(Obligation)
                                                     .order_by(col(Obligation.id))).all()] == \
            [(estimated, "2027-01-04"), ("Typed", "2027-01-13")]


def test_count_due_after_and_back_on_a_calendar() -> None:
    from approvals.domain.calendars import build_calendar

    cn = build_calendar("CN")
    # After: the 5th working day after Tue 15 Dec 2026 is Tue 22 Dec; 2026 is official.
    after = count_due(cn, DayCount(5, "working", date(2026, 12, 15), "CN"))
    assert (after.due, after.opens, after.estimated_years) == (date(2026, 12, 22),
                                                               date(2026, 12, 22), ())
    # Back: due the last working day before Mon 14 Dec 2026, the window opening 3 working
    # days before; none: due by that day only.
    back = count_due(cn, DayCount(3, "working", date(2026, 12, 14), "CN", back=True))
    assert (back.due, back.opens) == (date(2026, 12, 11), date(2026, 12, 9))
    by = count_due(cn, DayCount(0, "working", date(2026, 12, 14), "CN", back=True))
    assert (by.due, by.opens) == (date(2026, 12, 11), date(2026, 12, 11))
    assert DayCount(3, "working", date(2026, 12, 14), "CN", back=True).words() == \
        "3 working days before 14 Dec 2026"


def test_the_created_event_says_how_the_date_was_counted(db: Database) -> None:
    _, track_id = _cleared(db, CONDITIONS)
    with db.read_session() as s:
        created = [json.loads(e.new_value or "{}") for e in s.exec(
            select(Event).where(Event.action == "obligation.created", Event.track_id == track_id)
            .order_by(col(Event.id))).all()]
    assert [c.get("counted") for c in created] == [
        {"days": 20, "unit": "working", "from": DECIDED, "calendar": "CN", "back": False},
        {"days": 19, "unit": "calendar", "from": DECIDED, "calendar": "CN", "back": False},
        None]
