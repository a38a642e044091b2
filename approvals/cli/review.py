"""`approvals review ...` (offline review packs) and `approvals key ...` (installation key
and trusted keys).

Contract commands (../shared/spec/cli.md): `review export CASE_REF... --out PACK` and
`review import PACK`. A refused pack exits 1 with the specific reason; bad input exits 2.
`review import` merges a response pack; given a review pack it opens it for review.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from approvals.cli import add_data_dir, examples
from approvals.cli.backup import terminal_progress
from approvals.cli.common import (
    EMPTY_REFERENCE,
    REPLACED,
    LazyChoices,
    LazyModule,
    case_reference,
    cli_actor,
    command,
    data_dir_of,
    data_dir_to_set_up,
    has_database,
    in_path,
    note_new_identity,
    out_path,
    print_json,
    require_case_database,
    row_id,
    session_of,
)
from approvals.domain.dates import utc_text
from approvals.domain.documents import size_text
from approvals.domain.errors import ConflictError, InputError, NotFound, Problem
from approvals.domain.numbers import counted
from approvals.domain.review_text import read_only_note, retracted_note, revised_note
from approvals.domain.wording import and_joined

if TYPE_CHECKING:
    from approvals.services import review as svc
else:
    svc = LazyModule("approvals.services.review")


def register(subparsers: argparse._SubParsersAction) -> None:
    review = subparsers.add_parser("review", help="offline review packs")
    add_data_dir(review)
    sub = review.add_subparsers(dest="review_command", metavar="SUBCOMMAND", required=True)

    exp = command(sub, "export", cmd_export, help="write a signed review pack with the named cases", json=True)
    exp.add_argument("references", nargs="+", metavar="CASE_REF", type=case_reference, help="a case reference, e.g. AP-2026-0001")
    exp.add_argument("--out", required=True, metavar="PACK", help="the pack file to write")
    exp.add_argument("--no-drafts", action="store_true",
                     help="leave out the draft filings otherwise rendered for each case "
                          "(faster for many cases)")
    exp.epilog = examples("approvals review export AP-2026-0001 AP-2026-0002 --out review.zip")

    imp = command(sub, "import", cmd_import, help="merge a reviewer's response pack (or open a review pack)", json=True)
    imp.add_argument("pack", metavar="PACK", help="a response pack, or a review pack to open")
    imp.epilog = examples("approvals review import response.zip")

    opn = command(sub, "open", cmd_open, help="reviewer: open a review pack in review mode")
    opn.add_argument("pack", metavar="PACK", help="the review pack file you were sent")

    command(sub, "list", cmd_list, help="reviewer: the review packs opened here", json=True)

    show = command(sub, "show", cmd_show, help="reviewer: an opened pack's cases and the review input", json=True)
    show.add_argument("pack_id", metavar="PACK_ID", help="the pack's id (see `review list`)")

    com = command(sub, "comment", cmd_comment, help="reviewer: comment on a case, a field or a document")
    com.add_argument("pack_id", metavar="PACK_ID", help="the pack's id (see `review list`)")
    com.add_argument("reference", metavar="CASE_REF", type=case_reference,
                     help="the case in the pack, e.g. AP-2026-0001")
    target = com.add_mutually_exclusive_group()
    target.add_argument("--field", metavar="PATH", help="facts field, e.g. deal.amount.value")
    target.add_argument("--document", type=row_id, metavar="ID", help="document id (see `review show`)")
    com.add_argument("--text", required=True, help="the comment")

    pro = command(sub, "propose", cmd_propose, help="reviewer: propose a new value for one facts field")
    pro.add_argument("pack_id", metavar="PACK_ID", help="the pack's id (see `review list`)")
    pro.add_argument("reference", metavar="CASE_REF", type=case_reference,
                     help="the case in the pack, e.g. AP-2026-0001")
    pro.add_argument("field", metavar="PATH", help="the facts field, e.g. deal.amount.value")
    pro.add_argument("value", metavar="JSON_VALUE", help='the new value as JSON, e.g. 25 or \'"text"\'')

    rec = command(sub, "recommend", cmd_recommend, help="reviewer: recommend approve or return, with reasons")
    rec.add_argument("pack_id", metavar="PACK_ID", help="the pack's id (see `review list`)")
    rec.add_argument("reference", metavar="CASE_REF", type=case_reference,
                     help="the case in the pack, e.g. AP-2026-0001")
    rec.add_argument("recommendation", metavar="RECOMMENDATION", help="approve or return",
                     choices=LazyChoices(lambda: svc.RECOMMENDATIONS))
    rec.add_argument("--reasons", default="", metavar="TEXT", help="why (a return needs reasons)")

    res = command(sub, "respond", cmd_respond, help="reviewer: write the signed response pack")
    res.add_argument("pack_id", metavar="PACK_ID", help="the pack's id (see `review list`)")
    res.add_argument("--out", required=True, metavar="PACK",
                     help="the response pack file to write (to send back)")

    props = command(sub, "proposals", cmd_proposals, help="preparer: proposed changes as a per-field diff", json=True)
    props.add_argument("reference", nargs="?", metavar="CASE_REF", type=case_reference,
                       help="only this case's (default: every case's)")
    props.add_argument("--pending", action="store_true", help="only undecided ones")

    dec = command(sub, "decide", cmd_decide, help="preparer: accept or reject one proposed change")
    dec.add_argument("proposal_id", type=row_id, metavar="PROPOSAL_ID",
                     help="the proposal's number (see `review proposals`)")
    dec.add_argument("decision", choices=("accept", "reject"), metavar="DECISION",
                     help="accept or reject")
    dec.add_argument("--override-conflict", action="store_true",
                     help="accept even though the field changed since export")
    dec.add_argument("--current", metavar="JSON", type=_current_value,
                     # Absent, not set: JSON null is a value. (svc.NOT_CONFIRMED here
                     # imported the whole review service, and SQLModel, for `--help`.)
                     default=argparse.SUPPRESS,
                     help="with --override-conflict: the current value you saw (JSON, as "
                          "`review proposals --json` gives it); refused if the field changed "
                          "since")
    dec.add_argument("--reason", default="", metavar="TEXT", help="why, for the audit trail")
    dec.epilog = examples("approvals review proposals --pending",
                          "approvals review decide 3 accept --reason \"confirmed with the target\"",
                          "approvals review decide 3 accept --override-conflict --reason \"the "
                          "signed agreement says 25\"",
                          "approvals review decide 3 accept --override-conflict --current 4")

    key = subparsers.add_parser("key", help="this installation's key and the trusted keys")
    add_data_dir(key)
    ksub = key.add_subparsers(dest="key_command", metavar="SUBCOMMAND", required=True)
    command(ksub, "show", cmd_key_show, help="this installation's public key and fingerprint", json=True)
    kexp = command(ksub, "export", cmd_key_export, help="write this installation's public key to a file")
    kexp.add_argument("--out", required=True, metavar="FILE", help="the key file to write")
    kexp.add_argument("--label", default="", metavar="TEXT", help="a name for this installation")
    ktrust = command(ksub, "trust", cmd_key_trust, help="trust another installation's public key")
    ktrust.add_argument("key", metavar="FILE|KEY",
                        help="a public key file or its text, or a pack signed by the key "
                             "(then --fingerprint is required)")
    ktrust.add_argument("--label", default="", metavar="TEXT", help="a name for that installation")
    ktrust.add_argument("--fingerprint", metavar="FP",
                        help="the fingerprint compared out of band; refused if it differs")
    command(ksub, "list", cmd_key_list, help="the trusted keys", json=True)
    kun = command(ksub, "untrust", cmd_key_untrust, help="stop trusting a key")
    kun.add_argument("fingerprint", metavar="FP",
                     help="the key's fingerprint, or its start (see `key list`)")


@contextmanager
def options_named(names: Mapping[str, str]) -> Iterator[None]:
    """A service's problem with a piece of input named as this command takes it: the
    service says `text` or `reasons` (the app's field), the command line `--text` and
    `--reasons`, as `--out` and `--fingerprint` are named elsewhere. Facts paths
    (`deal.amount.value`) are left as they are."""
    try:
        yield
    except InputError as exc:
        raise InputError([Problem(names.get(p.path, p.path), p.message)
                          for p in exc.problems]) from None


def _pack_path(args: argparse.Namespace, value: str, expect_kind: str | None = None) -> Path:
    path = in_path(value, "the pack file", "PACK")
    if not has_database(args):
        # A new folder trusts no key, not even its own (it has none yet): every pack would
        # be refused, and the refusal must not leave a new data folder behind.
        import tempfile

        from approvals.exchange.pack import (
            PackRefused,
            declared_signer,
            how_to_trust,
            subject_of,
            verify_pack,
        )
        from approvals.store.keys import fingerprint_of, format_fingerprint

        what = subject_of(expect_kind)  # the file as picked (or as its manifest says)
        try:  # checked as far as no trusted key is needed: a photos.zip is named as such
            with tempfile.TemporaryDirectory() as scratch:
                verify_pack(path, trusted={}, into=Path(scratch) / "pack",
                            expect_kind=expect_kind)
        except PackRefused as refused:
            if not refused.untrusted:  # no pack at all: wrong whatever the folder trusts
                raise
            what = refused.what
        try:  # the sender's fingerprint, to compare (a damaged pack simply names none)
            signer = f" (fingerprint {format_fingerprint(fingerprint_of(declared_signer(path)))})"
        except PackRefused:
            signer = ""
        raise PackRefused(path, f"the data folder {data_dir_of(args).root} holds no database, "
                                f"so it trusts no installation's key yet, not the one that "
                                f"signed this pack{signer}; check the folder, or "
                                + how_to_trust(path), what=what)
    return path


def _refuse_missing_cases(session: Any, references: list[str]) -> None:
    """Every reference that names no case, one line each (the contract's one message per
    problem): the export stopped at the first, and a list of ten with two typos took two
    runs to put right."""
    from approvals.store.cases import case_by_reference

    problems = []
    for reference in dict.fromkeys(references):
        try:
            case_by_reference(session, reference)
        except NotFound as exc:
            problems.append(Problem("", str(exc)))
    if problems:
        raise InputError(problems)




def cmd_export(args: argparse.Namespace) -> int:
    out = out_path(args.out, args)
    replaces = out.is_file()  # replaced once the new pack is whole; said, never asked
    require_case_database(args, *args.references)
    # On a terminal, how far it is (50 cases with their drafts take a quarter of a minute).
    with session_of(args) as session, terminal_progress(sys.stderr, "Exporting") as progress:
        _refuse_missing_cases(session, args.references)
        result = svc.export_review_pack(session, data_dir=data_dir_of(args), references=args.references,
                                        out=out, actor=cli_actor(), drafts=not args.no_drafts,
                                        progress=progress)
    if args.json:
        print_json({"pack_id": result.pack_id, "file": str(result.path),
                    "cases": list(result.references), "members": result.members,
                    "withheld_documents": result.withheld_documents,
                    "draft_renderings": result.draft_renderings, "size": result.size})
        return 0
    print(f"Wrote review pack {result.pack_id} ({counted(len(result.references), 'case')}, "
          f"{result.members} members, {size_text(result.size)}) to {result.path}")
    if replaces:
        print(REPLACED.format(result.path.name))
    if result.draft_renderings:
        print(f"{counted(result.draft_renderings, 'draft filing')} rendered for the reviewer.")
    if result.withheld_documents:
        print(f"{counted(result.withheld_documents, 'restricted document')} "
              f"{'was' if result.withheld_documents == 1 else 'were'} left out.")
    return 0


def _import_summary(result: svc.ImportResult) -> dict[str, Any]:
    return {
        "kind": result.kind,
        "pack_id": result.pack_id,
        "in_reply_to": result.in_reply_to or None,
        "reviewer": result.reviewer,
        "reviewer_label": result.reviewer_label,
        "reviewer_name": result.reviewer_name or None,
        "cases": list(result.references),
        "comments_added": result.comments_added,
        "comments_skipped": result.comments_skipped,
        "proposals_added": result.proposals_added,
        "proposals_skipped": result.proposals_skipped,
        "recommendations": [{"reference": r, "recommendation": v,
                             "reasons": dict(result.recommendation_reasons).get(r, "")}
                            for r, v in result.recommendations],
        "conflicts": [{"reference": r, "field": f} for r, f in result.conflicts],
        "self_review": result.self_review,
        "set_aside": [{"reference": r, "field": f} for r, f in result.set_aside],
        "withdrawn": [{"reference": r, "field": f} for r, f in result.withdrawn],
        "retracted": [{"reference": r, "field": f, "value": v, "decision": d, "proposal": n}
                      for r, f, v, d, n in result.retracted],
        "revised": [{"reference": r, "field": f, "before": b, "now": v, "proposal": n,
                     "older_pack": o} for r, f, b, v, n, o in result.revised],
        "disagreements": [{"reference": r, "field": f, "other_proposal": o.id,
                           "other_reviewer": o.reviewer, "other_value": o.proposed_value,
                           "other_status": o.status} for r, f, o in result.disagreements],
        "other_recommendations": [{"reference": r, "reviewer": o.reviewer,
                                   "recommendation": o.recommendation}
                                  for r, o in result.other_recommendations],
        "read_only": [{"reference": r, "status": st, "reason": why}
                      for r, st, why in result.read_only],
        "commented_changed": [{"reference": r, "field": f, "value_at_export": then,
                               "value_now": now}
                              for r, f, then, now in result.commented_changed],
        "unreadable_places": [{"reference": r, "field": f, "value": v, "problem": why}
                              for r, f, v, why in result.unreadable],
        # Every other proposed value the facts checks refuse at its field ("many" for a
        # number): kept as sent; `review decide --accept` refuses it.
        "unfit_values": [{"reference": r, "field": f, "value": v, "problem": why}
                         for r, f, v, why in result.unfit],
    }


def cmd_import(args: argparse.Namespace) -> int:
    path = _pack_path(args, args.pack)  # a response, or a review pack to open: either kind
    with session_of(args) as session, terminal_progress(sys.stderr, "Checking") as progress:
        result = svc.import_pack(session, data_dir=data_dir_of(args), path=path, actor=cli_actor(),
                                 progress=progress)
    if args.json:
        print_json(_import_summary(result))
        return 0
    if result.kind == "review":  # the words of `review open`, which does the same
        state = "was already open" if result.already_open else "is open for review"
        print(f"Review pack {result.pack_id} from {result.reviewer_label or 'this installation'} "
              f"{state}: {', '.join(result.references)}")
        _print_overlaps(result.newer, result.older)
        return 0
    print(f"Imported response {result.pack_id} from {result.reviewer_text} "
          f"(answers {result.in_reply_to}).")
    if result.self_review:
        print("Note: the reviewer is the user who exported the pack, on this installation: "
              "this was not an independent review (recorded in the audit trail).")
    if result.set_aside:
        # Sent before a response from the same reviewer that was imported first.
        print("A later response from this reviewer was imported before this one and stands "
              "for: " + ", ".join(f"{f} of {r}" for r, f in result.set_aside)
              + " (this response's values are kept as replaced).")
    elif result.nothing_new:
        print(result.NOTHING_NEW)
    print(f"Comments: {result.comments_added} added, {result.comments_skipped} already present.")
    # Those an earlier response sent that a later one, imported first, replaced: stored as
    # replaced, so "0 added" alone read as nothing kept.
    replaced = sum(1 for _r, field in result.set_aside if field != "recommendation")
    print(f"Proposed changes: {result.proposals_added} added, {result.proposals_skipped} already "
          f"present" + (f", {replaced} kept as replaced by a later response" if replaced else "")
          + ".")
    for reference, field in result.withdrawn:
        print(f"{reference}: the reviewer withdrew the proposed change to {field}.")
    for reference, field, before, now, number, older in result.revised:
        print(revised_note(reference, field, json.dumps(before, ensure_ascii=False),
                           json.dumps(now, ensure_ascii=False), number, older))
    for reference, field, value, decision, number in result.retracted:
        print(retracted_note(reference, field, json.dumps(value, ensure_ascii=False),
                             decision, number))
    reasons = dict(result.recommendation_reasons)
    for reference, recommendation in result.recommendations:
        # The reasons too: a return's are what the preparer acts on (`review proposals`
        # said them, the import did not).
        why = f" — {reasons[reference]}" if reasons.get(reference) else ""
        print(f"{reference}: the reviewer recommends {recommendation}{why}.")
    for reference, other in result.other_recommendations:
        print(f"{reference}: note that {other.reviewer} recommends {other.recommendation}.")
    for reference, field, o in result.disagreements:
        # Two reviewers, two values: both wait for a decision of their own.
        print(f"{reference}: {field}: {o.reviewer} proposed {_proposed(o.proposed_value)} "
              f"(#{o.id}, {o.status}) — the reviewers differ; decide each in "
              f"`approvals review proposals {reference}`.")
    for reference, field in result.conflicts:
        print(f"{reference}: {field} changed here since export — both values are shown in "
              f"`approvals review proposals {reference}`.")
    for reference, status, reason in result.read_only:
        print(read_only_note(reference, status, reason))
    for reference, field, _sent, why in result.unreadable:
        # Kept as sent; `review decide --accept` refuses it.
        print(f"{reference}: {field}: no place the app can store: "
              f"{svc.unreadable_place_words(why, result.reviewer_text, field, reference)}.")
    for reference, field, value, why in result.unfit:
        print(f"{reference}: {field}: no value the app can store: "
              f"{svc.refused_value_words(why, result.reviewer_text, field, reference, value)}.")
    for reference, field, then, now in result.commented_changed:
        print(f"{reference}: {field} changed here since export ({_value(then)} -> "
              f"{_value(now)}); the reviewer's comment on it is about the value at export.")
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    path = _pack_path(args, args.pack, "review")
    with session_of(args) as session, terminal_progress(sys.stderr, "Checking") as progress:
        opened = svc.open_review_pack(session, data_dir=data_dir_of(args), path=path,
                                      actor=cli_actor(), progress=progress)
    state = "was already open" if opened.already_open else "is open for review"
    print(f"Review pack {opened.pack_id} from {opened.sender_label} {state}: "
          f"{', '.join(opened.references)}")
    _print_overlaps(opened.newer, opened.older)
    return 0


def _print_overlaps(newer: tuple[tuple[str, str], ...], older: tuple[tuple[str, str], ...]) -> None:
    """Which of two packs of the same case, from the same sender, is the current one."""
    for reference, pack_id in newer:
        print(f"Note: {reference} is also in review pack {pack_id}, which the sender wrote "
              "later: review it there.")
    for reference, pack_id in older:
        print(f"Note: {reference} is also in review pack {pack_id}, opened here before, which "
              "the sender wrote earlier: this pack is the newer one.")


def cmd_list(args: argparse.Namespace) -> int:
    rows = svc.list_open_reviews(data_dir_of(args))
    if args.json:
        print_json({"packs": [{"pack_id": r.pack_id, "sender": r.sender_label,
                               "fingerprint": r.sender_fingerprint, "cases": list(r.references),
                               "opened_at": r.opened_at, "responded": r.responded,
                               "newer": [{"reference": ref, "pack_id": pid} for ref, pid in r.newer]}
                              for r in rows]})
        return 0
    if not rows:
        print("No review packs opened here. Open one with `approvals review open PACK`.")
    for r in rows:
        print(f"{r.pack_id}  from {r.sender_label or '?'}  {', '.join(r.references)}"
              f"{'  (answered)' if r.responded else ''}"
              + "".join(f"  ({ref}: newer pack {pid[:8]})" for ref, pid in r.newer))
    return 0


# A value in human output is the JSON a value is typed in (`review propose --value`), but
# null in words: a proposal to empty a field as the review window says it ("(cleared)",
# ui.review.CLEARED), an empty field as the case view says it (field_labels.NOT_STATED,
# not imported: every command's parser is built on every run). `--json` keeps null.
CLEARED = "(cleared)"
EMPTY = "(not stated)"


def _value(value: Any) -> str:
    """A field's value (as exported, as it is now): JSON, an empty field in words."""
    return EMPTY if value is None else json.dumps(value, ensure_ascii=False)


def _proposed(value: Any) -> str:
    """A proposed value: JSON, a proposal to empty the field as (cleared)."""
    return CLEARED if value is None else _value(value)


def _fact_leaves(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """(dotted path, value) for each field of a case's facts, in the facts' own order; a
    list is one value, as `review propose` takes it."""
    if isinstance(value, dict) and value:
        return [leaf for key, inner in value.items() if key != "schema_version"
                for leaf in _fact_leaves(inner, f"{path}.{key}" if path else key)]
    return [(path, value)]


def ids_given(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """A reviewer's command refuses an empty PACK_ID or CASE_REF (`"$PACK"` with PACK
    unset) at the argument: "No open review pack ''" and "has no case  (it has …)" named
    neither."""
    @functools.wraps(handler)
    def checked(args: argparse.Namespace) -> int:
        problems = []
        if not str(getattr(args, "pack_id", "given")).strip():
            problems.append(Problem("PACK_ID", "is empty; give the pack's id (see `review list`)"))
        if getattr(args, "reference", None) == "":
            problems.append(Problem("CASE_REF", EMPTY_REFERENCE))
        if problems:
            raise InputError(problems)
        try:
            return handler(args)
        except svc.PackNotOpen as exc:  # named by its placeholder, as an empty id is
            said = str(exc).rstrip(".")
            raise InputError(Problem("PACK_ID", said[:1].lower() + said[1:])) from exc
    return checked


@ids_given
def cmd_show(args: argparse.Namespace) -> int:
    view = svc.get_review(data_dir_of(args), args.pack_id)
    if args.json:
        print_json({
            "pack_id": view.pack_id, "sender": view.sender_label,
            "cases": [{
                "reference": c.reference, "status": c.status, "facts": c.facts,
                "documents": [{"id": d.id, "file_name": d.file_name, "rendering": d.is_rendering}
                              for d in c.documents],
                "withheld_documents": [{"file_name": n, "sha256": h}
                                       for n, h in c.withheld_documents],
                "draft_renderings": [{"kind": d.kind, "file_name": d.file_name,
                                      "path": str(d.path), "sha256": d.sha256,
                                      "pages": d.pages, "fingerprint": d.fingerprint,
                                      "generated_at": d.generated_at,
                                      "missing": list(d.missing)}
                                     for d in c.draft_renderings],
                "comments": [{"uid": m.uid, "field": m.field_path, "document_id": m.document_id,
                              "author": m.author, "author_name": m.author_name or None,
                              "body": m.body, "origin": m.origin}
                             for m in c.comments],
                "proposals": [{"field": p.field_path, "base_value": p.base_value,
                               "proposed_value": p.proposed_value} for p in c.proposals],
                "recommendation": c.recommendation, "reasons": c.reasons,
            } for c in view.cases],
        })
        return 0
    print(f"Review pack {view.pack_id} from {view.sender_label} (exported {utc_text(view.created_at)} "
          f"by {view.created_by_text})")
    for c in view.cases:
        print(f"\n{c.reference} ({c.status_words}, version {c.version})")
        # What is reviewed, by the paths `review comment --field` and `review propose` take:
        # without it only --json showed a value.
        print("  facts:")
        for path, value in _fact_leaves(c.facts):
            print(f"    {path}: {_value(value)}")
        for d in c.documents:
            print(f"  document {d.id}: {d.file_name}{' (final filing)' if d.is_rendering else ''}")
        for name, sha256 in c.withheld_documents:
            print(f"  withheld (restricted): {name} (SHA-256 {sha256})")
        for r in c.draft_renderings:
            print(f"  {r.label}: {r.kind}, {counted(r.pages, 'page')}, generated {utc_text(r.generated_at)}, "
                  f"fingerprint {r.fingerprint[:16]}…"
                  + (f", {counted(len(r.missing), 'missing field')}" if r.missing else ""))
            print(f"    {r.path}")
        # A document by its number (what `review comment --document` takes) and its name.
        names = {d.id: d.file_name for d in c.documents}
        for m in c.comments:
            where = m.field_path or (
                f"document {m.document_id}" + (f" ({names[m.document_id]})"
                                               if m.document_id in names else "")
                if m.document_id else "case")
            print(f"  comment [{m.origin}] {m.author_text} on {where}: {m.body}")
        for p in c.proposals:
            print(f"  proposal {p.field_path}: {_value(p.base_value)} -> {_proposed(p.proposed_value)}")
        if c.recommendation:
            print(f"  recommendation: {c.recommendation}{' — ' + c.reasons if c.reasons else ''}")
    return 0


@ids_given
def cmd_comment(args: argparse.Namespace) -> int:
    with options_named({"text": "--text", "field": "--field", "document": "--document"}):
        comment = svc.add_review_comment(data_dir=data_dir_of(args), pack_id=args.pack_id,
                                         reference=args.reference, body=args.text,
                                         actor=cli_actor(), field_path=args.field,
                                         document_id=args.document)
    print(f"Comment {comment.uid} added.")
    return 0


@ids_given
def cmd_propose(args: argparse.Namespace) -> int:
    from approvals.domain.facts import loads_strict

    try:
        value = loads_strict(args.value)  # no NaN or Infinity, as in a facts file
    except json.JSONDecodeError as exc:
        # Named by the field the value was meant for, like every other bad value.
        raise InputError(Problem(args.field, f"the value {args.value!r} is not valid JSON "
                                             f"({exc.msg}); quote text as '\"text\"'")) from None
    except ValueError as exc:
        raise InputError(Problem(args.field, f"the value cannot be used: {exc}")) from None
    except RecursionError:
        raise InputError(Problem(args.field, "the value's arrays or objects are nested too "
                                             "deeply")) from None
    with options_named({"field": "PATH"}):
        # The proposal the pack's value takes back, said by its value (it went without a
        # word: the next import said the reviewer "no longer proposes" it).
        earlier = svc.proposal_so_far(data_dir_of(args), args.pack_id, args.reference,
                                      args.field)
        draft = svc.propose_change(data_dir=data_dir_of(args), pack_id=args.pack_id,
                                   reference=args.reference, field_path=args.field, value=value,
                                   actor=cli_actor())
    if draft is None:
        print(f"{args.field} is back at its exported value; no change proposed."
              + (f" Your proposal {_proposed(earlier[0])} is withdrawn." if earlier else ""))
    else:
        print(f"Proposed {args.field}: {_value(draft.base_value)} -> {_proposed(draft.proposed_value)}"
              + (f" (replaces {draft.replaced[0]}'s proposal {_proposed(draft.replaced[1])} in "
                 "this pack)" if draft.replaced else ""))
        for problem in draft.to_check:  # as the preparer is warned on accepting it
            print(f"warning: {problem} (proposed all the same: say why in a comment, or "
                  "propose the other value too)", file=sys.stderr)
    return 0


@ids_given
def cmd_recommend(args: argparse.Namespace) -> int:
    with options_named({"reasons": "--reasons"}):
        svc.set_recommendation(data_dir=data_dir_of(args), pack_id=args.pack_id,
                               reference=args.reference, recommendation=args.recommendation,
                               reasons=args.reasons, actor=cli_actor())
    print(f"{args.reference}: recommendation {args.recommendation} recorded.")
    return 0


@ids_given
def cmd_respond(args: argparse.Namespace) -> int:
    out = out_path(args.out, args)
    # An earlier response not sent yet, say: written again at once from the input kept.
    replaces = out.is_file()
    if not has_database(args):  # no pack was opened here: refuse without creating a folder
        svc.get_review(data_dir_of(args), args.pack_id)
    with options_named({"review": "PACK_ID"}), session_of(args) as session, \
            terminal_progress(sys.stderr, "Writing the response") as progress:
        result = svc.export_response_pack(session, data_dir=data_dir_of(args), pack_id=args.pack_id,
                                          out=out, actor=cli_actor(), progress=progress)
    print(f"Wrote response pack {result.pack_id} to {result.path}: "
          f"{counted(result.comments, 'comment')}, {counted(result.proposals, 'proposed change')}, "
          f"{counted(result.recommendations, 'recommendation')}.")
    if replaces:
        print(REPLACED.format(result.path.name))
    return 0


def _changed_here_json(change: svc.ChangedHere | None) -> dict[str, str] | None:
    if change is None:
        return None
    return {"by": change.actor, "display_name": change.display_name,
            "at": change.occurred_at, "reason": change.reason, "text": change.words()}


@ids_given
def cmd_proposals(args: argparse.Namespace) -> int:
    rows: list[Any] = []
    recs: list[Any] = []
    names: dict[str, str] = {}  # who decided a proposal, named as the app names people
    if args.reference is not None:
        require_case_database(args, args.reference)
    if has_database(args):  # without one, and no case named, there is nothing to list
        with session_of(args, write=False) as session:
            rows = svc.list_proposals(session, reference=args.reference,
                                      status="pending" if args.pending else None)
            recs = svc.list_recommendations(session, reference=args.reference)
            names = svc.user_names(session)
    if args.json:
        print_json({
            "proposals": [{"id": p.id, "reference": p.reference, "field": p.field_path,
                           "base_value": p.base_value, "proposed_value": p.proposed_value,
                           "current_value": p.current_value, "conflict": p.conflict,
                           "status": p.status, "reviewer": p.reviewer,
                           "others": [{"id": o.id, "reviewer": o.reviewer,
                                       "proposed_value": o.proposed_value, "status": o.status}
                                      for o in p.others],
                           "current_from": p.current_from.id if p.current_from else None,
                           "case_status": p.case_status,
                           # Superseded because the reviewer took it back, not revised.
                           "withdrawn": p.withdrawn,
                           # With a conflict: the latest change made here since the export.
                           "changed_here": _changed_here_json(p.changed_here),
                           # Fields tied to it (an amount's currency) changed since then.
                           "tied_changed": [{"field": path, "base_value": was,
                                             "current_value": now}
                                            for path, was, now in p.tied_changed]}
                          for p in rows],
            "recommendations": [{"reference": r.reference, "recommendation": r.recommendation,
                                 "reasons": r.reasons, "reviewer": r.reviewer,
                                 "current": standing}
                                for r, standing in zip(recs, svc.standing(recs), strict=True)],
        })
        return 0
    if not rows and not recs:
        print("No proposed changes.")
    for p in rows:
        said = "withdrawn" if p.withdrawn else p.status
        line = (f"#{p.id} {p.reference} {p.field_path} [{said}] by {p.reviewer}: "
                f"{_value(p.base_value)} -> {_proposed(p.proposed_value)}")
        if p.status in ("accepted", "rejected") and p.decided_by:
            # Who decided it here, as Proposed changes' Status column says it.
            line += f"   ({p.status} by {svc.person_named(p.decided_by, names)})"
        if p.conflict and p.only_tied_changed:
            # Its own value as exported, one it goes with not: a value meant in USD, say.
            line += f"   CONFLICT: {svc.tied_changed_words(p.tied_changed)} since export"
        elif p.conflict:
            line += f"   CONFLICT: changed here since export, now {_value(p.current_value)}"
            if p.current_from is not None:
                line += f" (proposal {p.current_from.words(names)})"
        elif p.status == "pending" and p.current_from is not None:
            # The same value accepted from another proposal: this one is still undecided.
            line += f"   (already the value of proposal {p.current_from.words(names)})"
        elif p.status == "accepted" and p.current_from is not None \
                and p.current_value != p.proposed_value:
            line += (f"   (since replaced: now {_value(p.current_value)}, the value of proposal "
                     f"{p.current_from.words(names)})")
        if p.status == "pending" and p.case_status in ("closed", "discarded"):
            line += f"   (case {p.case_status}: reopen it to accept)"
        print(line)
        if p.changed_here is not None:  # whose edit accepting the proposal would overwrite
            print(f"    {p.changed_here.words()}")
        for o in p.others:
            named = p.current_from is not None and o.id == p.current_from.id
            if p.status == "pending" and o.status in ("pending", "accepted") and not named \
                    and o.proposed_value != p.proposed_value:
                print(f"    also proposed: #{o.id} by {o.reviewer}: {_proposed(o.proposed_value)} "
                      f"[{o.status}]")
    for r, standing in zip(recs, svc.standing(recs), strict=True):
        earlier = not standing
        print(f"{r.reference}: {r.reviewer} {'recommended' if earlier else 'recommends'} "
              f"{r.recommendation}{' — ' + r.reasons if r.reasons else ''}"
              + (" (earlier; replaced by a later recommendation)" if earlier else ""))
    return 0


def _current_value(text: str) -> Any:
    """--current: the value as JSON (4, "SG", null); argparse says a bad one at the option."""
    try:
        return json.loads(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a JSON value (a number such as 4, a text in double quotes such "
            "as \"SG\", or null)") from None


def cmd_decide(args: argparse.Namespace) -> int:
    if not has_database(args):  # the service's words, without creating a data folder
        raise NotFound(f"There is no proposed change {args.proposal_id}.")
    try:
        with options_named({"reason": "--reason"}), session_of(args) as session:
            view = svc.decide_proposal(session, proposal_id=args.proposal_id,
                                       accept=args.decision == "accept", actor=cli_actor(),
                                       override_conflict=args.override_conflict,
                                       reason=args.reason,
                                       confirmed_current=getattr(args, "current",
                                                                 svc.NOT_CONFIRMED))
    except ConflictError as exc:
        # The service's words suit the app, which asks first; here the user needs the option.
        if exc.changes and not args.override_conflict:
            # The app's "Accept it explicitly …, or reject it." said as the commands that do it.
            said = str(exc).removesuffix(" Accept it explicitly over the current value, or "
                                         "reject it.")
            raise ConflictError(f"{said} To accept it over the current value, run the command "
                                "again with --override-conflict; to keep the current value, "
                                f"`approvals review decide {args.proposal_id} reject`.",
                                changes=exc.changes) from exc
        raise
    print(f"#{view.id} {view.reference} {view.field_path}: {view.status}.")
    for problem in view.to_check:  # as `case import` warns of the same
        print(f"warning: {problem} ({view.reference} holds it as accepted: correct it in "
              "the case's facts)", file=sys.stderr)
    if view.screen_again:
        # The case list and its --json go by the screening on record until the case is
        # screened again, which the command line cannot do: said, not left to be found.
        print(f"note: {view.reference}'s screening no longer matches its facts for "
              f"{and_joined(view.screen_again)}: their reasons quote the values before this "
              "change. Screen the case again in the app (Screening tab: Re-screen with today's "
              "rules, then Accept the new screening…) before approving its filings.",
              file=sys.stderr)
    return 0


def cmd_key_show(args: argparse.Namespace) -> int:
    with note_new_identity(args):
        info = svc.installation_identity(data_dir_to_set_up(args).ensure())
    if args.json:
        print_json({"fingerprint": info.fingerprint, "public_key": info.public_key})
        return 0
    print(f"Fingerprint: {info.fingerprint_grouped}")
    print(f"Public key:  {info.public_key_text.strip()}")
    return 0


def cmd_key_export(args: argparse.Namespace) -> int:
    from approvals.store.files import write_atomically

    out = out_path(args.out, args)
    replaces = out.is_file()
    with note_new_identity(args):
        data_dir = data_dir_to_set_up(args).ensure()
        identity = svc.identity_of(data_dir)
    # UTF-8: the label is the sender's own name for the key, often in Chinese (北京办公室).
    write_atomically(out, identity.public_key_text(args.label).encode("utf-8"))
    print(f"Wrote the public key to {out}. Its fingerprint: "
          f"{svc.installation_identity(data_dir).fingerprint_grouped}")
    if replaces:
        print(REPLACED.format(out.name))
    return 0


@contextmanager
def _key_problem(args: argparse.Namespace, is_file: bool) -> Iterator[None]:
    """The key's problem (the service says `key`) named by what was given: the file, or
    the text typed, which may be a file name mistyped (`key: the public key is not valid
    base64` for `reviewer.pub` that is not there said neither)."""
    from approvals.domain.typed_input import quoted

    try:
        yield
    except InputError as exc:
        def named(problem: Problem) -> Problem:
            if problem.path != "key":
                return problem
            if is_file:
                return Problem(args.key, f"{problem.message}; give the file `approvals key "
                                         "export` wrote")
            return Problem("FILE|KEY", f"{quoted(args.key.strip())} is no file here, nor a "
                                       f"public key's text ({problem.message})")
        raise InputError([named(p) for p in exc.problems]) from None


# A key file is one line of about 60 characters with its label; far more is another file.
_KEY_FILE_AT_MOST = 64_000


def cmd_key_trust(args: argparse.Namespace) -> int:
    if not args.key.strip():  # `"$KEY"` unset: not the current folder, nor "no key found"
        raise InputError(Problem("FILE|KEY", "is empty; give the public key file "
                                             "`approvals key export` wrote, or the key's text"))
    source = Path(args.key)
    try:
        is_file = source.is_file()
        if source.is_dir():
            raise InputError(Problem(args.key, "is a folder; give the public key file "
                                               "`approvals key export` wrote, or the key's text"))
    except OSError:  # key text too long to be a file name
        is_file = False
    if is_file and svc.holds_a_pack(source):
        # A pack from a sender not trusted yet: its key, but only against the fingerprint
        # compared out of band (the pack came by the channel that comparison checks).
        if not args.fingerprint:
            raise InputError(Problem("--fingerprint", "a key taken from a pack is trusted only "
                                     "with the fingerprint the sender reads out to you from "
                                     "`approvals key show`"))
        text = svc.key_text_from_pack(source)
    elif is_file:
        try:
            if source.stat().st_size > _KEY_FILE_AT_MOST:  # a disk image, not read whole
                raise InputError(Problem(args.key, f"is {size_text(source.stat().st_size)}, "
                                                   "not a public key file (one line); give "
                                                   "the file `approvals key export` wrote"))
            text = source.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:  # a key file is plain text (`key export`)
            raise InputError(Problem(args.key, f"is not a public key file (byte {exc.start + 1} "
                                               "is not plain text); give the file "
                                               "`approvals key export` wrote")) from None
        except OSError as exc:
            raise InputError(Problem(args.key, f"cannot be read ({exc.strerror or exc})")) from None
    else:
        text = args.key
    with options_named({"label": "--label", "fingerprint": "--fingerprint"}), \
            _key_problem(args, is_file):
        svc.check_key_to_trust(text, args.label, args.fingerprint)  # creates no folder
        with session_of(args) as session:
            info = svc.trust_key(session, key_text=text, label=args.label, actor=cli_actor(),
                                 expected_fingerprint=args.fingerprint)
    print(info.trusted_text)
    if not args.fingerprint and sys.stdout.isatty():
        print("Compare this fingerprint with the other installation's `approvals key show`.")
    return 0


def cmd_key_list(args: argparse.Namespace) -> int:
    rows = []
    if has_database(args):  # listing must not create the database it looks at
        with session_of(args, write=False) as session:
            rows = svc.list_trusted_keys(session)
    if args.json:
        print_json({"keys": [{"fingerprint": r.fingerprint, "label": r.label,
                              "added_by": r.added_by, "added_at": r.added_at} for r in rows]})
        return 0
    if not rows:
        print("No trusted keys yet. Add one with `approvals key trust FILE --label NAME`.")
    for r in rows:
        print(f"{r.fingerprint_grouped}  {r.label}  (added {utc_text(r.added_at)} by "
              f"{r.added_by_text})")
    return 0


def cmd_key_untrust(args: argparse.Namespace) -> int:
    if not has_database(args):  # nothing is trusted here: the service's words, no new folder
        from approvals.store.keys import format_fingerprint, normalise_fingerprint

        with options_named({"fingerprint": "FP"}):
            fp = format_fingerprint(normalise_fingerprint(args.fingerprint))
        raise NotFound(f"No trusted key has the fingerprint {fp}.")
    with session_of(args) as session:
        key = _trusted_key(session, args.fingerprint)
        svc.untrust_key(session, fingerprint=key.fingerprint, actor=cli_actor())
    # Which one: the fingerprint may have been given by its first characters.
    print(f"No longer trusted: {key.label}: {key.fingerprint_grouped}")
    return 0


def _trusted_key(session: Any, given: str) -> svc.TrustedKeyInfo:
    """The trusted key a fingerprint names, whole or by its start (`D097 07BB`, as `key
    list` shows it): a whole fingerprint was the only form taken, and a short one was
    refused as 'expected 64 hexadecimal digits'."""
    wanted = "".join(given.split()).upper()
    if not wanted:  # an unset shell variable: said at its argument, as other commands say it
        raise InputError(Problem("FP", "is empty; give the fingerprint (or its first "
                                       "characters) as `approvals key list` shows it"))
    if not re.fullmatch(r"[0-9A-F:]+", wanted):
        raise InputError(Problem("FP", f"{given.strip()!r} is not a fingerprint: a fingerprint "
                                       "has the digits 0-9 and the letters A-F only"))
    keys = svc.list_trusted_keys(session)
    found = [k for k in keys if k.fingerprint.upper().startswith(wanted)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise InputError(Problem("FP", f"no trusted key has a fingerprint starting "
                                       f"{given.strip()!r}; `approvals key list` shows the "
                                       "trusted keys"))
    raise InputError(Problem("FP", f"{given.strip()!r} starts {len(found)} trusted keys' "
                                   "fingerprints; give more of it"))
