"""The approvals processes the tests start keep their bytecode in a folder of the test
process's own (tests/cli/helpers._bytecode_cache), outside the working tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli import helpers
from tests.cli.helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]


def test_a_started_process_writes_its_bytecode_outside_the_tree(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.delenv("PYTHONPYCACHEPREFIX", raising=False)
    result = run_cli("--version")
    assert result.code == 0, result.stderr
    folder = Path(helpers._bytecode_folder[0])
    compiled = {p.name for p in folder.rglob("*.pyc")}
    assert any(name.startswith("app.") for name in compiled), sorted(compiled)[:10]
    assert folder.resolve() not in ROOT.resolve().parents and ROOT not in folder.parents


def test_a_callers_own_cache_folder_and_an_unset_variable_are_left_alone() -> None:
    own = {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": "/somewhere"}
    assert helpers._bytecode_cache(own) == own
    assert helpers._bytecode_cache({"HOME": "/h"}) == {"HOME": "/h"}
