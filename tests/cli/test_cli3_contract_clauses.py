"""Clauses of spec/cli.md that no other test pinned through the real entry point: the
default as-of date of `screen`, and each counting rule of `deadline`, with the JSON types
the contract shows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.cli.helpers import run_cli, run_many
from tests.conftest import EXAMPLES_DIR

# (calendar, from, options, due, counted_days, paused_days): one clause each.
DEADLINE_CLAUSES = (
    # US working days: weekends and federal holidays, the observed day included
    # (4 July 2026 is a Saturday: Friday 3 July is off).
    ("US", "2026-07-01", ("--working-days", "2"), "2026-07-06", 2, 0),
    # CN working days: a make-up working day counts (Sunday 20 September 2026).
    ("CN", "2026-09-18", ("--working-days", "1"), "2026-09-20", 1, 0),
    # The start day is not counted: 0 working days is the start day itself.
    ("US", "2026-03-02", ("--working-days", "0"), "2026-03-02", 0, 0),
    # Calendar days end where they end, on a holiday too (Friday 2 October, National Day)...
    ("CN", "2026-09-27", ("--calendar-days", "5"), "2026-10-02", 5, 0),
    # ... and with --roll move on to the next working day.
    ("CN", "2026-09-27", ("--calendar-days", "5", "--roll"), "2026-10-08", 5, 0),
    # STOP < d <= RESUME is not counted: 5 March counts, 6 and 7 March do not.
    ("US", "2026-03-02", ("--calendar-days", "10", "--pause", "2026-03-05:2026-03-07"),
     "2026-03-14", 10, 2),
    ("US", "2026-03-02", ("--calendar-days", "10", "--pause", "2026-03-05:2026-03-06",
                          "--pause", "2026-03-09:2026-03-10"), "2026-03-14", 10, 2),
)


def test_each_counting_rule_of_deadline_and_its_json_types() -> None:
    results = run_many(*(("deadline", "--calendar", calendar, "--from", start, *options, "--json")
                         for calendar, start, options, *_ in DEADLINE_CLAUSES))
    for clause, result in zip(DEADLINE_CLAUSES, results, strict=True):
        calendar, start, _options, due, counted, paused = clause
        assert (result.code, result.stderr) == (0, ""), (clause, result.stderr)
        assert result.json() == {"calendar": calendar, "from": start, "due": due,
                                 "counted_days": counted, "paused_days": paused,
                                 "estimated": False, "warnings": []}, clause


def test_screen_without_as_of_screens_on_today() -> None:
    before = date.today().isoformat()
    (result,) = run_many(("screen", EXAMPLES_DIR / "frontier-lab.json", "--json"))
    after = date.today().isoformat()
    assert result.code == 0, result.stderr
    assert result.json()["as_of"] in {before, after}


def test_a_device_given_as_a_json_file_is_refused_and_a_pipe_is_read(tmp_path: Path) -> None:
    """/dev/zero as FACTS.json was read without end (the memory filling up), a terminal
    waited for input; any device is refused (here /dev/null, which a regression would read
    as an empty file rather than without end). A pipe on /dev/stdin is how a script hands
    facts over without a file, and is read."""
    data = tmp_path / "data"
    refusals = run_many(("case", "import", "/dev/null", "--json", "--data-dir", data),
                        ("screen", "/dev/null", "--json"),
                        ("filing", "particulars", "/dev/null", "--data-dir", data))
    for result in refusals:
        assert (result.code, result.stdout) == (2, ""), result
        assert result.stderr == ("/dev/null: is a device, not a JSON file; give a file, or "
                                 "/dev/stdin with the JSON piped in\n")
    assert not data.exists()
    facts = (EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8")
    piped = run_cli("screen", "/dev/stdin", "--as-of", "2026-12-01", "--json", stdin=facts)
    assert piped.code == 0, piped.stderr
    assert piped.json()["as_of"] == "2026-12-01"


def test_case_list_on_a_folder_without_a_database_names_the_folder(tmp_path: Path) -> None:
    """A mistyped --data-dir said "No cases yet", as an office without cases would; the
    plain list names the folder it looked at (as `user list` does), the JSON stays the
    contract's empty list, and nothing is created."""
    data = tmp_path / "mistyped"
    plain, as_json = run_many(("case", "list", "--data-dir", data),
                              ("case", "list", "--json", "--data-dir", data))
    assert plain.stdout == (f"No cases yet. {data} holds no Approvals database (is the data "
                            "folder right?). Create one with `approvals case import FACTS.json` "
                            "or `approvals demo`.\n")
    assert as_json.json() == {"cases": []}
    assert not data.exists()
