"""Checking the open cases over a damaged record of the installed rulebook updates names
the way back as the user works: the app's menu item in the app, `approvals rulebook revert`
on the command line. check_open_cases had no actor, so `approvals rulebook install` and
`revert`, listing the open cases they change, sent a command-line user to a menu."""

from __future__ import annotations

import argparse

import pytest

from approvals.domain.errors import CheckFailed
from approvals.paths import DataDir
from approvals.services.rulebook import INSTALLED_FILE
from approvals.services.screening import check_open_cases, rescreen_open_cases
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.unit.test_rulebook_updates import ROOT

CLI_ROOT = Actor("cli:root", ROOT.roles)
APP_WAY = "(View → Rulebook → Revert)"
CLI_WAY = "(`approvals rulebook revert`)"


def _damage(data_dir: DataDir) -> None:
    data_dir.rulebook.mkdir(parents=True, exist_ok=True)
    (data_dir.rulebook / INSTALLED_FILE).write_text("{not json", encoding="utf-8")


@pytest.mark.parametrize(("actor", "way"), [(None, APP_WAY), (ROOT, APP_WAY), (CLI_ROOT, CLI_WAY)])
def test_the_check_of_the_open_cases_names_the_revert_as_the_actor_works(
        db: Database, data_dir: DataDir, actor: Actor | None, way: str) -> None:
    _damage(data_dir)
    for check in (check_open_cases, rescreen_open_cases):
        with db.read_session() as s, pytest.raises(CheckFailed) as refused:
            check(session=s, actor=actor)
        assert f"Revert to the shipped rulebook {way} and" in str(refused.value), str(refused.value)


def test_the_rulebook_commands_list_the_open_cases_in_the_commands_words(
        db: Database, data_dir: DataDir) -> None:
    from approvals.cli.rulebook import _print_open_cases

    _damage(data_dir)
    db.dispose()
    args = argparse.Namespace(data_dir=str(data_dir.root))
    with pytest.raises(CheckFailed) as refused:
        _print_open_cases(args, None)  # refused before the change is looked at
    assert f"Revert to the shipped rulebook {CLI_WAY} and" in str(refused.value), str(refused.value)
