"""Figures for a command line start: N real `approvals` processes of each of a few small
commands on a demo data folder, median and fastest wall time.

Run: python tests/bench/bench_cli_start.py [N]   (not collected by pytest; default N=10)

Scripts and CI jobs call the command many times, and the CLI tests start it by the
hundred: what every command pays before its own work (imports, the parser, opening the
database and its migration check) is paid each time. `python -c pass` is printed as the
floor. With PYTHONDONTWRITEBYTECODE set (said in the output), every module is compiled
again on every start, which a normal install (with __pycache__) does not do.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A facts file for `screen`: the spec's example beside the repository, or BENCH_FACTS.
FACTS = Path(os.environ.get("BENCH_FACTS")
             or ROOT.parent / "shared" / "spec" / "examples" / "consumer-app.json")

COMMANDS: dict[str, list[str]] = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "case list": ["case", "list"],
    "deadline": ["deadline", "--from", "2026-09-24", "--working-days", "15", "--calendar", "CN"],
    "screen": ["screen", str(FACTS)],
    "audit verify": ["audit", "verify"],
    "--help": ["--help"],
}


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _time(argv: list[str], env: dict[str, str], n: int) -> tuple[list[float], list[float]]:
    """Wall times and CPU times (user + system) of n runs: on a busy machine the wall time
    swings with the load, the CPU time much less."""
    walls, cpus = [], []
    for _ in range(n):
        start, cpu = time.perf_counter(), _cpu()
        done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, check=False)
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr!r}")
    return walls, cpus


def main(n: int = 10) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-cli-start-") as tmp:
        env = {**os.environ, "APPROVALS_DATA_DIR": str(Path(tmp) / "data"),
               "QT_QPA_PLATFORM": "offscreen"}
        subprocess.run([sys.executable, "-m", "approvals", "demo"], env=env, cwd=ROOT,
                       capture_output=True, check=True)
        cached = "off (PYTHONDONTWRITEBYTECODE)" if os.environ.get(
            "PYTHONDONTWRITEBYTECODE") else "on"
        print(f"{n} runs each, demo data folder; bytecode cache {cached}")
        for name, args in COMMANDS.items():
            argv = args if args[0] == sys.executable else [sys.executable, "-m", "approvals", *args]
            walls, cpus = _time(argv, env, n)
            print(f"  {name:<16} wall median {statistics.median(walls):.3f} s, min "
                  f"{min(walls):.3f} s   CPU median {statistics.median(cpus):.3f} s, min "
                  f"{min(cpus):.3f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
