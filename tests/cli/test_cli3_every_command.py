"""Every command and command group, not only those spec/cli.md lists: `--help` describes
it on stdout (exit 0), and an unknown option is a usage error, exit 2 (spec/cli.md: "2 bad
input or usage"), with the command's own usage on stderr and nothing on stdout."""

from __future__ import annotations

import argparse

from tests.cli.helpers import run_many


def _commands() -> dict[tuple[str, ...], argparse.ArgumentParser]:
    """Every (sub)command's parser by its path, groups included, the top level as ()."""
    from approvals.cli import build_parser

    found: dict[tuple[str, ...], argparse.ArgumentParser] = {}

    def walk(parser: argparse.ArgumentParser, path: tuple[str, ...]) -> None:
        found[path] = parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, (*path, name))

    walk(build_parser(), ())
    return found


def test_every_command_describes_itself_and_each_of_its_arguments() -> None:
    commands = _commands()
    assert len(commands) > 40  # the walk reached the sub-commands
    for path, parser in commands.items():
        assert parser.description, path
        undescribed = [max(a.option_strings, key=len) if a.option_strings else a.dest
                       for a in parser._actions
                       if not a.help and not isinstance(a, argparse._SubParsersAction)]
        assert undescribed == [], path


def test_help_and_an_unknown_option_for_every_command() -> None:
    paths = list(_commands())
    results = run_many(*((*path, "--help") for path in paths),
                       *((*path, "--no-such-option") for path in paths[1:]),
                       env={"COLUMNS": "100"})
    helps, unknown = results[:len(paths)], results[len(paths):]
    for path, result in zip(paths, helps, strict=True):
        name = " ".join(("approvals", *path))
        assert (result.code, result.stderr) == (0, ""), (path, result.stderr)
        assert result.stdout.startswith(f"usage: {name} "), path
        description = " ".join(result.stdout.split("\n\n")[1].split())
        assert description and not description.startswith(("positional", "options")), path
    for path, result in zip(paths[1:], unknown, strict=True):
        name = " ".join(("approvals", *path))
        assert (result.code, result.stdout) == (2, ""), (path, result)
        assert result.stderr.startswith(f"usage: {name} "), (path, result.stderr)
        assert result.stderr.splitlines()[-1].startswith(f"{name}: error: "), (path, result.stderr)
        assert "Traceback" not in result.stderr
