"""`approvals filing render CASE_REF --kind KIND --out FILE.pdf [--final] [--regime R]`,
`approvals filing particulars FILE.json [--case CASE_REF]` (the filer's representative etc.) and
`approvals filing check FILE.pdf | --reference REF --kind KIND --fingerprint HEX [--json]`
(is this the filing the case holds, and is it still current?)."""

from __future__ import annotations

import argparse
import hashlib
import importlib
import sys
from typing import Any

from approvals.cli import add_data_dir, examples
from approvals.cli.common import (
    REPLACED,
    LazyChoices,
    case_reference,
    cli_actor,
    command,
    has_database,
    in_path,
    out_path,
    print_json,
    read_json_file,
    require_case_database,
    session_of,
)
from approvals.domain.errors import InputError, NotFound, Problem
from approvals.domain.numbers import counted


def register(subparsers: argparse._SubParsersAction) -> None:
    filing = subparsers.add_parser("filing", help="render filing PDFs, check a filing, set the filing particulars")
    add_data_dir(filing)
    sub = filing.add_subparsers(dest="filing_command", metavar="SUBCOMMAND", required=True)

    render = command(sub, "render", cmd_render, help="render a filing PDF of a case")
    render.add_argument("reference", metavar="CASE_REF", type=case_reference, help="the case reference, e.g. AP-2026-0001")
    # A metavar keeps argparse from listing the kinds (importing the PDF layer) while the
    # parser is built; %(choices)s lists them when the help is printed.
    render.add_argument("--kind", required=True, metavar="KIND", help="filing kind: %(choices)s",
                        choices=LazyChoices(lambda: sorted(importlib.import_module("approvals.filings").KINDS)))
    render.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the PDF")
    render.add_argument("--final", action="store_true",
                        help="render the final (refused while facts are missing or the track is "
                             "not approved for filing) and store it with the case")
    # A regime's code in any case (cn-fisr, as --kind is written), as the rulebook spells it.
    render.add_argument("--regime", metavar="REGIME", type=lambda code: code.strip().upper(),
                        help="only this regime's track (e.g. CN-FISR): a cn-application for "
                             "one Chinese track, a status report of one track's history")
    render.epilog = examples(
        "approvals filing render AP-2026-0002 --kind us-notification --out notification.pdf",
        "approvals filing render AP-2026-0002 --kind cn-application --regime CN-FISR --final "
        "--out application.pdf")

    check = command(sub, "check", cmd_check, json=True,
                    help="check a filing PDF, or a paper copy's footer, against the case it "
                         "names: exit 0 when it is a stored final or the case's current "
                         "content, or was made by another version of the app from a case "
                         "unchanged since; 1 otherwise")
    check.add_argument("file", metavar="FILE.pdf", nargs="?", help="the PDF to check")
    check.add_argument("--reference", metavar="CASE_REF", type=case_reference,
                       help="a paper copy: the case reference printed at the top of each page")
    check.add_argument("--kind", metavar="KIND",
                       help="a paper copy: the filing kind (cn-application, us-notification, "
                            "status-report)")
    check.add_argument("--fingerprint", metavar="HEX",
                       help="a paper copy: the fingerprint printed in the footer, at least its "
                            "first 16 hex digits (spaces are ignored)")
    check.add_argument("--generated", metavar="TIME",
                       help="a paper copy: the generation time printed in the footer "
                            "(e.g. '2026-11-29 22:41:55 UTC'), to list the changes since")

    particulars = sub.add_parser(
        "particulars",
        help="set filing particulars from JSON: representative, us_person (US notification); "
             "applicant, foreign_investor (Chinese application)")
    particulars.add_argument("file", metavar="FILE.json",
                             help="a JSON object of sections (representative, us_person, "
                                  "applicant, foreign_investor), each of field names and values")
    particulars.add_argument("--case", metavar="CASE_REF", type=case_reference,
                             help="for this case only (default: for every case)")
    add_data_dir(particulars)
    particulars.set_defaults(handler=cmd_particulars)


def cmd_render(args: argparse.Namespace) -> int:
    from approvals.services.filings import STAGE_WORDS, render_filing, save_filing_pdf

    if args.regime == "":  # (an unset shell variable) said, not "has no  track"
        raise InputError(Problem("--regime", "is empty; give a regime's code, e.g. CN-FISR"))
    out = out_path(args.out, args)  # checked first: a final must not be stored for nothing
    replaces = out.is_file()
    require_case_database(args, args.reference)
    actor = cli_actor()
    with session_of(args) as session:  # one unit of work: a final stored, the file recorded
        try:
            rendered = render_filing(session=session, reference=args.reference, kind=args.kind,
                                     actor=actor, final=args.final, regime=args.regime)
        except InputError as exc:  # the service names its argument; the user typed --regime
            raise InputError([Problem("--regime", p.message) if p.path == "regime" else p
                              for p in exc.problems]) from None
        # Written and recorded (`filing.saved`) as the app's Save as… does, draft or final:
        # `out` is replaced only when the unit of work commits, so should either fail, the
        # other does not happen and `out` stays as it was.
        save_filing_pdf(session, actor=actor, rendered=rendered, out=out, regime=args.regime)
    # What was written, as its footer says: a rendering without --final whose tracks are all
    # approved for filing has no DRAFT watermark and is a preview of the final.
    status = STAGE_WORDS[rendered.stage]
    print(f"Wrote {out} ({rendered.kind}, {status}, {rendered.page_count} pages, "
          f"fingerprint {rendered.fingerprint}).")
    if replaces:
        print(REPLACED.format(out.name))
    if rendered.missing_named:
        print(f"{counted(len(rendered.missing_named), 'missing field')}, listed on page 1:",
              file=sys.stderr)
        # The path first, as scripts read it; then the field's name, as page 1 gives it.
        for path, name in rendered.missing_named:
            print(f"  {path}" + (f" — {name}" if name and name != path else ""), file=sys.stderr)
    return 0


def cmd_particulars(args: argparse.Namespace) -> int:
    from approvals.services.filings import check_filing_particulars, set_filing_particulars

    try:
        data = read_json_file(args.file, "FILE.json", "the particulars file")
    except InputError as exc:  # a key given twice: at its particulars path, as the others
        raise InputError([p if p.path == "FILE.json" or p.path.startswith(
            (str(args.file), "particulars", "(")) else Problem(f"particulars.{p.path}", p.message)
            for p in exc.problems]) from None
    check_filing_particulars(data)  # bad input creates no data folder (exit 2 writes nothing)
    if args.case is not None:
        require_case_database(args, args.case, what="--case")
    with session_of(args) as session:
        changed = set_filing_particulars(session=session, actor=cli_actor(), values=data,
                                         reference=args.case)
    whose = f"of {args.case}" if args.case else "(organisation-wide defaults)"
    # What the file changed, not every value now stored ("Stored 16" for `{}`).
    print(f"Changed {counted(changed, 'filing particular')} {whose}." if changed
          else f"Nothing changed: the filing particulars {whose} already were as the file "
                 "gives them.")
    return 0


# The paper copy's options, as the service names the values they give.
_PAPER_OPTIONS = {"reference": "--reference", "kind": "--kind", "fingerprint": "--fingerprint",
                  "generated": "--generated"}


def cmd_check(args: argparse.Namespace) -> int:
    """Exit 0: a stored final or the case's current content, or a filing made by another
    version of the app whose case has not changed since; 1: the check ran and it is none of
    these (changed since, not from this case, a case not here); 2: bad input."""
    from approvals.services.filing_check import (
        FilingCheck,
        check_filing,
        check_paper_copy,
        claim_line,
        read_pdf_claim,
    )

    paper = {name: getattr(args, name) for name in _PAPER_OPTIONS}
    given = [option for name, option in _PAPER_OPTIONS.items() if paper[name] is not None]
    if args.file is not None and given:
        raise InputError(Problem(given[0], "checks a paper copy; give either FILE.pdf or "
                                           "--reference, --kind and --fingerprint, not both"))
    if args.file is None:
        needed = [Problem(option, "is needed to check a paper copy (or give FILE.pdf)")
                  for name, option in _PAPER_OPTIONS.items()
                  if name != "generated" and paper[name] is None]
        if needed:
            raise InputError(needed)
        return _check_paper(args, check_paper_copy)
    path = in_path(args.file, "the PDF to check", "FILE.pdf")
    if not has_database(args):  # looking must not create a data folder
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(Problem(args.file, f"cannot be read ({exc.strerror or exc})")) from None
        claim = read_pdf_claim(data, args.file)
        if claim is None:
            raise InputError(Problem(args.file, "carries no filing fingerprint in its metadata"))
        return _print_check(args, FilingCheck(
            verdict="unknown_case", source="pdf",
            headline=f"Not a filing of this data folder: it names case {claim.reference}, and "
                     "no case is stored here.",
            details=(claim_line(claim.kind, claim.status),
                     f"Fingerprint: {claim.fingerprint}"),
            reference=claim.reference, kind=claim.kind, fingerprint=claim.fingerprint,
            status=claim.status, generated_at=claim.generated_at,
            file_sha256=hashlib.sha256(data).hexdigest()))
    with session_of(args, write=False) as session:
        result = check_filing(session, actor=cli_actor(), source=path, name=args.file)
    _print_check(args, result)
    # Another version's wording cannot be recomputed, but an unchanged case is no failure;
    # a matching fingerprint in bytes that are not the app's is one (see FilingCheck.passed).
    return 0 if result.passed else 1


def _check_paper(args: argparse.Namespace, check: Any) -> int:
    from approvals.filings import check_kind
    from approvals.services.filing_check import clean_fingerprint, clean_generated_at

    try:
        # Checked before the database is looked at: bad input is named as such anywhere.
        problems: list[Problem] = []
        for validate in (lambda: check_kind(args.kind),
                         lambda: clean_fingerprint(args.fingerprint),
                         lambda: clean_generated_at(args.generated)):
            try:
                validate()
            except InputError as exc:
                problems += exc.problems
        if problems:
            raise InputError(problems)
        require_case_database(args, args.reference, what="--reference")
        with session_of(args, write=False) as session:
            result = check(session, actor=cli_actor(), reference=args.reference, kind=args.kind,
                           fingerprint=args.fingerprint, generated_at=args.generated)
    except InputError as exc:  # the service names its values; the user typed options
        raise InputError([Problem(_PAPER_OPTIONS.get(p.path, p.path), p.message)
                          for p in exc.problems]) from None
    except NotFound as exc:
        raise NotFound(f"{exc} Check --reference against the top of the printed pages.") from None
    return _print_check(args, result)


def _print_check(args: argparse.Namespace, result: Any) -> int:
    if args.json:
        print_json({**result.as_json(), "file": args.file})
    else:
        print(result.text)
    return 0 if result.matches else 1
