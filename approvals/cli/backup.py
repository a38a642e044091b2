"""`approvals backup --out FILE` and `approvals restore FILE` (../shared/spec/cli.md).

A backup is consistent even while the app is writing, and holds the installed rulebook
updates with the database. Restore checks the backup completely before it changes
anything (exit 1 when the check fails) and keeps the data it replaces under `backups/`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from approvals.cli import add_data_dir, examples
from approvals.cli.common import (
    REPLACED,
    LazyModule,
    cli_actor,
    command,
    data_dir_of,
    has_database,
    in_path,
    open_db,
    out_path,
    print_json,
    session_of,
    start_logging,
    whole_number,
)
from approvals.domain.dates import utc_text
from approvals.domain.documents import size_text
from approvals.domain.errors import InputError, Problem
from approvals.domain.numbers import counted
from approvals.domain.wording import kept_backups
from approvals.paths import ENV_VAR, env_data_dir, other_files_problem

if TYPE_CHECKING:
    from approvals.services import backup as svc
else:
    svc = LazyModule("approvals.services.backup")


def register(subparsers: argparse._SubParsersAction) -> None:
    bak = command(subparsers, "backup", cmd_backup, help="a consistent backup of the data folder", json=True)
    bak.add_argument("--out", metavar="FILE", help="the backup file to write")
    bak.add_argument("--keep", type=whole_number, metavar="N",
                     help="how many daily automatic backups to keep (setting backup_keep)")
    bak.epilog = examples("approvals backup --out /media/usb/approvals-2026-12-01.zip",
                          "approvals backup --keep 14")

    res = subparsers.add_parser(
        "restore", help="restore a backup (the replaced data is kept under backups/)",
        description="Check the backup completely, then replace the data folder's contents with "
                    "it; the data it replaces is kept under backups/. A backup that fails the "
                    "check changes nothing (exit 1).",
    )
    res.add_argument("file", metavar="FILE", help="the backup file (from `approvals backup`)")
    res.add_argument("--check", action="store_true",
                     help="only verify the backup; change nothing")
    res.add_argument("--json", action="store_true", help="print the result as JSON")
    add_data_dir(res)
    res.set_defaults(handler=cmd_restore)
    res.epilog = examples("approvals restore /media/usb/approvals-2026-12-01.zip --check",
                          "approvals restore /media/usb/approvals-2026-12-01.zip")


def _first_missing_folder(folder: Path) -> Path | None:
    """The outermost of `folder` and its parents that does not exist yet (None if
    `folder` exists): what making it creates."""
    missing = None
    for candidate in (folder.absolute(), *folder.absolute().parents):
        if candidate.exists():
            break
        missing = candidate
    return missing


@contextmanager
def terminal_progress(stream: TextIO, what: str) -> Iterator[Callable[[float, str], None] | None]:
    """A service's `progress(fraction, message)` as one line rewritten in place on a
    terminal ("Backing up: 42 % Copying the database (812.0 MB of 2,100.0 MB)"): a 2 GB
    data folder took minutes with nothing said. None when `stream` is no terminal (a
    script's log gets no carriage returns); the line is cleared when the work ends."""
    if not stream.isatty():
        yield None
        return
    shown = [0]

    def report(fraction: float, message: str) -> None:
        width = max(20, shutil.get_terminal_size().columns - 1)
        line = f"{what}: {round(fraction * 100):3d} % {message}"[:width]
        stream.write("\r" + line.ljust(shown[0]))
        stream.flush()
        shown[0] = len(line)

    try:
        yield report
    finally:
        if shown[0]:
            stream.write("\r" + " " * shown[0] + "\r")
            stream.flush()


def cmd_backup(args: argparse.Namespace) -> int:
    if args.out is None and args.keep is None:
        raise InputError(Problem("--out", "name the backup file to write"))
    if args.keep is not None and args.keep < 1:
        raise InputError(Problem("--keep", "keep at least one automatic backup"))
    if args.keep is not None and args.keep > svc.MAX_KEEP:  # what the app's settings show
        raise InputError(Problem("--keep", f"{args.keep} is more than {svc.MAX_KEEP:,}, the "
                                           "most automatic backups kept"))
    if not has_database(args):
        # Most likely a mistyped --data-dir: an "empty" backup of it would be mistaken for
        # a backup of the real data, and the folder would be created besides (with --keep
        # alone too: a new data folder and database, holding only the setting).
        raise InputError(Problem(str(data_dir_of(args).root),
                                 "holds no database: nothing to back up" if args.out is not None
                                 else "holds no database: check --data-dir (the app, or "
                                      "`approvals user add`, sets up a new data folder)"))
    if args.out is None:
        with session_of(args) as session:
            svc.set_backup_keep(session, keep=args.keep, actor=cli_actor())
        if args.json:
            print_json({"backup_keep": args.keep})
        else:
            print(f"{kept_backups(args.keep).capitalize()} will be kept.")
        return 0
    out = out_path(args.out, args)
    # An existing file is replaced (as every `--out` does: only once the new backup is
    # complete), the app's save dialog having asked first; the command never asks
    # (scripts), but says which earlier file it replaced.
    replaces = out.is_file()
    db = open_db(args)  # also brings an older database up to date first
    try:
        # On a terminal, how far it is; Ctrl+C stops it between steps, nothing written.
        with terminal_progress(sys.stderr, "Backing up") as progress:
            result = svc.create_backup(db.data_dir, out=out, actor=cli_actor(), db=db,
                                       progress=progress)
        # Only once the backup is written: a refused one (exit 2) changes nothing at all.
        if args.keep is not None:
            with db.session() as session:
                svc.set_backup_keep(session, keep=args.keep, actor=cli_actor())
    finally:
        db.dispose()
    if args.json:
        print_json({"file": str(result.path), "created_at": result.created_at,
                    "size": result.size, "documents": result.documents,
                    "warnings": list(result.warnings),
                    **({"backup_keep": args.keep} if args.keep is not None else {})})
        return 0
    print(f"Backed up the data folder to {result.path} ({size_text(result.size)}, "
          f"{counted(result.documents, 'document file')}, {result.rulebook}).")
    if args.keep is not None:
        print(f"{kept_backups(args.keep).capitalize()} will be kept.")
    if replaces:
        print(REPLACED.format(result.path.name))
    for warning in result.warnings:
        _warn(warning)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from approvals.store.migrate import refuse_foreign_file

    path = in_path(args.file, "the backup file")
    if args.check:  # changes nothing, not even by creating the data folder
        # Reading a large backup through takes minutes: on a terminal, how far it is.
        with terminal_progress(sys.stderr, "Checking") as progress:
            info = svc.verify_backup(path, progress=progress, command_line=True)
        if args.json:
            print_json({"file": str(path), "created_at": info.created_at,
                        "documents": info.documents})
            _print_backup_warnings(info.warnings)  # stdout stays the JSON alone
            return 0
        print(f"The backup {path.name} is intact (made {utc_text(info.created_at)}, "
              f"{counted(info.documents, 'document file')}).")
        if info.rulebook == svc.RULEBOOK_WITH_PROBLEM:  # "puts … with a problem in use" misread
            print("Restoring it puts the installed rulebook updates back as they were backed "
                  "up, with the problem the backup warned of: afterwards, revert to the "
                  "shipped rulebook (`approvals rulebook revert`).")
        else:
            print(f"Restoring it puts {info.rulebook} in use." if info.rulebook is not None
                  else "It was made before backups held the rulebook: restoring it keeps the "
                       "rulebook in use here.")
        older = svc.older_database_note(info)
        if older:
            print(older)
        # Another office's data, said before anyone restores it (the key file is read, never
        # made: --check changes nothing).
        from approvals.services.review import own_fingerprint
        elsewhere = svc.made_elsewhere_note(info.installation, own_fingerprint(data_dir_of(args)))
        if elsewhere:
            print(elsewhere)
        _print_backup_warnings(info.warnings)
        return 0
    data_dir = data_dir_of(args)
    # Another program's database (or a folder) where ours goes: a mistaken --data-dir,
    # whose file the restore would move aside under backups/, breaking that program.
    refuse_foreign_file(data_dir.database)
    # A folder of someone's other files, named for the restore: its database, documents
    # and backups would go in among them (the app asks first; the command never prompts).
    where = "--data-dir" if getattr(args, "data_dir", None) else ENV_VAR if env_data_dir() \
        else None
    if where is not None and (problem := other_files_problem(data_dir, where)):
        raise InputError(problem)
    created = _first_missing_folder(data_dir.root)
    # And, in a folder that was there (made for the restore, still empty), the sub-folders
    # set up for it: a refused backup leaves them out too.
    made = [folder for folder in (data_dir.documents, data_dir.backups, data_dir.logs)
            if not folder.exists()]
    data_dir.ensure()
    start_logging(data_dir)
    try:
        # Checking the backup and keeping a copy of the data it replaces take minutes for a
        # large data folder, with nothing said: on a terminal, how far it is.
        with terminal_progress(sys.stderr, "Restoring") as progress:
            result = svc.restore_backup(data_dir, path, actor=cli_actor(), progress=progress)
    except BaseException:
        if created is not None:
            # Restoring onto a new machine into a folder made for it: a refused backup
            # leaves no empty data folder behind ("Nothing was changed" holds there too).
            shutil.rmtree(created, ignore_errors=True)
        else:
            for folder in made:  # documents/ and backups/ only while still empty
                if folder.is_dir() and (folder == data_dir.logs or not any(folder.iterdir())):
                    shutil.rmtree(folder, ignore_errors=True)
        raise
    if created is not None:
        # A new data folder, as on a new machine; or a mistyped --data-dir, which has just
        # become a data folder of its own: said either way, as a warning.
        _warn(f"the data folder {data_dir.root} did not exist: it was made for this restore. "
              "If you meant another data folder, check --data-dir (or APPROVALS_DATA_DIR).")
    if args.json:
        print_json({"restored_from": str(result.restored_from),
                    "backup_created_at": result.backup_created_at,
                    "replaced": str(result.replaced) if result.replaced else None})
    else:
        print(f"Restored the backup made {utc_text(result.backup_created_at)} from {path}.")
        if result.replaced:
            print(f"The data it replaced is kept in {result.replaced} until you remove it "
                  "(the app never does: it is the only copy of what the restore undid).")
        else:
            print("The data folder held no data before, so nothing was replaced.")
        if result.rulebook_restored:
            print(f"Rulebook in use: {result.rulebook} (the backup's).")
        else:
            print(f"Rulebook in use: {result.rulebook} (kept: the backup was made before "
                  "backups held the rulebook).")
    if result.rulebook_note:
        _warn(result.rulebook_note)
    if result.trust_note:
        _warn(result.trust_note)
    _print_backup_warnings(result.backup_warnings)
    return 0


def _warn(text: str) -> None:
    """A warning goes to stderr, as every command's do (cli.common.start_logging): stdout
    holds the command's result alone (its --json is read by scripts)."""
    print(f"warning: {text}", file=sys.stderr)


def _print_backup_warnings(warnings: tuple[str, ...]) -> None:
    """What the backup warned of when it was made: the restored data has the same gaps."""
    for warning in warnings:
        _warn(f"when this backup was made: {warning}")
