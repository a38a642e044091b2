"""`approvals deadline`: statutory clock arithmetic on the CN or US calendar.

Uses the shipped holiday schedules plus the officer's overrides when a database already
exists in the data folder; it never creates one (pure arithmetic needs no data folder).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from approvals.cli import examples
from approvals.cli.common import (
    command,
    data_dir_of,
    has_database,
    print_json,
    whole_number,
)
from approvals.domain.errors import InputError, Problem

if TYPE_CHECKING:
    from approvals.domain.calendars import Calendar


def register(subparsers: argparse._SubParsersAction) -> None:
    p = command(subparsers, "deadline", cmd_deadline, help="statutory clock arithmetic", json=True)
    p.description = (
        "The due date of a statutory period: N working or calendar days after DATE, on the "
        "Chinese or US calendar (holiday schedules as shipped, plus the official schedules "
        "entered in the data folder's database, if there is one)."
    )
    # The calendars (and clocks) are imported when `deadline` runs, not whenever the
    # parser of every command is built (tens of ms of each command's start).
    # The calendar and the counts are checked with --from and --pause (cmd_deadline), not
    # by argparse, which stopped at the first bad one: every problem is said at once. So is
    # an option left out (argparse's "required" said it alone, and the rest next time).
    p.add_argument("--calendar", metavar="{CN,US}",
                   help="CN: State Council schedule with make-up working days; US: weekends "
                        "and federal holidays (observed days)")
    p.add_argument("--from", dest="start", metavar="DATE",
                   help="the day the period starts from (not counted), YYYY-MM-DD")
    p.add_argument("--working-days", metavar="N",
                   help="due on the Nth working day after DATE (or --calendar-days)")
    p.add_argument("--calendar-days", metavar="N",
                   help="due on the Nth calendar day after DATE (or --working-days)")
    p.add_argument("--roll", action="store_true",
                   help="move a due date that is not a working day to the next working day")
    p.add_argument("--pause", action="append", default=[], metavar="STOP:RESUME",
                   help="the clock stops on STOP and resumes on RESUME: the days after STOP up "
                        "to and including RESUME are not counted (repeatable)")
    # As the contract writes it: argparse's own showed --pause without "...".
    p.usage = ("%(prog)s --calendar CN|US --from DATE (--working-days N | --calendar-days N)"
               " [--roll] [--pause STOP:RESUME]... [--json] [--data-dir DIR]")
    p.epilog = examples(
        "approvals deadline --calendar CN --from 2026-09-24 --working-days 15",
        "approvals deadline --calendar US --from 2026-09-24 --calendar-days 30 --roll --json",
        "approvals deadline --calendar CN --from 2026-09-24 --working-days 30 "
        "--pause 2026-10-09:2026-10-20")


def _calendar(args: argparse.Namespace, code: str) -> Calendar:
    """Shipped data plus overrides from an existing database; no database is created."""
    from approvals.domain.calendars import build_calendar

    data_dir = data_dir_of(args)
    if not has_database(args):
        return build_calendar(code)
    from approvals.paths import read_only_reason
    from approvals.services.workflow import calendar_for
    from approvals.store.migrate import open_database, open_read_only

    why = read_only_reason(data_dir.root)  # an auditor's read-only copy: read, write nothing
    db = open_read_only(data_dir, why) if why is not None else open_database(data_dir)
    try:
        with db.read_session() as session:
            return calendar_for(session, code)
    finally:
        db.dispose()


def cmd_deadline(args: argparse.Namespace) -> int:
    from approvals.domain.calendars import CALENDAR_CODES
    from approvals.domain.clocks import MAX_DAYS, compute_deadline, parse_pause, unit_words
    from approvals.domain.dates import parse_date
    from approvals.domain.typed_input import quoted

    problems = []
    code = (args.calendar or "").strip().upper()
    if args.calendar is None:
        problems.append(Problem("--calendar", f"required: {' or '.join(CALENDAR_CODES)}"))
    elif code not in CALENDAR_CODES:
        problems.append(Problem("--calendar", f"{quoted(args.calendar)} is not a calendar here: "
                                f"choose {' or '.join(CALENDAR_CODES)}"))
    if args.start is None:
        problems.append(Problem("--from", "required: the day the period starts from, YYYY-MM-DD"))
    else:
        try:
            start = parse_date(args.start, "--from")
        except InputError as exc:
            problems += exc.problems
    pauses = []
    for value in args.pause:
        if any(not part.strip() for part in value.split(":")):  # "STOP:" or ":RESUME"
            problems.append(Problem("--pause", f"{quoted(value)} is not STOP:RESUME (give both dates, YYYY-MM-DD)"))
            continue
        try:  # each date's own fault is said as --from's is (parse_date)
            pauses.append(parse_pause(value))
        except InputError as exc:
            problems += exc.problems
    unit, option = ("working", "--working-days") if args.working_days is not None else (
        "calendar", "--calendar-days")
    typed = args.working_days if args.working_days is not None else args.calendar_days
    if args.working_days is not None and args.calendar_days is not None:
        problems.append(Problem("--calendar-days", "give --working-days or --calendar-days, "
                                                   "not both"))
    if typed is None:
        problems.append(Problem("--working-days", "required, or --calendar-days: the number "
                                                  "of days of the period"))
    else:
        try:
            days = whole_number(typed)
        except argparse.ArgumentTypeError as exc:
            problems.append(Problem(option, str(exc)))
        else:
            if days < 0:
                problems.append(Problem(option, f"{days} must be 0 or more"))
            elif days > MAX_DAYS:
                problems.append(Problem(option, f"{days} is more than {MAX_DAYS} days"))
    if problems:
        raise InputError(problems)
    calendar = _calendar(args, code)
    try:
        deadline = compute_deadline(calendar, start, days, unit, roll=args.roll, pauses=pauses)
    except InputError as exc:  # the domain names its argument; the user typed --from
        # A due date past the calendar's end may be the pauses' doing, not the start's.
        paused = " (the --pause days added)" if pauses else ""
        raise InputError(
            [Problem("--from", p.message + paused) if p.path == "from" else p
             for p in exc.problems]
        ) from None
    assert deadline.due is not None  # every CLI pause has a resume date
    # A stop that resumes on or before --from stops no day of the period (STOP < d <=
    # RESUME, and counting starts the day after --from): the due date is right without
    # it, but it was dropped without a word, and a STOP:RESUME typed with a wrong year
    # went unseen. Said on stderr: stdout and the exit code are the
    # contract's.
    # Nor does one that stops on or after the due date: the period has run by then (the
    # track view says the same of materials requested with no day left).
    for value, pause in zip(args.pause, pauses, strict=True):
        if pause.resume is not None and pause.resume <= start:
            print(f"note: --pause {value} ends on or before --from {start.isoformat()}; it "
                  "stops no day of this period and was not counted", file=sys.stderr)
        elif pause.stop >= (ended := deadline.unrolled_due or deadline.due):
            # (The period's own last day, before a roll to the next working day.)
            print(f"note: --pause {value} starts on or after the period's last day "
                  f"{ended.isoformat()}; the period had run by then, so it stops no "
                  "day of it and was not counted", file=sys.stderr)
    if args.json:
        print_json(
            {
                "calendar": deadline.calendar,
                "from": start.isoformat(),
                "due": deadline.due.isoformat(),
                "counted_days": deadline.counted_days,
                "paused_days": deadline.paused_days,
                "estimated": deadline.estimated,
                "warnings": deadline.warnings,
            }
        )
        return 0
    # Every date as typed and as --json writes it (YYYY-MM-DD): "after 24 Sep 2026 ... due
    # 2026-10-22" read as two ways of writing dates in one line.
    weekday = deadline.due.strftime("%A")
    if deadline.due.weekday() in calendar.weekend and calendar.is_working_day(deadline.due):
        # A Saturday due date looked like a miscount to an officer checking by hand.
        weekday += ", a make-up working day"
    line = (f"{unit_words(unit, days)} after {start.isoformat()} on the {deadline.calendar} "
            f"calendar: due {deadline.due.isoformat()} ({weekday})")
    if deadline.unrolled_due:
        # Why, as the app's clock line says it (clocks.describe): the officer checking
        # the roll by hand need not look the day up.
        why = f" ({deadline.unrolled_why})" if deadline.unrolled_why else ""
        line += (f", rolled from {deadline.unrolled_due.isoformat()}, not a working "
                 f"day{why}")
    if deadline.paused_days:
        # In the app's words (clocks.describe), in the period's unit: "8 paused days" did
        # not say whether they were working or calendar days, nor why they were paused.
        line += (f"; {unit_words(unit, deadline.paused_days)} not counted while the clock "
                 "was stopped")
    print(line)
    for warning in deadline.warnings:
        print(f"estimated: {warning}")
    return 0
