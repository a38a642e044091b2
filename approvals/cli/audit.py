"""`approvals audit verify`: check the whole audit chain and its end against the anchor
(exit 1 naming the first bad event, or the events missing at the end)."""

from __future__ import annotations

import argparse

from approvals.cli import add_data_dir
from approvals.cli.common import command, has_database, session_of
from approvals.domain.errors import CheckFailed
from approvals.services.audit import verify


def register(subparsers: argparse._SubParsersAction) -> None:
    audit = subparsers.add_parser("audit", help="the tamper-evident audit trail")
    add_data_dir(audit)
    sub = audit.add_subparsers(dest="audit_command", metavar="SUBCOMMAND", required=True)
    command(sub, "verify", cmd_verify, help="check the whole audit chain")


def cmd_verify(args: argparse.Namespace) -> int:
    if not has_database(args):  # nothing recorded yet: an empty chain, and nothing created
        print("Audit trail intact: 0 events checked.")
        return 0
    with session_of(args, write=False) as session:
        report = verify(session)
    if not report.ok and report.cut:
        held = (f" (the {report.events_checked} events there are intact)"
                if report.events_checked else "")
        raise CheckFailed(f"audit trail cut: {report.message}{held}")
    if not report.ok:
        raise CheckFailed(
            f"audit trail broken at event {report.first_bad_event}: {report.message} "
            f"({report.events_checked} events read)"
        )
    print(f"Audit trail intact: {report.events_checked} events checked.")
    if report.anchor:
        print(f"Anchor: {report.anchor}.")
    return 0
