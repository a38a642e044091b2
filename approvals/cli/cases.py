"""`approvals demo`, `approvals case import`, `approvals case list`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from approvals.cli import add_data_dir, examples
from approvals.cli.common import (
    cli_actor,
    command,
    data_dir_of,
    has_database,
    print_json,
    read_facts_file,
    session_of,
    table_lines,
)

# The cases an import warning names before "and N more".
SAME_SHOWN = 5


def register(subparsers: argparse._SubParsersAction) -> None:
    command(subparsers, "demo", cmd_demo, help="load the demo cases (idempotent)")

    case = subparsers.add_parser("case", help="create, list and export cases")
    add_data_dir(case)
    case_sub = case.add_subparsers(dest="case_command", metavar="SUBCOMMAND", required=True)

    imp = command(case_sub, "import", cmd_import, help="create a case from a facts JSON file")
    imp.add_argument("facts", metavar="FACTS.json", help="the case's facts (facts.schema.json)")
    imp.add_argument("--json", action="store_true", help="print the reference as JSON")
    imp.epilog = examples("approvals case import facts.json",
                          "approvals case import facts.json --json --data-dir /srv/approvals")

    command(case_sub, "list", cmd_list, help="the cases, with status and next deadline", json=True)


def cmd_demo(args: argparse.Namespace) -> int:
    from approvals.services.demo import load_demo

    with session_of(args) as session:
        result = load_demo(session, actor=cli_actor())
    print(f"Loaded {len(result.created)} demo cases ({result.skipped} already present).")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from approvals.domain.consistency import facts_to_check
    from approvals.services.cases import SAME_PARTIES, cases_of_the_same_deal, import_case

    # Bad JSON or facts fail before the database is touched: no data folder or database
    # is created for them.
    data, facts = read_facts_file(args.facts)
    with session_of(args) as session:
        same = cases_of_the_same_deal(session, facts)
        case = import_case(session, data=data, actor=cli_actor())
    if args.json:
        print_json({"reference": case.reference})
    else:
        print(case.reference)
    # Facts each valid but contradicting each other, or a figure finer than its currency
    # (the wizard holds Next on them): the case is created as the file says, and stderr
    # says what to correct (stdout stays the reference alone).
    for problem in facts_to_check(data):
        print(f"warning: {problem} ({case.reference} holds it as the file gave it: "
              "correct it in the case's facts)", file=sys.stderr)
    # A file imported twice: the contract makes the case all the same; stderr says which
    # case already held these facts, so the copy is closed before it is filed twice.
    if same:
        subject = "the same facts are" if same[0].whole else "t" + SAME_PARTIES[1:]
        # The first few by name (a file imported fifty times made a line of fifty).
        shown = ", ".join(s.words for s in same[:SAME_SHOWN]) + (
            f" and {len(same) - SAME_SHOWN} more" if len(same) > SAME_SHOWN else "")
        print(f"warning: {subject} already in {shown}; "
              f"{case.reference} is another case of them (if that was not meant, close it "
              "in the app: Case → Close case…)", file=sys.stderr)
    return 0


def _deadline_text(row: Any) -> str:
    """`2026-12-14`, marked "(overdue)" once past (today, on this computer's clock) and
    "(estimated)" when counted through a year without an official holiday schedule."""
    if not row.next_deadline:
        return "—"
    marks = [m for m, applies in (("overdue", row.next_deadline < date.today().isoformat()),
                                  ("estimated", row.next_deadline_estimated)) if applies]
    return row.next_deadline + "".join(f" ({m})" for m in marks)


def status_code(status: str, worst_state: str) -> str:
    """`case list --json`'s status: the least advanced open track's state code, or the
    case's own status when it has none open: an open case whose tracks were all withdrawn
    (reopened after closing) or all closed after their decisions is "open", not
    "withdrawn" or "closed" (which read as the case's own)."""
    from approvals.services.cases import TRACKS_CLOSED, TRACKS_WITHDRAWN

    return status if worst_state in ("", TRACKS_WITHDRAWN, TRACKS_CLOSED) else worst_state


def cmd_list(args: argparse.Namespace) -> int:
    from approvals.domain.identifiers import reference_order
    from approvals.services.cases import list_cases, status_text

    no_database = not has_database(args)
    if no_database:  # listing must not create the database it looks at
        rows = []
    else:
        with session_of(args, write=False) as session:
            # By number: as text, AP-2026-10000 came before AP-2026-9999.
            rows = sorted(list_cases(session, include_drafts=False),
                          key=lambda r: reference_order(r.reference))
    if args.json:
        print_json(
            {
                "cases": [
                    {
                        "reference": r.reference,
                        "target": r.target,
                        "investor": r.investor,
                        "status": status_code(r.status, r.worst_state),
                        "next_deadline": r.next_deadline,
                    }
                    for r in rows
                ]
            }
        )
        return 0
    if not rows:
        # Which folder was looked at: a mistyped --data-dir read as an office with no cases
        # (as `user list` says it).
        where = (f" {data_dir_of(args).root} holds no Approvals database (is the data folder "
                 "right?)." if no_database else "")
        print(f"No cases yet.{where} Create one with `approvals case import FACTS.json` or "
              "`approvals demo`.")
        return 0
    header = ("Reference", "Target", "Investor", "Status", "Next deadline")
    # The status in the app's words ("General review", "Assessment (blocked: Export
    # refused)"); --json keeps the state code, its contract.
    table = [header] + [
        (r.reference, r.target, r.investor, status_text(r.status, r.worst_state, r.blocked),
         _deadline_text(r))
        for r in rows
    ]
    # The status is never cut: its blocking part comes last.
    print("\n".join(table_lines(table, caps=(40, 40, 40, 60, 40))))
    return 0
