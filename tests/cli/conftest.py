"""Fixtures of the command-line tests: a data folder loaded by `approvals demo` once per
session (through the real entry point), copied for each test that needs one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.helpers import Result, run_cli


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """The demo data folder and what its first `approvals demo` printed. Loading the demo
    (14 cases, their documents and filings) is the slowest step of several tests."""
    root = tmp_path_factory.mktemp("demo-template") / "data"
    result = run_cli("demo", data_dir=root)
    assert result.code == 0, result.stderr
    return root, result


@pytest.fixture
def demo_data(demo_template: tuple[Path, Result], tmp_path: Path) -> Path:
    """A private copy of the demo data folder (paths inside it are relative to it)."""
    target = tmp_path / "demo"
    shutil.copytree(demo_template[0], target)
    return target
