"""What the command modules share: opening the data folder, the CLI actor, output."""

from __future__ import annotations

import argparse
import getpass
import importlib
import json
import logging
import os
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from approvals.cli import add_data_dir
from approvals.domain.errors import InputError, NotFound, Problem
from approvals.logging_setup import configure_logging, take_notice
from approvals.paths import (
    ENV_VAR,
    DataDir,
    blank_env_note,
    blank_option_problem,
    env_data_dir,
    missing_parent_problem,
    other_files_problem,
    read_only_reason,
    resolve_data_dir,
    undecodable_shown,
)

if TYPE_CHECKING:
    from sqlmodel import Session

    from approvals.domain.facts import Facts
    from approvals.store.audit import Actor
    from approvals.store.db import Database

ALL_ROLES = ("preparer", "reviewer", "approver", "admin")


class LazyModule:
    """A module imported on first use. Every command's parser is built on every run, so
    the command modules import the database, PDF and crypto layers only in the handler
    that needs them: `approvals deadline`, `--help` and usage errors then start in a
    fraction of the time (the CLI tests run these processes by the hundred)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        return getattr(importlib.import_module(self._name), attr)


class LazyChoices:
    """argparse `choices` from a module imported only when the option is parsed or its
    help printed (argparse only iterates them and tests membership)."""

    def __init__(self, load: Callable[[], Iterable[str]]) -> None:
        self._load = load

    def _values(self) -> list[str]:
        return list(self._load())

    def __iter__(self) -> Iterator[str]:
        return iter(self._values())

    def __contains__(self, value: object) -> bool:
        return value in self._values()


# SQLite's INTEGER: a larger number given as a row id overflowed at the database.
_MAX_ROW_ID = 2**63 - 1


def _integer(value: str) -> int:
    """int() of a number as typed, without Python's digit separators: int("5_0") is 50,
    so a typo between two keys counted 50 days or took the 10th row for "1_0"."""
    if "_" in value:
        raise ValueError(value)
    digits = value.strip().lstrip("+-")
    if len(digits) > 30 and digits.isdecimal():  # no count or id has 30 digits
        # Said without repeating it: Python refuses to convert more than 4,300 digits
        # (so "is not a whole number"), and fewer still filled the message.
        raise argparse.ArgumentTypeError(f"a number of {len(digits):,} digits is far outside "
                                         "what this option takes")
    return int(value)


def whole_number(value: str) -> int:
    """argparse type of a count (`--working-days N`, `--keep N`): said in words, where
    `type=int` said "invalid int value: 'x'"."""
    try:
        return _integer(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number (e.g. 15)") from None


def row_id(value: str) -> int:
    """argparse type of a stored row's id (a proposed change, a document)."""
    try:
        number = _integer(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if not 1 <= number <= _MAX_ROW_ID:
        raise argparse.ArgumentTypeError(f"{value} is no id (ids are whole numbers from 1)")
    return number


def case_reference(value: str) -> str:
    """argparse type of a case reference, as people type or paste it: any case and
    surrounding spaces (` ap-2026-0002 ` is AP-2026-0002; references are AP-YYYY-NNNN).
    A blank one stays empty, for require_case_database to name."""
    return value.strip().upper()


# Said after "Wrote FILE" by every command that writes a file given with --out, when a
# file of that name was there: replaced once the new one is whole, said, never asked.
REPLACED = "It replaced the earlier file {} there."


def out_path(value: str, args: argparse.Namespace, option: str = "--out") -> Path:
    """The file a command is to write, checked before any work is done: a folder, a missing
    folder, or a name the file system refuses (too long, not allowed, no permission) is bad
    input naming the option, not an internal error after the work (or a stored final).
    So is a file in the data folder `args` names (outside its backups/): a backup or PDF
    written over approvals.db, its journal, the audit anchor or a key would destroy them."""
    from approvals.store.files import check_writable

    if not value.strip():
        raise InputError(Problem(option, "is empty; name the file to write"))
    if value == "-":  # standard output to many tools: here it was a file named "-"
        raise InputError(Problem(option, "'-' would be a file named '-' (the commands do not "
                                         "write files to standard output); name the file to "
                                         "write (./- if that is the name you mean)"))
    shown = undecodable_shown(value)  # bytes Linux allows in a name: the trail cannot hold them
    if shown is not None:
        raise InputError(Problem(option, f"{shown}: the name is not UTF-8 text; choose "
                                         "another name"))
    path = Path(value)
    data_dir = data_dir_of(args)
    try:
        folder = path.is_dir()
    except OSError:  # a name the file system refuses: check_writable says so
        folder = False
    if folder:  # the backups folder given as --out is a folder, said so first
        raise InputError(Problem(option, f"{path} is a folder; give a file name"))
    if data_dir.holds_own_file_at(path):
        raise InputError(Problem(option, f"{path} is inside the data folder {data_dir.root}, "
                                         "where it could replace the app's own files; write it "
                                         "elsewhere (or in its backups folder)"))
    try:
        special = path.exists() and not path.is_file() and not path.is_dir()
    except OSError:  # a name the file system refuses: check_writable says so
        special = False
    if special:
        # A pipe would block the check; a device (/dev/stdout, /dev/null) would be replaced
        # by a regular file, as the output is written beside it and renamed over it.
        raise InputError(Problem(option, f"{path} is not a regular file (a device, pipe or "
                                         "terminal); give a file name"))
    return check_writable(path, option)


def no_file_name(value: str | Path, name: str, what: str) -> None:
    """Refuse an empty file argument (`approvals screen ""`, an unset shell variable) at
    the argument (`name`: its metavar, FACTS.json): Path("") is the current folder, and
    the refusal said " is a folder" without saying of what."""
    if not str(value).strip():
        raise InputError(Problem(name, f"is empty; give the name of {what}"))


def in_path(value: str, what: str, name: str = "FILE") -> Path:
    """An existing file a command is to read (`what`: "the backup file", "the pack file";
    `name`: the argument's metavar); a name the file system refuses is bad input too, not
    an internal error."""
    from approvals.store.files import check_readable

    no_file_name(value, name, what)
    path = Path(value)
    if value == "-" and not path.exists():
        # "-" is standard input to many tools; these read a file by its name.
        raise InputError(Problem(value, f"file not found; give {what} by its name (standard "
                                        "input is not read here)"))
    check_readable(path, what, value)
    try:
        # A file this user may not read: said so, not "damaged or truncated, copy it
        # again" (exit 1) as the pack and backup readers call a file they cannot open.
        with path.open("rb"):
            pass
    except OSError as exc:
        raise InputError(Problem(value, f"cannot be read ({exc.strerror or exc})")) from None
    return path


def read_json_file(path: str | Path, name: str = "FILE.json", what: str = "the JSON file") -> Any:
    """domain.facts.read_json_file (a missing file, bad UTF-8 or JSON is bad input with
    its location, as is one too large to be a facts file), imported only when a command
    reads a file. A device is refused first:
    /dev/zero (or /dev/stdin on one) was read without end, filling the memory, and a
    terminal waited for input nobody was asked for. A pipe is read (`screen /dev/stdin <
    facts.json`, `cat facts.json | approvals screen /dev/stdin`)."""
    from approvals.domain.facts import read_json_file as read

    no_file_name(path, name, what)
    try:
        mode = Path(path).stat().st_mode
    except OSError:  # missing or unreadable: the reader names it
        mode = 0
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise InputError(Problem(str(path), "is a device, not a JSON file; give a file, or "
                                            "/dev/stdin with the JSON piped in"))
    if str(path) == "-" and not mode:  # many tools' name for standard input; not a file here
        raise InputError(Problem("-", "file not found; to read the JSON from standard input, "
                                      "give /dev/stdin with the JSON piped in"))
    return read(path)


def read_facts_file(value: str) -> tuple[Any, Facts]:
    """A facts file's JSON and its validated Facts; a file whose whole document is wrong
    (an array, a number) is named by its file name rather than "(document)"."""
    from approvals.domain.facts import document_named, parse_facts

    data = read_json_file(value, "FACTS.json", "the facts file")
    try:
        return data, parse_facts(data)
    except InputError as exc:
        raise document_named(exc, value) from None


def command(sub: argparse._SubParsersAction, name: str, handler: Callable[[argparse.Namespace], int],
            *, help: str, json: bool = False) -> argparse.ArgumentParser:
    """A (sub)command that takes --data-dir, and --json where it has a JSON form, and runs
    `handler`; the caller adds its own arguments to the parser returned."""
    parser = sub.add_parser(name, help=help, description=help[:1].upper() + help[1:] + ".")
    if json:
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
    add_data_dir(parser)
    parser.set_defaults(handler=handler)
    return parser


def data_dir_of(args: argparse.Namespace) -> DataDir:
    option = getattr(args, "data_dir", None)
    if problem := blank_option_problem(option):
        # `--data-dir "$DIR"` with DIR unset must not fall back to the user's real data.
        raise InputError(problem)
    try:
        data_dir = resolve_data_dir(option)
        is_file = data_dir.root.exists() and not data_dir.root.is_dir()
        # Under a file (`notes.txt/data`): no folder can ever be there, so even a reading
        # command refuses it rather than report an empty installation.
        blocking = next((parent for parent in data_dir.root.parents
                         if parent.exists() and not parent.is_dir()), None)
        data_dir.database.exists()  # has_database and the commands may then ask freely
    except OSError as exc:  # a name the file system refuses (too long, say)
        where = option or env_data_dir() or "the data folder"
        raise InputError(Problem(where, "cannot be used as the data folder "
                                        f"({exc.strerror or exc})")) from None
    except RuntimeError:  # `~nosuchuser/data` (quoted, or in the variable): no such home
        where = option or env_data_dir() or "the data folder"
        raise InputError(Problem(where, "names the home folder of a user this system does "
                                        "not know (or HOME is not set); give the folder's "
                                        "full path")) from None
    if is_file:
        raise InputError(Problem(str(data_dir.root), "is a file, not a folder; choose another data folder"))
    if blocking is not None:
        raise InputError(Problem(str(data_dir.root), f"cannot be a folder: {blocking} is a "
                                                     "file; choose another data folder"))
    # A folder name with bytes that are not UTF-8 (Linux allows them): the database and
    # audit trail record paths in the folder, and a restore there failed half-way with an
    # internal error, leaving the trail cut. Refused as --out's name is (out_path).
    shown = undecodable_shown(str(data_dir.root))
    if shown is not None:
        where = "--data-dir" if option else ENV_VAR if env_data_dir() else "the data folder"
        raise InputError(Problem(where, f"{shown}: the folder's name is not UTF-8 text; "
                                        "rename the folder or choose another"))
    return data_dir


def has_database(args: argparse.Namespace) -> bool:
    """Whether the data folder already holds a database; read-only commands check this so
    that looking at a folder never creates one (or its sub-folders) as a side effect. An
    empty approvals.db is none (store.migrate creates the database in it), unless the
    folder's audit anchor says it held one: then the loss is reported (exit 1), not an
    empty list."""
    data_dir = data_dir_of(args)
    path = data_dir.database
    if path.exists() and not (path.is_file() and path.stat().st_size == 0):
        return True
    if not data_dir.anchor.is_file() and not data_dir.anchor_started.is_file():
        return False  # the common case: nothing to load the store for
    from approvals.store.migrate import refuse_lost_database

    refuse_lost_database(data_dir)
    return False


EMPTY_REFERENCE = "is empty; give a case reference, e.g. AP-2026-0001"


def require_case_database(args: argparse.Namespace, *references: str,
                          what: str = "CASE_REF") -> None:
    """A command about a case, on a folder without a database, is refused the way a
    missing case is, without creating the folder or a database (exit 2 writes nothing).
    An empty reference (`"$REF"` with REF unset) is named as such, not "no case ."."""
    if any(not reference.strip() for reference in references):
        raise InputError(Problem(what, EMPTY_REFERENCE))
    if not has_database(args):
        raise NotFound(f"There is no case {references[0]}.")


def data_dir_to_set_up(args: argparse.Namespace) -> DataDir:
    """The data folder a writing command may set up (its database, sub-folders, key).

    A folder named with --data-dir or APPROVALS_DATA_DIR that does not exist is made
    only when the folder it goes in exists, as `mkdir` makes one: that is a new data
    folder. When that folder is missing too, the name is mistyped (`/srv/aproval/data`)
    or its drive is not mounted (`/media/usb/approvals`): a new empty database there
    would take the work while the real one is not seen, so it is refused, naming the
    missing folder, with nothing made. So is a folder that holds other files and no
    Approvals data (paths.other_files_problem). The per-user default folder is made with its
    parents, as the app's first start makes it; `restore` keeps its own rule (it makes a
    new machine's folder, parents too, says so, and removes it when the backup is refused)."""
    data_dir = data_dir_of(args)
    option = getattr(args, "data_dir", None)
    if not option and not env_data_dir():
        return data_dir
    where = "--data-dir" if option else ENV_VAR
    # The app refuses the same way (ui.application), with the same words.
    if problem := missing_parent_problem(data_dir, where):
        raise InputError(problem)
    # A folder of someone's other files (the app asks before it uses one; a command, which
    # never prompts, refuses): its database and folders would go in among them.
    if problem := other_files_problem(data_dir, where):
        raise InputError(problem)
    return data_dir


@contextmanager
def note_new_identity(args: argparse.Namespace, made: str = "this is a new installation key, "
                      "made just now. If you meant the key of the data folder you work in, "
                      "give that folder with --data-dir.") -> Iterator[None]:
    """A key made just now for a folder that held nothing of Approvals is said on stderr
    (`made`: what it was made for): `key show --data-dir` with a mistyped folder printed
    a new key's fingerprint, which the user reads out to the other office as this
    installation's, without a word; `rulebook pack` signed an update with such a key."""
    from approvals.cli import report
    from approvals.paths import PRIVATE_KEY_FILE

    data_dir = data_dir_of(args)
    new = not has_database(args) and not (data_dir.keys / PRIVATE_KEY_FILE).exists()
    yield
    if new:
        report(f"note: {data_dir.root} held no Approvals data: {made}")


READ_ONLY_DATABASE = "the database file is read-only"


def open_db(args: argparse.Namespace, *, write: bool = True) -> Database:
    """The data folder's database, set up (folders, log, migration) for any command. A
    command that only reads (`write=False`) on a folder that cannot be written (an
    auditor's copy on a write-protected stick) opens it read-only instead: nothing is
    made or written there, no log either (store.migrate.open_read_only)."""
    from approvals.store.migrate import (
        open_database,
        open_read_only,
        refuse_before_setup,
        refuse_foreign_file,
    )

    data_dir = data_dir_of(args)
    # A read-only database file in a writable folder: SQLite made its -wal and -shm
    # files read-only beside it, and they refused every write once the file was made
    # writable as told. Read without them; a write is refused before SQLite opens it.
    why = read_only_reason(data_dir.root) or (
        READ_ONLY_DATABASE if data_dir.database.is_file()
        and not os.access(data_dir.database, os.W_OK) else None)
    if not write and why is not None and data_dir.database.is_file():
        return open_read_only(data_dir, why)
    if why == READ_ONLY_DATABASE:
        raise InputError(Problem(str(data_dir.database), (
            "this user may not write to the database (the file is read-only); nothing was "
            "saved. Make the file writable, or choose another data folder")))
    data_dir = data_dir_to_set_up(args)
    if why is None:  # another program's file, a damaged one: refused with nothing written
        refuse_before_setup(data_dir)
    else:  # a folder that cannot be written: its file not opened (SQLite would add -shm)
        refuse_foreign_file(data_dir.database)
    data_dir.ensure()
    start_logging(data_dir)
    finish_cut_off_restore(data_dir)
    return open_database(data_dir)


def finish_cut_off_restore(data_dir: DataDir) -> None:
    """A restore cut off part-way (killed, power lost) is completed or undone before the
    folder is used, as the app's start does: commands run on the half-restored folder
    read its trail as cut and wrote documents the roll-back then discarded. Said on
    stderr, as it changes the folder."""
    from approvals.store.files import RESTORE_MARKER

    if not (data_dir.root / RESTORE_MARKER).exists():
        return  # the usual case: the backup service (and ReportLab with it) stays unloaded
    from approvals.cli import report
    from approvals.services.backup import finish_interrupted_restore

    done = finish_interrupted_restore(data_dir)
    if done:
        report(f"note: a restore of {data_dir.root} was cut off earlier; it was {done} "
               "before this command ran (see the audit trail)")


def start_logging(data_dir: DataDir) -> None:
    """The data folder's log; a log that must go elsewhere is said once, on stderr (the
    command's output on stdout stays as it is)."""
    configure_logging(data_dir.logs, console=False)
    notice = take_notice()
    if notice:
        print(f"warning: {notice}", file=sys.stderr)
    if note := blank_env_note(data_dir):  # the folder in use is not the one a script meant?
        logging.getLogger("approvals.cli").warning(note)


@contextmanager
def session_of(args: argparse.Namespace, *, write: bool = True) -> Iterator[Session]:
    """One unit of work (with write=False, a read session) on the data folder `args` names;
    the engine is closed afterwards whatever happens, so no command leaves it open."""
    db = open_db(args, write=write)
    try:
        with (db.session() if write else db.read_session()) as session:
            yield session
    finally:
        db.dispose()


def cli_actor() -> Actor:
    """Command-line work is administration on the machine itself, recorded as such."""
    from approvals.store.audit import CLI_LOGIN, Actor

    try:
        user = getpass.getuser()
    except Exception:  # no login name (containers, services)
        user = "unknown"
    return Actor(username=f"{CLI_LOGIN}{user}", roles=ALL_ROLES, display_name="command line")


def print_json(value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    try:
        text.encode(sys.stdout.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        # The same JSON value in \uXXXX escapes, rather than a failure or broken escapes.
        text = json.dumps(value, ensure_ascii=True, indent=2)
    sys.stdout.write(text + "\n")


def display_width(text: str) -> int:
    """The terminal columns `text` takes: a Chinese character two, a combining mark none."""
    if text.isascii():  # most of a case list: measured a character at a time, half its time
        return len(text)
    return sum(0 if unicodedata.combining(char)
               else 2 if unicodedata.east_asian_width(char) in "WF" else 1
               for char in text)


def _cut(text: str, width: int) -> str:
    """A cell wider than its column, cut and marked as cut so that it is not read as the
    whole name ("…" takes one column)."""
    if display_width(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        used += display_width(char)
        if used > width - 1:
            break
        kept.append(char)
    return "".join(kept) + "…"


def table_lines(rows: Sequence[Sequence[str]], caps: Sequence[int] | None = None) -> list[str]:
    """Rows of cells (the header first) as columns two spaces apart, measured in terminal
    columns: a name in Chinese does not push the columns after it out of line. A column is
    at most its cap wide (`caps`, one per column); a longer cell is cut, marked "…"."""
    count = len(rows[0])
    widths = [max(display_width(row[i]) for row in rows) for i in range(count)]
    if caps is not None:
        widths = [min(width, cap) for width, cap in zip(widths, caps, strict=True)]
    lines = []
    for row in rows:
        cells = [_cut(cell, widths[i]) for i, cell in enumerate(row)]
        lines.append("  ".join(cell + " " * (widths[i] - display_width(cell))
                               for i, cell in enumerate(cells)).rstrip())
    return lines
