"""`approvals deadline` says "estimated" only where a missing holiday schedule can move the
date: 30 calendar days without --roll into 2040 (no official CN schedule held) count every
day whatever it is, so the due date is not estimated; with --roll the due day, Saturday 14
Jan 2040, was looked at by the estimate, so it is, and names 2040 (not 2039, whose days
were not read). The --json keys are the contract's (cli.md)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import run_many

PERIOD = ("deadline", "--calendar", "CN", "--from", "2039-12-15", "--calendar-days", "30")


def test_calendar_days_without_roll_are_not_estimated(tmp_path: Path) -> None:
    plain, plain_json, rolled, rolled_json = run_many(
        (*PERIOD, "--data-dir", tmp_path),
        (*PERIOD, "--json", "--data-dir", tmp_path),
        (*PERIOD, "--roll", "--data-dir", tmp_path),
        (*PERIOD, "--roll", "--json", "--data-dir", tmp_path),
    )
    for result in (plain, plain_json, rolled, rolled_json):
        assert (result.code, result.stderr) == (0, ""), result.stderr
    assert plain.stdout == ("30 calendar days after 2039-12-15 on the CN calendar: due "
                            "2040-01-14 (Saturday)\n")
    assert json.loads(plain_json.stdout) == {
        "calendar": "CN", "from": "2039-12-15", "due": "2040-01-14", "counted_days": 30,
        "paused_days": 0, "estimated": False, "warnings": []}
    lines = rolled.stdout.splitlines()
    assert lines[0].startswith("30 calendar days after 2039-12-15 on the CN calendar: due "
                               "2040-01-16 (Monday), rolled from 2040-01-14")
    assert [line[:16] for line in lines[1:]] == ["estimated: 2040:"]
    out = json.loads(rolled_json.stdout)
    assert (out["due"], out["estimated"]) == ("2040-01-16", True)
    assert [w[:5] for w in out["warnings"]] == ["2040:"]
