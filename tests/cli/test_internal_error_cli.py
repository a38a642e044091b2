"""An unexpected error is one line on stderr and a traceback in the data folder's log,
also for commands that open no data folder (and so configured no logging)."""

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
    assert proc.stderr.strip().splitlines() == [
        "internal error: RuntimeError: simulated defect (details in the log)"
    ]
    log = (tmp_path / "data" / "logs" / "approvals.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "simulated defect" in log
