"""`approvals deadline` through the real entry point (subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from approvals.paths import DataDir
from approvals.services.workflow import correct_calendar_day
from approvals.store.audit import Actor
from approvals.store.migrate import open_database
from tests.cli.helpers import Result, run_many


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "approvals", "deadline", *args, "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=60,
    )


def many(data_dir: Path, *calls: tuple[str, ...]) -> list[Result]:
    """Several `approvals deadline` runs in one process (tests/cli/helpers.py, run_many)."""
    return run_many(*(("deadline", *args, "--data-dir", data_dir) for args in calls))


def test_json_matches_the_contract(tmp_path: Path) -> None:
    r = run("--calendar", "CN", "--from", "2026-09-24", "--working-days", "15", "--json",
            data_dir=tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {
        "calendar": "CN", "from": "2026-09-24", "due": "2026-10-22", "counted_days": 15,
        "paused_days": 0, "estimated": False, "warnings": [],
    }
    assert not (tmp_path / "approvals.db").exists()  # arithmetic writes nothing


def test_calendar_days_roll_and_pauses(tmp_path: Path) -> None:
    r, text = many(
        tmp_path,
        ("--calendar", "CN", "--from", "2026-09-01", "--calendar-days", "30", "--roll",
         "--pause", "2026-09-10:2026-09-12", "--pause", "2026-09-20:2026-09-21", "--json"),
        ("--calendar", "US", "--from", "2026-06-04", "--calendar-days", "30", "--roll"),
    )
    assert r.code == 0, r.stderr
    out = r.json()
    # 30 counted + 3 paused days → 4 Oct (holiday) → rolled to Thursday 8 Oct.
    assert (out["due"], out["counted_days"], out["paused_days"]) == ("2026-10-08", 30, 3)
    assert text.code == 0
    assert "2026-07-06" in text.stdout and "rolled from 2026-07-04" in text.stdout


def test_estimated_year_is_reported(tmp_path: Path) -> None:
    r, plain = many(tmp_path,
                    ("--calendar", "CN", "--from", "2026-12-20", "--working-days", "30", "--json"),
                    ("--calendar", "CN", "--from", "2026-12-20", "--working-days", "30"))
    out = r.json()
    assert out["estimated"] is True and "2027" in out["warnings"][0]
    assert "estimated: 2027" in plain.stdout


def test_bad_input_exits_2_naming_each_problem(tmp_path: Path) -> None:
    r, neg, usage = many(
        tmp_path,
        ("--calendar", "CN", "--from", "2026-02-30", "--working-days", "5",
         "--pause", "2026-03-05:2026-03-01"),
        ("--calendar", "US", "--from", "2026-01-05", "--calendar-days", "-3"),
        ("--calendar", "CN", "--from", "2026-01-05"),
    )
    assert r.code == 2
    assert "--from: '2026-02-30' is not a date" in r.stderr
    assert "--pause:" in r.stderr and "Traceback" not in r.stderr
    assert neg.code == 2 and "--calendar-days" in neg.stderr
    assert usage.code == 2


def test_an_option_left_out_is_said_with_every_other_problem(tmp_path: Path) -> None:
    """argparse's "the following arguments are required: --calendar" stood alone: the bad
    date and count were said only on the next run."""
    left_out, both, none = many(
        tmp_path,
        ("--from", "2026-02-30", "--working-days", "x"),
        ("--calendar", "CN", "--from", "2026-02-03", "--working-days", "3",
         "--calendar-days", "4"),
        (),
    )
    assert left_out.code == 2 and left_out.stdout == ""
    assert left_out.stderr.splitlines()[:3] == [
        "--calendar: required: CN or US",
        "--from: '2026-02-30' is not a date (February 2026 has no day 30): use YYYY-MM-DD, "
        "e.g. 2026-10-22",
        "--working-days: 'x' is not a whole number (e.g. 15)"]
    assert both.code == 2
    assert "--calendar-days: give --working-days or --calendar-days, not both" in both.stderr
    assert none.code == 2
    for option in ("--calendar: required", "--from: required", "--working-days: required"):
        assert option in none.stderr


def test_officer_override_in_the_data_folder_is_used(tmp_path: Path) -> None:
    db = open_database(DataDir(tmp_path).ensure())
    with db.session() as session:
        correct_calendar_day(session=session, actor=Actor("officer", ("approver",)),
                             calendar="CN", day=date(2026, 10, 22), kind="holiday",
                             name="local closure", source="test notice", reason="notice received")
    db.dispose()
    [r] = many(tmp_path, ("--calendar", "CN", "--from", "2026-09-24", "--working-days", "15",
                          "--json"))
    assert json.loads(r.stdout)["due"] == "2026-10-23"


def test_too_long_a_period_is_bad_input(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from approvals.cli import main

    code = main(["deadline", "--calendar", "CN", "--from", "2026-01-01", "--working-days",
                 "99999", "--data-dir", str(tmp_path)])
    assert code == 2
    assert "--working-days: 99999 is more than" in capsys.readouterr().err


def test_a_due_date_past_the_last_representable_day_is_bad_input(tmp_path: Path) -> None:
    r = run("--calendar", "CN", "--from", "9999-12-30", "--calendar-days", "5",
            data_dir=tmp_path)
    assert r.returncode == 2, r.stderr
    assert r.stderr.strip() == "--from: 9999-12-30: a period of 5 calendar days from this date would end after 9999-12-31, the last day of the calendar"
    assert "Traceback" not in r.stderr


def test_roll_stops_on_a_make_up_working_day_and_a_reversed_pause_is_refused(
        tmp_path: Path) -> None:
    # 10 calendar days after 18 Feb 2026 is Saturday 28 Feb, a make-up working day (调休):
    # a working day, so --roll leaves it; 3 days (Sat 21 Feb) rolls past the holiday.
    r, text, rolled, reversed_pause, same_day = many(
        tmp_path,
        ("--calendar", "CN", "--from", "2026-02-18", "--calendar-days", "10", "--roll", "--json"),
        ("--calendar", "CN", "--from", "2026-02-18", "--calendar-days", "10", "--roll"),
        ("--calendar", "CN", "--from", "2026-02-18", "--calendar-days", "3", "--roll", "--json"),
        ("--calendar", "CN", "--from", "2026-02-18", "--calendar-days", "3",
         "--pause", "2026-02-20:2026-02-19", "--json"),
        ("--calendar", "CN", "--from", "2026-02-18", "--calendar-days", "3",
         "--pause", "2026-02-20:2026-02-20", "--json"),
    )
    assert r.code == 0, r.stderr
    assert r.json()["due"] == "2026-02-28"
    assert text.stdout == ("10 calendar days after 2026-02-18 on the CN calendar: due "
                           "2026-02-28 (Saturday, a make-up working day)\n")
    assert rolled.json()["due"] == "2026-02-24"
    assert reversed_pause.code == 2 and reversed_pause.stdout == ""
    assert reversed_pause.stderr.strip() == (
        "--pause: '2026-02-20:2026-02-19': the resume date must not be before the stop date")
    assert same_day.code == 0, same_day.stderr
    assert json.loads(same_day.stdout)["paused_days"] == 0
    assert json.loads(same_day.stdout)["due"] == "2026-02-21"
