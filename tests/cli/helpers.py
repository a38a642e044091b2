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


# Several invocations of the entry point in one Python process: each subprocess costs about
# half a second of start-up and imports, so checks that need no fresh process share one.
# Every invocation gets its own stdin/stdout/stderr and a clean logging setup; the real
# process's own behaviour (exit status, stream encodings) is tested with run_cli.
_DRIVER = r"""
import contextlib, io, json, logging, sys
import approvals.logging_setup as logging_setup
from approvals.app import main

results = []
for argv, stdin in json.loads(sys.stdin.read()):
    out, err = io.StringIO(), io.StringIO()
    sys.stdin = io.StringIO(stdin or "")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's usage errors and --help
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    root = logging.getLogger()
    for handler in root.handlers[:]:
        root.removeHandler(handler)
        handler.close()
    logging_setup._configured.clear()
    results.append([code, out.getvalue(), err.getvalue()])
sys.__stdout__.write(json.dumps(results))
"""


def run_many(*invocations: tuple[str | Path, ...] | tuple[tuple[str | Path, ...], str],
             env: dict[str, str] | None = None, prelude: str = "") -> list[Result]:
    """Run `approvals ARGS...` once per invocation, all in one subprocess. An invocation is
    a tuple of arguments, or (arguments, stdin text). APPROVALS_DATA_DIR is unset unless
    `env` sets it, so a forgotten --data-dir cannot reach the user's real data. `prelude`
    is Python run first in that process (a test's patch: a shorter busy timeout)."""
    calls = []
    for item in invocations:
        if len(item) == 2 and isinstance(item[0], tuple) and isinstance(item[1], str):
            args, stdin = item[0], item[1]
        else:
            args, stdin = item, None
        calls.append([[str(a) for a in args], stdin])
    full_env = {k: v for k, v in os.environ.items() if k != "APPROVALS_DATA_DIR"}
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, "-c", prelude + "\n" + _DRIVER], input=json.dumps(calls),
                          capture_output=True, text=True, env=full_env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return [Result(code, out, err) for code, out, err in json.loads(proc.stdout)]
