"""`approvals deadline --pause` that ends on or before --from: a note on stderr, the due
date, stdout and the exit code exactly as without the pause (the contract's)."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import run_many


def test_a_pause_before_from_is_noted_on_stderr_and_changes_nothing_else(tmp_path: Path) -> None:
    base = ("deadline", "--calendar", "CN", "--from", "2026-09-24", "--working-days", "15",
            "--data-dir", tmp_path)
    plain, paused, plain_json, paused_json, inside = run_many(
        base, (*base, "--pause", "2025-09-01:2025-09-10"),
        (*base, "--json"), (*base, "--pause", "2025-09-01:2026-09-24", "--json"),
        (*base, "--pause", "2026-09-20:2026-09-30"))
    assert plain.code == paused.code == plain_json.code == paused_json.code == 0
    assert paused.stdout == plain.stdout
    assert paused_json.stdout == plain_json.stdout  # the JSON as the contract has it
    assert plain.stderr == plain_json.stderr == ""
    for result, value in ((paused, "2025-09-01:2025-09-10"),
                          (paused_json, "2025-09-01:2026-09-24")):
        assert f"--pause {value}" in result.stderr
        assert "on or before --from 2026-09-24" in result.stderr
        assert "was not counted" in result.stderr
    # A pause that stops days of the period says nothing of the kind.
    assert inside.code == 0 and "before --from" not in inside.stderr
    assert inside.stdout != plain.stdout


def test_a_pause_from_the_due_date_on_is_noted_too(tmp_path: Path) -> None:
    base = ("deadline", "--calendar", "CN", "--from", "2026-09-24", "--working-days", "15",
            "--data-dir", tmp_path)
    plain, after, on_the_day, last_day_stopped = run_many(
        (*base, "--json"), (*base, "--pause", "2026-11-01:2026-11-05", "--json"),
        (*base, "--pause", "2026-10-22:2026-10-26", "--json"),
        (*base, "--pause", "2026-10-21:2026-10-26", "--json"))
    assert plain.json()["due"] == "2026-10-22"
    for result, value in ((after, "2026-11-01:2026-11-05"), (on_the_day, "2026-10-22:2026-10-26")):
        assert result.code == 0 and result.stdout == plain.stdout  # the contract's JSON
        assert f"--pause {value} starts on or after the period's last day 2026-10-22" in result.stderr
    # Stopped the day before the last: the last day moves, and nothing is noted.
    assert last_day_stopped.json()["due"] != "2026-10-22"
    assert last_day_stopped.stderr == ""


def test_a_rolled_period_is_noted_against_its_own_last_day(tmp_path: Path) -> None:
    # 30 calendar days end on Saturday 24 Oct, rolled to Monday 26: a stop from the 24th on
    # stops no day of the period.
    [rolled] = run_many(("deadline", "--calendar", "US", "--from", "2026-09-24", "--calendar-days",
                         "30", "--roll", "--pause", "2026-10-24:2026-10-27", "--data-dir", tmp_path))
    assert rolled.code == 0 and "due 2026-10-26" in rolled.stdout
    assert "starts on or after the period's last day 2026-10-24" in rolled.stderr
