"""Fixtures of the command-line tests: a data folder loaded by `approvals demo` once per
session (through the real entry point), copied for each test that needs one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.helpers import Result, run_cli
from tests.conftest import EXAMPLES_DIR


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


@pytest.fixture(scope="session")
def consumer_app_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A data folder with examples/consumer-app.json imported through the real entry point
    once per session, and the reference the import printed."""
    root = tmp_path_factory.mktemp("consumer-app-template") / "data"
    imported = run_cli("case", "import", EXAMPLES_DIR / "consumer-app.json", data_dir=root)
    assert imported.code == 0, imported.stderr
    return root, imported.stdout.strip()


@pytest.fixture
def consumer_app_data(consumer_app_template: tuple[Path, str], tmp_path: Path) -> tuple[Path, str]:
    """A private copy of that folder, and the imported case's reference."""
    target = tmp_path / "data"
    shutil.copytree(consumer_app_template[0], target)
    return target, consumer_app_template[1]
