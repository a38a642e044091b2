"""The command-line front (../shared/spec/cli.md): argparse, one module per command group.

Exit codes: 0 done; 1 a check ran and failed; 2 bad input or usage (one message per
problem on stderr, naming the field path; nothing written). No traceback reaches a user:
anything unexpected is logged and reported in one line.

A busy database (another window or command held the write lock beyond the busy timeout)
is exit 1, not 2: the command was right and nothing was written, so running it again
later succeeds, where 2 tells a script to change its input (../shared/spec/cli.md).
A refusal by the stored state (no such case, a transition not allowed, a proposed change
already decided or in conflict with an edit made since) is 2 for the same reason: the same
command fails again until the input changes (`review decide N reject`, or `accept
--override-conflict`; `rulebook install --allow-older` likewise). 1 is kept for a check of
stored data or a file that failed (a chain, a pack, a backup) and for a busy database.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import importlib
import io
import logging
import os
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from approvals import __version__
from approvals.domain.errors import (
    ApprovalsError,
    CheckFailed,
    ConflictError,
    DatabaseBusy,
    InputError,
    NotFound,
    PermissionDenied,
    Problem,
    TransitionRefused,
)
from approvals.paths import blank_option_problem, undecodable_shown

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2

# Each module defines `register(subparsers)`; its sub-parsers set `handler=fn(args) -> int`.
COMMAND_MODULES: tuple[str, ...] = (
    "approvals.cli.cases",
    "approvals.cli.screen",
    "approvals.cli.rulebook",
    "approvals.cli.users",
    "approvals.cli.review",
    "approvals.cli.backup",
    "approvals.cli.deadline",
    "approvals.cli.audit",
    "approvals.cli.filing",
    "approvals.cli.exports",  # after audit and cases: adds `audit export`, `case export`
)

# The modules that make each command, in COMMAND_MODULES' order: a command line that names
# one is parsed by a parser holding only that command (build_parser), not all of them.
# test_cli_parser_per_command checks this against the parser of every command.
MODULES_OF_COMMAND: dict[str, tuple[str, ...]] = {
    "case": ("approvals.cli.cases", "approvals.cli.exports"),
    "demo": ("approvals.cli.cases",),
    "screen": ("approvals.cli.screen",),
    "rulebook": ("approvals.cli.rulebook",),
    "user": ("approvals.cli.users",),
    "review": ("approvals.cli.review",),
    "key": ("approvals.cli.review",),
    "backup": ("approvals.cli.backup",),
    "restore": ("approvals.cli.backup",),
    "deadline": ("approvals.cli.deadline",),
    "audit": ("approvals.cli.audit", "approvals.cli.exports"),
    "filing": ("approvals.cli.filing",),
}

log = logging.getLogger("approvals.cli")


class HelpFormatter(argparse.HelpFormatter):
    """Wraps help at spaces only, so that YYYY-MM-DD or "per-user" is not cut in two."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        # A line indented by two spaces (an example command, see `examples`) is kept as
        # it is: wrapped, it would not be copied and pasted whole.
        return "\n".join(
            indent + line if line.startswith("  ") else
            textwrap.fill(" ".join(line.split()), width, initial_indent=indent,
                          subsequent_indent=indent, break_on_hyphens=False)
            for line in text.split("\n"))


def examples(*commands: str) -> str:
    """A command's help epilog: the example command lines, each kept on one line."""
    return "Examples:\n" + "\n".join(f"  {command}" for command in commands)


class _StoreOnce(argparse._StoreAction):
    """An option that takes one value, given twice with different values, is a usage
    error: `--working-days 5 ... --working-days 6` is a mistake to point out, not a choice
    to make silently for the last one (the same value twice does no harm)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        if self.option_strings:
            given = vars(namespace).setdefault("_given_options", {})
            if self.dest in given and given[self.dest] != values:
                raise argparse.ArgumentError(
                    self, f"given twice ({given[self.dest]} and {values}); give it once")
            given[self.dest] = values
        super().__call__(parser, namespace, values, option_string)


class _SubParsersOnce(argparse._SubParsersAction):
    """A command's options are parsed into a namespace of their own and copied over the
    options given before the command: `--data-dir A case list --data-dir B` would list
    B's cases without a word. Compared here, like _StoreOnce's repeats."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        before = dict(getattr(namespace, "_given_options", {}))
        super().__call__(parser, namespace, values, option_string)
        after = getattr(namespace, "_given_options", {})
        for dest, value in before.items():
            if dest in after and after[dest] != value:
                option = "--" + dest.replace("_", "-")
                getattr(namespace, "_parser", parser).error(
                    f"argument {option}: given twice ({value} and {after[dest]}); give it once")
        namespace._given_options = {**before, **after}


class Parser(argparse.ArgumentParser):
    """The parser of every (sub)command (sub-parsers are made of the parent's class)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register("action", None, _StoreOnce)
        self.register("action", "store", _StoreOnce)
        self.register("action", "parsers", _SubParsersOnce)

    def _print_message(self, message: str, file: Any = None) -> None:
        # argparse drops an OSError of the write: `--help > /dev/full` printed nothing and
        # exited 0. Said, exit 1, as any command's output that cannot be written is (run);
        # a reader gone (`| head -1`) took what it wanted.
        if not message:
            return
        out = file or sys.stdout
        try:
            out.write(message)
        except BrokenPipeError:
            return
        except OSError as exc:
            if out is sys.stderr:  # the usage error itself: nowhere else to say it
                return
            report(f"standard output could not be written ({exc.strerror or exc}): the "
                   "command's output is lost")
            raise SystemExit(EXIT_CHECK_FAILED) from None


class _ProbeRefused(Exception):
    """The command line is not one _command_named can read: the whole parser says why."""


class _Probe(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _ProbeRefused(message)


def _command_named(argv: Sequence[str]) -> str | None:
    """The command `argv` names, read as the whole parser reads it (the same options
    before it, everything after it the command's), or None: no command, help or the
    version asked for before it, or a usage error, all of which need every command."""
    probe = _Probe(prog="approvals", add_help=False, allow_abbrev=True)
    probe.add_argument("-h", "--help", action="store_true")
    probe.add_argument("--version", action="store_true")
    probe.add_argument("--data-dir")
    probe.add_argument("command", nargs=argparse.PARSER)
    try:
        args, _extra = probe.parse_known_args(list(argv))
    except _ProbeRefused:
        return None
    if args.help or args.version:
        return None
    return str(args.command[0])


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command; given the command line `argv`, the parser of the
    command it names (every command when it names none it knows). Each command's parser
    is the same either way, so its help and usage errors are too, and so is a usage error
    of the options before it; the list of commands (`--help`, an unknown command) comes
    from the whole parser. Building every command's parser, with their modules' imports,
    was about a tenth of a short command's start."""
    named = _command_named(argv) if argv is not None else None
    modules = MODULES_OF_COMMAND.get(named or "", COMMAND_MODULES)
    parser = Parser(
        prog="approvals",
        formatter_class=HelpFormatter,
        description="Approvals for cross-border AI investment. Without a command, starts the app.",
        epilog="Exit codes: 0 done; 1 a check ran and failed; 2 bad input or usage; 130 "
               "interrupted (Ctrl+C). `approvals COMMAND --help` describes a command.\n\n"
               + examples("approvals demo --data-dir /tmp/approvals-try",
                          "approvals screen facts.json --as-of 2026-12-01",
                          "approvals case list --json"),
    )
    parser.add_argument("--version", action="version", version=f"approvals {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="data folder (default: APPROVALS_DATA_DIR or the per-user data folder)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules:
        importlib.import_module(name).register(subparsers)
    _remember_parsers(parser)
    return parser


def _remember_parsers(parser: argparse.ArgumentParser) -> None:
    """Each (sub)command records its own parser, so that a stray argument is reported with
    that command's usage (`approvals case list: error: ...`), not the top level's."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, sub in action.choices.items():
                sub.set_defaults(_parser=sub)
                if sub.description is None and helps.get(name):
                    # `approvals case --help` says what the group is for, as the list of
                    # commands does, above its sub-commands.
                    sub.description = str(helps[name])[:1].upper() + str(helps[name])[1:] + "."
                sub.formatter_class = HelpFormatter
                _remember_parsers(sub)


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    """Every command that touches stored data takes --data-dir after its name too."""
    parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help="data folder (default: APPROVALS_DATA_DIR or the per-user folder)")


def report(message: str) -> None:
    """A refusal or failure on stderr; a reader of stderr that is gone (`2>&1 | head -1`)
    does not change the command's exit code (app._finish_output drops the rest)."""
    with contextlib.suppress(BrokenPipeError):
        print(message, file=sys.stderr)


# Arguments that name files: a file name may be any bytes on Linux, and is read or
# checked where it is used (--out by cli.common.out_path).
_FILE_ARGUMENTS = frozenset({"data_dir", "facts", "file", "folder", "pack", "key", "out"})


def _as_utf8(value: str) -> str:
    """An argument Python decoded in a locale that is not UTF-8 (LC_ALL=C without UTF-8
    mode: every non-ASCII byte a surrogate escape), read again as the UTF-8 the terminal
    sent; left as it is when its bytes are not UTF-8 either."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        try:
            return os.fsencode(value).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return value


def _read_as_utf8(args: argparse.Namespace) -> None:
    """Names, labels and reasons as UTF-8 text whatever the locale (file names are left
    as the system gave them: the file system takes them back as they are)."""
    for dest, value in vars(args).items():
        if dest.startswith("_") or dest in _FILE_ARGUMENTS:
            continue
        if isinstance(value, str):
            setattr(args, dest, _as_utf8(value))
        elif isinstance(value, list):
            setattr(args, dest, [_as_utf8(v) if isinstance(v, str) else v for v in value])


def _not_text(args: argparse.Namespace) -> list[Problem]:
    """Arguments holding bytes that are not UTF-8 (Python passes them on as lone
    surrogates): a name, label or reason the database cannot store. Named by their option
    (or metavar) rather than failing at the database as an internal error."""
    parser = getattr(args, "_parser", None)
    names = {a.dest: max(a.option_strings, key=len) if a.option_strings else (a.metavar or a.dest)
             for a in (parser._actions if parser else [])}
    problems = []
    for dest, value in vars(args).items():
        if dest.startswith("_") or dest in _FILE_ARGUMENTS:
            continue
        for item in value if isinstance(value, list) else [value]:
            shown = undecodable_shown(item) if isinstance(item, str) else None
            if shown is not None:
                problems.append(Problem(str(names.get(dest, dest)),
                                        f"'{shown}' is not UTF-8 text; type it again"))
    return problems


def run(args: argparse.Namespace) -> int:
    """Run a parsed command, mapping errors to the contract's exit codes."""
    stdout = sys.stdout
    sys.stdout = _GuardedOutput(stdout)
    try:
        return _run(args)
    finally:
        sys.stdout = stdout


def _run(args: argparse.Namespace) -> int:
    try:
        _read_as_utf8(args)
        problems = _not_text(args)
        # Every command, also one that reads no data folder (screen): `--data-dir ""` is a
        # script's unset variable, said before anything else is done.
        if blank := blank_option_problem(getattr(args, "data_dir", None)):
            problems.insert(0, blank)
        if problems:
            raise InputError(problems)
        code = int(args.handler(args))
        # Output still in the buffer is written now, while a failure can be said: the
        # interpreter's last flush drops it silently, and the command exited 0.
        sys.stdout.flush()
        return code
    except InputError as exc:
        for problem in exc.problems:
            report(str(problem))
        return EXIT_BAD_INPUT
    except CheckFailed as exc:
        report(str(exc))
        return EXIT_CHECK_FAILED
    except DatabaseBusy as exc:  # transient: the same command succeeds later (docstring)
        report(str(exc))
        return EXIT_CHECK_FAILED
    except (NotFound, PermissionDenied, TransitionRefused, ConflictError) as exc:
        report(str(exc))
        return EXIT_BAD_INPUT
    except ApprovalsError as exc:
        report(str(exc))
        return EXIT_CHECK_FAILED
    except BrokenPipeError:  # output piped into `head` and the like
        return EXIT_OK
    except _OutputFailed as exc:
        report(f"standard output could not be written ({exc}): the command's output is "
               "lost (any change it made is kept)")
        return EXIT_CHECK_FAILED
    except KeyboardInterrupt:
        report("interrupted")
        return 130
    except Exception as exc:  # the last line of defence: log it, say it in one line
        logged_in = _log_unexpected(args)
        # One line: a database error's wrapper adds its SQL statement and a web link.
        cause = getattr(exc, "orig", None) or exc
        said = (str(cause).strip().splitlines() or [""])[0]
        where = f"details in {logged_in}" if logged_in else "no log could be written"
        if _schema_damage(cause, said):
            # Not the app's fault to report: a table or column of the database is gone (a
            # file edited or truncated by hand). The way on is a backup.
            report(f"the database of the data folder is damaged: {said}; it is not as this "
                   "version of the app made it. Restore a backup (`approvals restore FILE`; "
                   f"the app makes one each day in the data folder's backups/) ({where})")
            return EXIT_CHECK_FAILED
        report(f"internal error: {type(cause).__name__}: {said} ({where})")
        return EXIT_CHECK_FAILED


def _schema_damage(cause: BaseException, said: str) -> bool:
    """Whether SQLite refused a statement for a table or column the database lacks."""
    return (type(cause).__module__ == "sqlite3" and type(cause).__name__ == "OperationalError"
            and said.startswith(("no such table:", "no such column:")))


class _OutputFailed(Exception):
    """Standard output refused a write (a full disk behind `> file`, a device that does)."""


class _GuardedOutput:
    """sys.stdout while a command runs: a write or flush it refuses is said as that, not as
    an internal error with a traceback in the log. A reader gone (BrokenPipeError) is left
    to run(), which drops the rest of the output."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _OutputFailed(exc.strerror or type(exc).__name__) from exc

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _OutputFailed(exc.strerror or type(exc).__name__) from exc

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _log_unexpected(args: argparse.Namespace) -> Path | None:
    """The traceback goes to the data folder's log; the log file it went to (None when
    none could be written), for the user to find and send it. Commands that open no data
    folder (screen, deadline) have configured no logging, and Python's fallback would
    print the traceback on the user's terminal."""
    root = logging.getLogger()
    if not root.handlers:
        try:
            from approvals.cli.common import data_dir_of
            from approvals.logging_setup import configure_logging

            configure_logging(data_dir_of(args).logs)
        except Exception:  # no writable data folder: keep the traceback off the terminal
            root.addHandler(logging.NullHandler())
    log.exception("command %s failed", getattr(args, "command", "?"))
    return next((Path(h.baseFilename) for h in root.handlers
                 if isinstance(h, logging.FileHandler)), None)


def _console_errors(exc: UnicodeError) -> tuple[str | bytes, int]:
    """The encoding error handler of the console: a file name's undecodable bytes
    (surrogate escapes) are written back as those bytes, as "surrogateescape" does; any
    other character the console cannot show is written as an escape (\\u5f20)."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    chunk = exc.object[exc.start:exc.end]
    if all(0xDC80 <= ord(char) <= 0xDCFF for char in chunk):
        return bytes(ord(char) - 0xDC00 for char in chunk), exc.end
    return codecs.backslashreplace_errors(exc)


codecs.register_error("approvals-console", _console_errors)


def _never_fail_on_encoding() -> None:
    """A console or redirect that cannot encode a character (a Chinese name on a Windows
    code page, PYTHONIOENCODING=ascii, the C locale without UTF-8 mode) shows it escaped
    rather than failing the command after its work is done; JSON output escapes such
    characters itself (print_json)."""
    for stream, original in ((sys.stdout, sys.__stdout__), (sys.stderr, sys.__stderr__)):
        # Only the process's own streams: a test's capture is left as it is.
        if (stream is original and isinstance(stream, io.TextIOWrapper)
                and stream.errors in ("strict", "surrogateescape", "backslashreplace")):
            stream.reconfigure(errors="approvals-console")


def main(argv: Sequence[str] | None = None,
         parser: argparse.ArgumentParser | None = None) -> int:
    """Run the command `argv` names; `parser`: build_parser()'s, when the caller has one
    (app.main asked it whether a command was given at all)."""
    _never_fail_on_encoding()
    parser = parser or build_parser(argv)
    args, extra = parser.parse_known_args(argv)
    if extra:  # exits 2, with the usage of the command the arguments were given to
        getattr(args, "_parser", parser).error(f"unrecognized arguments: {' '.join(extra)}")
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    return run(args)
