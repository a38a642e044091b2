"""An unexpected error is one line on stderr naming the log file, and a traceback in the
data folder's log, also for commands that open no data folder (and so configured no
logging); "no log could be written" when no folder takes one."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import sys
    import approvals.cli.screen as screen

    def boom(args):
        raise RuntimeError("simulated defect")

    screen.cmd_screen = boom  # registered as the handler when the parser is built
    from approvals.cli import main
    sys.exit(main(["screen", "facts.json"]))
    """
)


def test_internal_error_prints_no_traceback_and_logs_it(tmp_path: Path) -> None:
    env = {**os.environ, "APPROVALS_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=60)
    assert proc.returncode == 1
    log_file = (tmp_path / "data" / "logs" / "approvals.log").resolve()
    # The log is named, for the user to find it and send it with the report.
    assert proc.stderr.strip().splitlines() == [
        f"internal error: RuntimeError: simulated defect (details in {log_file})"
    ]
    log = log_file.read_text(encoding="utf-8")
    assert "Traceback" in log and "simulated defect" in log


def test_internal_error_says_so_when_no_log_could_be_written(tmp_path: Path) -> None:
    """The data folder named is a file: the traceback goes nowhere, and the line does not
    send the user looking for a log that is not there."""
    data = tmp_path / "data"
    data.write_text("not a folder", encoding="utf-8")
    env = {**os.environ, "APPROVALS_DATA_DIR": str(data)}
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        "internal error: RuntimeError: simulated defect (no log could be written)"
    ]
    assert data.read_text(encoding="utf-8") == "not a folder"
