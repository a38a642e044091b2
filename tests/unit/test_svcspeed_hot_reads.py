"""The reads every unit of work repeats are cheap: the audit chain's head (read for each
event appended), the acting user (read for each permission check) and a calendar (read
for each deadline counted) are read with statements built once, and the shipped holiday
schedules and the `holidays` package's estimates are worked out once per process, not
once per calendar built. Each cache here is of something fixed while the app runs, so
these tests also check that what one calendar adds reaches no other calendar."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session
from sqlmodel import col, select, update

from approvals.domain import calendars
from approvals.domain.calendars import (
    YearOverride,
    build_calendar,
    holidays_package_estimate,
    parse_calendar_data,
    shipped_calendar_data,
)
from approvals.domain.errors import NotFound
from approvals.domain.facts import parse_facts
from approvals.services import access, screening, workflow
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.store import cases as store_cases
from approvals.store import settings
from approvals.store.audit import Actor, append_event
from approvals.store.db import Database
from approvals.store.models import Event, FilingTrack, Setting


def _refuse_building(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("a statement was built for this call")


def test_appending_an_event_loads_no_earlier_event(db: Database, admin: Actor) -> None:
    """Only the head's id and hash are read: loading the whole previous event (every
    column, an object in the session) was most of what an append cost besides the insert."""
    loaded: list[object] = []

    def on_load(_session: Session, instance: object) -> None:
        loaded.append(instance)

    with db.session() as s:
        append_event(s, actor=admin, action="first", entity="x")
    event.listen(Session, "loaded_as_persistent", on_load)
    try:
        with db.session() as s:
            append_event(s, actor=admin, action="second", entity="x")
    finally:
        event.remove(Session, "loaded_as_persistent", on_load)
    assert loaded == []
    with db.read_session() as s:
        first, again = s.exec(select(Event).order_by(Event.id)).all()
        assert (again.id, again.prev_hash) == (first.id + 1, first.hash)


def test_a_permission_check_builds_no_statement(db: Database, admin: Actor,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(access, "select", _refuse_building)
    with db.session() as s:
        assert access.require(s, admin, "case.create").username == "alice"


def test_a_calendar_builds_no_statement_and_parses_the_shipped_schedule_once(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []

    def counting_parse(data: Any, **kwargs: Any) -> Any:
        parsed.append(str(data.get("name")))
        return parse_calendar_data(data, **kwargs)

    calendars._shipped_years.cache_clear()
    monkeypatch.setattr(calendars, "parse_calendar_data", counting_parse)
    monkeypatch.setattr(workflow, "select", _refuse_building)
    with db.read_session() as s:
        first = workflow.calendar_for(s, "CN")
        second = workflow.calendar_for(s, "CN")
    assert len(parsed) == 1
    assert first.held_years() == second.held_years() == list(
        parse_calendar_data(shipped_calendar_data("CN")).values())


def test_an_officer_year_reaches_only_its_own_calendar() -> None:
    shipped = build_calendar("CN").schedule(2024)
    entered = build_calendar("CN", year_overrides=[YearOverride(2024, "officer's copy")])
    assert entered.schedule(2024).origin == "officer"
    assert build_calendar("CN").schedule(2024) == shipped
    assert shipped.origin == "shipped"


def test_an_estimated_year_is_worked_out_once() -> None:
    assert holidays_package_estimate("US", 2061) is holidays_package_estimate("US", 2061)
    assert build_calendar("US").schedule(2061) is holidays_package_estimate("US", 2061)


def test_finding_a_case_and_its_rows_builds_no_statement(db: Database, admin: Actor,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    with db.session() as s:
        append_event(s, actor=admin, action="case.created", entity="case", case_id=None)
    monkeypatch.setattr(store_cases, "select", _refuse_building)
    with db.read_session() as s:
        with pytest.raises(NotFound, match="There is no case AP-2099-0001"):
            store_cases.case_by_reference(s, "AP-2099-0001")
        assert store_cases.rows_of_case(s, FilingTrack, 1) == []
    monkeypatch.undo()
    with db.read_session() as s:  # rows of no case: those whose case_id IS NULL
        assert [e.action for e in store_cases.rows_of_case(s, Event, None)] == ["case.created"]


def test_a_tracks_evidence_conditions_and_steps_are_read_without_building_a_statement(
        db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    facts = next(f for f in demo_facts() if f["reference"] == "DEMO-02")
    with db.session() as s:
        case = create_case(s, facts=parse_facts(facts), actor=admin)
        track = s.exec(select(FilingTrack).where(FilingTrack.case_id == case.id)).first()
        assert track is not None and track.id is not None
        track_id = track.id
    monkeypatch.setattr(workflow, "select", _refuse_building)
    with db.read_session() as s:
        track = s.get(FilingTrack, track_id)
        assert track is not None
        assert workflow._documents(s, track) == frozenset()
        assert workflow.list_obligations(session=s, track_id=track_id) == []
        assert workflow.track_history(s, track_id) == []


def test_a_cases_current_screening_is_read_without_building_a_statement(
        db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    facts = next(f for f in demo_facts() if f["reference"] == "DEMO-02")
    with db.session() as s:
        case_id = create_case(s, facts=parse_facts(facts), actor=admin).id
    assert case_id is not None
    monkeypatch.setattr(screening, "select", _refuse_building)
    with db.read_session() as s:
        current = screening.current_screening(s, case_id)
        assert current is not None and current.current and current.case_id == case_id


def test_a_setting_is_read_without_building_a_statement_and_sees_the_unit_of_works_own_change(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "select", _refuse_building)
    with db.session() as s:
        assert settings.get_setting(s, "solo_mode", "unset") == "unset"
        settings.put_setting(s, "solo_mode", True)
        assert settings.get_setting(s, "solo_mode") is True  # not committed yet
        settings.put_setting(s, "solo_mode", False)
        assert settings.get_setting(s, "solo_mode", "unset") is False
    with db.session() as s:
        s.exec(update(Setting).where(col(Setting.key) == "solo_mode").values(value="{not json"))
        assert settings.get_setting(s, "solo_mode", "unreadable") == "unreadable"
