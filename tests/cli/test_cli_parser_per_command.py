"""A command line is parsed by a parser of the command it names (cli.build_parser(argv)):
each command's help and usage errors are those of the parser of every command."""

from __future__ import annotations

import argparse
import contextlib
import io

import pytest

from approvals import cli
from approvals.cli import MODULES_OF_COMMAND, build_parser


def _sub_parsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _helps(parser: argparse.ArgumentParser, path: str = "") -> dict[str, str]:
    """Every (sub)command's help under `parser`, by its command path."""
    found = {path: parser.format_help()}
    for name, sub in _sub_parsers(parser).items():
        found.update(_helps(sub, f"{path} {name}".strip()))
    return found


def test_every_command_has_its_modules_and_they_make_it_as_the_whole_parser_does() -> None:
    whole = build_parser()
    assert set(MODULES_OF_COMMAND) == set(_sub_parsers(whole))
    for command, modules in MODULES_OF_COMMAND.items():
        assert set(modules) <= set(cli.COMMAND_MODULES)
        own = build_parser([command, "--help"])
        # Only that command (and, from its modules, the other command one of them makes).
        assert command in _sub_parsers(own)
        assert len(_sub_parsers(own)) < len(_sub_parsers(whole))
        assert _helps(_sub_parsers(own)[command], command) == \
            _helps(_sub_parsers(whole)[command], command)


@pytest.mark.parametrize(("argv", "named"), [
    (["case", "list"], "case"),
    (["--data-dir", "/x", "case", "list", "--json"], "case"),
    (["--data-dir=/x", "deadline", "--help"], "deadline"),
    (["--data", "/x", "audit", "verify"], "audit"),  # an abbreviation, as argparse allows
    (["deadline", "--version"], "deadline"),  # after the command: the command's to refuse
    (["--help", "case", "list"], None),
    (["--version"], None),
    (["--data-dir"], None),
    ([], None),
    (["no-such-command"], "no-such-command"),
])
def test_the_command_is_read_as_the_whole_parser_reads_it(argv: list[str],
                                                           named: str | None) -> None:
    assert cli._command_named(argv) == named


def test_without_a_known_command_every_command_is_built() -> None:
    whole = set(_sub_parsers(build_parser()))
    for argv in ([], ["--help"], ["no-such-command"], ["--data-dir"], ["--version"]):
        assert set(_sub_parsers(build_parser(argv))) == whole, argv


def _said(argv: list[str], parser: argparse.ArgumentParser | None) -> tuple[object, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code: object = cli.main(argv, parser=parser)
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv", [
    ["case", "list", "--bogus"],
    ["case"],
    ["case", "--help"],
    ["case", "export", "--help"],
    ["audit", "export"],
    ["--data-dir", "a", "--data-dir", "b", "case", "list"],
    ["--data-dir", "a", "case", "list", "--data-dir", "b"],
    ["deadline", "--working-days", "x"],
    ["deadline", "--working-days", "5", "--working-days", "6"],
    ["key", "--help"],
    ["no-such-command"],
    ["--help"],
])
def test_help_and_usage_errors_are_the_whole_parsers(argv: list[str]) -> None:
    assert _said(argv, None) == _said(argv, build_parser())


@pytest.mark.parametrize(("command", "usage"), [
    (["user", "add"], "NAME --role ROLE [--role ROLE]..."),
    (["deadline"], "(--working-days N | --calendar-days N) [--roll] [--pause STOP:RESUME]..."),
])
def test_usage_lines_read_as_the_contract_writes_them(command: list[str], usage: str) -> None:
    """argparse's own usage showed --role as optional and --pause as given once."""
    parser = build_parser([*command, "--help"])
    for name in command:
        parser = _sub_parsers(parser)[name]
    assert usage in " ".join(parser.format_usage().split())
