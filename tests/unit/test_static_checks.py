"""The linter and the type checker pass on the whole package, so a change that breaks either
fails the suite rather than waiting for someone to run them by hand. Both read their
settings from pyproject.toml ([tool.ruff], [tool.mypy])."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


@pytest.mark.slow
def test_ruff_finds_nothing() -> None:
    result = _run("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_finds_nothing() -> None:
    # No cache (mypy's own way to turn it off: the null device): a stale cache from
    # another checkout cannot hide an error, and not writing one saves ~2 s of a core.
    result = _run("mypy", "--cache-dir", os.devnull, "--no-error-summary")
    assert result.returncode == 0, result.stdout + result.stderr
