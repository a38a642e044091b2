"""`approvals deadline` says the days a pause kept from counting as the app says them
(clocks.describe): in the period's unit, one day singular ("8 paused days" left open
whether they were working or calendar days). The --json keys are unchanged."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import run_many


def test_paused_days_are_said_in_the_period_s_unit_as_the_app_says_them(tmp_path: Path) -> None:
    working, one, as_json = run_many(
        ("deadline", "--calendar", "CN", "--from", "2026-09-24", "--working-days", "30",
         "--pause", "2026-10-09:2026-10-20", "--data-dir", tmp_path),
        ("deadline", "--calendar", "US", "--from", "2026-09-24", "--calendar-days", "10",
         "--pause", "2026-09-25:2026-09-26", "--data-dir", tmp_path),
        ("deadline", "--calendar", "CN", "--from", "2026-09-24", "--working-days", "30",
         "--pause", "2026-10-09:2026-10-20", "--json", "--data-dir", tmp_path))
    assert working.stdout.endswith(
        "; 8 working days not counted while the clock was stopped\n"), working
    assert one.stdout.endswith("; 1 calendar day not counted while the clock was stopped\n"), one
    assert as_json.json()["paused_days"] == 8 and "paused_days" in as_json.json()
