"""A command whose data folder is moved or deleted while it runs (after it opened the
database): refused in one line naming the folder, exit 2 as for a full disk, nothing on
stdout and nothing written to the file it had opened."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.helpers import clean_refusal, run_many
from tests.conftest import EXAMPLES_DIR

FACTS = EXAMPLES_DIR / "frontier-lab.json"

# The folder goes away once the command has the database open and its unit of work has
# begun: the moment SQLite would go on writing to a file no one reads again.
_GONE_MID_COMMAND = """
import os, shutil
import approvals.services.cases as _cases
_real_import = _cases.import_case
def _import_after_the_folder_went(session, **kwargs):
    {how}
    return _real_import(session, **kwargs)
_cases.import_case = _import_after_the_folder_went
"""

GONE = ("the data folder was moved or deleted while it was open; nothing was saved. Put the "
        "folder back at that path and try again, or, if it was moved on purpose, close "
        "Approvals and start it again on the folder where it is now")


def _counts(database: Path) -> tuple[int, int]:
    conn = sqlite3.connect(database)
    try:
        return (conn.execute("SELECT count(*) FROM cases").fetchone()[0],
                conn.execute("SELECT count(*) FROM events").fetchone()[0])
    finally:
        conn.close()


def test_a_folder_moved_while_a_command_runs_is_refused_and_left_as_it_was(
        demo_data: Path, tmp_path: Path) -> None:
    moved = tmp_path / "moved"
    before = _counts(demo_data / "approvals.db")
    [result] = run_many(("case", "import", FACTS, "--data-dir", demo_data),
                        prelude=_GONE_MID_COMMAND.format(
                            how=f"os.rename({str(demo_data)!r}, {str(moved)!r})"))
    clean_refusal(result, f"{demo_data}: {GONE}")
    assert _counts(moved / "approvals.db") == before  # nothing of the case, nor its events
    assert not demo_data.exists()


def test_a_folder_deleted_while_a_command_runs_is_refused_not_an_internal_error(
        demo_data: Path) -> None:
    [result] = run_many(("case", "import", FACTS, "--data-dir", demo_data),
                        prelude=_GONE_MID_COMMAND.format(
                            how=f"shutil.rmtree({str(demo_data)!r})"))
    clean_refusal(result, f"{demo_data}: {GONE}")
    assert not demo_data.exists()
