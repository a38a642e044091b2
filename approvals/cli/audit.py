"""`approvals audit verify`: check the database file with SQLite's quick_check (exit 1 if
it is damaged), the whole audit chain and its end against the anchor (exit 1 naming the
first bad event, or the events missing at the end), then every stored document against its
recorded SHA-256 (exit 1 naming each bad one).

Other commands open the database with the cheap checks only (store.migrate), so `case
list` on a large installation does not read the whole file first; this command vouches for
the records, so it checks the file under them too."""

from __future__ import annotations

import argparse

from approvals.cli import EXIT_CHECK_FAILED, add_data_dir, report
from approvals.cli.common import command, data_dir_of, has_database, session_of
from approvals.domain.errors import CheckFailed


def register(subparsers: argparse._SubParsersAction) -> None:
    audit = subparsers.add_parser("audit", help="the tamper-evident audit trail: verify it, export it")
    add_data_dir(audit)
    sub = audit.add_subparsers(dest="audit_command", metavar="SUBCOMMAND", required=True)
    command(sub, "verify", cmd_verify,
            help="check the whole audit chain and the stored documents' SHA-256")


def cmd_verify(args: argparse.Namespace) -> int:
    from approvals.services.audit import verify
    from approvals.store.db import DATABASE
    from approvals.store.migrate import integrity_problem

    if not has_database(args):  # nothing recorded yet: an empty chain, and nothing created
        # Which folder was looked at, as `case list` says it: a mistyped --data-dir (a
        # scheduled check's) read as a trail checked and found intact.
        print(f"Audit trail intact: 0 events checked. {data_dir_of(args).root} holds no "
              "Approvals database (is the data folder right?).")
        return 0
    with session_of(args, write=False) as session:
        database = data_dir_of(args)
        opened = session.info.get(DATABASE)  # a read-only folder's file is read as opened
        problem = integrity_problem(database.database, uri=getattr(opened, "read_only_uri", None))
        if problem:  # the chain's own check would stop on the first damaged page anyway
            raise CheckFailed(
                f"The database {database.database} failed SQLite's integrity check "
                f"({problem}); its records cannot be vouched for. Restore a backup from "
                f"{database.backups} (approvals restore FILE).")
        verified = verify(session)
    # The chain's lines first, then the documents' and the records' (a broken chain and
    # bad documents are both reported): each check's lines on standard output when it
    # passed, on standard error when it failed, so that a script reading standard error
    # as "the problems" reads no passing check among them.
    # (Flushed as said: through `2>&1` the lines keep their order.)
    if verified.chain_ok:
        print(verified.summary, flush=True)
        if verified.anchor_line:
            print(verified.anchor_line, flush=True)
    else:
        report(verified.summary)
    for passed, lines in ((verified.documents is None or verified.documents.ok, verified.document_lines),
                          (verified.records is None or verified.records.ok, verified.record_lines)):
        for line in lines:
            if passed:
                print(line, flush=True)
            else:
                report(line)
    return 0 if verified.ok else EXIT_CHECK_FAILED
