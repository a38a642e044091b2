"""Entry point: `approvals` with a command runs the CLI; without one, the desktop app."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def _wants_gui(argv: Sequence[str]) -> bool:
    from approvals.cli import build_parser

    args, _ = build_parser().parse_known_args(list(argv))
    return args.command is None and not any(a in ("-h", "--help", "--version") for a in argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _wants_gui(argv):
        from approvals.ui.application import run_gui

        return run_gui(argv)
    from approvals.cli import main as cli_main

    return cli_main(argv)
