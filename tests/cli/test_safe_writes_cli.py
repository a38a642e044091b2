"""The command line when the database is busy (another process holds SQLite's write lock
beyond the busy timeout) and when an output file cannot be finished (disk full): one
clear line on stderr, no traceback, the contract's exit code (busy: 1, the command may
simply run again; a file that cannot be written: 2, it names the file), nothing written
to the database, and every `--out` file that was already there byte for byte as it was.

The commands run in a subprocess through the real entry point (approvals.app.main); the
driver only shortens the busy timeout to 0.2 s (the real one is 10 s) or makes the disk
full, the test process itself holding the lock with a second connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.helpers import Result, run_many
from tests.conftest import EXAMPLES_DIR
from tests.locking_support import write_lock_held

OLD = b"the earlier file, which must survive\n"
BUSY = ("The database is busy: another approvals window or command has been writing to it for "
        "more than 10 seconds. Nothing was changed; try again in a moment.\n")

# Run first in the subprocess: the real 10 s busy timeout would only make the test slow;
# with "disk-full", every output file's part gets half written and then the disk is full.
_PRELUDE = r"""
import errno
import approvals.store.db as db
import approvals.store.files as files
db.BUSY_TIMEOUT_MS = 200
def flush(self):
    with self.part.open("ab") as fh:
        fh.write(b"half a file")
    raise OSError(errno.ENOSPC, "No space left on device")
"""


def _run(inject: str, calls: list[tuple[list[str], str | None]]) -> list[Result]:
    prelude = _PRELUDE + ("files._StagedOutput.flush = flush\n" if inject == "disk-full" else "")
    return run_many(*[(tuple(argv), stdin) if stdin else tuple(argv) for argv, stdin in calls],
                    prelude=prelude)


def _counts(database: Path) -> dict[str, int]:
    conn = sqlite3.connect(database)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("events", "cases", "users", "documents", "trusted_keys")}
    finally:
        conn.close()


def _outputs(folder: Path) -> dict[str, Path]:
    """The earlier files the commands are told to overwrite."""
    folder.mkdir()
    names = {"backup": "backup.zip", "audit": "trail.csv", "cases": "cases.csv",
             "pack": "review.zip", "filing": "filing.pdf", "final": "final.pdf", "key": "key.pub"}
    out = {k: folder / v for k, v in names.items()}
    for path in out.values():
        path.write_bytes(OLD)
    return out


def _untouched(folder: Path, outputs: dict[str, Path]) -> None:
    for path in outputs.values():
        assert path.read_bytes() == OLD, path
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in outputs.values())


def test_every_writing_command_on_a_busy_database_says_so_and_writes_nothing(
        demo_data: Path, tmp_path: Path) -> None:
    outputs = _outputs(tmp_path / "out")
    facts = EXAMPLES_DIR / "frontier-lab.json"
    d = ["--data-dir", str(demo_data)]
    calls: list[tuple[list[str], str | None]] = [
        (["demo", *d], None),
        (["case", "import", str(facts), *d], None),
        (["user", "add", "olivia", "--role", "admin", "--password-stdin", *d], "a long passphrase\n"),
        (["backup", "--out", str(outputs["backup"]), *d], None),
        (["audit", "export", "--out", str(outputs["audit"]), *d], None),
        (["case", "export", "--out", str(outputs["cases"]), *d], None),
        (["review", "export", "AP-2026-0001", "--no-drafts", "--out", str(outputs["pack"]), *d], None),
        (["filing", "render", "AP-2026-0009", "--kind", "us-notification", "--final",
          "--out", str(outputs["final"]), *d], None),
        # A draft's file is recorded (filing.saved), so it waits for the writer too.
        (["filing", "render", "AP-2026-0001", "--kind", "cn-application",
          "--out", str(outputs["filing"]), *d], None),
    ]
    before = _counts(demo_data / "approvals.db")
    with write_lock_held(demo_data / "approvals.db"):
        results = _run("busy", calls)
        [listed] = _run("busy", [(["case", "list", *d], None)])  # reading goes on (WAL)
    for (argv, _stdin), result in zip(calls, results, strict=True):
        assert (result.code, result.stderr) == (1, BUSY), (argv, result)
        assert result.stdout == "", argv
    assert listed.code == 0 and "AP-2026-0001" in listed.stdout
    _untouched(tmp_path / "out", outputs)
    assert _counts(demo_data / "approvals.db") == before
    assert not [p for p in demo_data.iterdir() if p.name.endswith(".part")]


def test_an_output_file_that_cannot_be_finished_leaves_the_earlier_one(
        demo_data: Path, tmp_path: Path) -> None:
    outputs = _outputs(tmp_path / "out")
    d = ["--data-dir", str(demo_data)]
    calls: list[tuple[list[str], str | None]] = [
        (["backup", "--out", str(outputs["backup"]), *d], None),
        (["audit", "export", "--out", str(outputs["audit"]), *d], None),
        (["case", "export", "--out", str(outputs["cases"]), *d], None),
        (["review", "export", "AP-2026-0001", "--no-drafts", "--out", str(outputs["pack"]), *d], None),
        (["filing", "render", "AP-2026-0001", "--kind", "cn-application",
          "--out", str(outputs["filing"]), *d], None),
        (["filing", "render", "AP-2026-0009", "--kind", "us-notification", "--final",
          "--out", str(outputs["final"]), *d], None),
        (["key", "export", "--out", str(outputs["key"]), *d], None),
    ]
    before = _counts(demo_data / "approvals.db")
    results = _run("disk-full", calls)
    names = ["backup", "audit", "cases", "pack", "filing", "final", "key"]
    for name, (argv, _stdin), result in zip(names, calls, results, strict=True):
        assert result.code == 2, (argv, result)
        assert result.stderr == (f"{outputs[name]}: cannot be written (No space left on device): "
                                 "the disk is full; nothing was saved there. Free some space "
                                 "and save again\n"), argv
    _untouched(tmp_path / "out", outputs)
    assert _counts(demo_data / "approvals.db") == before  # no export, pack or final recorded
    assert not [p for p in demo_data.rglob("*") if p.name.endswith(".part")]


def test_commands_that_succeed_replace_the_earlier_file(demo_data: Path, tmp_path: Path) -> None:
    outputs = _outputs(tmp_path / "out")
    d = ["--data-dir", str(demo_data)]
    calls: list[tuple[list[str], str | None]] = [
        (["backup", "--out", str(outputs["backup"]), *d], None),
        (["audit", "export", "--out", str(outputs["audit"]), *d], None),
        (["review", "export", "AP-2026-0001", "--no-drafts", "--out", str(outputs["pack"]), *d], None),
        (["key", "export", "--out", str(outputs["key"]), *d], None),
    ]
    results = _run("none", calls)
    assert [r.code for r in results] == [0, 0, 0, 0], [r.stderr for r in results]
    assert outputs["backup"].read_bytes()[:2] == outputs["pack"].read_bytes()[:2] == b"PK"
    assert outputs["audit"].read_bytes().startswith(b"\xef\xbb\xbfSequence,")
    assert outputs["key"].read_text(encoding="ascii").startswith("approvals-")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        p.name for p in outputs.values())
