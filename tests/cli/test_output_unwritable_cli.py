"""Standard output that refuses writes (`> file` on a full disk; /dev/full stands in for
one): the command says so in one line and exits 1. It was "internal error: OSError:
[Errno 28] …" with a traceback logged, and `deadline` made the per-user data folder for
that log; a short output left in the buffer was dropped at exit with status 0."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES_DIR

FULL = Path("/dev/full")
SAID = ("standard output could not be written (No space left on device): the command's "
        "output is lost (any change it made is kept)")

pytestmark = pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full (Linux)")


def run_into_full(*args: str, data: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "APPROVALS_DATA_DIR": str(data)}
    with FULL.open("w") as full:
        return subprocess.run([sys.executable, "-m", "approvals", *args], stdout=full,
                              stderr=subprocess.PIPE, text=True, env=env, input=stdin,
                              timeout=120)


@pytest.mark.parametrize("args", [
    ("deadline", "--calendar", "CN", "--from", "2026-09-24", "--working-days", "15", "--json"),
    ("deadline", "--calendar", "US", "--from", "2026-11-25", "--working-days", "1"),
])
def test_a_command_without_a_data_folder_says_so_and_makes_no_folder(
        tmp_path: Path, args: tuple[str, ...]) -> None:
    data = tmp_path / "data"
    proc = run_into_full(*args, data=data)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [SAID]
    assert not data.exists()


def test_an_import_whose_reference_cannot_be_printed_keeps_its_case(tmp_path: Path) -> None:
    data = tmp_path / "data"
    facts = (EXAMPLES_DIR / "vision-startup.json").read_text(encoding="utf-8")
    proc = run_into_full("case", "import", "/dev/stdin", "--json", data=data, stdin=facts)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [SAID]
    listed = subprocess.run([sys.executable, "-m", "approvals", "case", "list", "--json",
                             "--data-dir", str(data)], capture_output=True, text=True,
                            timeout=120)
    assert listed.returncode == 0
    assert len(json.loads(listed.stdout)["cases"]) == 1


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("deadline", "--help")])
def test_help_that_cannot_be_written_is_said_not_dropped(tmp_path: Path,
                                                          args: tuple[str, ...]) -> None:
    """argparse drops a write error of its help: `approvals --help > /dev/full` printed
    nothing and exited 0."""
    proc = run_into_full(*args, data=tmp_path / "data")
    assert proc.returncode == 1, proc
    assert proc.stderr.splitlines() == [
        "standard output could not be written (No space left on device): the command's "
        "output is lost"]
    assert "Traceback" not in proc.stderr
