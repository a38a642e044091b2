"""An auditor's copy of a data folder on a read-only medium (a write-protected stick, a
read-only share): the commands that only read answer from it as it is, writing nothing
(no -shm, no log, no migration); a command that writes keeps its refusal; a database
that would need an upgrade, or a write-ahead log that cannot be read there, is said in one
line instead of an answer that is wrong or stale.

Running as root, the tests cannot make a folder unwritable with chmod: the folder's
answers (os.access, statvfs) are stood in for in the command's process, and the folder is
compared byte for byte afterwards (root could have written anything). The real thing, as
the user `nobody` on a chmod 555 folder, is test_data_dir_robustness_cli.py's
test_real_permissions_as_an_unprivileged_user."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from approvals.paths import DataDir
from approvals.store.migrate import migration_scripts, open_database
from tests.cli.helpers import Result, run_cli, run_many
from tests.conftest import EXAMPLES_DIR

FACTS = EXAMPLES_DIR / "frontier-lab.json"
ON_A_READ_ONLY_DRIVE = "it is on a read-only drive or file system"


def _read_only(folder: Path) -> str:
    """run_many's prelude: `folder` answers as a folder on a read-only drive does."""
    return f"""
import os
_FOLDER = {str(folder)!r}
_access, _statvfs = os.access, os.statvfs
def _inside(path):
    path = os.path.abspath(os.fspath(path))
    return path == _FOLDER or path.startswith(_FOLDER + os.sep)
class _ReadOnly:
    f_flag = os.ST_RDONLY
os.access = lambda path, mode, *a, **k: (False if mode & os.W_OK and _inside(path)
                                         else _access(path, mode, *a, **k))
os.statvfs = lambda path: _ReadOnly() if _inside(path) else _statvfs(path)
"""


def _tree(folder: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every path under `folder` (the log too) with its bytes and modification time."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None,
                                               p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))}


def _one_line(result: Result, code: int) -> str:
    assert (result.code, result.stdout) == (code, ""), result
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr, result
    return result.stderr.strip()


def test_reading_commands_answer_from_a_read_only_copy_and_write_nothing(
        demo_data: Path) -> None:
    before = _tree(demo_data)
    d = ("--data-dir", demo_data)
    listed, verified, users, deadline, imported = run_many(
        ("case", "list", "--json", *d), ("audit", "verify", *d), ("user", "list", *d),
        ("deadline", "--calendar", "CN", "--from", "2026-09-24", "--working-days", "15",
         "--json", *d),
        ("case", "import", FACTS, *d),
        prelude=_read_only(demo_data))
    assert listed.code == 0 and len(listed.json()["cases"]) == 14, listed
    assert verified.code == 0 and "Audit trail intact" in verified.stdout, verified
    assert "stored files match" in verified.stdout and verified.stderr == "", verified
    assert users.code == 0, users
    assert deadline.code == 0 and deadline.json()["due"] == "2026-10-22", deadline
    for result in (listed, users, deadline):
        assert result.stderr == "", result
    # A command that writes is refused as it is on any folder it cannot write in.
    assert _one_line(imported, 2) == (f"{demo_data}: {ON_A_READ_ONLY_DRIVE}; choose another "
                                      "data folder")
    assert _tree(demo_data) == before  # no -shm, no log line, no anchor moved


def _copy_with_changes_in_the_log(demo_data: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of `demo_data` taken while a case imported into it sits in its
    write-ahead log (another connection kept it from being folded into the file): one with
    the log's -shm beside it, one without."""
    held = sqlite3.connect(demo_data / "approvals.db")
    try:
        held.execute("SELECT count(*) FROM sqlite_master").fetchone()
        imported = run_cli("case", "import", FACTS, data_dir=demo_data)
        assert imported.code == 0, imported
        assert (demo_data / "approvals.db-wal").stat().st_size > 0
        with_shm, without = tmp_path / "with-shm", tmp_path / "without-shm"
        shutil.copytree(demo_data, with_shm)
        shutil.copytree(demo_data, without)
    finally:
        held.close()
    (without / "approvals.db-shm").unlink()
    return with_shm, without


def test_changes_still_in_the_write_ahead_log_are_read_or_said_never_missed(
        demo_data: Path, tmp_path: Path) -> None:
    with_shm, without = _copy_with_changes_in_the_log(demo_data, tmp_path)
    before = _tree(without)
    [refused] = run_many(("case", "list", "--data-dir", without), prelude=_read_only(without))
    said = _one_line(refused, 2)
    assert said.startswith(f"{without}: {ON_A_READ_ONLY_DRIVE}, and approvals.db-wal beside "
                           "the database holds changes not yet written into approvals.db")
    assert "the answers would miss them" in said and "copy the whole folder" in said
    assert _tree(without) == before
    # With the -shm beside it SQLite reads the log read-only: the imported case is there.
    [listed] = run_many(("case", "list", "--json", "--data-dir", with_shm),
                        prelude=_read_only(with_shm))
    assert listed.code == 0 and len(listed.json()["cases"]) == 15, listed


def test_a_database_that_needs_an_upgrade_is_said_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    scripts = migration_scripts()
    head = scripts.get_current_head()
    assert head is not None
    older = scripts.get_revision(head).down_revision
    assert isinstance(older, str)
    open_database(DataDir(folder), target=older).dispose()
    before = _tree(folder)
    [listed] = run_many(("case", "list", "--data-dir", folder), prelude=_read_only(folder))
    assert _one_line(listed, 1) == (
        f"The database {folder / 'approvals.db'} needs an upgrade to this version (schema "
        f"revision {older} to {head}), which cannot run: {folder}: {ON_A_READ_ONLY_DRIVE}. "
        "Nothing was changed; copy the whole folder to a writable place and run the command "
        "on the copy.")
    assert _tree(folder) == before  # no copy in backups/ either
