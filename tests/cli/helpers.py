"""Running the real entry point in a subprocess, as users and scripts do."""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
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
# The driver reads _CALLS and leaves _RESULTS: [exit code, stdout, stderr] per invocation.
# Passwords are hashed with cheap argon2 parameters here, as the fast_hash fixture does in
# the test process (~0.3 s of CPU a user at production cost): these runs test the commands,
# not the hash's cost. run_cli keeps the production hasher, which tests/unit/test_auth.py
# checks; a hash checked elsewhere is verified by its own stored parameters.
_DRIVER = r"""
import contextlib, io, logging, sys
from argon2 import PasswordHasher
import approvals.logging_setup as logging_setup
import approvals.services.auth as auth
from approvals.app import main

auth._hasher = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)

_RESULTS = []
for argv, stdin in _CALLS:
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
    _RESULTS.append([code, out.getvalue(), err.getvalue()])
"""

# The driver's process is forked from a "zygote" that has imported the package and nothing
# more (one per test process, started on first use): the imports (sqlmodel, sqlalchemy,
# alembic, reportlab, cryptography) were ~0.45 s of every run_many's ~0.55 s start-up. The
# forked child is still a process of its own, with the call's environment, working folder
# and prelude, and no state but the imported modules. APPROVALS_TESTS_FRESH_RUN_MANY=1
# (and a system without fork) starts a fresh `python -c` for every run_many instead.
_ZYGOTE = r"""
import atexit, json, os, pkgutil, sys, threading, traceback

import approvals

# Every module a command may import; the UI and the migration scripts are no command's.
# One that fails to import is left to the children, which then fail where they use it.
for _module in pkgutil.walk_packages(approvals.__path__, "approvals.", onerror=lambda _: None):
    if not _module.name.startswith(("approvals.ui", "approvals.store.migrations",
                                    "approvals.__main__")):
        try:
            __import__(_module.name)
        except Exception:
            pass

# What commands load on first use, loaded once here: each child starts as a process that
# has run such a command already. Alembic's runtime (a new folder's migrations), the facts
# schema's validator, the filings' fonts (parsing the CJK fonts is most of a first PDF's
# time), and one SQLite dialect for every engine (tests/shared_statements.py).
try:
    import alembic.command, alembic.config, alembic.runtime.migration, alembic.script
    from approvals.domain.facts import schema_problems
    from approvals.filings.fonts import runs
    from tests import shared_statements

    schema_problems({})
    runs("A中", bold=False)
    runs("A中", bold=True)
    shared_statements.install()
except Exception:
    pass

for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            # The child's own output (a traceback, a stray print) goes through a pipe, as
            # a subprocess's does (/dev/stdout is then a pipe, not a file), into a file the
            # caller reads when it fails; the zygote's pipes are not the child's.
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            reader, writer = os.pipe()
            os.dup2(writer, 1)
            os.dup2(writer, 2)
            os.close(writer)

            def drain(path=request["log"], fd=reader):
                with open(path, "wb") as fh:
                    while chunk := os.read(fd, 65536):
                        fh.write(chunk)

            drainer = threading.Thread(target=drain, daemon=True)
            drainer.start()
            os.chdir(request["cwd"])
            os.environ.clear()
            os.environ.update(request["env"])
            scope = {"__name__": "__main__", "_CALLS": request["calls"]}
            exec(compile(request["code"], "<run_many>", "exec"), scope)
            with open(request["result"], "w", encoding="utf-8") as fh:
                json.dump(scope["_RESULTS"], fh)
            status = 0
        except BaseException:
            traceback.print_exc()
        finally:
            try:
                atexit._run_exitfuncs()  # what a normal exit runs: logging.shutdown
                sys.stdout.flush()
                sys.stderr.flush()
                os.close(1)
                os.close(2)
                drainer.join(5)
            finally:
                os._exit(status)
    print(pid, flush=True)
    _, wait_status = os.waitpid(pid, 0)
    print(os.waitstatus_to_exitcode(wait_status), flush=True)
"""

_zygote: subprocess.Popen[bytes] | None = None
_zygote_errors: list[Any] = []


def _stop_zygote() -> None:
    if _zygote is not None and _zygote.poll() is None:
        assert _zygote.stdin is not None
        _zygote.stdin.close()  # it stops at the end of its input
        try:
            _zygote.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _zygote.kill()


def _zygote_process() -> subprocess.Popen[bytes]:
    global _zygote
    if _zygote is None or _zygote.poll() is not None:
        if _zygote is None:
            atexit.register(_stop_zygote)
        env = {k: v for k, v in os.environ.items() if k != "APPROVALS_DATA_DIR"}
        _pending.clear()
        # Kept open while the zygote lives: what it says if it ends (an import failing).
        _zygote_errors[:] = [tempfile.TemporaryFile()]  # noqa: SIM115
        _zygote = subprocess.Popen([sys.executable, "-c", _ZYGOTE], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=_zygote_errors[0],
                                   env=env, cwd=Path(__file__).resolve().parents[2])
    return _zygote


_pending = bytearray()  # what the zygote wrote beyond the last line read


def _zygote_line(zygote: subprocess.Popen[bytes], deadline: float) -> str:
    """The zygote's next line, "" if none came by `deadline` or it ended. Read from the
    pipe itself: a buffered reader could hold a line that select() then never reports."""
    assert zygote.stdout is not None
    fd = zygote.stdout.fileno()
    while b"\n" not in _pending:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        chunk = os.read(fd, 4096) if ready else b""
        if not chunk:
            return ""
        _pending.extend(chunk)
    line, _, rest = bytes(_pending).partition(b"\n")
    _pending[:] = rest
    return line.decode()


def _run_forked(code: str, calls: list[list[Any]], env: dict[str, str]) -> list[list[Any]]:
    zygote = _zygote_process()
    assert zygote.stdin is not None
    with tempfile.TemporaryDirectory(prefix="run-many-") as folder:
        result, log = Path(folder) / "result.json", Path(folder) / "output.txt"
        zygote.stdin.write(json.dumps({"code": code, "calls": calls, "env": env,
                                       "cwd": os.getcwd(), "result": str(result),
                                       "log": str(log)}).encode() + b"\n")
        zygote.stdin.flush()
        deadline = time.monotonic() + 300
        pid = _zygote_line(zygote, deadline)
        status = _zygote_line(zygote, deadline) if pid else ""
        if not status:
            if pid:
                os.kill(int(pid), signal.SIGKILL)  # the zygote then reports it and goes on
                _zygote_line(zygote, time.monotonic() + 10)
            if zygote.poll() is None:
                raise AssertionError("run_many: no result within 300 s")
            _zygote_errors[0].seek(0)
            raise AssertionError("run_many: the zygote ended: "
                                 + _zygote_errors[0].read().decode(errors="replace"))
        output = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        assert int(status) == 0 and result.exists(), output
        return json.loads(result.read_text(encoding="utf-8"))


def run_many(*invocations: tuple[str | Path, ...] | tuple[tuple[str | Path, ...], str],
             env: dict[str, str] | None = None, prelude: str = "") -> list[Result]:
    """Run `approvals ARGS...` once per invocation, all in one process. An invocation is
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
    code = prelude + "\n" + _DRIVER
    if os.environ.get("APPROVALS_TESTS_FRESH_RUN_MANY") or not hasattr(os, "fork"):  # Windows
        script = ("import json, sys\n_CALLS = json.loads(sys.stdin.read())\n" + code
                  + "\nsys.__stdout__.write(json.dumps(_RESULTS))\n")
        proc = subprocess.run([sys.executable, "-c", script], input=json.dumps(calls),
                              capture_output=True, text=True, env=full_env,
                              timeout=300)
        assert proc.returncode == 0, proc.stderr
        results = json.loads(proc.stdout)
    else:
        results = _run_forked(code, calls, full_env)
    return [Result(code, out, err) for code, out, err in results]


def clean_refusal(result: Result, stderr: str | list[str], code: int = 2) -> None:
    """Refused with `code`, saying exactly `stderr` (one line, or these lines), nothing
    on stdout (a script reading --json gets no half answer) and no traceback."""
    lines = [stderr] if isinstance(stderr, str) else stderr
    assert (result.code, result.stdout) == (code, ""), result
    assert result.stderr.splitlines() == lines, result.stderr
    assert "Traceback" not in result.stderr


def json_files(folder: Path, texts: dict[str, str]) -> dict[str, Path]:
    """Each text written to `folder`/<name>.json: the files a batch of commands reads."""
    paths = {}
    for name, text in texts.items():
        paths[name] = folder / f"{name}.json"
        paths[name].write_text(text, encoding="utf-8")
    return paths
