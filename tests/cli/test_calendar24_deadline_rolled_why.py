"""`approvals deadline --roll` says why the Nth day was not a working day, as the app's clock
line does ("day 1 is 1 Oct 2026, not a working day (National Day)"): "rolled from
2026-10-01" alone left the officer checking it by hand to look the day up. The --json
object is the contract's and stays as it is."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import run_many


def test_the_rolled_from_day_is_named(tmp_path: Path) -> None:
    national, weekend, us, plain_json = run_many(
        ("deadline", "--calendar", "CN", "--from", "2026-09-30", "--calendar-days", "1",
         "--roll", "--data-dir", tmp_path),
        ("deadline", "--calendar", "CN", "--from", "2026-11-20", "--calendar-days", "1",
         "--roll", "--data-dir", tmp_path),
        ("deadline", "--calendar", "US", "--from", "2026-06-04", "--calendar-days", "30",
         "--roll", "--data-dir", tmp_path),
        ("deadline", "--calendar", "CN", "--from", "2026-09-30", "--calendar-days", "1",
         "--roll", "--json", "--data-dir", tmp_path),
    )
    assert national.stdout == ("1 calendar day after 2026-09-30 on the CN calendar: due "
                               "2026-10-08 (Thursday), rolled from 2026-10-01, not a working "
                               "day (National Day)\n"), national.stderr
    assert weekend.stdout.endswith("due 2026-11-23 (Monday), rolled from 2026-11-21, not a "
                                   "working day (weekend)\n"), weekend.stderr
    assert us.stdout.endswith("due 2026-07-06 (Monday), rolled from 2026-07-04, not a working "
                              "day (Independence Day)\n"), us.stderr
    assert "National Day" not in plain_json.stdout  # the contract's keys only
