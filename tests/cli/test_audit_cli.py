"""`approvals audit verify` through the real entry point: a subprocess for an intact chain,
forked processes (tests/cli/helpers.py, run_many) for the other checks."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.cli.helpers import run_many


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "approvals", *args], capture_output=True,
                          text=True, timeout=120)


def test_verify_after_demo_then_after_tampering(demo_data: Path) -> None:
    data = str(demo_data)  # a copy of the folder `approvals demo` loaded (tests/cli/conftest.py)
    ok = run("audit", "verify", "--data-dir", data)
    assert ok.returncode == 0, ok.stderr
    count = int(ok.stdout.split(":")[1].split()[0])
    assert count > 14  # at least one event per demo case
    conn = sqlite3.connect(Path(data) / "approvals.db")
    conn.execute("UPDATE events SET occurred_at = '2020-01-01T00:00:00Z' WHERE id = 7")
    conn.commit()
    conn.close()
    [bad] = run_many(("audit", "verify", "--data-dir", data))
    assert bad.code == 1
    assert "event 7" in bad.stderr and "altered" in bad.stderr
    assert bad.stdout == ""


def test_verify_on_a_missing_data_folder_creates_nothing(tmp_path: Path) -> None:
    data = tmp_path / "never"
    [result] = run_many(("audit", "verify", "--data-dir", data))
    assert result.code == 0, result.stderr
    assert "0 events checked" in result.stdout
    assert not data.exists()
