"""Pasting a schedule into Add published year…: the rows a spreadsheet, a CSV file or the
Chinese notice give are read; a bad row is named by its line, the good ones kept."""

from __future__ import annotations

from datetime import date

import pytest

from approvals.ui.calendars import parse_day_lines


@pytest.mark.parametrize(("line", "days", "name"), [
    ("2027-02-06,Spring Festival", ["2027-02-06"], "Spring Festival"),  # CSV
    ('2027-02-06;"Spring Festival"', ["2027-02-06"], "Spring Festival"),  # CSV, quoted
    ("2027-02-06\tSpring Festival", ["2027-02-06"], "Spring Festival"),  # spreadsheet
    ("2027/2/6 Spring Festival", ["2027-02-06"], "Spring Festival"),
    ("2027年2月6日春节", ["2027-02-06"], "春节"),  # the notice's own form
    ("2027年2月6日至2027年2月8日 春节", ["2027-02-06", "2027-02-07", "2027-02-08"], "春节"),
    ("2027-02-06 - 2027-02-07, Spring Festival", ["2027-02-06", "2027-02-07"],
     "Spring Festival"),
    ("2027-02-06 ~ 2027-02-07", ["2027-02-06", "2027-02-07"], "Holiday"),
])
def test_pasted_rows_are_read(line: str, days: list[str], name: str) -> None:
    parsed, problems = parse_day_lines(line, 2027, "Holiday")
    assert problems == []
    assert [(d.day.isoformat(), d.name) for d in parsed] == [(day, name) for day in days]


def test_each_bad_row_is_named_by_its_line_and_the_rest_kept() -> None:
    parsed, problems = parse_day_lines(
        "date,name\n2027-02-06,Spring Festival\n2027年2月30日 春节\n2027/02/06 again", 2027,
        "Holiday")
    assert [d.day for d in parsed] == [date(2027, 2, 6)]
    assert problems == [
        "line 1: “date,name” does not start with a date (YYYY-MM-DD, or a range "
        "YYYY-MM-DD..YYYY-MM-DD)",
        "line 3: '2027年2月30日' is not a date (February 2027 has no day 30): use YYYY-MM-DD, "
        "e.g. 2026-10-22",
        "line 4: 2027-02-06 is already on line 2",
    ]
