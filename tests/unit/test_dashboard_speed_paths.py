"""The deadlines dashboard, the case window's Tracks tab and `approvals deadline` count a
condition's due date the same way (domain.clocks, on the data folder's calendar with the
officer's corrections) and give the same date and estimated flag, which is also what
counting day by day gives."""

from __future__ import annotations

from datetime import date, timedelta

from approvals.domain.clocks import DayCount
from approvals.paths import DataDir
from approvals.services.workflow import calendar_for, correct_calendar_day, track_view
from approvals.services.workspace import open_deadlines
from approvals.store.db import Database
from tests.cli.helpers import run_many
from tests.unit.test_conditions_counted import DECIDED, OFFICER, TODAY, _cleared
from tests.unit.test_dashboard_speed_clocks import walk_by_day

# From Tue 15 Dec 2026 (official year) into 2027, held only as an estimate until the
# officer enters it: New Year, Spring Festival 2027, Qingming and May Day on the way.
COUNTS = {
    "Five working days": DayCount(5, "working", date.fromisoformat(DECIDED), "CN"),
    "Sixty working days": DayCount(60, "working", date.fromisoformat(DECIDED), "CN"),
    "A hundred working days": DayCount(100, "working", date.fromisoformat(DECIDED), "CN"),
    "Nineteen calendar days": DayCount(19, "calendar", date.fromisoformat(DECIDED), "CN"),
    "Fifty-three calendar days": DayCount(53, "calendar", date.fromisoformat(DECIDED), "CN"),
}


def _conditions() -> list[dict[str, object]]:
    return [{"text": text, "due_days": c.days, "due_unit": c.unit} for text, c in COUNTS.items()]


def _cli(data_dir: DataDir) -> dict[str, tuple[str, bool]]:
    """{condition: (due, estimated)} as `approvals deadline --json` counts it."""
    calls = []
    for count in COUNTS.values():
        period = ("--working-days", str(count.days)) if count.unit == "working" else \
            ("--calendar-days", str(count.days), "--roll")
        calls.append(("deadline", "--calendar", count.calendar, "--from", DECIDED, *period,
                      "--json", "--data-dir", data_dir.root))
    out = {}
    for text, result in zip(COUNTS, run_many(*calls), strict=True):
        assert result.code == 0, result.stderr
        answer = result.json()
        out[text] = (answer["due"], answer["estimated"])
    return out


def _everywhere(db: Database, data_dir: DataDir, track_id: int) -> dict[str, tuple[str, bool]]:
    """{condition: (due, estimated)}, checked equal on the dashboard, the Tracks tab (the
    track's view the case window shows), the CLI and the day-by-day count."""
    with db.read_session() as s:
        dashboard = {d.condition.split(" (")[0]: (d.due_date, d.due_estimated)
                     for d in open_deadlines(s) if d.condition}
        tracks_tab = {o.text.split(" (")[0]: (o.due_date, "(due date estimated" in o.text)
                      for o in track_view(session=s, track_id=track_id, today=TODAY).obligations}
        calendar = calendar_for(s, "CN")
    by_day: dict[str, tuple[str, bool]] = {}
    for text, count in COUNTS.items():
        day = walk_by_day(count.start, count.days, count.unit, (), calendar)[0]
        if count.unit == "calendar":
            while not calendar.is_working_day(day):
                day += timedelta(days=1)
        years = range(count.start.year, day.year + 1)
        by_day[text] = (day.isoformat(), any(not calendar.is_official_year(y) for y in years))
    assert dashboard == tracks_tab == _cli(data_dir) == by_day
    return by_day


def test_dashboard_tracks_tab_and_cli_agree_before_and_after_a_correction(
        db: Database, data_dir: DataDir) -> None:
    _, track_id = _cleared(db, _conditions())
    before = _everywhere(db, data_dir, track_id)
    assert before["Five working days"] == ("2026-12-22", False)
    assert before["Sixty working days"][1] and before["A hundred working days"][1]
    # The officer marks a working day of the estimated year a holiday: every count over
    # it moves one working day, in all three places.
    with db.session() as s:
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2027, 1, 6),
                             kind="holiday", name="test", source="gazette", reason="gazette")
    after = _everywhere(db, data_dir, track_id)
    assert after["Five working days"] == before["Five working days"]
    assert after["Sixty working days"] != before["Sixty working days"]
    assert after["A hundred working days"] != before["A hundred working days"]
