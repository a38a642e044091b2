"""A corrected day carries the notice it comes from: correct_calendar_day refuses an empty
source (a correction saved with none left an auditor unable to say where a holiday came
from), naming the field, and a rename of a day cites the notice that names it too."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import select

from approvals.domain.errors import InputError
from approvals.services.workflow import calendar_for, correct_calendar_day
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import CalendarDay, Event

OFFICER = Actor("olga", ("approver",))
CLOSURE = date(2026, 12, 21)  # a working Monday of the shipped 2026 schedule
NOTICE = "Shenzhen municipal typhoon notice No. 12 (sz.gov.cn)"


@pytest.mark.parametrize("source", ["", "   "])
def test_a_correction_without_a_source_is_refused_at_source(db: Database, source: str) -> None:
    with db.session() as s, pytest.raises(InputError) as refused:
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=CLOSURE,
                             kind="holiday", name="Typhoon closure", source=source,
                             reason="typhoon")
    assert [p.path for p in refused.value.problems] == ["source"]
    assert "notice" in refused.value.problems[0].message
    with db.read_session() as s:
        assert s.exec(select(CalendarDay)).all() == []
        assert s.exec(select(Event).where(Event.action == "calendar.day_corrected")).all() == []


def test_both_a_missing_source_and_reason_are_said_at_once(db: Database) -> None:
    with db.session() as s, pytest.raises(InputError) as refused:
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=CLOSURE,
                             kind="workday", source="", reason=" ")
    assert sorted(p.path for p in refused.value.problems) == ["reason", "source"]


def test_a_rename_needs_the_notice_that_names_the_day(db: Database) -> None:
    with db.session() as s:
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=CLOSURE,
                             kind="holiday", name="Typhoon closure", source=NOTICE,
                             reason="typhoon")
    with db.session() as s, pytest.raises(InputError) as refused:  # only the name changes
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=CLOSURE,
                             kind="holiday", name="Typhoon Haikui closure", source="",
                             reason="the notice names it")
    assert [p.path for p in refused.value.problems] == ["source"]
    with db.session() as s:
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=CLOSURE,
                             kind="holiday", name="Typhoon Haikui closure",
                             source=f" {NOTICE}, second edition ", reason="the notice names it")
    with db.read_session() as s:
        assert calendar_for(s, "CN").day_info(CLOSURE) == (False, "Typhoon Haikui closure")
        [row] = s.exec(select(CalendarDay)).all()
        assert row.source == f"{NOTICE}, second edition"  # stored trimmed
        details = [json.loads(e.details or "{}") for e in s.exec(
            select(Event).where(Event.action == "calendar.day_corrected")
            .order_by(Event.id)).all()]
        assert [d["source"] for d in details] == [NOTICE, f"{NOTICE}, second edition"]
