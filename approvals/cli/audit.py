"""`approvals audit verify`: check the whole audit chain and its end against the anchor
(exit 1 naming the first bad event, or the events missing at the end), then every stored
document against its recorded SHA-256 (exit 1 naming each bad one)."""

from __future__ import annotations

import argparse

from approvals.cli import add_data_dir
from approvals.cli.common import command, has_database, session_of
from approvals.domain.errors import CheckFailed


def register(subparsers: argparse._SubParsersAction) -> None:
    audit = subparsers.add_parser("audit", help="the tamper-evident audit trail")
    add_data_dir(audit)
    sub = audit.add_subparsers(dest="audit_command", metavar="SUBCOMMAND", required=True)
    command(sub, "verify", cmd_verify,
            help="check the whole audit chain and the stored documents' SHA-256")


def cmd_verify(args: argparse.Namespace) -> int:
    from approvals.services.audit import verify

    if not has_database(args):  # nothing recorded yet: an empty chain, and nothing created
        print("Audit trail intact: 0 events checked.")
        return 0
    with session_of(args, write=False) as session:
        report = verify(session)
    # The chain's lines are said as before; the documents' follow them (a broken chain
    # and bad documents are both reported).
    if not report.chain_ok:
        raise CheckFailed("\n".join([report.summary, *report.document_lines]))
    print(report.summary)
    if report.anchor_line:
        print(report.anchor_line)
    if not report.ok:
        raise CheckFailed("\n".join(report.document_lines))
    for line in report.document_lines:
        print(line)
    return 0
