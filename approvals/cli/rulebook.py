"""`approvals rulebook ...`: rulebook updates for installed (offline) machines.

- `rulebook pack DIR --out FILE.zip` (the knowledge team): validate the rulebook folder DIR
  with the loader and sign it with this installation's key.
- `rulebook install FILE.zip [--allow-older [--reason TEXT]] [--preview] [--json]` (an
  administrator of each installation): check the signature against the trusted keys and
  every hash, validate the rule data, and use it for every screening of the data folder.
  With --preview, only say what it would change (versions, rule versions added / changed /
  withdrawn, the open cases whose outcome would change) and install nothing.
- `rulebook show [--json]`: the rulebook in use (shipped or installed, from whom, when).
- `rulebook revert [--json]`: back to the previous installed update or the shipped rulebook.

Exit codes as `review import`: a tampered file or an untrusted signer is a check that
failed (1); invalid rule data, an update not newer than the one in use, or bad arguments
are bad input (2). Nothing is changed by a refused command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from approvals.cli import add_data_dir
from approvals.cli.common import (
    REPLACED,
    LazyModule,
    cli_actor,
    command,
    data_dir_of,
    in_path,
    note_new_identity,
    out_path,
    print_json,
    session_of,
)
from approvals.domain.errors import InputError, Problem

if TYPE_CHECKING:
    from approvals.services import rulebook as read_svc
    from approvals.services import rulebook_updates as svc
    from approvals.services.rulebook import RulebookInUse
else:
    svc = LazyModule("approvals.services.rulebook_updates")
    read_svc = LazyModule("approvals.services.rulebook")


def register(subparsers: argparse._SubParsersAction) -> None:
    rulebook = subparsers.add_parser("rulebook", help="rulebook updates: pack (sign), install, show, revert")
    add_data_dir(rulebook)
    sub = rulebook.add_subparsers(dest="rulebook_command", metavar="SUBCOMMAND", required=True)

    pack = command(sub, "pack", cmd_pack, json=True,
                   help="validate a rulebook folder and sign it into an update file")
    pack.add_argument("folder", metavar="RULEBOOK_DIR",
                      help="the rulebook folder: rulebook.json and one file per regime")
    pack.add_argument("--out", required=True, metavar="FILE.zip", help="the update file to write")

    install = command(sub, "install", cmd_install, json=True,
                      help="check a signed rulebook update and use it for every screening here")
    install.add_argument("file", metavar="FILE.zip", help="the update file")
    install.add_argument("--allow-older", action="store_true",
                         help="install it even though its version is not newer than the one "
                              "in use (e.g. to go back to an earlier version)")
    install.add_argument("--preview", action="store_true",
                         help="only say what it would change (versions, rules added, changed "
                              "or withdrawn, open cases whose outcome would change); install "
                              "nothing")
    install.add_argument("--reason", metavar="TEXT",
                         help="why (recorded in the audit trail); needed with --allow-older "
                              "when the version is not newer")

    command(sub, "show", cmd_show, json=True,
            help="the rulebook in use: shipped or an installed update, from whom, when")
    command(sub, "revert", cmd_revert, json=True,
            help="drop the last installed update: the previous one or the shipped rulebook "
                 "applies again")


def _in_use_dict(in_use: RulebookInUse) -> dict[str, Any]:
    update = in_use.update
    return {
        "source": in_use.source,
        "version": in_use.version,
        "declared_version": in_use.declared_version,
        "published": in_use.published or None,
        "shipped_version": in_use.shipped_version,
        "signer": ({"fingerprint": update.signer_fingerprint, "label": update.signer_label}
                   if update else None),
        "installed_at": update.installed_at if update else None,
        "installed_by": update.installed_by if update else None,
        "file": update.file_name if update else None,
        "revert_to": in_use.revert_to or None,
        "note": in_use.note or None,
        "installed": [u.version for u in in_use.installed],
    }


def _print_in_use(in_use: RulebookInUse) -> None:
    print(f"In use: {in_use.describe()}")
    if in_use.update is not None:
        print(f"Signed by: {svc.signer_words(in_use.update)}")
        print(f"From the file: {in_use.update.file_name}")
    if in_use.source == "installed":
        print(f"Shipped with the app: {in_use.shipped_version}")
    if in_use.note:
        print(in_use.note)
    if in_use.revert_to:
        print(f"A revert would put in use: {in_use.revert_to}")


def cmd_pack(args: argparse.Namespace) -> int:
    out = out_path(args.out, args)
    replaces = out.is_file()
    source = Path(args.folder)
    if not source.is_dir():
        raise InputError(Problem(args.folder, "is not a folder; give the rulebook folder "
                                              "(rulebook.json and one file per regime)"))
    svc.check_update_folder(source)  # bad rule data is said before a database is opened
    with note_new_identity(args, "the update is signed with a new installation key, made "
                           "just now, which no installation trusts yet. If you meant to sign "
                           "with the key of the data folder you work in, give that folder "
                           "with --data-dir."), session_of(args) as session:
        packed = svc.pack_rulebook_update(session, data_dir=data_dir_of(args), source=source,
                                          out=out, actor=cli_actor())
    if packed.note:
        print(f"warning: {packed.note}", file=sys.stderr)
    if args.json:
        print_json({"file": str(packed.path), "pack_id": packed.pack_id,
                    "version": packed.version, "declared_version": packed.declared_version,
                    "files": list(packed.files), "signer": packed.signer_fingerprint})
        return 0
    print(f"Wrote rulebook update {packed.version} ({len(packed.files)} files) to {packed.path}.")
    if replaces:
        print(REPLACED.format(packed.path.name))
    print(f"Signed by this installation (fingerprint "
          f"{_fingerprint(packed.signer_fingerprint)}): installations that trust this key "
          "can install it.")
    return 0


def _fingerprint(fingerprint: str) -> str:
    from approvals.store.keys import format_fingerprint

    return format_fingerprint(fingerprint)


def cmd_install(args: argparse.Namespace) -> int:
    from approvals.cli.review import _pack_path  # refuses a folder that trusts no key yet
    from approvals.exchange.pack import RULEBOOK_KIND, PackRefused

    path = in_path(args.file, "the rulebook update file", "FILE.zip")
    try:
        path = _pack_path(args, str(path), RULEBOOK_KIND)
    except PackRefused as exc:  # named as what the administrator installs, not a "pack"
        raise PackRefused(exc.pack, exc.reason.replace("this pack", "this update"),
                          what=svc.UPDATE_WORDS) from None
    if args.preview:
        return _preview(args, path)
    from approvals.domain.rulebook import RulebookError

    try:
        with session_of(args) as session:
            change = svc.install_rulebook_update(session, data_dir=data_dir_of(args), path=path,
                                                 actor=cli_actor(), allow_older=args.allow_older,
                                                 reason=args.reason)
    except RulebookError as exc:  # its rule data: each problem named, then what it means
        raise RulebookError([*exc.problems, Problem(path.name, (
            f"{'this problem' if len(exc.problems) == 1 else 'these problems'} in its rule "
            "data, so nothing was installed: the rulebook in use is unchanged (send these "
            "lines to your knowledge team)"))]) from None
    if args.json:
        print_json({"before": _in_use_dict(change.before), "after": _in_use_dict(change.after)})
        return 0
    print(f"Installed rulebook update {change.after.version} (was {change.before.named()}).")
    _print_in_use(change.after)
    print("Open cases screened with the earlier rulebook keep their screening until a "
          "re-screening is accepted (in the app: a case's Screening tab).")
    _print_open_cases(args, change)
    return 0


def _preview(args: argparse.Namespace, path: Path) -> int:
    """install --preview: what the update would change; nothing is installed or recorded."""
    with session_of(args, write=False) as session:
        plan = svc.plan_install(session, data_dir=data_dir_of(args), path=path,
                                allow_older=args.allow_older, command_line=True)
    if not args.json:
        print(plan.text())
        return 0

    def cases(changes: Any) -> list[dict[str, Any]]:
        return [{"reference": c.reference, "regime": c.regime, "old_outcome": c.old_outcome,
                 "new_outcome": c.new_outcome} for c in changes]

    print_json({
        "file": plan.file_name, "sha256": plan.file_sha256, "before": _in_use_dict(plan.before),
        "version": plan.version, "declared_version": plan.declared_version,
        "published": plan.published or None,
        "signer": {"fingerprint": plan.signer_fingerprint, "label": plan.signer_label},
        "not_newer": plan.older,
        "rules": [{"change": c.kind, "id": c.rule.id, "regime": c.rule.regime,
                   "provision": c.rule.provision, "citation": c.rule.citation,
                   "effective_from": c.rule.effective_from.isoformat(),
                   "effective_to": c.rule.effective_to.isoformat() if c.rule.effective_to
                   else None,
                   "compared_with": c.previous.id if c.previous is not None else None,
                   "differences": [{"what": d.what, "old": d.old, "new": d.new}
                                   for d in c.differences]}
                  for c in plan.rule_changes],
        "as_of": plan.as_of.isoformat(), "cases": cases(plan.changes),
        "later": [{"date": day.isoformat(), "what": list(what), "cases": cases(changes)}
                  for day, what, changes in plan.later],
        "installed": False,
    })
    return 0


def _print_open_cases(args: argparse.Namespace, change: Any) -> None:
    """The open cases whose outcome the new rulebook changes, today and on the later dates
    a version it brings takes effect or ends (as the app's rulebook window lists them)."""
    from datetime import date

    from approvals.services.screening import check_open_cases, recited_words, rescreen_open_cases

    today = date.today()
    actor = cli_actor()  # a damaged record then names `approvals rulebook revert`
    with session_of(args, write=False) as session:
        check = check_open_cases(session=session, as_of=today, actor=actor)
        now = list(check.changes)
        seen = {(c.reference, c.regime, c.new_outcome) for c in now}
        print(svc.cases_text("As of today", now))
        if check.recited:  # a corrected citation: no outcome changes, the filings' grounds do
            print(recited_words(check.recited))
        for day, what in read_svc.later_changes(change.before, change.after, today)[:3]:
            later = [c for c in rescreen_open_cases(session=session, as_of=day, actor=actor)
                     if (c.reference, c.regime, c.new_outcome) not in seen]
            print(svc.cases_text(f"From {day.isoformat()} ({'; '.join(what)})", later))


def cmd_show(args: argparse.Namespace) -> int:
    # Reads only: creates nothing. A damaged record names `approvals rulebook revert`.
    in_use = read_svc.rulebook_in_use(data_dir_of(args), command_line=True)
    if args.json:
        print_json(_in_use_dict(in_use))
    else:
        _print_in_use(in_use)
        if not in_use.installed:  # the first update: the two steps, in order
            print("No rulebook update is installed here. To install one (an administrator): "
                  "trust the key that signed it once, `approvals key trust FILE.zip --label "
                  "NAME --fingerprint \"<read out by the sender>\"`, then `approvals rulebook "
                  "install FILE.zip`.")
    return 0


def cmd_revert(args: argparse.Namespace) -> int:
    from approvals.cli.common import has_database

    record = data_dir_of(args).rulebook / read_svc.INSTALLED_FILE
    if not has_database(args) and not record.exists():  # nothing to revert: create nothing
        raise InputError(Problem("rulebook", "the shipped rulebook is in use: there is no "
                                             "installed update to revert"))
    with session_of(args) as session:
        change = svc.revert_rulebook_update(session, data_dir=data_dir_of(args),
                                            actor=cli_actor())
    if args.json:
        print_json({"before": _in_use_dict(change.before), "after": _in_use_dict(change.after)})
        return 0
    print(f"Reverted: {change.before.version} is no longer in use.")
    _print_in_use(change.after)
    print("Open cases keep their screening until a re-screening is accepted (in the app: a "
          "case's Screening tab).")
    _print_open_cases(args, change)
    return 0
