"""A resumed clock's step records how long the stop kept it from counting in the clock's
own unit, named by it: a working-day clock stopped over the 2026 National Day holidays
(official schedule shipped) was recorded as "stopped_days": 12, the calendar days, while
the clock lost only 4 working days. Older steps' "stopped_days" are still read (as the
calendar days they were)."""

from __future__ import annotations

import json

from sqlmodel import col, select

from approvals.domain.event_text import EventFacts, event_sentence, stopped_days
from approvals.store.db import Database
from approvals.store.models import Event
from tests.unit.test_workflow import PREP, make_track, set_state, step

# Stopped on Wed 30 Sep 2026, resumed on Mon 12 Oct: 1-7 Oct off (National Day, with the
# days off in lieu), 8, 9 Oct and Sat 10 Oct (a make-up working day) worked, 11 Oct a
# Sunday. (30 Sep, 12 Oct] holds 12 calendar days and 4 working days.
STOP, RESUME = "2026-09-30", "2026-10-12"


def _resume_details(db: Database, track_id: int) -> dict[str, object]:
    with db.read_session() as s:
        last = s.exec(select(Event).where(Event.track_id == track_id,
                                          Event.action == "track.transition")
                      .order_by(col(Event.id).desc())).first()
        assert last is not None
        return json.loads(last.details or "{}")


def test_a_working_day_clock_records_the_working_days_it_stood_still(db: Database) -> None:
    tid = make_track(db, "CN-FISR")
    set_state(db, tid, "accepted")
    step(db, tid, "start_preliminary_review", PREP, on="2026-09-24")
    step(db, tid, "request_materials", PREP, reason="list", on=STOP)
    step(db, tid, "supply_materials", PREP, on=RESUME)
    details = _resume_details(db, tid)
    assert details["clock"] == "resumed"
    assert details["stopped_working_days"] == 4
    assert "stopped_days" not in details and "stopped_calendar_days" not in details
    text = event_sentence(EventFacts("track.transition", details=details))
    assert "clock stopped for 4 working days" in text


def test_a_calendar_day_clock_records_calendar_days(db: Database) -> None:
    tid = make_track(db, "CN-SAMR")
    set_state(db, tid, "phase_1_review", clock_phase="phase_1_review", clock_calendar="CN",
              clock_unit="calendar", clock_days=30, clock_start="2026-09-24")
    step(db, tid, "request_materials", PREP, reason="list", on=STOP)
    step(db, tid, "supply_materials", PREP, on=RESUME)
    details = _resume_details(db, tid)
    assert details["stopped_calendar_days"] == 12
    assert "stopped_working_days" not in details and "stopped_days" not in details
    assert "clock stopped for 12 calendar days" in event_sentence(
        EventFacts("track.transition", details=details))


def test_an_older_steps_stopped_days_are_read_as_calendar_days() -> None:
    old = {"from": "materials_requested", "to": "preliminary_review", "clock": "resumed",
           "resumed_on": RESUME, "stopped_days": 12}
    assert stopped_days(old) == (12, "calendar")
    assert "clock stopped for 12 calendar days" in event_sentence(
        EventFacts("track.transition", details=old))
    assert stopped_days({"stopped_working_days": 1}) == (1, "working")
    assert stopped_days({"clock": "stopped", "stopped_on": STOP}) is None
