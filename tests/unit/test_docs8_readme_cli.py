"""The commands the user guide (and the command-line contract) writes are the real ones:
every `approvals …` it names uses a sub-command and options the argument parser has, a
command written out in full in a code block parses, and a few run against the demo print
what the guide shows."""

from __future__ import annotations

import argparse
import json
import re
import shlex

import pytest

from approvals.cli import build_parser
from approvals.paths import DataDir
from approvals.store.db import Database
from approvals.ui.help import user_part
from tests.cli.helpers import run_cli, run_many
from tests.conftest import EXAMPLES_DIR, REPO_ROOT

README = REPO_ROOT / "README.md"
CLI_SPEC = REPO_ROOT.parent / "shared" / "spec" / "cli.md"


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def options(parser: argparse.ArgumentParser) -> set[str]:
    return {o for action in parser._actions for o in action.option_strings}


def code_block_commands(text: str) -> list[str]:
    """The `approvals …` lines of the code blocks (a `\\` continuation joined, a shell
    prompt, a pipe's writer and a trailing comment dropped; "a / b" is two commands)."""
    found, fenced, held = [], False, ""
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        if not fenced:
            continue
        line = held + line.strip()
        if line.endswith("\\"):
            held = line[:-1] + " "
            continue
        held = ""
        line = re.sub(r"\s#\s.*$", "", line)
        if match := re.search(r"(?:^\$ |^|\| )(approvals(?: .*)?)$", line):
            found += [("approvals" + part).strip()
                      for part in re.split(r"\s/\s+approvals", match.group(1)[len("approvals"):])]
    return found


def inline_commands(text: str) -> list[str]:
    """`approvals …` in code spans (the tables' synopses: `\\|` is an alternative)."""
    spans = re.findall(r"`(approvals(?: [^`]*)?)`", text)
    # Not a command: a quoted refusal ("approvals case list: error: …"), a name in prose.
    return [s.replace("\\|", "|") for s in spans
            if ": error:" not in s and not s.startswith("approvals (")]


def name_problems(command: str, parser: argparse.ArgumentParser) -> list[str]:
    """Sub-commands and options the parser does not have. `open|list|show` names three
    sub-commands; an upper-case word, `…` or a bracket is a placeholder or a synopsis."""
    words = command.replace("[", " ").replace("]", " ").replace("(", " ").replace(")", " ")
    tokens = words.split()[1:]
    problems, current, path = [], parser, ["approvals"]
    global_options = options(parser)
    while tokens and (subs := subcommands(current)):
        token = tokens[0]
        if token.startswith("-"):
            break
        names = token.split("|")
        if not all(re.fullmatch(r"[a-z][a-z-]*", n) for n in names):
            break  # a placeholder (COMMAND, FILE…)
        unknown = [n for n in names if n not in subs]
        if unknown:
            problems.append(f"{command}: no sub-command {' '.join(path)} {'|'.join(unknown)}")
            return problems
        tokens.pop(0)
        if len(names) > 1:
            return problems  # several commands at once: their options are not written here
        current, path = subs[names[0]], [*path, names[0]]
    known = options(current) | global_options
    for token in tokens:
        for option in re.findall(r"(?:^|\|)(--[a-z][a-z-]*)", token):
            if option not in known:
                problems.append(f"{command}: {' '.join(path)} has no option {option}")
    return problems


def test_every_command_the_guide_names_has_the_parsers_names() -> None:
    parser = build_parser()
    text = user_part(README.read_text(encoding="utf-8"))
    commands = code_block_commands(text) + inline_commands(text)
    assert len(commands) > 60  # the collection finds them
    problems = [p for command in commands for p in name_problems(command, parser)]
    assert problems == [], "\n".join(problems)


def test_the_contracts_commands_are_the_parsers_and_the_guides_table_names_them_all() -> None:
    parser = build_parser()
    spec = CLI_SPEC.read_text(encoding="utf-8")
    commands = code_block_commands(spec) + inline_commands(spec)
    assert commands
    problems = [p for command in commands for p in name_problems(command, parser)]
    assert problems == [], "\n".join(problems)
    # Every command group of the contract is in the guide's table of commands.
    table = user_part(README.read_text(encoding="utf-8")).split("### Command line", 1)[1]
    table = table.split("\n\n- ", 1)[0]
    in_contract = {" ".join(c.split()[:2]) for c in inline_commands(spec)}
    missing = sorted(c for c in in_contract if f"`{c}" not in table)
    assert missing == []


def test_commands_written_out_in_code_blocks_parse(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    failed = []
    for command in code_block_commands(user_part(README.read_text(encoding="utf-8"))):
        if re.search(r"[\[\]]|\.\.\.|…", command):
            continue  # a synopsis, or a value cut short ("7984 1D38 …") inside quotes
        try:
            parser.parse_args(shlex.split(command)[1:])
        except SystemExit:
            failed.append(f"{command}: {capsys.readouterr().err.strip()}")
    assert failed == [], "\n".join(failed)


def shown_output(heading_command: str) -> list[str]:
    """The lines a code block of the guide shows after `$ <heading_command>`."""
    text = user_part(README.read_text(encoding="utf-8"))
    block = text.split(f"$ {heading_command}\n", 1)[1].split("```", 1)[0]
    return block.rstrip("\n").splitlines()


def in_order(shown: list[str], printed: list[str]) -> list[str]:
    """The shown lines ("..." skips any number of printed lines) not found, in order, in
    what the command printed; a shown line is a pattern where it has numbers (<n>)."""
    missing, at = [], 0
    for line in shown:
        if line.strip() in {"...", "…"}:
            continue
        pattern = re.escape(line.rstrip()).replace("<n>", r"\S+")
        hits = [i for i in range(at, len(printed)) if re.fullmatch(pattern, printed[i].rstrip())]
        if hits:
            at = hits[0] + 1
        else:
            missing.append(line)
    return missing


def test_the_screening_shown_is_what_the_command_prints() -> None:
    result = run_cli("screen", EXAMPLES_DIR / "frontier-lab.json", "--as-of", "2026-12-01")
    assert result.code == 0, result.stderr
    shown = shown_output("approvals screen ../shared/spec/examples/frontier-lab.json "
                         "--as-of 2026-12-01")
    assert len(shown) > 8
    assert in_order(shown, result.stdout.splitlines()) == []


def test_audit_verify_and_user_list_on_the_demo_print_what_the_guide_shows(
        demo: Database, data_dir: DataDir) -> None:
    folder = data_dir.root  # the demo, copied from the session's template
    verify, added, users = run_many(
        ("audit", "verify", "--data-dir", folder),
        (("user", "add", "ada", "--role", "admin", "--password-stdin", "--data-dir", folder),
         "correct horse battery\n"),
        ("user", "list", "--json", "--data-dir", folder))
    assert verify.code == 0 and added.code == 0, verify.stderr + added.stderr
    # Counts and times are the demo's own: compared as patterns.
    shown = [re.sub(r"\d[\d:TZ-]*", "<n>", line) for line in shown_output("approvals audit verify")]
    printed = [re.sub(r"\d[\d:TZ-]*", "<n>", line) for line in verify.stdout.splitlines()]
    assert len(shown) == 4 and in_order(shown, printed) == []
    # approvals user list --json     # {"users": [{"username", "display_name", …}]}
    text = user_part(README.read_text(encoding="utf-8"))
    (keys,) = re.findall(r"user list --json\s+# \{\"users\": \[\{(.*?)\}\]\}", text)
    assert users.code == 0
    (user,) = json.loads(users.stdout)["users"]
    assert set(re.findall(r'"(\w+)"', keys)) == set(user)
