"""`approvals audit export --out FILE.csv [--case REF]` and `approvals case export --out
FILE.csv`: the audit trail and the case list as spreadsheets (services.exports).

They are sub-commands of the existing `audit` and `case` groups, added here so that those
modules stay as they are. Bad input (a folder, a missing folder, an unknown case or
action, a data folder without a database) exits 2 with nothing written or created."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from approvals.cli.common import (
    REPLACED,
    case_reference,
    cli_actor,
    command,
    data_dir_of,
    has_database,
    out_path,
    print_json,
    require_case_database,
    session_of,
)
from approvals.domain.errors import InputError, Problem

if TYPE_CHECKING:
    from approvals.services.exports import ExportResult


def _group(subparsers: argparse._SubParsersAction, name: str) -> argparse._SubParsersAction:
    """The sub-command list of an existing group (`audit`, `case`)."""
    parser = subparsers.choices[name]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise LookupError(f"the {name} command has no sub-commands")


def register(subparsers: argparse._SubParsersAction) -> None:
    """`audit export` and `case export`, each where its group is there (a parser of one
    command holds only that group: cli.build_parser)."""
    if "audit" in subparsers.choices:
        _register_audit_export(subparsers)
    if "case" in subparsers.choices:
        _register_case_export(subparsers)


def _register_audit_export(subparsers: argparse._SubParsersAction) -> None:
    audit = command(_group(subparsers, "audit"), "export", cmd_audit_export,
                    help="write the audit trail (all of it, or one case's) to a CSV file "
                         "for a spreadsheet", json=True)
    audit.add_argument("--out", required=True, metavar="FILE.csv", help="the CSV file to write")
    audit.add_argument("--case", metavar="CASE_REF", type=case_reference, help="only this case's events")
    audit.add_argument("--action", action="append", default=[], metavar="ACTION",
                       help="only events of this action, e.g. track.transition (repeatable)")
    audit.add_argument("--filter", metavar="TEXT",
                       help="only events whose cells hold every word of TEXT")


def _register_case_export(subparsers: argparse._SubParsersAction) -> None:
    case = command(_group(subparsers, "case"), "export", cmd_case_export,
                   help="write the case list (reference, target, amount, status, next "
                        "deadline, owner) to a CSV file for a spreadsheet", json=True)
    case.add_argument("--out", required=True, metavar="FILE.csv", help="the CSV file to write")
    case.add_argument("--include-drafts", action="store_true",
                      help="list intake drafts too (as the app's case list does)")
    case.add_argument("--filter", metavar="TEXT",
                      help="only cases whose reference, names, regimes, status or owner "
                           "hold every word of TEXT")


def _no_database(args: argparse.Namespace) -> InputError:
    return InputError(Problem("--data-dir", f"{data_dir_of(args).root} holds no database: "
                                            "nothing has been recorded there to export"))


def _report(args: argparse.Namespace, what: str, result: ExportResult, replaces: bool) -> None:
    rows, path = result.rows, result.path
    if args.json:
        print_json({"file": str(path), "rows": rows})
    elif not rows and result.note:  # "Exported 0 events" read as a failure, or as success
        print(f"{result.note} {path} says so under its column titles.")
    else:
        print(f"Exported {rows} {what}{'' if rows == 1 else 's'} to {path}.")
    if replaces and not args.json:
        print(REPLACED.format(path.name))


def cmd_audit_export(args: argparse.Namespace) -> int:
    from approvals.domain.audit import ACTIONS_CHANGING_CONTENT
    from approvals.services.exports import export_audit_csv

    out = out_path(args.out, args)  # checked before the database is opened
    replaces = out.is_file()
    unknown = [a for a in args.action if a not in ACTIONS_CHANGING_CONTENT]
    if unknown:
        raise InputError([Problem("--action", f"{a!r} is no action the trail records")
                          for a in unknown])
    if args.case is not None:
        require_case_database(args, args.case, what="--case")
    elif not has_database(args):
        raise _no_database(args)
    with session_of(args) as session:
        result = export_audit_csv(session, actor=cli_actor(), out=out,
                                  case_reference=args.case, actions=args.action or None,
                                  text=args.filter)
    _report(args, "event", result, replaces)
    return 0


def cmd_case_export(args: argparse.Namespace) -> int:
    from approvals.services.exports import export_case_list_csv

    out = out_path(args.out, args)
    replaces = out.is_file()
    if not has_database(args):
        raise _no_database(args)
    with session_of(args) as session:
        result = export_case_list_csv(session, actor=cli_actor(), out=out,
                                      include_drafts=args.include_drafts, text=args.filter)
    _report(args, "case", result, replaces)
    return 0
