"""An empty data-folder setting through the real entry point: `--data-dir ""` (or spaces),
before or after the command, is bad usage for every command, said first and naming the
option, with nothing written anywhere; an empty APPROVALS_DATA_DIR counts as not set, so
the per-user folder is used, and the data folder's log says why."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from approvals.cli import build_parser
from tests.cli.helpers import run_many
from tests.conftest import EXAMPLES_DIR

REFUSED = "--data-dir: is empty; name the data folder\n"


def _leaves(parser: argparse.ArgumentParser,
            prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield prefix, parser
        return
    for name, sub in subs[0].choices.items():
        yield from _leaves(sub, (*prefix, name))


def _value(action: argparse.Action) -> str:
    """A value the parser takes for `action` (the command itself then decides on it)."""
    if action.choices is not None:
        return str(next(iter(action.choices)))
    for candidate in ("1", "2026-01-05", "x"):
        try:
            if action.type is not None and callable(action.type):
                action.type(candidate)
            return candidate
        except (ValueError, TypeError, argparse.ArgumentTypeError):
            continue
    return "x"


def _arguments(parser: argparse.ArgumentParser) -> list[str]:
    """The arguments a command needs to get past argparse to its handler."""
    args: list[str] = []
    for action in parser._actions:
        if action.option_strings and action.required:
            args += [action.option_strings[0], _value(action)]
        elif not action.option_strings and action.nargs != "?":
            args.append(_value(action))
    for group in parser._mutually_exclusive_groups:
        if group.required:
            first = group._group_actions[0]
            args += [first.option_strings[0], _value(first)]
    return args


def test_every_command_refuses_an_empty_data_dir_first(tmp_path: Path) -> None:
    commands = [(path, _arguments(sub)) for path, sub in _leaves(build_parser())]
    named = {" ".join(path) for path, _args in commands}
    assert {"screen", "deadline", "case import", "case list", "review import", "backup",
            "restore", "audit verify", "user add", "demo", "filing render"} <= named
    fallback = tmp_path / "env-data"
    runs = []
    for path, args in commands:
        runs.append((*path, *args, "--data-dir", ""))
        runs.append(("--data-dir", "  ", *path, *args))
    results = run_many(*runs, env={"APPROVALS_DATA_DIR": str(fallback)})
    for run, result in zip(runs, results, strict=True):
        assert (result.code, result.stdout, result.stderr) == (2, "", REFUSED), run
    assert list(tmp_path.iterdir()) == []  # not the variable's folder, nor any other


def test_an_empty_variable_is_not_set_and_the_log_says_so(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work"  # where the command is run: "  " was a folder made here
    work.mkdir()
    per_user = tmp_path / "xdg" / "approvals"
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg")}

    def run(value: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "approvals", *map(str, args)], cwd=work,
                              env={**env, "APPROVALS_DATA_DIR": value}, capture_output=True,
                              text=True, timeout=120)

    imported = run("  ", "case", "import", EXAMPLES_DIR / "frontier-lab.json", "--json")
    assert imported.returncode == 0, imported.stderr
    assert imported.stderr == ""  # the log says it, not every command's output
    # The same in a process forked by run_many (tests/cli/helpers.py), run in `work` too.
    monkeypatch.chdir(work)
    [listed] = run_many(("case", "list", "--json"),
                        env={"XDG_DATA_HOME": env["XDG_DATA_HOME"], "APPROVALS_DATA_DIR": ""})
    assert listed.code == 0, listed.stderr
    assert [c["reference"] for c in json.loads(listed.stdout)["cases"]] == \
        [json.loads(imported.stdout)["reference"]]
    assert list(work.iterdir()) == []
    log = (per_user / "logs" / "approvals.log").read_text(encoding="utf-8")
    assert ("WARNING approvals.cli: APPROVALS_DATA_DIR is set but empty ('  '), so it was "
            f"taken as not set: the data folder is the per-user one, {per_user.resolve()}") in log
