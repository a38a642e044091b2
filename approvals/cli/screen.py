"""`approvals screen FACTS.json [--as-of DATE] [--include-proposed] [--json]`.

Screens one case's facts against the rulebook in force on DATE (default today). Touches
no database: it reads the facts file and the rule data, and prints. The rule data is the
data folder's (--data-dir, APPROVALS_DATA_DIR or the per-user folder) when a rulebook
update is installed there (`approvals rulebook install`), else the shipped rulebook; the
folder is only read, never created.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from datetime import date
from typing import TYPE_CHECKING

from approvals.cli import add_data_dir, examples
from approvals.cli.common import data_dir_of, print_json, read_facts_file, table_lines
from approvals.domain.dates import parse_date
from approvals.domain.errors import InputError

if TYPE_CHECKING:
    from approvals.domain.rulebook import Rulebook
    from approvals.domain.screening import ScreeningResult


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "screen",
        help="screen one case's facts against the rulebook",
        description="Screen one case's facts (facts.schema.json) against the rules in force on "
        "DATE (default today): one determination per regime, with reasons.",
    )
    parser.add_argument("facts", metavar="FACTS.json", help="the case's facts (facts.schema.json)")
    parser.add_argument("--as-of", metavar="DATE", help="apply the rules in force on DATE (YYYY-MM-DD)")
    parser.add_argument(
        "--include-proposed",
        action="store_true",
        help="also evaluate reported / proposed measures (CN-US-CAPITAL)",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    add_data_dir(parser)  # whose installed rulebook update, if any, applies
    parser.epilog = examples(
        "approvals screen facts.json",
        "approvals screen facts.json --as-of 2026-12-01 --include-proposed --json",
        "cat facts.json | approvals screen /dev/stdin --json")
    parser.set_defaults(handler=cmd_screen)


def parse_as_of(value: str | None) -> date:
    if value is None:
        return date.today()
    return parse_date(value, "--as-of")


def cmd_screen(args: argparse.Namespace) -> int:
    from approvals.domain.consistency import facts_to_check
    from approvals.domain.screening import screen
    from approvals.services.rulebook import rulebook_for

    # Both said at once (one message per problem): a wrong --as-of and a wrong facts file
    # took two runs to find.
    problems = []
    try:
        as_of = parse_as_of(args.as_of)
    except InputError as exc:
        problems += exc.problems
    try:
        data, facts = read_facts_file(args.facts)
    except InputError as exc:
        problems += exc.problems
    if problems:
        raise InputError(problems)
    book = rulebook_for(data_dir_of(args), command_line=True)  # a damaged record: the command
    result = screen(facts, as_of, args.include_proposed, rulebook=book)
    if args.json:
        print_json(result.to_json_dict())
    else:
        print(render_text(result, title=facts.target.name_en, rulebook=book))
    # Facts that contradict each other screen as written (a completion typed a year before
    # the signing made a prohibited deal "not required" without a word): stderr says what
    # to check, as `case import` does, and stdout stays the screening.
    for problem in facts_to_check(data):
        print(f"warning: {problem} (screened as the file gives it)", file=sys.stderr)
    return 0


def _words(code: str) -> str:
    return code.replace("_", " ")


def _wrap(text: str, first: str, rest: str) -> str:
    return textwrap.fill(
        text, width=100, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
    )


def render_text(result: ScreeningResult, *, title: str = "",
                rulebook: Rulebook | None = None) -> str:
    """A table of regimes and outcomes, then each determination's reasons (each rule's
    "(verify)" mark from `rulebook`, the one screened with; default: the shipped one)."""
    from approvals.domain.rulebook import VERIFY_MARK, default_rulebook, unverified_among

    book = rulebook if rulebook is not None else default_rulebook()
    lines = [
        f"Screening{' of ' + title if title else ''} as of {result.as_of.isoformat()}",
        f"Rulebook {result.rulebook}",
        "",
    ]
    # "Measure" is the held rule's standing (in force / reported / proposed); for a regime
    # whose rules are not yet in force on the date that standing would only confuse.
    header = ("Regime", "Outcome", "Measure")
    rows = [header] + [
        (d.regime, _words(d.outcome), "—" if d.outcome == "not_in_force" else _words(d.status))
        for d in result.determinations
    ]
    lines += table_lines(rows)
    for d in result.determinations:
        lines += ["", f"{d.regime}: {_words(d.outcome)}"]
        # One heading per rule (in order of first mention), its reasons below it: a rule
        # cited again later (US-OISP scope after the prohibited tests) is not repeated.
        by_rule: dict[str, list[str]] = {}
        citations: dict[str, str] = {}
        for reason in d.reasons:
            by_rule.setdefault(reason.rule, []).append(reason.text)
            citations.setdefault(reason.rule, reason.citation)
        unverified = unverified_among(book, by_rule)
        for rule_id, texts in by_rule.items():
            verify = f" {VERIFY_MARK}" if rule_id in unverified else ""
            lines.append(_wrap(f"{rule_id} — {citations[rule_id]}{verify}", "  ", "    "))
            lines.extend(_wrap(f"- {text}", "    ", "      ") for text in texts)
        if d.missing:
            lines.append(_wrap("Missing facts: " + ", ".join(d.missing), "  ", "    "))
    return "\n".join(lines)
