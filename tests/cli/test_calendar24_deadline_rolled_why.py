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


def test_a_weekend_day_within_a_holiday_period_names_the_festival(tmp_path: Path) -> None:
    """2026-10-04 is a Sunday within National Day's 1–7 October: "(weekend)" read as an
    ordinary Sunday. A day off given for a make-up day names no festival (2026-02-22 lies
    between two of them and the Spring Festival). A US weekend beside a federal holiday
    stays a weekend: its holidays are not announced as periods."""
    national, spring, us = run_many(
        ("deadline", "--calendar", "CN", "--from", "2026-09-27", "--calendar-days", "7",
         "--roll", "--data-dir", tmp_path),
        ("deadline", "--calendar", "CN", "--from", "2026-02-10", "--calendar-days", "12",
         "--roll", "--data-dir", tmp_path),
        ("deadline", "--calendar", "US", "--from", "2026-06-04", "--calendar-days", "31",
         "--roll", "--data-dir", tmp_path),
    )
    assert national.stdout.endswith("due 2026-10-08 (Thursday), rolled from 2026-10-04, not a "
                                    "working day (weekend, within the National Day holiday)\n")
    assert spring.stdout.endswith(
        "due 2026-02-24 (Tuesday), rolled from 2026-02-22, not a working day (weekend, within "
        "the Chinese New Year (Spring Festival) holiday)\n"), spring.stdout
    assert us.stdout.endswith("rolled from 2026-07-05, not a working day (weekend)\n"), us.stdout


def test_a_year_before_1000_is_written_as_its_dates_write_it(tmp_path: Path) -> None:
    (early,) = run_many(("deadline", "--calendar", "CN", "--from", "0001-01-01",
                         "--working-days", "3", "--data-dir", tmp_path),)
    assert early.code == 0 and "due 0001-01-04" in early.stdout, early
    assert early.stdout.splitlines()[1].startswith(
        "estimated: 0001: no official CN holiday schedule is held; days in 0001 are "
        "estimated"), early.stdout


def test_the_eve_of_the_spring_festival_is_in_its_period(tmp_path: Path) -> None:
    """2026-02-15 is the Sunday before New Year's Eve (16 Feb): the State Council's notice
    gives one Spring Festival period (2月15日至23日), not a New Year's Eve holiday."""
    (eve,) = run_many(("deadline", "--calendar", "CN", "--from", "2026-02-10",
                       "--calendar-days", "5", "--roll", "--data-dir", tmp_path),)
    assert eve.stdout.endswith(
        "rolled from 2026-02-15, not a working day (weekend, within the Chinese New Year "
        "(Spring Festival) holiday)\n"), eve.stdout


def test_a_due_date_on_a_make_up_saturday_says_why_it_is_a_working_day(
        tmp_path: Path) -> None:
    makeup, plain, us = run_many(
        ("deadline", "--calendar", "CN", "--from", "2026-10-03", "--working-days", "3",
         "--data-dir", tmp_path),
        ("deadline", "--calendar", "CN", "--from", "2026-10-12", "--working-days", "3",
         "--data-dir", tmp_path),
        ("deadline", "--calendar", "US", "--from", "2026-10-03", "--calendar-days", "7",
         "--data-dir", tmp_path),
    )
    assert makeup.stdout == ("3 working days after 2026-10-03 on the CN calendar: due "
                             "2026-10-10 (Saturday, a make-up working day)\n"), makeup.stdout
    assert plain.stdout.endswith("due 2026-10-15 (Thursday)\n"), plain.stdout
    assert us.stdout.endswith("due 2026-10-10 (Saturday)\n"), us.stdout
