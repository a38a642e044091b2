"""What the command modules share: opening the data folder, the CLI actor, output."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from approvals.domain.errors import InputError, Problem
from approvals.logging_setup import configure_logging
from approvals.paths import DataDir, resolve_data_dir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.migrate import open_database

ALL_ROLES = ("preparer", "reviewer", "approver", "admin")


def data_dir_of(args: argparse.Namespace) -> DataDir:
    return resolve_data_dir(getattr(args, "data_dir", None))


def open_db(args: argparse.Namespace) -> Database:
    data_dir = data_dir_of(args).ensure()
    configure_logging(data_dir.logs, console=False)
    return open_database(data_dir)


def cli_actor() -> Actor:
    """Command-line work is administration on the machine itself, recorded as such."""
    try:
        user = getpass.getuser()
    except Exception:  # no login name (containers, services)
        user = "unknown"
    return Actor(username=f"cli:{user}", roles=ALL_ROLES, display_name="command line")


def read_json_file(path: str) -> Any:
    """Decode a JSON file; a missing file or a syntax error is bad input with its location."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(Problem(path, "file not found")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Problem(path, f"cannot be read: {exc}")) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            Problem(f"{path}:{exc.lineno}:{exc.colno}", f"not valid JSON: {exc.msg}")
        ) from None


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
