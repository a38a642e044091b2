"""Running the real entry point in a subprocess, as users and scripts do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_cli(*args: str | Path, data_dir: Path | None = None, stdin: str | None = None,
            env: dict[str, str] | None = None) -> Result:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("APPROVALS_DATA_DIR", None) if data_dir is None and env is None else None
    command = [sys.executable, "-m", "approvals", *map(str, args)]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    proc = subprocess.run(
        command,
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)
