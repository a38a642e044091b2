"""Entry point: `approvals` with a command runs the CLI; without one, the desktop app."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable, Mapping, Sequence

# The shell's status for a run ended by Ctrl+C (128 + SIGINT), as cli.run returns it too.
EXIT_INTERRUPTED = 130

# The X11 client libraries Qt's xcb platform needs beyond a minimal system (README), by
# the name ctypes finds each under, and the Debian/Ubuntu package that has it.
XCB_LIBRARIES = {"xcb-cursor": "libxcb-cursor0", "xkbcommon-x11": "libxkbcommon-x11-0",
                 "xcb-icccm": "libxcb-icccm4", "xcb-keysyms": "libxcb-keysyms1"}
XCB_PACKAGES = " ".join(XCB_LIBRARIES.values())


# Qt's own command-line options (QApplication, QGuiApplication), which the desktop app
# passes on to Qt: those taking a value as "-style=fusion" (a separate value would be read
# as the name of a command).
QT_OPTIONS_WITH_VALUE = frozenset((
    "platform", "platformpluginpath", "platformtheme", "plugin", "qmljsdebugger",
    "qwindowgeometry", "qwindowicon", "qwindowtitle", "style", "stylesheet", "session",
    "display", "geometry", "name", "title"))
QT_FLAGS = frozenset(("reverse", "widgetcount", "nograb", "dograb", "sync", "testability"))


def _not_for_qt(rest: Sequence[str]) -> list[str]:
    """The arguments of `rest` (what the app's parser left) that are not Qt's options:
    a typo ("--dta-dir") or a command's option given without its command ("--json")
    started the app, and made a data folder, instead of being a usage error."""
    foreign = []
    for arg in rest:
        name, has_value, _value = arg.lstrip("-").partition("=")
        known = QT_OPTIONS_WITH_VALUE if has_value else QT_FLAGS
        if not (arg.startswith("-") and name in known):
            foreign.append(arg)
    return foreign


def _wants_gui(argv: Sequence[str], parser: argparse.ArgumentParser | None = None) -> bool:
    """Whether `argv` starts the desktop app; a usage error (exit 2) when it would but
    holds an argument neither the app nor Qt takes."""
    if parser is None:
        from approvals.cli import build_parser

        parser = build_parser()
    args, rest = parser.parse_known_args(list(argv))
    if args.command is not None or any(a in ("-h", "--help", "--version") for a in argv):
        return False
    if foreign := _not_for_qt(rest):
        parser.error(f"unrecognized arguments: {' '.join(foreign)} (the desktop app takes "
                     "--data-dir DIR, and Qt's own options such as -style=NAME; a command's "
                     "options follow its name: approvals --help)")
    return True


def display_problem(environ: Mapping[str, str], platform: str,
                    find_library: Callable[[str], str | None] | None = None) -> str:
    """Why the desktop app cannot open a window here ("" when it can, as far as can be
    told without loading Qt). Qt itself would abort with "Reinstalling the application
    may fix this problem", which sends the officer the wrong way. `find_library`:
    ctypes.util's unless given (imported here: a command never asks)."""
    if find_library is None:
        import ctypes.util

        find_library = ctypes.util.find_library
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM", "") not in ("", "xcb"):
        return ""
    wayland = bool(environ.get("WAYLAND_DISPLAY")) and not environ.get("QT_QPA_PLATFORM")
    if not environ.get("DISPLAY") and not wayland:
        return ("approvals: no graphical display here (neither DISPLAY nor WAYLAND_DISPLAY is "
                "set), so the desktop app cannot open its window. Start it from a desktop "
                "session, or use the command line: approvals --help")
    missing = [] if wayland else [f"lib{name}" for name in XCB_LIBRARIES
                                  if find_library(name) is None]
    if missing:
        # Qt's own message names libxcb-cursor whichever of them is missing.
        libraries = (f"library {missing[0]}, which is" if len(missing) == 1
                     else f"libraries {', '.join(missing)}, which are")
        return (f"approvals: the desktop app needs the X11 client {libraries} not installed. "
                f"On Debian or Ubuntu: sudo apt install {XCB_PACKAGES}")
    return ""


def _fill_closed_streams() -> None:
    """A standard stream the caller closed (`>&-`, `<&-`, a service without a console):
    Python leaves sys.stdout (or stdin, stderr) None, so a command's output or refusal
    was an internal error, and the first file the command opened would take the free
    descriptor 0, 1 or 2, for a stray write to land in. /dev/null takes the descriptor
    instead: input is empty (no password, no prompt) and output goes nowhere."""
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        if getattr(sys, name) is not None:
            continue
        try:
            os.fstat(fd)
        except OSError:  # closed: the lowest free descriptor is this one
            null = os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
        setattr(sys, name, open(fd, "r" if fd == 0 else "w", encoding="utf-8",  # noqa: SIM115
                                errors="backslashreplace", closefd=False))


def _finish_output() -> None:
    """Hand the output over before the interpreter's own last flush. Without
    PYTHONUNBUFFERED, a command's short output (and --help's) is still in the buffer when
    it returns: a reader gone by then (`| head -c 10`, `| true`, `2>&1 | head -1`) would
    end the run in "Exception ignored ... BrokenPipeError" and exit status 120. The reader
    took what it wanted; the rest is dropped, as the CLI does for a pipe that closes while
    it prints."""
    for stream, own in ((sys.stdout, sys.__stdout__), (sys.stderr, sys.__stderr__)):
        if stream is None:  # main() called with the stream closed, not as the entry point
            continue
        try:
            stream.flush()
        except BrokenPipeError:
            if own is not None and stream is own:  # the process's own stream, not a test's capture
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, stream.fileno())  # the exit flush then writes nowhere
                os.close(devnull)
        except (OSError, ValueError):  # a stream closed or gone: nothing to hand over
            pass


def main(argv: Sequence[str] | None = None) -> int:
    _fill_closed_streams()
    try:
        return _start(argv)
    except KeyboardInterrupt:  # Ctrl+C before or after a command's own handling (cli.run)
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # stderr's reader gone while a command said a warning there
        return 0  # as cli.run: the command's work was done; what it said is dropped
    finally:  # also after --help, --version and usage errors (argparse's SystemExit)
        _finish_output()
        if argv is None:  # the process's entry point, not a test calling main()
            # The work is done: a Ctrl+C while the interpreter shuts down would print
            # "Exception ignored ... KeyboardInterrupt" from a garbage collector callback.
            signal.signal(signal.SIGINT, signal.SIG_IGN)


def _start(argv: Sequence[str] | None) -> int:
    entry_point = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    from approvals.cli import build_parser

    # One parser for both questions (app or command, then the command): only the command
    # argv names is built, with its module's imports (build_parser).
    parser = build_parser(argv)
    if _wants_gui(argv, parser):
        if problem := display_problem(os.environ, sys.platform):
            print(problem, file=sys.stderr)
            return 2
        from approvals.ui.application import run_gui

        # Started as a program (not a test calling main): what start-up made is set aside
        # from the garbage collector once the window is built (freeze_start_up_objects).
        return run_gui(argv, freeze_after_start=entry_point)
    from approvals.cli import main as cli_main

    return cli_main(argv, parser=parser)
