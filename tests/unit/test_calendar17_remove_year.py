"""Taking back a year entered by mistake (services.calendar_effects.remove_calendar_year):
the year is again as the app has it without the entry (shipped, else estimated), the
deadlines counted through it move back, its later corrections go with it and the earlier
ones the entry replaced come back, all said in one `calendar.year_removed` event. A year
that ships with the app or is estimated has nothing entered and is refused."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import col, select

from approvals.domain.calendars import estimated_note
from approvals.domain.errors import InputError, PermissionDenied
from approvals.domain.event_text import EventFacts, event_sentence
from approvals.services.calendar_effects import (
    remove_calendar_correction,
    remove_calendar_year,
    with_deadline_changes,
    year_removal,
)
from approvals.services.workflow import add_calendar_year, calendar_for, correct_calendar_day
from approvals.store.db import Database
from approvals.store.models import CalendarDay, CalendarYear, Event, FilingTrack
from tests.unit.test_calendar_deadline_changes import NOTICE, OFFICER, PREPARER, running_clock

BASELINE = ("2027-02-01", True)  # running_clock's due date on the estimated 2027


def _due(db: Database) -> tuple[str | None, bool]:
    with db.read_session() as s:
        track = s.exec(select(FilingTrack)).one()
        return track.due_date, track.due_estimated


def _enter_2027(db: Database, code: str = "CN", extra: list[dict] | None = None) -> None:
    with db.session() as s:
        add_calendar_year(session=s, actor=OFFICER, calendar=code, year=2027, source=NOTICE,
                          days=[{"day": "2027-01-01", "kind": "holiday", "name": "New Year"},
                                {"day": "2027-01-04", "kind": "holiday", "name": "mistake"},
                                *(extra or [])])


def _remove(db: Database, year: int = 2027, reason: str = "typed the wrong year", *,
            actor=OFFICER, code: str = "CN"):
    with db.session() as s:
        return with_deadline_changes(s, lambda: remove_calendar_year(
            session=s, actor=actor, calendar=code, year=year, reason=reason))


def _last(db: Database, action: str) -> Event:
    """The last `action` event, as a copy read whole (the session closes)."""
    with db.read_session() as s:
        event = s.exec(select(Event).where(Event.action == action)
                       .order_by(col(Event.id).desc())).first()
        assert event is not None
        return Event.model_validate(event.model_dump())


def _sentence(event: Event) -> str:
    return event_sentence(EventFacts(event.action, event.entity_id, event.field,
                                     json.loads(event.old_value or "null"),
                                     json.loads(event.new_value or "null"),
                                     json.loads(event.details or "{}")))


def test_removing_an_entered_year_moves_the_deadline_back(db: Database) -> None:
    reference = running_clock(db)  # 30 working days from 2026-12-20
    assert _due(db) == BASELINE
    _enter_2027(db)  # official, with a Monday off in January: the clock ends a day later
    assert _due(db) == ("2027-02-02", False)

    removal, changes = _remove(db)
    assert _due(db) == BASELINE  # counted on the estimate again, and marked so
    assert [c.reference for c in changes] == [reference]
    assert changes[0].sentence == ("CN-FISR: due date recomputed: 2 Feb 2027 → 1 Feb 2027 "
                                   "(now estimated)")
    assert removal.falls_back_to == "estimated" and removal.corrections == []
    with db.read_session() as s:
        assert s.exec(select(CalendarYear)).all() == []
        assert s.exec(select(CalendarDay)).all() == []
        assert calendar_for(s, "CN").schedule(2027).origin == "estimated"
    event = _last(db, "calendar.year_removed")
    assert (event.actor, event.entity_id, event.reason) == ("olga", "CN-2027",
                                                            "typed the wrong year")
    old, new = json.loads(event.old_value or "{}"), json.loads(event.new_value or "{}")
    assert old["source"] == NOTICE and old["days"] == [["2027-01-01", "holiday", "New Year"],
                                                       ["2027-01-04", "holiday", "mistake"]]
    assert new["schedule"] == "estimated"
    assert _sentence(event) == (
        f"CN calendar: 2027 schedule entered removed (2 days; source: {NOTICE}); 2027 is "
        "again estimated from the statutory holiday rules")
    # The recount says what changed the calendar.
    recount = _last(db, "track.due_recomputed")
    assert recount.reason == "CN schedule entered for 2027 removed"


def test_a_shipped_year_entered_again_falls_back_to_the_shipped_schedule(db: Database) -> None:
    with db.read_session() as s:
        shipped = calendar_for(s, "CN").day_info(date(2026, 10, 11))
    with db.session() as s:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2026, source="a copy",
                          days=[{"day": "2026-10-11", "kind": "workday", "name": "mistake"}])
    removal, _changes = _remove(db, 2026)
    assert removal.falls_back_to == "shipped"
    with db.read_session() as s:
        cal = calendar_for(s, "CN")
        assert cal.schedule(2026).origin == "shipped"
        assert cal.day_info(date(2026, 10, 11)) == shipped
    assert "2026 is again as shipped with the app" in _sentence(
        _last(db, "calendar.year_removed"))


def test_refused_without_the_permission(db: Database) -> None:
    _enter_2027(db)
    with pytest.raises(PermissionDenied):
        _remove(db, actor=PREPARER)
    with db.read_session() as s:
        assert len(s.exec(select(CalendarYear)).all()) == 1
        assert s.exec(select(Event).where(Event.action == "calendar.year_removed")).all() == []


def test_a_reason_is_required(db: Database) -> None:
    _enter_2027(db)
    with pytest.raises(InputError) as err:
        _remove(db, reason="  ")
    assert [p.path for p in err.value.problems] == ["reason"]
    with db.read_session() as s:
        assert len(s.exec(select(CalendarYear)).all()) == 1


def test_a_shipped_or_estimated_year_cannot_be_removed(db: Database) -> None:
    with pytest.raises(InputError) as err:
        _remove(db, 2026)
    [problem] = err.value.problems
    assert problem.path == "year"
    assert "CN 2026 ships with the app" in problem.message
    assert "only a year entered with Add published year… can be removed" in problem.message
    with pytest.raises(InputError) as err:
        _remove(db, 2031)
    assert "CN 2031 was not entered: its days are estimated" in err.value.problems[0].message
    # Entered for CN only: the US 2027 is as shipped, nothing to remove.
    _enter_2027(db)
    with pytest.raises(InputError, match="US 2027 ships with the app"):
        _remove(db, code="US")
    with db.read_session() as s:
        assert s.exec(select(Event).where(Event.action == "calendar.year_removed")).all() == []


def test_corrections_after_go_with_it_and_those_before_come_back(db: Database) -> None:
    running_clock(db)
    with db.session() as s:  # before the year is entered: one Monday off
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2027, 1, 25),
                             kind="holiday", name="typhoon closure", source="Guangdong notice",
                             reason="offices closed")
    before_entry = _due(db)
    assert before_entry == ("2027-02-02", True)
    # The entry replaces that correction (and lists the day itself otherwise).
    _enter_2027(db, extra=[{"day": "2027-01-25", "kind": "holiday", "name": "entered"}])
    with db.session() as s:  # after it: a correction of the entered schedule
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2027, 1, 26),
                             kind="holiday", name="second closure", source="county notice",
                             reason="closed again")
    with db.read_session() as s:
        plan = year_removal(s, "CN", 2027)
    assert plan is not None
    assert plan.corrections == [["2027-01-26", "holiday", "second closure", "county notice"]]
    assert plan.restored == [["2027-01-25", "holiday", "typhoon closure", "Guangdong notice"]]

    _remove(db)
    assert _due(db) == before_entry  # exactly as before the year was entered
    with db.read_session() as s:
        rows = [(d.day, d.kind, d.name, d.source) for d in s.exec(select(CalendarDay)).all()]
    assert rows == [("2027-01-25", "holiday", "typhoon closure", "Guangdong notice")]
    event = _last(db, "calendar.year_removed")
    assert json.loads(event.old_value or "{}")["corrections"] == plan.corrections
    assert json.loads(event.new_value or "{}")["restored"] == plan.restored
    said = _sentence(event)
    assert "with its correction of 26 Jan 2027 (holiday, second closure)" in said
    assert "corrected before it was entered, back: 25 Jan 2027 (holiday, typhoon closure)" \
        in said

    # The correction put back is a correction again: taken back, the day is the estimate's
    # Monday, not the day the removed entry listed.
    with db.session() as s:
        working, _name = remove_calendar_correction(
            session=s, actor=OFFICER, calendar="CN", day=date(2027, 1, 25), reason="over")
    assert working is True
    assert _due(db) == BASELINE
    with db.read_session() as s:
        assert s.exec(select(CalendarDay)).all() == []


def test_a_year_entered_twice_is_removed_whole(db: Database) -> None:
    running_clock(db)
    _enter_2027(db)
    with db.session() as s:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027, source="again",
                          days=[{"day": "2027-01-04", "kind": "holiday", "name": "New Year"}])
    _remove(db)
    assert _due(db) == BASELINE
    with db.read_session() as s:
        assert s.exec(select(CalendarDay)).all() == []
        assert calendar_for(s, "CN").schedule(2027).origin == "estimated"
    # Entered again afterwards, it is an entered year as any other.
    _enter_2027(db)
    with db.read_session() as s:
        plan = year_removal(s, "CN", 2027)
    assert plan is not None and plan.restored == [] and plan.corrections == []


def test_a_recounted_condition_names_the_removal() -> None:
    facts = EventFacts("obligation.due_recounted", "7", "due_date", "2027-05-10", "2027-05-08",
                       {"cause": {"year": 2027, "removed": True}})
    assert event_sentence(facts, condition="Report yearly") == (
        "condition 'Report yearly' due date recounted on the holiday calendar with the 2027 "
        "schedule entered taken back: 10 May 2027 → 8 May 2027")


def test_a_condition_counted_over_the_year_is_estimated_again(demo: Database) -> None:
    """The demo's AP-2026-0004 keeps a condition counted 180 days on the CN calendar, due
    in 2027: estimated, confirmed by the entered year, estimated again once it is removed."""
    from approvals.store.models import Obligation

    def stored() -> list[tuple[str, str | None]]:
        with demo.read_session() as s:
            return [(o.text, o.due_date) for o in s.exec(
                select(Obligation).where(Obligation.due_calendar == "CN",
                                         col(Obligation.due_days).is_not(None))
                .order_by(col(Obligation.id)))]

    before = stored()
    assert any("estimated" in text for text, _due in before)
    _enter_2027(demo)
    assert stored() != before
    _removal, changes = _remove(demo)
    assert stored() == before
    [condition] = [c for c in changes if "condition" in c.sentence]
    assert condition.reference == "AP-2026-0004"
    assert "on the holiday calendar with the 2027 schedule entered taken back" \
        in condition.sentence
    # Estimated again: never "confirmed", and it says so at the end.
    assert "confirmed" not in condition.sentence
    assert condition.sentence.endswith("; now estimated")


ESTIMATED = estimated_note("CN", [2027])


@pytest.mark.parametrize("texts, due, expected", [
    (["Report yearly (due 2027-05-10)", f"Report yearly (due 2027-05-10; {ESTIMATED})"],
     "2027-05-10",
     "condition 'Report yearly' due date 10 May 2027 unchanged on the holiday calendar with "
     "the 2027 schedule entered taken back; now estimated"),
    ([f"Report yearly (due 2027-05-10; {ESTIMATED})",
      f"Report yearly (due 2027-05-12; {ESTIMATED})"], "2027-05-12",
     "condition 'Report yearly' due date recounted on the holiday calendar with the 2027 "
     "schedule entered taken back: 10 May 2027 → 12 May 2027; still estimated"),
])
def test_a_condition_estimated_again_is_never_confirmed(texts: list[str], due: str,
                                                         expected: str) -> None:
    facts = EventFacts("obligation.due_recounted", "7", "due_date", "2027-05-10", due,
                       {"cause": {"year": 2027, "removed": True}, "text": texts})
    assert event_sentence(facts, condition="Report yearly") == expected
