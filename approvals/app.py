"""Entry point: `approvals` with a command runs the CLI; without one, the desktop app."""

from __future__ import annotations

import ctypes.util
import os
import sys
from collections.abc import Callable, Mapping, Sequence

# The X11 client libraries Qt's xcb platform needs beyond a minimal system (README).
XCB_PACKAGES = "libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1"


def _wants_gui(argv: Sequence[str]) -> bool:
    from approvals.cli import build_parser

    args, _ = build_parser().parse_known_args(list(argv))
    return args.command is None and not any(a in ("-h", "--help", "--version") for a in argv)


def display_problem(environ: Mapping[str, str], platform: str,
                    find_library: Callable[[str], str | None] = ctypes.util.find_library) -> str:
    """Why the desktop app cannot open a window here ("" when it can, as far as can be
    told without loading Qt). Qt itself would abort with "Reinstalling the application
    may fix this problem", which sends the officer the wrong way."""
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM", "") not in ("", "xcb"):
        return ""
    wayland = bool(environ.get("WAYLAND_DISPLAY")) and not environ.get("QT_QPA_PLATFORM")
    if not environ.get("DISPLAY") and not wayland:
        return ("approvals: no graphical display here (neither DISPLAY nor WAYLAND_DISPLAY is "
                "set), so the desktop app cannot open its window. Start it from a desktop "
                "session, or use the command line: approvals --help")
    if not wayland and find_library("xcb-cursor") is None:
        return ("approvals: the desktop app needs the X11 client library libxcb-cursor, which "
                f"is not installed. On Debian or Ubuntu: sudo apt install {XCB_PACKAGES}")
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _wants_gui(argv):
        if problem := display_problem(os.environ, sys.platform):
            print(problem, file=sys.stderr)
            return 2
        from approvals.ui.application import run_gui

        return run_gui(argv)
    from approvals.cli import main as cli_main

    return cli_main(argv)
