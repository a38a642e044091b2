"""`approvals filing render CASE_REF --kind KIND --out FILE.pdf [--final] [--regime R]` and
`approvals filing particulars [CASE_REF] FILE.json` (the filer's representative etc.)."""

from __future__ import annotations

import argparse
import importlib
import sys

from approvals.cli import add_data_dir
from approvals.cli.common import (
    LazyChoices,
    cli_actor,
    command,
    out_path,
    read_json_file,
    require_case_database,
    session_of,
)
from approvals.domain.errors import InputError, Problem
from approvals.domain.field_labels import fact_label
from approvals.domain.numbers import counted


def register(subparsers: argparse._SubParsersAction) -> None:
    filing = subparsers.add_parser("filing", help="render filing PDFs")
    add_data_dir(filing)
    sub = filing.add_subparsers(dest="filing_command", metavar="SUBCOMMAND", required=True)

    render = command(sub, "render", cmd_render, help="render a filing PDF of a case")
    render.add_argument("reference", metavar="CASE_REF", help="the case reference, e.g. AP-2026-0001")
    # A metavar keeps argparse from listing the kinds (importing the PDF layer) while the
    # parser is built; %(choices)s lists them when the help is printed.
    render.add_argument("--kind", required=True, metavar="KIND", help="filing kind: %(choices)s",
                        choices=LazyChoices(lambda: sorted(importlib.import_module("approvals.filings").KINDS)))
    render.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the PDF")
    render.add_argument("--final", action="store_true",
                        help="render the final (refused while facts are missing or the track is "
                             "not approved for filing) and store it with the case")
    render.add_argument("--regime", metavar="REGIME",
                        help="only this track (e.g. CN-FISR) in a cn-application")

    particulars = sub.add_parser(
        "particulars",
        help="set filing particulars from JSON: representative, us_person (US notification); "
             "applicant, foreign_investor (Chinese application)")
    particulars.add_argument("file", metavar="FILE.json")
    particulars.add_argument("--case", metavar="CASE_REF",
                             help="for this case only (default: for every case)")
    add_data_dir(particulars)
    particulars.set_defaults(handler=cmd_particulars)


def cmd_render(args: argparse.Namespace) -> int:
    from approvals.services.filings import render_filing
    from approvals.store.files import write_atomically

    out = out_path(args.out, args)  # checked first: a final must not be stored for nothing
    require_case_database(args, args.reference)
    with session_of(args, write=args.final) as session:  # only a final is stored
        try:
            rendered = render_filing(session=session, reference=args.reference, kind=args.kind,
                                     actor=cli_actor(), final=args.final, regime=args.regime)
        except InputError as exc:  # the service names its argument; the user typed --regime
            raise InputError([Problem("--regime", p.message) if p.path == "regime" else p
                              for p in exc.problems]) from None
        # A final's file replaces `out` only when the final is stored (its unit of work
        # commits): should either fail, the other does not happen and `out` stays as it was.
        write_atomically(out, rendered.pdf, session=session if args.final else None)
    status = "final, stored with the case" if rendered.final else "draft"
    print(f"Wrote {out} ({rendered.kind}, {status}, {rendered.page_count} pages, "
          f"fingerprint {rendered.fingerprint}).")
    if rendered.missing:
        print(f"{counted(len(rendered.missing), 'missing field')}, listed on page 1:", file=sys.stderr)
        # The path first, as scripts read it; then the field's name, as page 1 gives it.
        for path in rendered.missing:
            name = fact_label(path)
            print(f"  {path}" + (f" — {name}" if name != path else ""), file=sys.stderr)
    return 0


def cmd_particulars(args: argparse.Namespace) -> int:
    from approvals.services.filings import check_filing_particulars, set_filing_particulars

    data = read_json_file(args.file)
    check_filing_particulars(data)  # bad input creates no data folder (exit 2 writes nothing)
    if args.case is not None:
        require_case_database(args, args.case, what="--case")
    with session_of(args) as session:
        stored = set_filing_particulars(session=session, actor=cli_actor(), values=data,
                                        reference=args.case)
    fields = sum(len(v) for v in stored.values())
    print(f"Stored {counted(fields, 'filing particular')} "
          + (f"for {args.case}." if args.case else "for every case."))
    return 0
