"""Thin launcher: `python main.py` starts the desktop app (or a CLI command)."""

from approvals.app import main

if __name__ == "__main__":
    raise SystemExit(main())
